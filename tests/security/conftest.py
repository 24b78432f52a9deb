"""Session fixtures of the attack corpus: record the host before, check it after."""

from __future__ import annotations

import pytest

from sandbox import containers, engine, pool
from tests.security.host import forget_host, host_changes, snapshot_host


@pytest.fixture(scope="session")
def host_state(monkeypatch_session):
    state = snapshot_host()
    original = containers.launch

    def recording_launch(*args, **kwargs):
        container = original(*args, **kwargs)
        state.ours.add(container.id)
        return container

    monkeypatch_session.setattr(engine, "launch", recording_launch)
    monkeypatch_session.setattr(pool, "launch", recording_launch)
    yield state
    problems = host_changes(state)
    forget_host(state)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="session")
def monkeypatch_session():
    with pytest.MonkeyPatch.context() as patch:
        yield patch
