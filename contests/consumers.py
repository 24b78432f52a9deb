"""The contest's live feed: one WebSocket per contest page. Thin: decide which groups this user may
join (board view, their team, everyone, the jury), then forward events."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404
from django.utils import timezone

from contests import events, selectors

FORBIDDEN = 4403


class ContestConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    groups_joined: list[str]

    async def connect(self) -> None:
        query = parse_qs(self.scope.get("query_string", b"").decode())
        groups = await self._groups(self.scope["url_route"]["kwargs"]["slug"], query.get("view") == ["jury"])
        if groups is None:
            await self.close(code=FORBIDDEN)
            return
        self.groups_joined = groups
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Forwarding uses no database: skip Channels' hop to close stale connections.
        if message["type"] == "judge.events":
            for event in message["events"]:
                await self.send_json(event)
        else:
            await super().dispatch(message)

    @database_sync_to_async  # type: ignore[untyped-decorator]
    def _groups(self, slug: str, jury_view: bool) -> list[str] | None:
        user: User | AnonymousUser = self.scope.get("user") or AnonymousUser()
        try:
            contest = selectors.access_contest(user=user, slug=slug)
        except Http404:
            return None
        jury = selectors.is_jury(user)
        groups = [events.all_group(contest.pk)]
        if selectors.scoreboard_visible(contest=contest, user=user, now=timezone.now()):
            groups.append(events.board_group(contest.pk, jury=jury and jury_view))
        team = selectors.team_of(contest=contest, user=user)
        if team is not None:
            groups.append(events.team_group(contest.pk, team.pk))
        if jury:
            groups.append(events.jury_group(contest.pk))
        return groups
