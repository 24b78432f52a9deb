"""The stored board in other shapes: the CLICS scoreboard object (shared with the CLICS Contest API),
our JSON, and CSV. CLICS ids: what was imported keeps its own; what was made here uses its key."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from contests.board import contest_times
from contests.clock import duration_ms
from contests.formats import get_format
from contests.formats.base import ranks
from contests.models import Contest, ContestProblem, ScoreboardRow


def team_clics_id(pk: int, clics_id: str) -> str:
    return clics_id or str(pk)


def problem_clics_id(clics_id: str, slug: str) -> str:
    return clics_id or slug


def abstime(at: datetime | None) -> str | None:
    """CLICS ABSTIME: ISO 8601 with milliseconds and the offset."""
    if at is None:
        return None
    return at.astimezone(timezone.get_current_timezone()).isoformat(timespec="milliseconds")


def reltime(ms: int) -> str:
    """CLICS RELTIME: (-)h:mm:ss.uuu."""
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{sign}{hours}:{minutes:02}:{seconds:02}.{millis:03}"


def contest_state(contest: Contest, now: datetime) -> dict[str, str | None]:
    """The CLICS state object as of now."""
    times = contest_times(contest)
    freeze = times.freeze_start
    return {
        "started": abstime(contest.start) if now >= contest.start else None,
        "frozen": abstime(freeze) if freeze is not None and now >= freeze else None,
        "ended": abstime(contest.end) if now >= contest.end else None,
        "thawed": abstime(contest.thawed_at),
        "finalized": abstime(contest.finalized_at),
        # Set only once nothing can change: finalized, and thawed if it was ever frozen.
        "end_of_updates": abstime(contest.end_of_updates_at or _settled_at(contest, freeze, now)),
    }


def _settled_at(contest: Contest, freeze: datetime | None, now: datetime) -> datetime | None:
    if contest.finalized_at is None:
        return None
    if freeze is None or now < freeze:
        return contest.finalized_at
    if contest.thawed_at is None:
        return None
    return max(contest.finalized_at, contest.thawed_at)


@dataclass(frozen=True)
class ExportProblem:
    pk: int
    label: str
    clics_id: str
    color: str = ""


@dataclass(frozen=True)
class ExportRow:
    rank: int
    team_id: int
    team_clics_id: str
    team_name: str
    organization: str
    score: float
    penalty: int
    # Stored cells: [judged, pending, solved, time_ms, score, pending_from_ms, penalties].
    cells: list[list[Any]]


def export_problems(contest: Contest) -> list[ExportProblem]:
    """The board's problems, in its column order."""
    return [
        ExportProblem(pk, label, problem_clics_id(clics_id, slug), color)
        for pk, label, clics_id, slug, color in ContestProblem.objects.filter(contest=contest)
        .order_by("order", "label")
        .values_list("pk", "label", "clics_id", "problem__slug", "color")
    ]


def export_rows(contest: Contest, *, jury: bool, group_id: int | None = None) -> list[ExportRow]:
    """The stored rows of one view in rank order, ranked within the group when one is given."""
    rows = ScoreboardRow.objects.filter(contest=contest, jury=jury)
    if group_id is not None:
        rows = rows.filter(team__groups=group_id)
    data = list(
        rows.order_by("-score", "penalty", "tiebreak", "team_id").values_list(
            "team_id",
            "team__clics_id",
            "team__display_name",
            "team__organization__name",
            "score",
            "penalty",
            "tiebreak",
            "cells",
        )
    )
    keys = [(r[4], r[5], r[6]) for r in data]
    return [
        ExportRow(rank, pk, team_clics_id(pk, clics_id), name, org or "", score, penalty, cells)
        for rank, (pk, clics_id, name, org, score, penalty, _, cells) in zip(ranks(keys), data, strict=True)
    ]


def first_solved(contest: Contest, jury: bool) -> dict[int, set[int]]:
    """Per team, the problems it solved first (from the stored summaries)."""
    out: dict[int, set[int]] = {}
    summaries = (contest.first_solves or {}).get("jury" if jury else "public", {})
    for problem, (best, pending, teams) in summaries.items():
        if best is not None and (pending is None or pending >= best):
            for team in teams:
                out.setdefault(team, set()).add(int(problem))
    return out


def scoreboard_clics(
    *, contest: Contest, jury: bool = False, group_id: int | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """The CLICS scoreboard object (Contest API 2023-06): rows of rank, team_id, score and problems."""
    now = now or timezone.now()
    pass_fail = get_format(contest.format).scoring == "pass-fail"
    problems = export_problems(contest)
    rows = []
    for row in export_rows(contest, jury=jury, group_id=group_id):
        score: dict[str, Any]
        if pass_fail:
            score = {"num_solved": int(row.score), "total_time": row.penalty}
        else:
            score = {"score": row.score}
        rows.append(
            {
                "rank": row.rank,
                "team_id": row.team_clics_id,
                "score": score,
                "problems": [
                    _clics_cell(problem, cell, pass_fail)
                    for problem, cell in zip(problems, row.cells, strict=False)
                    if cell[0] or cell[1]
                ],
            }
        )
    return {
        "time": abstime(now),
        "contest_time": reltime(max(0, duration_ms(now - contest.start))),
        "state": contest_state(contest, now),
        "rows": rows,
    }


def _clics_cell(problem: ExportProblem, cell: list[Any], pass_fail: bool) -> dict[str, Any]:
    judged, pending, solved, time_ms, score = cell[:5]
    out: dict[str, Any] = {"problem_id": problem.clics_id, "num_judged": judged, "num_pending": pending}
    if pass_fail:
        out["solved"] = bool(solved)
        if solved:
            out["time"] = time_ms // 60_000
    else:
        out["score"] = score
        if score and time_ms is not None:
            out["time"] = time_ms // 60_000
    return out


def scoreboard_json(*, contest: Contest, jury: bool = False, group_id: int | None = None) -> dict[str, Any]:
    """Our own export: labels, names and first solves, for spreadsheets and scripts."""
    problems = export_problems(contest)
    first = first_solved(contest, jury)
    return {
        "contest": contest.slug,
        "format": contest.format,
        "jury": jury,
        "problems": [{"label": p.label, "id": p.clics_id} for p in problems],
        "rows": [
            {
                "rank": row.rank,
                "team": row.team_name,
                "team_id": row.team_clics_id,
                "organization": row.organization,
                "score": row.score,
                "penalty": row.penalty,
                "problems": cells_json(problems, row.cells, first.get(row.team_id, set())),
            }
            for row in export_rows(contest, jury=jury, group_id=group_id)
        ],
    }


def cells_json(
    problems: list[ExportProblem], cells: list[list[Any]], first: set[int]
) -> list[dict[str, Any]]:
    """A row's stored cells as our JSON has them; `first`: the problems this team solved first."""
    return [
        {
            "label": problem.label,
            "judged": cell[0],
            "pending": cell[1],
            "solved": bool(cell[2]),
            "time": None if cell[3] is None else cell[3] // 60_000,
            "score": cell[4],
            "first": problem.pk in first,
        }
        for problem, cell in zip(problems, cells, strict=False)
    ]


def scoreboard_csv(*, contest: Contest, jury: bool = False, group_id: int | None = None) -> str:
    data = scoreboard_json(contest=contest, jury=jury, group_id=group_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["rank", "team", "organization", "score", "penalty", *(p["label"] for p in data["problems"])]
    )
    for row in data["rows"]:
        writer.writerow(
            [row["rank"], row["team"], row["organization"], row["score"], row["penalty"]]
            + [_csv_cell(cell) for cell in row["problems"]]
        )
    return out.getvalue()


def _csv_cell(cell: dict[str, Any]) -> str:
    pending = f"+{cell['pending']}?" if cell["pending"] else ""
    if cell["solved"]:
        return f"{cell['time']} ({cell['judged']}){pending}"
    if cell["judged"] and cell["score"]:
        return f"{cell['score']:g}{pending}"
    return f"-{cell['judged']}{pending}" if cell["judged"] else pending
