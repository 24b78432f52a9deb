"""Live contest events: small dicts to channel-layer groups, sent after the transaction commits.

Board viewers join the public or the jury board group; a contestant also joins their team's group
(their own row as the jury sees it: their verdicts through the freeze, and clarifications to them).
"""

from __future__ import annotations

from typing import Any

from judge.events import broadcast_groups_on_commit


def board_group(contest_id: int, *, jury: bool) -> str:
    return f"contests.{contest_id}.board.{'jury' if jury else 'public'}"


def team_group(contest_id: int, team_id: int) -> str:
    return f"contests.{contest_id}.team.{team_id}"


def all_group(contest_id: int) -> str:
    """Everyone on a contest's pages: announcements and answers to all."""
    return f"contests.{contest_id}.all"


def jury_group(contest_id: int) -> str:
    """Staff on a contest's jury pages: new questions."""
    return f"contests.{contest_id}.jury"


def row_event(
    team: int, score: float, penalty: int, tiebreak: int, html: str, *, jury: bool
) -> dict[str, Any]:
    return {
        "kind": "row",
        "jury": jury,
        "team": team,
        "key": [score, penalty, tiebreak],
        "html": html,
    }


def board_rows_on_commit(contest_id: int, team_id: int, rows: list[dict[str, Any]]) -> None:
    public = [r for r in rows if not r["jury"]]
    jury = [r for r in rows if r["jury"]]
    if public:
        broadcast_groups_on_commit([board_group(contest_id, jury=False)], *public)
    if jury:
        broadcast_groups_on_commit([board_group(contest_id, jury=True)], *jury)
        own = [dict(r, kind="own") for r in jury if r["team"] == team_id]
        if own:
            broadcast_groups_on_commit([team_group(contest_id, team_id)], *own)


def board_reload_on_commit(contest_id: int) -> None:
    groups = [board_group(contest_id, jury=False), board_group(contest_id, jury=True)]
    broadcast_groups_on_commit(groups, {"kind": "reload"})


def clarification_on_commit(
    contest_id: int, *, team_id: int | None, to_all: bool, event: dict[str, Any]
) -> None:
    """A clarification or announcement: to everyone on the contest, or to one team; and the jury."""
    groups = [jury_group(contest_id)]
    if to_all:
        groups.append(all_group(contest_id))
    elif team_id is not None:
        groups.append(team_group(contest_id, team_id))
    broadcast_groups_on_commit(groups, event)
