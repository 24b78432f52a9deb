"""Live judging events: small dicts sent to channel-layer groups after the transaction commits.

Events never carry checker messages, test data or output: only verdicts, times and scores.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from redis.exceptions import RedisError

from judge.models import Submission, TestResult

log = logging.getLogger(__name__)

STAFF_QUEUE_GROUP = "judge.queue"


def submission_group(submission_id: int) -> str:
    return f"judge.submission.{submission_id}"


def problem_user_group(problem_id: int, user_id: int) -> str:
    return f"judge.problem.{problem_id}.user.{user_id}"


def submission_groups(submission: Submission) -> list[str]:
    return [
        submission_group(submission.pk),
        STAFF_QUEUE_GROUP,
        problem_user_group(submission.problem_id, submission.user_id),
    ]


def submission_state(submission: Submission) -> dict[str, Any]:
    return {
        "kind": "submission",
        "submission": submission.pk,
        "problem": submission.problem_id,
        "status": submission.status,
        "verdict": submission.verdict,
        "score": submission.score,
        "time_ms": submission.max_time_ms,
        "memory_kb": submission.max_memory_kb,
    }


def test_event(result: TestResult, *, total: int, score_so_far: float) -> dict[str, Any]:
    return {
        "kind": "test",
        "submission": result.submission_id,
        "index": result.index,
        "total": total,
        "verdict": result.verdict,
        "time_ms": result.time_ms,
        "memory_kb": result.memory_kb,
        "score": score_so_far,
    }


def _send(groups: list[str], event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        for group in groups:
            async_to_sync(layer.group_send)(group, {"type": "judge.event", "event": event})
    except (OSError, RedisError):
        # Live events are a convenience: pages reload the stored state when they reconnect.
        log.warning("could not broadcast %s", event.get("kind"), exc_info=True)


def broadcast_on_commit(submission: Submission, event: dict[str, Any]) -> None:
    groups = submission_groups(submission)
    transaction.on_commit(lambda: _send(groups, event))
