"""AtCoder scoring: a solved problem gives its points; each rejection before the accepted attempt
costs `penalty_minutes` (5 on AtCoder); time is the latest accepted attempt's time plus the
penalties of the solved problems. Rows order by points (desc), then time (asc, in seconds)."""

from __future__ import annotations

from collections.abc import Sequence

from contests.formats.base import (
    PENDING,
    REJECTED,
    SOLVED,
    Attempt,
    Format,
    Options,
    ProblemSpec,
    Row,
    add_pending,
    cells_by_problem,
)


def score_team(
    team: int, attempts: Sequence[Attempt], problems: Sequence[ProblemSpec], options: Options
) -> Row:
    cells, by_problem = cells_by_problem(problems)
    points = {p.id: p.points for p in problems}
    for problem, time_ms, outcome, _score, _subtasks in attempts:
        cell = by_problem.get(problem)
        if cell is None or cell.solved:
            continue
        if outcome == PENDING:
            add_pending(cell, time_ms)
        elif outcome == SOLVED:
            cell.judged += 1
            cell.solved = True
            cell.time_ms = time_ms
            cell.score = points[problem]
        elif outcome == REJECTED:
            cell.judged += 1
            cell.penalties += 1
    total = 0.0
    last_ms = penalties = 0
    for cell in cells:
        if cell.solved and cell.time_ms is not None:
            total += cell.score
            last_ms = max(last_ms, cell.time_ms)
            penalties += cell.penalties
    time_s = last_ms // 1000 + penalties * options.penalty_minutes * 60
    return Row(team, score=round(total, 6), penalty=time_s if total else 0, cells=cells)


FORMAT = Format(key="atcoder", name="AtCoder", score_team=score_team, scoring="score")
