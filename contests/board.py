"""Computing a contest's board from its ContestSubmission rows: plain tuples from `values_list`,
integer contest times, the format's pure scoring function per team.

Two views: the jury's sees everything; the public one shows attempts made in a participant's frozen
time as pending until the contest is thawed or the attempt's cell revealed. Teams that are not
contestants, and (in the public view) teams of hidden groups, are left off.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any

from contests.clock import ContestTimes, participant_span
from contests.formats import get_format
from contests.formats.base import (
    PENDING,
    Attempt,
    Cell,
    Format,
    Options,
    ProblemSpec,
    Row,
    SolveSummary,
    solve_summaries,
)
from contests.judgements import outcome
from contests.models import Contest, ContestProblem, ContestSubmission, JudgementType, Team, TeamKind


@dataclass(frozen=True, slots=True)
class TeamInfo:
    id: int
    name: str
    organization: str
    country: str
    virtual: bool
    hidden: bool
    # Contest time (ms) from which this team's results are frozen; None: never.
    freeze_ms: int | None


@dataclass
class BoardContext:
    contest: Contest
    format: Format
    options: Options
    problems: list[ProblemSpec]
    labels: dict[int, str]
    outcomes: dict[int | None, int]
    teams: dict[int, TeamInfo]
    subtasks: bool

    @property
    def thawed(self) -> bool:
        return self.contest.thawed_at is not None


@dataclass
class Board:
    jury: dict[int, Row] = field(default_factory=dict)
    public: dict[int, Row] = field(default_factory=dict)

    def rows(self, jury: bool) -> dict[int, Row]:
        return self.jury if jury else self.public


def contest_times(contest: Contest) -> ContestTimes:
    return ContestTimes(
        start=contest.start,
        end=contest.end,
        freeze_minutes=contest.freeze_minutes,
        window_minutes=contest.window_minutes,
        finalized_at=contest.finalized_at,
    )


def format_options(contest: Contest) -> Options:
    options = contest.format_options or {}
    return Options(
        penalty_minutes=contest.penalty_minutes,
        compile_penalty=bool(options.get("compile_penalty", False)),
        subtask_sum=bool(options.get("subtask_sum", False)),
    )


def board_context(contest: Contest, *, team_ids: Sequence[int] | None = None) -> BoardContext:
    problems = list(
        ContestProblem.objects.filter(contest=contest)
        .order_by("order", "label")
        .values_list("pk", "points", "label")
    )
    outcomes: dict[int | None, int] = {None: PENDING}
    for pk, clics_id, penalty, solved in JudgementType.objects.filter(contest=contest).values_list(
        "pk", "clics_id", "penalty", "solved"
    ):
        outcomes[pk] = outcome(clics_id=clics_id, penalty=penalty, solved=solved)
    options = format_options(contest)
    return BoardContext(
        contest=contest,
        format=get_format(contest.format),
        options=options,
        problems=[ProblemSpec(pk, points) for pk, points, _ in problems],
        labels={pk: label for pk, _, label in problems},
        outcomes=outcomes,
        teams=_teams(contest, team_ids),
        subtasks=options.subtask_sum,
    )


def _teams(contest: Contest, team_ids: Sequence[int] | None) -> dict[int, TeamInfo]:
    teams = Team.objects.filter(contest=contest, kind=TeamKind.CONTESTANT)
    hidden = Team.groups.through.objects.filter(group__hidden=True, group__contest=contest)
    if team_ids is not None:
        teams = teams.filter(pk__in=team_ids)
        hidden = hidden.filter(team_id__in=team_ids)
    hidden_ids = set(hidden.values_list("team_id", flat=True))
    times = contest_times(contest)
    default_span = participant_span(times, own_start=None)
    default_freeze = default_span.freeze_ms if default_span else None
    out = {}
    for pk, name, org, country, virtual, starts_at in teams.values_list(
        "pk", "display_name", "organization__name", "organization__country", "virtual", "starts_at"
    ):
        freeze = default_freeze
        if virtual or contest.window_minutes is not None:
            span = participant_span(times, own_start=starts_at, virtual=virtual)
            freeze = span.freeze_ms if span else None
        out[pk] = TeamInfo(pk, name, org or "", country or "", virtual, pk in hidden_ids, freeze)
    return out


def _submission_tuples(
    ctx: BoardContext, team_ids: Sequence[int] | None, problem_id: int | None
) -> Iterable[Any]:
    fields = ["team_id", "contest_problem_id", "contest_time_ms", "judgement_type_id", "score", "revealed"]
    if ctx.subtasks:
        fields.append("subtask_scores")
    submissions = ContestSubmission.objects.filter(contest=ctx.contest, practice=False)
    if team_ids is not None:
        submissions = submissions.filter(team_id__in=team_ids)
    if problem_id is not None:
        submissions = submissions.filter(contest_problem_id=problem_id)
    return submissions.order_by("team_id", "contest_time_ms", "pk").values_list(*fields)


def board_compute(
    ctx: BoardContext,
    *,
    team_ids: Sequence[int] | None = None,
    problem_id: int | None = None,
    with_empty: bool = True,
) -> Board:
    """Both views' rows of the given teams (all when None), from all their attempts or one problem's;
    `with_empty`: rows for teams without attempts too."""
    board = Board()
    score_team = ctx.format.score_team
    outcomes, problems, options, thawed = ctx.outcomes, ctx.problems, ctx.options, ctx.thawed
    seen = set()
    for team_id, group in groupby(_submission_tuples(ctx, team_ids, problem_id), key=itemgetter(0)):
        info = ctx.teams.get(team_id)
        if info is None:
            continue
        seen.add(info.id)
        freeze = None if thawed else info.freeze_ms
        jury: list[Attempt] = []
        public: list[Attempt] = []
        frozen = False
        for item in group:
            _, problem, time_ms, judgement, score, revealed = item[:6]
            attempt: Attempt = (problem, time_ms, outcomes[judgement], score, item[6] if ctx.subtasks else ())
            jury.append(attempt)
            if freeze is not None and time_ms >= freeze and not revealed and judgement is not None:
                frozen = True
                public.append((problem, time_ms, PENDING, 0.0, ()))
            else:
                public.append(attempt)
        jury_row = score_team(info.id, jury, problems, options)
        board.jury[info.id] = jury_row
        if not info.hidden:
            board.public[info.id] = score_team(info.id, public, problems, options) if frozen else jury_row
    for info in ctx.teams.values() if with_empty else ():
        if info.id not in seen:
            row = score_team(info.id, [], problems, options)
            board.jury[info.id] = row
            if not info.hidden:
                board.public[info.id] = row
    return board


def board_summaries(ctx: BoardContext, rows: dict[int, Row]) -> dict[int, SolveSummary]:
    """First-solve summaries over the board's non-virtual rows."""
    return solve_summaries([row for team, row in rows.items() if not ctx.teams[team].virtual])


# Cells are stored as compact lists: [judged, pending, solved, time_ms, score, pending_from_ms, penalties].
def cell_to_list(cell: Cell) -> list[object]:
    return [
        cell.judged,
        cell.pending,
        int(cell.solved),
        cell.time_ms,
        cell.score,
        cell.pending_from_ms,
        cell.penalties,
    ]


def cell_from_list(problem: int, data: Sequence[Any]) -> Cell:
    judged, pending, solved, time_ms, score, pending_from, penalties = data
    return Cell(
        problem,
        judged=judged,
        pending=pending,
        solved=bool(solved),
        time_ms=time_ms,
        score=float(score),
        pending_from_ms=pending_from,
        penalties=penalties,
    )
