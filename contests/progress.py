"""The top teams' score over contest time, for the scoreboard's chart: each team's cumulative score and
solved count after each of its judged attempts that changed them, as the chosen view of the board shows
them (the public view hides what was judged during the freeze and is not revealed yet)."""

from __future__ import annotations

from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.utils import timezone

from contests.board import board_context, submission_tuples
from contests.formats.base import Attempt
from contests.models import Contest
from contests.selectors import board_rows

TOP_TEAMS = 10


def score_progress(*, contest: Contest, jury: bool, limit: int = TOP_TEAMS) -> list[dict[str, Any]]:
    """[{team, name, points: [{minute, score, solved}]}] for the first `limit` teams in rank order, each
    starting at (0, 0, 0) and with a point wherever its score or solved count changed."""
    top = [team for _, team, _, _ in board_rows(contest=contest, jury=jury)[:limit]]
    if not top:
        return []
    ctx = board_context(contest, team_ids=top)
    by_team: dict[int, list[dict[str, Any]]] = {team: [] for team in top}
    for team_id, group in groupby(submission_tuples(ctx, top, None), key=itemgetter(0)):
        info = ctx.teams.get(team_id)
        if info is None:
            continue
        freeze = None if jury or ctx.thawed else info.freeze_ms
        attempts: list[Attempt] = []
        last = (0.0, 0)
        for item in group:
            _, problem, time_ms, judgement, score, revealed = item[:6]
            if judgement is None or (freeze is not None and time_ms >= freeze and not revealed):
                continue
            subtasks = item[6] if ctx.subtasks else ()
            attempts.append((problem, time_ms, ctx.outcomes[judgement], score, subtasks))
            row = ctx.format.score_team(team_id, attempts, ctx.problems, ctx.options)
            now = (row.score, sum(1 for cell in row.cells if cell.solved))
            if now != last:
                by_team[team_id].append({"minute": time_ms // 60000, "score": now[0], "solved": now[1]})
                last = now
    return [
        {
            "team": team,
            "name": ctx.teams[team].name if team in ctx.teams else str(team),
            "points": [{"minute": 0, "score": 0.0, "solved": 0}, *by_team[team]],
        }
        for team in top
    ]


def progress_chart(
    *, contest: Contest, progress: list[dict[str, Any]], now: datetime | None = None
) -> dict[str, Any]:
    """The chart's spec for static/src/charts.js: one stepped line per team, minutes against score,
    each line drawn on to the contest's present minute (its end, once it is over)."""
    now = min(now or timezone.now(), contest.end)
    present = max(0, int((now - contest.start).total_seconds() // 60))
    series = []
    for team in progress:
        data = [{"x": p["minute"], "y": p["score"], "solved": p["solved"]} for p in team["points"]]
        if present > data[-1]["x"]:
            data.append({**data[-1], "x": present})
        series.append({"label": team["name"], "data": data})
    return {
        "type": "line",
        "x": "Contest time (minutes)",
        "y": "Score",
        "max_x": int((contest.end - contest.start).total_seconds() // 60),
        "series": series,
    }
