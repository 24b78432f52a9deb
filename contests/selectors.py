"""Reads of the contests app: who may see what, a participant's state, the stored board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from contests.board import contest_times, fetch
from contests.clock import Phase, Span, contest_phase, participant_span, span_phase
from contests.formats.base import ranks
from contests.models import (
    Clarification,
    ClarificationRead,
    Contest,
    ContestProblem,
    ContestSubmission,
    Group,
    ScoreboardRow,
    ScoreboardVisibility,
    Team,
    Visibility,
)

AnyUser = User | AnonymousUser


def is_jury(user: AnyUser) -> bool:
    return bool(getattr(user, "is_staff", False))


def contest_list(*, user: AnyUser) -> QuerySet[Contest]:
    """Contests listed to this user: public ones, and private ones they take part in (staff: all)."""
    contests = Contest.objects.all()
    if is_jury(user):
        return contests
    listed = Q(visibility=Visibility.PUBLIC)
    if user.is_authenticated:
        listed |= Q(visibility=Visibility.PRIVATE, teams__members=user)
    return contests.filter(listed).distinct()


def registered_contest_ids(*, user: AnyUser) -> set[int]:
    """The contests this user takes part in (as a member of one of their teams)."""
    if not user.is_authenticated:
        return set()
    return set(Team.objects.filter(members=user).values_list("contest_id", flat=True))


def home_contests(user: AnyUser, *, now: datetime | None = None) -> dict[str, list[Contest]]:
    """The home page's running and upcoming contests (at most five of each) this user may see."""
    now = now or timezone.now()
    listed = contest_list(user=user)
    return {
        "running_contests": list(listed.filter(start__lte=now, end__gt=now).order_by("end")[:5]),
        "upcoming_contests": list(listed.filter(start__gt=now).order_by("start")[:5]),
    }


def access_contest(*, user: AnyUser, slug: str) -> Contest:
    """A contest this user may open (unlisted ones by their address); 404 otherwise."""
    contest = Contest.objects.filter(slug=slug).first()
    if contest is None:
        raise Http404("No such contest")
    private = contest.visibility == Visibility.PRIVATE and not is_jury(user)
    if private and not (
        user.is_authenticated and Team.objects.filter(contest=contest, members=user).exists()
    ):
        raise Http404("No such contest")
    return contest


def team_of(*, contest: Contest, user: AnyUser) -> Team | None:
    if not user.is_authenticated:
        return None
    return Team.objects.filter(contest=contest, members=user).select_related("organization").first()


@dataclass(frozen=True)
class Participation:
    """Where a user stands in a contest, now."""

    contest_phase: Phase
    team: Team | None
    span: Span | None
    phase: Phase  # the participant's own (the contest's when not taking part)

    @property
    def running(self) -> bool:
        return self.phase in (Phase.RUNNING, Phase.FROZEN)


def participation(*, contest: Contest, user: AnyUser, now: datetime) -> Participation:
    times = contest_times(contest)
    team = team_of(contest=contest, user=user)
    overall = contest_phase(times, now)
    if team is None:
        return Participation(overall, None, None, overall)
    span = participant_span(times, own_start=team.starts_at, virtual=team.virtual)
    phase = span_phase(span, now) if span is not None else Phase.BEFORE
    return Participation(overall, team, span, phase)


def contest_problems(*, contest: Contest, user: AnyUser, now: datetime) -> list[ContestProblem]:
    """The contest's problems; none before the start (but for the jury)."""
    if now < contest.start and not is_jury(user):
        return []
    return list(
        ContestProblem.objects.filter(contest=contest).select_related("problem").order_by("order", "label")
    )


def access_contest_problem(*, contest: Contest, user: AnyUser, label: str, now: datetime) -> ContestProblem:
    for problem in contest_problems(contest=contest, user=user, now=now):
        if problem.label == label:
            return problem
    raise Http404("No such problem")


def team_marks(*, team: Team | None) -> dict[int, str]:
    """Per contest problem: "solved" or "attempted", from the team's judged submissions as it sees them."""
    if team is None:
        return {}
    marks: dict[int, str] = {}
    for problem_id, solved in ContestSubmission.objects.filter(team=team).values_list(
        "contest_problem_id", "judgement_type__solved"
    ):
        if solved:
            marks[problem_id] = "solved"
        else:
            marks.setdefault(problem_id, "attempted")
    return marks


def team_submissions(*, team: Team) -> QuerySet[ContestSubmission]:
    return (
        ContestSubmission.objects.filter(team=team)
        .select_related("contest_problem", "judgement_type", "submission")
        .order_by("-submitted_at", "-pk")
    )


def scoreboard_visible(*, contest: Contest, user: AnyUser, now: datetime) -> bool:
    if is_jury(user) or contest.scoreboard_visibility == ScoreboardVisibility.ALWAYS:
        return True
    if contest.scoreboard_visibility == ScoreboardVisibility.AFTER_END:
        return now >= contest.end
    return False


BoardRow = tuple[int, int, tuple[float, int, int], str]


def board_rows(*, contest: Contest, jury: bool, group_id: int | None = None) -> list[BoardRow]:
    """(rank, team id, sort key, cells' HTML) in rank order, ranked within the group when one is given."""
    table = ScoreboardRow._meta.db_table
    in_group, params = "", [contest.pk, jury]
    # Table names from the models, values as parameters.
    if group_id is not None:
        members = Team.groups.through._meta.db_table
        in_group = f" AND team_id IN (SELECT team_id FROM {members} WHERE group_id = %s)"  # noqa: S608
        params.append(group_id)
    # A thousand rows: plain tuples from the cursor, no ORM work per row.
    data = fetch(
        f"SELECT team_id, score, penalty, tiebreak, html FROM {table} WHERE contest_id = %s AND jury = %s"  # noqa: S608
        f"{in_group} ORDER BY score DESC, penalty, tiebreak, team_id",
        params,
    )
    keys = [(score, penalty, tiebreak) for _, score, penalty, tiebreak, _ in data]
    return [(rank, row[0], key, row[4]) for rank, key, row in zip(ranks(keys), keys, data, strict=True)]


def board_rows_html(*, contest: Contest, jury: bool, group_id: int | None = None) -> SafeString:
    """The board's table rows: stored cells joined, no template work per cell (a thousand rows)."""
    return mark_safe(  # noqa: S308 - each row's cells were escaped when rendered (contests.rendering)
        "".join(
            f'<tr data-team="{team}" data-key="{score:g} {penalty} {tiebreak}">'
            f'<td class="rank">{rank}</td>{html}</tr>'
            for rank, team, (score, penalty, tiebreak), html in board_rows(
                contest=contest, jury=jury, group_id=group_id
            )
        )
    )


def board_teams(*, contest: Contest, jury: bool) -> QuerySet[Team]:
    """The teams a view of the board shows: every team to the jury; in the public view the teams with
    a public row (contestants, none of a hidden group). Each with its groups that view offers."""
    teams = Team.objects.filter(contest=contest).select_related("organization")
    if not jury:
        teams = teams.filter(scoreboard_rows__jury=False)
    return teams.prefetch_related(Prefetch("groups", queryset=board_groups(contest=contest, jury=jury)))


def board_row(*, team: Team, jury: bool) -> ScoreboardRow | None:
    return ScoreboardRow.objects.filter(team=team, jury=jury).first()


def board_groups(*, contest: Contest, jury: bool) -> QuerySet[Group]:
    groups = Group.objects.filter(contest=contest)
    return groups if jury else groups.filter(hidden=False)


def team_groups(*, contest: Contest) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for team_id, group_id in Team.groups.through.objects.filter(team__contest=contest).values_list(
        "team_id", "group_id"
    ):
        out.setdefault(team_id, []).append(group_id)
    return out


def clarifications_for(*, contest: Contest, user: AnyUser, team: Team | None) -> QuerySet[Clarification]:
    """What this user may read: announcements and answers to all; their team's questions and the
    answers to them; everything for the jury."""
    clarifications = Clarification.objects.filter(contest=contest).select_related("problem", "from_team")
    if is_jury(user):
        return clarifications
    visible = Q(to_all=True)
    if team is not None:
        visible |= Q(from_team=team) | Q(to_team=team)
    return clarifications.filter(visible)


def access_clarification(*, contest: Contest, user: AnyUser, clarification_id: int) -> Clarification:
    clarification = (
        clarifications_for(contest=contest, user=user, team=team_of(contest=contest, user=user))
        .filter(pk=clarification_id)
        .first()
    )
    if clarification is None:
        raise Http404("No such clarification")
    return clarification


def unread_count(*, contest: Contest, user: AnyUser, team: Team | None) -> int:
    if not user.is_authenticated:
        return 0
    read = ClarificationRead.objects.filter(user=user).values("clarification_id")
    return clarifications_for(contest=contest, user=user, team=team).exclude(pk__in=read).count()


def jury_queue(*, contest: Contest) -> QuerySet[Clarification]:
    """Questions nobody has answered yet, oldest first."""
    return Clarification.objects.filter(
        contest=contest, from_team__isnull=False, answered=False
    ).select_related("from_team", "problem")


def clarification_data(clarification: Clarification) -> dict[str, Any]:
    """What the live pages show of a clarification (to those who may read it)."""
    return {
        "id": clarification.pk,
        "text": clarification.text,
        "problem": clarification.problem.label if clarification.problem else None,
        "from_team": clarification.from_team.display_name if clarification.from_team else None,
        "from_jury": clarification.from_team_id is None,
        "to_all": clarification.to_all,
        "reply_to": clarification.reply_to_id,
        "created_at": clarification.created_at.isoformat(),
    }
