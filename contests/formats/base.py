"""What every scoring format takes and gives: plain values, no Django.

A format scores one team from its attempts, each a tuple
`(problem_id, time_ms, outcome, score, subtask_scores)` in submission order, where time_ms is the
contest time since the team's own start and outcome one of the constants below. Ranking and first
solves are the same for every format: rows order by (-score, penalty, tiebreak) and equal keys tie.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# Outcomes of an attempt, as scoring sees them.
PENDING = 0  # not judged yet, or hidden by the freeze
SOLVED = 1
REJECTED = 2  # a rejection that carries a penalty
NO_PENALTY = 3  # judged, counts for nothing (judging errors, and the like)
COMPILE_ERROR = 4  # no penalty unless the format's option says so

Attempt = tuple[int, int, int, float, Sequence[float]]


@dataclass(frozen=True)
class ProblemSpec:
    id: int
    points: float = 1


@dataclass(frozen=True)
class Options:
    penalty_minutes: int = 20
    # ICPC: compile errors count as rejections.
    compile_penalty: bool = False
    # IOI since 2017: the sum over subtasks of each one's best score.
    subtask_sum: bool = False


@dataclass(slots=True)
class Cell:
    problem: int
    judged: int = 0
    pending: int = 0
    solved: bool = False
    # The solving attempt's contest time (ms), and minute.
    time_ms: int | None = None
    score: float = 0.0
    # The earliest pending attempt's contest time: first solves wait for it.
    pending_from_ms: int | None = None
    penalties: int = 0

    @property
    def minute(self) -> int | None:
        return None if self.time_ms is None else self.time_ms // 60_000

    @property
    def attempted(self) -> bool:
        return bool(self.judged or self.pending)


@dataclass(slots=True)
class Row:
    team: int
    score: float = 0.0
    penalty: int = 0
    tiebreak: int = 0
    cells: list[Cell] = field(default_factory=list)

    @property
    def key(self) -> tuple[float, int, int]:
        return (-self.score, self.penalty, self.tiebreak)


ScoreTeam = Callable[[int, Sequence[Attempt], Sequence[ProblemSpec], Options], Row]


@dataclass(frozen=True)
class Format:
    key: str
    name: str
    score_team: ScoreTeam
    # CLICS: "pass-fail" boards count solved problems and time; "score" boards sum points.
    scoring: str


def cells_by_problem(problems: Sequence[ProblemSpec]) -> tuple[list[Cell], dict[int, Cell]]:
    cells = [Cell(p.id) for p in problems]
    return cells, {c.problem: c for c in cells}


def add_pending(cell: Cell, time_ms: int) -> None:
    cell.pending += 1
    if cell.pending_from_ms is None or time_ms < cell.pending_from_ms:
        cell.pending_from_ms = time_ms


def rank(rows: Sequence[Row]) -> list[tuple[int, Row]]:
    """Rows in rank order with their ranks: equal keys share a rank, and the next ranks are skipped."""
    ordered = sorted(rows, key=lambda r: (r.key, r.team))
    return list(zip(ranks([r.key for r in ordered]), ordered, strict=True))


def ranks(keys: Sequence[object]) -> list[int]:
    """The ranks of already ordered keys (1, 1, 3, ...)."""
    out: list[int] = []
    previous: object = None
    for i, key in enumerate(keys):
        out.append(out[-1] if i and key == previous else i + 1)
        previous = key
    return out


@dataclass(slots=True)
class SolveSummary:
    """A problem's earliest solve on a board and its earliest pending attempt (contest times)."""

    best_ms: int | None = None
    pending_ms: int | None = None
    # The teams whose solve is at best_ms.
    at_best: list[int] = field(default_factory=list)

    @property
    def first(self) -> list[int]:
        """The first to solve: not decided while an earlier attempt is pending."""
        if self.best_ms is None or (self.pending_ms is not None and self.pending_ms < self.best_ms):
            return []
        return self.at_best


def solve_summaries(rows: Sequence[Row]) -> dict[int, SolveSummary]:
    out: dict[int, SolveSummary] = {}
    for row in rows:
        for cell in row.cells:
            add_to_summary(out.setdefault(cell.problem, SolveSummary()), row.team, cell)
    return out


def add_to_summary(summary: SolveSummary, team: int, cell: Cell) -> None:
    if cell.solved and cell.time_ms is not None:
        if summary.best_ms is None or cell.time_ms < summary.best_ms:
            summary.best_ms, summary.at_best = cell.time_ms, [team]
        elif cell.time_ms == summary.best_ms:
            summary.at_best.append(team)
    if cell.pending_from_ms is not None and (
        summary.pending_ms is None or cell.pending_from_ms < summary.pending_ms
    ):
        summary.pending_ms = cell.pending_from_ms


def first_solves(rows: Sequence[Row]) -> dict[int, list[int]]:
    """Per problem, the teams that solved it first; not decided while an earlier attempt is pending."""
    return {p: s.first for p, s in solve_summaries(rows).items() if s.first}
