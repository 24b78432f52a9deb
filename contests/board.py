"""Computing a contest's board from its ContestSubmission rows: plain tuples from `values_list`,
integer contest times, the format's pure scoring function per team.

Two views: the jury's sees everything; the public one shows attempts made in a participant's frozen
time as pending until the contest is thawed or the attempt's cell revealed. Teams that are not
contestants, and (in the public view) teams of hidden groups, are left off.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

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
from contests.models import (
    Contest,
    ContestProblem,
    ContestSubmission,
    Group,
    JudgementType,
    Organization,
    Team,
    TeamKind,
)


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


def fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Plain tuples straight from the cursor. The board's reads run once per verdict: hand-written
    SQL skips the ORM's query building, which would cost more than the queries themselves."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def json_value(value: Any) -> Any:
    """A JSON column as read raw: text on SQLite, already decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def db_datetime(value: Any) -> datetime | None:
    """A datetime column as read raw: text on SQLite."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value  # type: ignore[no-any-return]


def _in(column: str, ids: Sequence[int] | None) -> tuple[str, list[int]]:
    if ids is None:
        return "", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})" if ids else " AND 1 = 0", list(ids)


def board_context(contest: Contest, *, team_ids: Sequence[int] | None = None) -> BoardContext:
    problems = fetch(
        f"SELECT id, points, label FROM {ContestProblem._meta.db_table} WHERE contest_id = %s "  # noqa: S608 - table names from the models, values as parameters
        f"ORDER BY {connection.ops.quote_name('order')}, label",
        [contest.pk],
    )
    outcomes: dict[int | None, int] = {None: PENDING}
    for pk, clics_id, penalty, solved in fetch(
        f"SELECT id, clics_id, penalty, solved FROM {JudgementType._meta.db_table} WHERE contest_id = %s",  # noqa: S608 - table names from the models, values as parameters
        [contest.pk],
    ):
        outcomes[pk] = outcome(clics_id=clics_id, penalty=bool(penalty), solved=bool(solved))
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
    in_ids, ids = _in("t.id", team_ids)
    rows = fetch(
        f"SELECT t.id, t.display_name, o.name, o.country, t.virtual, t.starts_at, "  # noqa: S608 - table names from the models, values as parameters
        f"EXISTS (SELECT 1 FROM {Team.groups.through._meta.db_table} tg "
        f"JOIN {Group._meta.db_table} g ON g.id = tg.group_id WHERE tg.team_id = t.id AND g.hidden) "
        f"FROM {Team._meta.db_table} t LEFT JOIN {Organization._meta.db_table} o ON o.id = t.organization_id "
        f"WHERE t.contest_id = %s AND t.kind = %s{in_ids}",
        [contest.pk, TeamKind.CONTESTANT.value, *ids],
    )
    times = contest_times(contest)
    default_span = participant_span(times, own_start=None)
    default_freeze = default_span.freeze_ms if default_span else None
    out = {}
    for pk, name, org, country, virtual, starts_at, hidden in rows:
        freeze = default_freeze
        if virtual or contest.window_minutes is not None:
            span = participant_span(times, own_start=db_datetime(starts_at), virtual=bool(virtual))
            freeze = span.freeze_ms if span else None
        out[pk] = TeamInfo(pk, name, org or "", country or "", bool(virtual), bool(hidden), freeze)
    return out


def submission_tuples(
    ctx: BoardContext, team_ids: Sequence[int] | None, problem_id: int | None
) -> Iterable[Any]:
    in_ids, ids = _in("team_id", team_ids)
    params: list[Any] = [ctx.contest.pk, False, *ids]
    where = f"contest_id = %s AND practice = %s{in_ids}"
    if problem_id is not None:
        where += " AND contest_problem_id = %s"
        params.append(problem_id)
    subtasks = ", subtask_scores" if ctx.subtasks else ""
    rows = fetch(
        f"SELECT team_id, contest_problem_id, contest_time_ms, judgement_type_id, score, revealed{subtasks} "  # noqa: S608 - table names from the models, values as parameters
        f"FROM {ContestSubmission._meta.db_table} WHERE {where} ORDER BY team_id, contest_time_ms, id",
        params,
    )
    if ctx.subtasks:
        return [(*row[:6], json_value(row[6]) or ()) for row in rows]
    return rows


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
    for team_id, group in groupby(submission_tuples(ctx, team_ids, problem_id), key=itemgetter(0)):
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
