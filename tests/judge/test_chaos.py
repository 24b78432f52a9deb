"""A small chaos run in the suite: workers SIGKILLed, Redis and dockerd restarted; nothing is lost.

The run has its own Redis and its own Docker engine (bench.dockerd), so that restarting them touches
nobody else's queues or sandboxes."""

import pytest

from bench.chaos import run

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def test_every_submission_reaches_its_verdict_through_chaos():
    result = run(count=16, kills=4, restart_redis=True, restart_docker=True)
    assert result.as_dict() == {"submitted": 16, "final": 16, "stuck": 0, "wrong": 0, "orphans": 0}
    # Each kill and restart really happened (not merely was asked for).
    assert result.happened == {"kill": 4, "redis": 1, "docker": 1}
