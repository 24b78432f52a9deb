"""WebSocket feeds of judging events. Thin: check access, join groups, forward events."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from judge.events import STAFF_QUEUE_GROUP, problem_user_group, submission_group, submission_state, test_event
from judge.permissions import can_watch_live_queue
from judge.selectors import access_submission
from judge.sockets import SESSION_CHANGED, TOO_MANY_SOCKETS, socket_admit, socket_release, user_sockets_group
from problems.selectors import access_problem

FORBIDDEN = 4403


class _EventConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    groups_joined: list[str]

    counted_user: int | None = None

    async def join(self, groups: list[str]) -> bool:
        """Join the groups and accept; False when the user has too many sockets (closed)."""
        user = self.user
        if isinstance(user, User):
            if not await socket_admit(user.pk, self.channel_name):
                await self.close(code=TOO_MANY_SOCKETS)
                return False
            self.counted_user = user.pk
            # Closed with the user's other sockets when their access changes (judge/sockets.py).
            groups = [*groups, user_sockets_group(user.pk)]
        self.groups_joined = groups
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        return True

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.counted_user is not None:
            await socket_release(self.counted_user, self.channel_name)
            self.counted_user = None

    async def user_close(self, message: dict[str, Any]) -> None:
        """The user logged out or their access changed: close; a reconnect is checked afresh."""
        await self.close(code=SESSION_CHANGED)

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels first closes stale database connections for every handler, a hop to the database
        # thread; forwarding events, several per submission, uses no database.
        if message["type"] == "judge.events":
            await self.judge_events(message)
        else:
            await super().dispatch(message)

    async def judge_events(self, message: dict[str, Any]) -> None:
        for event in message["events"]:
            await self.send_json(event)

    @property
    def user(self) -> User | AnonymousUser:
        user: User | AnonymousUser = self.scope.get("user") or AnonymousUser()
        return user


class SubmissionConsumer(_EventConsumer):
    """One submission's events, for its owner and staff; starts with a snapshot of what is stored."""

    async def connect(self) -> None:
        submission_id = int(self.scope["url_route"]["kwargs"]["submission_id"])
        if await self._snapshot(submission_id) is None:
            await self.close(code=FORBIDDEN)
            return
        if not await self.join([submission_group(submission_id)]):
            return
        # The snapshot is read once in the group: what was published before the join is in it, and
        # what is published after comes next (an event read before the join could be missed, a
        # submission left "judging" on the page). A later event the snapshot already holds is
        # harmless: each event sets a state, and the last one is the newest.
        snapshot = await self._snapshot(submission_id)
        if snapshot is None:
            await self.close(code=FORBIDDEN)
            return
        for event in snapshot:
            await self.send_json(event)

    @database_sync_to_async  # type: ignore[untyped-decorator]
    def _snapshot(self, submission_id: int) -> list[dict[str, Any]] | None:
        try:
            submission = access_submission(user=self.user, submission_id=submission_id)
        except Http404:
            return None
        total = submission.problem.test_cases.count()
        events = [submission_state(submission)]
        events += [
            test_event(r, total=total, score_so_far=submission.score) for r in submission.results.all()
        ]
        return events


class QueueConsumer(_EventConsumer):
    """Every submission's events: the jury's live queue."""

    async def connect(self) -> None:
        if not await database_sync_to_async(can_watch_live_queue)(self.user):
            await self.close(code=FORBIDDEN)
            return
        await self.join([STAFF_QUEUE_GROUP])


class ProblemUserConsumer(_EventConsumer):
    """The signed-in user's own submissions to one problem."""

    async def connect(self) -> None:
        group = await self._group(self.scope["url_route"]["kwargs"]["slug"])
        if group is None:
            await self.close(code=FORBIDDEN)
            return
        await self.join([group])

    @database_sync_to_async  # type: ignore[untyped-decorator]
    def _group(self, slug: str) -> str | None:
        user = self.user
        if not isinstance(user, User):
            return None
        try:
            problem = access_problem(user=user, slug=slug)
        except Http404:
            return None
        return problem_user_group(problem.pk, user.pk)
