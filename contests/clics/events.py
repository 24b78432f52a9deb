"""The event feed as a pure function of the contest's current objects.

There is no stored event log: the feed is rebuilt from the objects, in three parts. Configuration
(contest, judgement types, languages, problems, groups, organizations, teams) comes first; then live
data (submissions, judgements, clarifications) in the order of the time each last changed; then the
awards and the state, the state last (so that `end_of_updates`, when set, ends the feed).

Tokens count live events: every line carries the number of live events sent up to and including it.
Reconnecting with `since_token=N` sends the configuration, the live events after the N-th, then awards
and state again: at least every change since the token, as the spec asks, with some repeated.
Live objects only ever move to the end of their order (a new submission or a finished judgement is
the latest change), so a token keeps its meaning while the contest runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


class TokenError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Notification:
    type: str
    id: str | None
    data: Any
    changed_at: datetime | None = None  # live data only: when it last changed
    order: int = 0  # ties on changed_at: submissions before their judgements


def parse_token(token: str | None, live_count: int) -> int:
    if token is None:
        return 0
    if not token.isdigit() or int(token) > live_count:
        raise TokenError(f"unknown since_token {token!r}")
    return int(token)


def sort_live(live: Iterable[Notification]) -> list[Notification]:
    return sorted(live, key=lambda n: (n.changed_at is None, n.changed_at, n.order, n.type, n.id or ""))


def event_lines(
    config: list[Notification], live: list[Notification], closing: list[Notification], since: int = 0
) -> list[dict[str, Any]]:
    """The feed's events as JSON-ready dicts, each with its token; `live` must be sorted already."""
    events: list[dict[str, Any]] = []

    def emit(notification: Notification, token: int) -> None:
        events.append(
            {"type": notification.type, "id": notification.id, "data": notification.data, "token": str(token)}
        )

    for notification in config:
        emit(notification, since)
    for index, notification in enumerate(live[since:], start=since + 1):
        emit(notification, index)
    for notification in closing:
        emit(notification, len(live))
    return events


def to_ndjson(events: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(event, separators=(",", ":")) + "\n" for event in events)
