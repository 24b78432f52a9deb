"""IOI scoring: per problem the best total score over its attempts, or (option `subtask_sum`, IOI
since 2017) the sum over subtasks of the best score each subtask got in any attempt. Compile errors
score nothing, time does not count, and equal totals stay tied."""

from __future__ import annotations

from collections.abc import Sequence

from contests.formats.base import (
    PENDING,
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
    best_subtasks: dict[int, list[float]] = {}
    for problem, time_ms, outcome, score, subtasks in attempts:
        cell = by_problem.get(problem)
        if cell is None:
            continue
        if outcome == PENDING:
            add_pending(cell, time_ms)
            continue
        cell.judged += 1
        if score > cell.score:
            cell.score = score
            cell.time_ms = time_ms
        if options.subtask_sum and subtasks:
            best = best_subtasks.setdefault(problem, [])
            for i, value in enumerate(subtasks):
                if i >= len(best):
                    best.append(value)
                elif value > best[i]:
                    best[i] = value
                else:
                    continue
                cell.time_ms = time_ms
    total = 0.0
    for cell in cells:
        if options.subtask_sum and cell.problem in best_subtasks:
            cell.score = max(cell.score, sum(best_subtasks[cell.problem]))
        cell.score = round(cell.score, 6)
        # CLICS: the time of a score is that of the attempt that last raised it.
        if not cell.score:
            cell.time_ms = None
        total += cell.score
    return Row(team, score=round(total, 6), cells=cells)


FORMAT = Format(key="ioi", name="IOI", score_team=score_team, scoring="score")
