"""Writes of the contests app: contests, registration, submissions, and the judge's verdicts."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from contests.board import contest_times
from contests.clock import Span, contest_time_ms, participant_span
from contests.judgements import STANDARD_TYPES, VERDICT_TO_CLICS
from contests.models import (
    Contest,
    ContestProblem,
    ContestSubmission,
    JudgementType,
    Registration,
    Team,
    TeamKind,
)
from contests.scoreboard import scoreboard_recompute, scoreboard_update_team
from grading.verdicts import Verdict
from judge.models import Submission
from judge.queueing import Priority
from judge.selectors import submission_group_scores
from judge.services import submission_create, submission_rejudge

log = logging.getLogger(__name__)

REGISTRATION_CLOSED = "Registration for this contest is closed."
REGISTRATION_BAD_CODE = "That invitation code is not right."
REGISTRATION_TWICE = "You are registered for this contest already."
REGISTRATION_OVER = "This contest is over."
VIRTUAL_NOT_ENDED = "Virtual participation opens when the contest is over."
VIRTUAL_NOT_ALLOWED = "This contest does not offer virtual participation."
WINDOW_NOT_WINDOWED = "This contest has no personal time windows."
WINDOW_STARTED = "Your time window has started already."
WINDOW_OUTSIDE = "Time windows can only be started while the contest runs."
SUBMIT_NOT_REGISTERED = "Register for the contest to submit."
SUBMIT_BEFORE_START = "Your contest has not started yet."
SUBMIT_AFTER_END = "Your contest is over."
SUBMIT_OBSERVER = "Observers cannot submit."


class ContestError(ApplicationError):
    pass


def contest_seed_judgement_types(*, contest: Contest) -> None:
    """The CLICS standard judgement types, for a contest run here (imports bring their own)."""
    for t in STANDARD_TYPES:
        JudgementType.objects.get_or_create(
            contest=contest,
            clics_id=t.clics_id,
            defaults={"name": t.name, "penalty": t.penalty, "solved": t.solved},
        )


@transaction.atomic
def contest_create(*, slug: str, title: str, start: datetime, end: datetime, **fields: Any) -> Contest:
    contest = Contest(slug=slug, title=title, start=start, end=end, **fields)
    contest.full_clean()
    contest.save()
    contest_seed_judgement_types(contest=contest)
    return contest


@transaction.atomic
def contest_problem_add(*, contest: Contest, problem_id: int, label: str, **fields: Any) -> ContestProblem:
    entry = ContestProblem(contest=contest, problem_id=problem_id, label=label, **fields)
    entry.full_clean()
    entry.save()
    scoreboard_recompute(contest=contest)
    return entry


def _user_team(contest: Contest, user: User) -> Team | None:
    return Team.objects.filter(contest=contest, members=user).first()


def _new_team(contest: Contest, user: User, **fields: Any) -> Team:
    team = Team(contest=contest, display_name=user.get_full_name() or user.username, **fields)
    team.full_clean()
    team.save()
    team.members.add(user)
    scoreboard_update_team(contest=contest, team_id=team.pk)
    return team


@transaction.atomic
def contest_register(*, contest: Contest, user: User, code: str = "", now: datetime | None = None) -> Team:
    """Register a user as a one-member team. After the end (with upsolving on) the team is an
    observer: it may practise, and stays off the board."""
    now = now or timezone.now()
    if _user_team(contest, user) is not None:
        raise ContestError(REGISTRATION_TWICE)
    if contest.registration == Registration.CLOSED:
        raise ContestError(REGISTRATION_CLOSED)
    if contest.registration == Registration.CODE and code.strip() != contest.invitation_code:
        raise ContestError(REGISTRATION_BAD_CODE)
    if now >= contest.end:
        if not contest.upsolving:
            raise ContestError(REGISTRATION_OVER)
        return _new_team(contest, user, kind=TeamKind.OBSERVER)
    return _new_team(contest, user)


@transaction.atomic
def contest_virtual_start(*, contest: Contest, user: User, now: datetime | None = None) -> Team:
    """Replay the contest from now: a virtual team, ranked beside the live board."""
    now = now or timezone.now()
    if not contest.virtual_allowed:
        raise ContestError(VIRTUAL_NOT_ALLOWED)
    if now < contest.end:
        raise ContestError(VIRTUAL_NOT_ENDED)
    if _user_team(contest, user) is not None:
        raise ContestError(REGISTRATION_TWICE)
    return _new_team(contest, user, virtual=True, starts_at=now)


@transaction.atomic
def contest_window_start(*, contest: Contest, team: Team, now: datetime | None = None) -> Team:
    """Start a participant's personal window in a windowed contest."""
    now = now or timezone.now()
    if contest.window_minutes is None:
        raise ContestError(WINDOW_NOT_WINDOWED)
    if not contest.start <= now < contest.end:
        raise ContestError(WINDOW_OUTSIDE)
    if not Team.objects.filter(pk=team.pk, starts_at__isnull=True).update(starts_at=now):
        raise ContestError(WINDOW_STARTED)
    team.starts_at = now
    scoreboard_update_team(contest=contest, team_id=team.pk)
    return team


def team_span(contest: Contest, team: Team) -> Span | None:
    return participant_span(contest_times(contest), own_start=team.starts_at, virtual=team.virtual)


@transaction.atomic
def contest_submit(
    *,
    contest: Contest,
    user: User,
    contest_problem: ContestProblem,
    language_key: str,
    source: str,
    now: datetime | None = None,
) -> ContestSubmission:
    """Submit in a contest: inside the participant's own time, or as practice once it is over (when
    upsolving is on). Judged by the judge; its verdict reaches the board through the judged hook."""
    now = now or timezone.now()
    team = _user_team(contest, user)
    if team is None:
        raise ContestError(SUBMIT_NOT_REGISTERED)
    span = team_span(contest, team)
    practice = False
    if span is None or now < span.start:
        if not (contest.upsolving and now >= contest.end and not team.virtual):
            raise ContestError(SUBMIT_BEFORE_START)
        practice = True
    elif now >= span.end or team.kind == TeamKind.OBSERVER:
        if not (contest.upsolving and now >= contest.end):
            raise ContestError(SUBMIT_AFTER_END if team.kind != TeamKind.OBSERVER else SUBMIT_OBSERVER)
        practice = True
    submission = submission_create(
        user=user,
        problem=contest_problem.problem,
        language_key=language_key,
        source=source,
        allow_hidden=True,
        priority=Priority.PRACTICE if practice else Priority.CONTEST,
    )
    entry = ContestSubmission.objects.create(
        contest=contest,
        team=team,
        contest_problem=contest_problem,
        submitted_at=now,
        contest_time_ms=contest_time_ms(span, now) if span is not None and not practice else 0,
        language=language_key,
        submission=submission,
        virtual=team.virtual,
        practice=practice,
    )
    if not practice:
        scoreboard_update_team(contest=contest, team_id=team.pk)
    return entry


def contest_submission_judged(submission_id: int) -> None:
    """The judge's hook: a submission reached a final verdict; copy it to its contest entry (if it has
    one) as a judgement, and update the team's board rows."""
    try:
        _judged(submission_id)
    except Exception:
        # Called after the verdict's commit, in the judging worker: a failure here must not take
        # the worker down; a full recompute puts the board right.
        log.exception("could not take the verdict of submission %s to its contest", submission_id)


@transaction.atomic
def _judged(submission_id: int) -> None:
    entry = ContestSubmission.objects.select_related("contest").filter(submission_id=submission_id).first()
    if entry is None:
        return
    submission = Submission.objects.select_related("problem").get(pk=submission_id)
    if not submission.verdict:
        return
    clics_id = VERDICT_TO_CLICS[Verdict(submission.verdict)]
    judgement = JudgementType.objects.filter(contest=entry.contest, clics_id=clics_id).first()
    if judgement is None:
        contest_seed_judgement_types(contest=entry.contest)
        judgement = JudgementType.objects.get(contest=entry.contest, clics_id=clics_id)
    subtasks = [
        g.score for g in submission_group_scores(submission=submission) if not g.name.startswith("sample")
    ]
    ContestSubmission.objects.filter(pk=entry.pk).update(
        judgement_type=judgement,
        score=submission.score,
        subtask_scores=subtasks,
        judged_at=submission.judged_at or timezone.now(),
    )
    if not entry.practice:
        scoreboard_update_team(contest=entry.contest, team_id=entry.team_id)


@transaction.atomic
def contest_rejudge(*, contest: Contest, contest_problem: ContestProblem | None = None) -> list[int]:
    """Judge a contest's submissions again; their cells show pending until the new verdicts."""
    entries = ContestSubmission.objects.filter(contest=contest, submission__isnull=False)
    if contest_problem is not None:
        entries = entries.filter(contest_problem=contest_problem)
    ids = [pk for pk in entries.values_list("submission_id", flat=True) if pk is not None]
    queued = submission_rejudge(submission_ids=ids)
    teams = set(
        ContestSubmission.objects.filter(submission_id__in=queued)
        .values_list("team_id", flat=True)
        .distinct()
    )
    ContestSubmission.objects.filter(submission_id__in=queued).update(judgement_type=None, judged_at=None)
    for team_id in sorted(teams):
        scoreboard_update_team(contest=contest, team_id=team_id)
    return queued
