"""The stored scoreboard: writes. A full recompute rebuilds every row; a verdict updates one team's
rows (and, when it changes who solved a problem first, the rows that gain or lose that mark), and
the changed rows are pushed to the board's viewers once the transaction commits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from contests import events
from contests.board import (
    BoardContext,
    board_compute,
    board_context,
    board_summaries,
    cell_from_list,
    cell_to_list,
    db_datetime,
    fetch,
    json_value,
)
from contests.formats.base import Cell, Row, SolveSummary
from contests.models import Contest, ContestSubmission, ScoreboardRow, Team
from contests.rendering import row_html

VIEWS = {False: "public", True: "jury"}
ROWS = ScoreboardRow._meta.db_table


def fetch_none(sql: str, params: Sequence[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


Summaries = dict[int, SolveSummary]


def _summaries_to_json(summaries: Summaries) -> dict[str, list[Any]]:
    return {str(p): [s.best_ms, s.pending_ms, s.at_best] for p, s in summaries.items()}


def _summaries_from_json(data: dict[str, list[Any]]) -> Summaries:
    return {int(p): SolveSummary(best, pending, list(teams)) for p, (best, pending, teams) in data.items()}


def _first_of(team: int, summaries: Summaries) -> set[int]:
    return {p for p, s in summaries.items() if team in s.first}


def _render(ctx: BoardContext, team: int, row: Row, summaries: Summaries) -> str:
    info = ctx.teams[team]
    return row_html(
        name=info.name,
        organization=info.organization,
        country=info.country,
        virtual=info.virtual,
        score=row.score,
        penalty=row.penalty,
        cells=row.cells,
        first=_first_of(team, summaries),
        scoring=ctx.format.scoring,
    )


@transaction.atomic
def scoreboard_recompute(*, contest: Contest) -> None:
    """Rebuild every stored row of both views; viewers are told to reload."""
    ctx = board_context(contest)
    board = board_compute(ctx)
    stored: list[ScoreboardRow] = []
    first: dict[str, Any] = {}
    for jury, view in VIEWS.items():
        rows = board.rows(jury)
        summaries = board_summaries(ctx, rows)
        first[view] = _summaries_to_json(summaries)
        stored.extend(
            ScoreboardRow(
                contest=contest,
                team_id=team,
                jury=jury,
                score=row.score,
                penalty=row.penalty,
                tiebreak=row.tiebreak,
                cells=[cell_to_list(c) for c in row.cells],
                html=_render(ctx, team, row, summaries),
            )
            for team, row in rows.items()
        )
    ScoreboardRow.objects.filter(contest=contest).delete()
    ScoreboardRow.objects.bulk_create(stored, batch_size=500)
    Contest.objects.filter(pk=contest.pk).update(first_solves=first)
    contest.first_solves = first
    events.board_reload_on_commit(contest.pk)


def _problem_summary(contest: Contest, problem_id: int, jury: bool) -> SolveSummary:
    """One problem's first-solve summary, from the attempts of the teams that tried it."""
    team_ids = list(
        ContestSubmission.objects.filter(contest_problem_id=problem_id, practice=False)
        .values_list("team_id", flat=True)
        .distinct()
    )
    ctx = board_context(contest, team_ids=team_ids)
    ctx.problems = [p for p in ctx.problems if p.id == problem_id]
    board = board_compute(ctx, team_ids=team_ids, problem_id=problem_id, with_empty=False)
    return board_summaries(ctx, board.rows(jury)).get(problem_id, SolveSummary())


def _may_change_first(team: int, old: Cell | None, new: Cell, summary: SolveSummary | None) -> bool:
    """Whether this cell's change may change the problem's first solve. A pending attempt matters
    only while it is earlier than the best solve (a new solve makes the summary be recomputed)."""
    if old == new:
        return False
    if summary is None or summary.best_ms is None:
        return new.solved or (old is not None and old.solved)
    best = summary.best_ms
    pending = summary.pending_ms if summary.pending_ms is not None else best
    return (
        team in summary.at_best
        or (new.solved and new.time_ms is not None and new.time_ms <= best)
        or (
            old is not None
            and old.pending_from_ms is not None
            and old.pending_from_ms <= min(pending, best - 1)
        )
        or (new.pending_from_ms is not None and new.pending_from_ms < min(pending, best))
    )


@transaction.atomic
def scoreboard_update_team(*, contest: Contest, team_id: int) -> None:
    """Bring one team's stored rows up to date with its submissions; push what changed.

    The contest row is read again under a lock: the first-solve summaries stored on it are shared by
    every team's update, so concurrent verdicts of one contest update them one after the other."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    ((first_solves, thawed_at),) = fetch(
        f"SELECT first_solves, thawed_at FROM {Contest._meta.db_table} WHERE id = %s{lock}",  # noqa: S608
        [contest.pk],
    )
    contest.first_solves, contest.thawed_at = json_value(first_solves) or {}, db_datetime(thawed_at)
    ctx = board_context(contest, team_ids=[team_id])
    if team_id not in ctx.teams:
        ScoreboardRow.objects.filter(team_id=team_id).delete()
        return
    board = board_compute(ctx, team_ids=[team_id])
    stored = {
        bool(jury): (score, penalty, tiebreak, json_value(cells))
        for jury, score, penalty, tiebreak, cells in fetch(
            f"SELECT jury, score, penalty, tiebreak, cells FROM {ROWS} WHERE team_id = %s",  # noqa: S608
            [team_id],
        )
    }
    first_json = dict(contest.first_solves or {})
    changed: list[dict[str, Any]] = []
    for jury, view in VIEWS.items():
        row = board.rows(jury).get(team_id)
        if row is None:
            ScoreboardRow.objects.filter(team_id=team_id, jury=jury).delete()
            continue
        cells = [cell_to_list(c) for c in row.cells]
        old = stored.get(jury)
        if old is not None and old == (row.score, row.penalty, row.tiebreak, cells):
            continue
        summaries = _summaries_from_json(first_json.get(view, {}))
        others = _update_first(contest, ctx, jury, team_id, row, old[3] if old else None, summaries)
        first_json[view] = _summaries_to_json(summaries)
        html = _render(ctx, team_id, row, summaries)
        values = {
            "score": row.score,
            "penalty": row.penalty,
            "tiebreak": row.tiebreak,
            "cells": cells,
            "html": html,
        }
        if old is None:
            ScoreboardRow.objects.create(contest=contest, team_id=team_id, jury=jury, **values)
        else:
            fetch_none(
                f"UPDATE {ROWS} SET score = %s, penalty = %s, tiebreak = %s, cells = %s, html = %s, "  # noqa: S608 - table names from the models
                "updated_at = %s WHERE team_id = %s AND jury = %s",
                [
                    row.score,
                    row.penalty,
                    row.tiebreak,
                    json.dumps(cells),
                    html,
                    timezone.now(),
                    team_id,
                    jury,
                ],
            )
        changed.append(events.row_event(team_id, row.score, row.penalty, row.tiebreak, html, jury=jury))
        changed.extend(_rerender(contest, jury, others, summaries))
    if first_json != (contest.first_solves or {}):
        fetch_none(
            f"UPDATE {Contest._meta.db_table} SET first_solves = %s WHERE id = %s",  # noqa: S608 - table names from the models
            [json.dumps(first_json), contest.pk],
        )
        contest.first_solves = first_json
    if changed:
        events.board_rows_on_commit(contest.pk, team_id, changed)


def _update_first(
    contest: Contest,
    ctx: BoardContext,
    jury: bool,
    team_id: int,
    row: Row,
    old_cells: Sequence[Any] | None,
    summaries: Summaries,
) -> set[int]:
    """Update the summaries in place for the problems this row's change may touch; returns the other
    teams whose first-to-solve marks changed."""
    if ctx.teams[team_id].virtual:
        return set()
    others: set[int] = set()
    for i, cell in enumerate(row.cells):
        stored = old_cells[i] if old_cells and i < len(old_cells) else None
        if stored is not None and stored == cell_to_list(cell):
            continue
        old = cell_from_list(cell.problem, stored) if stored is not None else None
        summary = summaries.get(cell.problem)
        if not _may_change_first(team_id, old, cell, summary):
            continue
        before = set(summary.first) if summary else set()
        fresh = _problem_summary(contest, cell.problem, jury)
        summaries[cell.problem] = fresh
        others |= (before ^ set(fresh.first)) - {team_id}
    return others


def _rerender(contest: Contest, jury: bool, team_ids: set[int], summaries: Summaries) -> list[dict[str, Any]]:
    if not team_ids:
        return []
    ctx = board_context(contest, team_ids=sorted(team_ids))
    out = []
    problems = [p.id for p in ctx.problems]
    for stored in ScoreboardRow.objects.filter(team_id__in=team_ids, jury=jury):
        cells = [cell_from_list(p, data) for p, data in zip(problems, stored.cells, strict=False)]
        row = Row(stored.team_id, stored.score, stored.penalty, stored.tiebreak, cells)
        if stored.team_id not in ctx.teams:
            continue
        stored.html = _render(ctx, stored.team_id, row, summaries)
        stored.save(update_fields=["html", "updated_at"])
        out.append(
            events.row_event(stored.team_id, row.score, row.penalty, row.tiebreak, stored.html, jury=jury)
        )
    return out


def scoreboard_update_teams(*, contest: Contest, team_ids: Sequence[int]) -> None:
    for team_id in team_ids:
        scoreboard_update_team(contest=contest, team_id=team_id)


def team_ids_of(contest: Contest) -> list[int]:
    return list(Team.objects.filter(contest=contest).values_list("pk", flat=True))
