"""ICPC scoring with the CLICS rules.

- Contest time counts in whole minutes, rounded down.
- A solved problem costs its solve minute plus `penalty_minutes` for each earlier rejection whose
  judgement carries a penalty (compile errors only with the `compile_penalty` option).
- Pending attempts and judging errors count for nothing yet; attempts after the first accepted one
  are ignored.
- Rows order by solved (desc), total time (asc), then the minute of the last accepted attempt (asc).
"""

from __future__ import annotations

from collections.abc import Sequence

from contests.formats.base import (
    COMPILE_ERROR,
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
        elif outcome == REJECTED or (outcome == COMPILE_ERROR and options.compile_penalty):
            cell.judged += 1
            cell.penalties += 1
    row = Row(team, cells=cells)
    solved = total = last = 0
    for cell in cells:
        if cell.solved and cell.time_ms is not None:
            minute = cell.time_ms // 60_000
            solved += 1
            total += minute + options.penalty_minutes * cell.penalties
            last = max(last, minute)
            cell.score = 1.0
    row.score, row.penalty, row.tiebreak = float(solved), total, last
    return row


FORMAT = Format(key="icpc", name="ICPC", score_team=score_team, scoring="pass-fail")
