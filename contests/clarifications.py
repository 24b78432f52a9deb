"""Clarifications and announcements: writes, each pushed live once committed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from contests import events
from contests.models import Clarification, ClarificationRead, Contest, ContestProblem, Team
from contests.services import ContestError

CLARIFICATION_EMPTY = "Write your question."
CLARIFICATION_TOO_LONG = "Keep it under 4,000 characters."
CLARIFICATION_NOT_QUESTION = "Only a team's question can be answered."
CLARIFICATION_NOT_REGISTERED = "Register for the contest to ask."
MAX_TEXT = 4000


def clarification_event(clarification: Clarification) -> dict[str, Any]:
    """What viewers are told: enough to fetch it, never the text of someone else's question."""
    return {
        "kind": "clarification",
        "id": clarification.pk,
        "from_jury": clarification.from_team_id is None,
        "to_all": clarification.to_all,
        "reply_to": clarification.reply_to_id,
    }


def _text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ContestError(CLARIFICATION_EMPTY)
    if len(text) > MAX_TEXT:
        raise ContestError(CLARIFICATION_TOO_LONG)
    return text


def _problem(contest: Contest, problem: ContestProblem | None) -> ContestProblem | None:
    return problem if problem is not None and problem.contest_id == contest.pk else None


@transaction.atomic
def clarification_ask(
    *, contest: Contest, team: Team, user: User, text: str, problem: ContestProblem | None = None
) -> Clarification:
    question = Clarification.objects.create(
        contest=contest,
        from_team=team,
        problem=_problem(contest, problem),
        text=_text(text),
        created_at=timezone.now(),
        author=user,
    )
    ClarificationRead.objects.create(clarification=question, user=user)
    events.clarification_on_commit(
        contest.pk, team_id=team.pk, to_all=False, event=clarification_event(question)
    )
    return question


@transaction.atomic
def clarification_answer(
    *, question: Clarification, user: User, text: str, to_all: bool = False
) -> Clarification:
    """The jury's answer: to the team that asked, or to everyone."""
    if question.from_team_id is None:
        raise ContestError(CLARIFICATION_NOT_QUESTION)
    answer = Clarification.objects.create(
        contest_id=question.contest_id,
        to_team_id=None if to_all else question.from_team_id,
        to_all=to_all,
        problem=question.problem,
        reply_to=question,
        text=_text(text),
        created_at=timezone.now(),
        author=user,
    )
    Clarification.objects.filter(pk=question.pk).update(answered=True)
    ClarificationRead.objects.create(clarification=answer, user=user)
    events.clarification_on_commit(
        question.contest_id, team_id=question.from_team_id, to_all=to_all, event=clarification_event(answer)
    )
    return answer


@transaction.atomic
def announcement_post(
    *,
    contest: Contest,
    user: User,
    text: str,
    problem: ContestProblem | None = None,
    at: datetime | None = None,
) -> Clarification:
    announcement = Clarification.objects.create(
        contest=contest,
        to_all=True,
        problem=_problem(contest, problem),
        text=_text(text),
        created_at=at or timezone.now(),
        author=user,
    )
    events.clarification_on_commit(
        contest.pk, team_id=None, to_all=True, event=clarification_event(announcement)
    )
    return announcement


def clarifications_mark_read(*, user: User, clarification_ids: list[int]) -> None:
    ClarificationRead.objects.bulk_create(
        [ClarificationRead(clarification_id=pk, user=user) for pk in clarification_ids], ignore_conflicts=True
    )
