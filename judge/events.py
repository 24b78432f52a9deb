"""Live judging events: small dicts sent to channel-layer groups after the transaction commits.

Events never carry checker messages, test data or output: only verdicts, times and scores.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import logging
import os
import threading
from typing import Any

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


class _Broadcaster:
    """Sends events from one long-lived event-loop thread, in the order they were committed.

    Calling async_to_sync per event would make a fresh event loop, and with it a fresh Redis
    connection, for every group of every test; here the judging thread only enqueues. Events that
    have queued up while the previous ones were being sent go to each group as one message (a
    group_send is a Redis round trip): under load the cost per event falls instead of the backlog
    growing. Consumers forward every event of a message, in order.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.queue: asyncio.Queue[tuple[list[str], list[dict[str, Any]]] | concurrent.futures.Future[None]]
        self.pid = 0

    def _start(self) -> asyncio.AbstractEventLoop:
        with self.lock:
            # A forked child inherits the object but not the thread: start its own.
            if self.loop is None or self.pid != os.getpid():
                loop = asyncio.new_event_loop()
                self.queue = asyncio.Queue()
                threading.Thread(target=self._run, args=(loop,), name="broadcast", daemon=True).start()
                self.loop, self.pid = loop, os.getpid()
            return self.loop

    def _run(self, loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(self._drain())

    async def _drain(self) -> None:
        while True:
            items = [await self.queue.get()]
            while not self.queue.empty():
                items.append(self.queue.get_nowait())
            by_group: dict[str, list[dict[str, Any]]] = {}
            for item in items:
                if not isinstance(item, concurrent.futures.Future):
                    groups, events = item
                    for group in groups:
                        by_group.setdefault(group, []).extend(events)
            await self._send(by_group)
            for item in items:
                if isinstance(item, concurrent.futures.Future):
                    item.set_result(None)

    async def _send(self, by_group: dict[str, list[dict[str, Any]]]) -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        for group, events in by_group.items():
            message = {"type": "judge.events", "events": events}
            # A second try: the first send after Redis restarted finds the old connection closed.
            for attempt in (1, 2):
                try:
                    await layer.group_send(group, message)
                    break
                except (OSError, RedisError):
                    if attempt == 2:
                        # Live events are a convenience: pages reload the stored state when they
                        # reconnect.
                        log.warning("could not broadcast %d events to %s", len(events), group, exc_info=True)

    def submit(self, groups: list[str], events: list[dict[str, Any]]) -> None:
        loop = self._start()
        loop.call_soon_threadsafe(self.queue.put_nowait, (groups, events))

    def flush(self, timeout: float = 5) -> None:
        """Wait until everything submitted so far has been sent."""
        if self.loop is None or self.pid != os.getpid():
            return
        done: concurrent.futures.Future[None] = concurrent.futures.Future()
        self.loop.call_soon_threadsafe(self.queue.put_nowait, done)
        done.result(timeout=timeout)


_broadcaster = _Broadcaster()
flush_broadcasts = _broadcaster.flush
atexit.register(flush_broadcasts)


def broadcast_on_commit(submission: Submission, *events: dict[str, Any]) -> None:
    """Send these events, in this order, once the current transaction commits."""
    groups = submission_groups(submission)
    transaction.on_commit(lambda: _broadcaster.submit(groups, list(events)))


def broadcast_groups_on_commit(groups: list[str], *events: dict[str, Any]) -> None:
    """Send events to any channel-layer groups once the current transaction commits, through the same
    ordered sender (the apps built on judging use it for their own feeds); message type judge.events."""
    transaction.on_commit(lambda: _broadcaster.submit(groups, list(events)))
