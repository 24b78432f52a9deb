"""The CLICS scoreboard object of a contest, for one viewer, from the contest's own board computation."""

from __future__ import annotations

from typing import Any

from contests.board import board_compute, board_context
from contests.clics.serialize import Viewer, clics_id, problem_id, scoreboard_type, state_json
from contests.clics.times import format_reltime, format_time
from contests.formats.base import Cell, Row, rank
from contests.models import Contest, ContestProblem, Team


def _cell_json(cell: Cell, problem: str, pass_fail: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"problem_id": problem, "num_judged": cell.judged, "num_pending": cell.pending}
    if pass_fail:
        data["solved"] = cell.solved
        if cell.solved:
            data["time"] = cell.minute or 0
    else:
        data["score"] = max(cell.score, 0.0)
        if cell.score > 0:
            data["time"] = cell.minute or 0
    return data


def _score_json(row: Row, pass_fail: bool) -> dict[str, Any]:
    if pass_fail:
        data: dict[str, Any] = {"num_solved": int(row.score), "total_time": int(row.penalty)}
    else:
        data = {"score": row.score}
    if row.score > 0:
        data["time"] = max(int(row.tiebreak), 0)
    return data


def scoreboard_json(contest: Contest, viewer: Viewer, *, group_id: str | None = None) -> dict[str, Any]:
    board = board_compute(board_context(contest))
    rows = board.rows(viewer.jury)
    teams = {team.pk: team for team in Team.objects.filter(contest=contest, pk__in=list(rows))}
    if group_id is not None:
        members = Team.groups.through.objects.filter(team__contest=contest).select_related("group")
        keep = {m.team_id for m in members if clics_id(m.group) == group_id}
        rows = {pk: row for pk, row in rows.items() if pk in keep}
    problems = {
        entry.pk: problem_id(entry)
        for entry in ContestProblem.objects.filter(contest=contest).select_related("problem")
    }
    pass_fail = scoreboard_type(contest) == "pass-fail"
    ranked = sorted(rank(list(rows.values())), key=lambda pair: (pair[0], teams[pair[1].team].display_name))
    moment = min(viewer.now, contest.end) if viewer.now >= contest.start else contest.start
    return {
        "time": format_time(moment),
        "contest_time": format_reltime(moment - contest.start),
        "state": state_json(contest, viewer.now),
        "rows": [
            {
                "rank": position,
                "team_id": clics_id(teams[row.team]),
                "score": _score_json(row, pass_fail),
                "problems": [_cell_json(cell, problems[cell.problem], pass_fail) for cell in row.cells],
            }
            for position, row in ranked
        ],
    }
