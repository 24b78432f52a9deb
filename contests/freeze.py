"""After the end: unfreezing all at once, revealing one cell at a time in the ICPC resolver's order,
and finalizing. Each status change is a conditional update on the contest row."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from contests.board import board_context
from contests.judgements import JUDGING_ERROR_IDS
from contests.models import Contest, ContestSubmission, ScoreboardRow
from contests.scoreboard import scoreboard_recompute, scoreboard_update_team
from contests.services import ContestError

FREEZE_NOT_ENDED = "The contest has not ended yet."
FREEZE_THAWED = "The scoreboard is unfrozen already."
FINALIZE_UNJUDGED = "{count} submissions are not judged yet, or were judged with an error: finalize refused."
FINALIZE_DONE = "The contest is finalized already."


def _ended(contest: Contest, now: datetime) -> None:
    if now < contest.end:
        raise ContestError(FREEZE_NOT_ENDED)


@transaction.atomic
def contest_unfreeze(*, contest: Contest, now: datetime | None = None) -> None:
    """Show every result on the public board at once."""
    now = now or timezone.now()
    _ended(contest, now)
    if not Contest.objects.filter(pk=contest.pk, thawed_at__isnull=True).update(thawed_at=now):
        raise ContestError(FREEZE_THAWED)
    contest.thawed_at = now
    scoreboard_recompute(contest=contest)


def _frozen_cell(contest: Contest, team_id: int, problem_id: int, freeze_ms: int | None) -> Q | None:
    """The judged, unrevealed, frozen attempts of one cell, if there are any."""
    if freeze_ms is None:
        return None
    query = Q(
        contest=contest,
        team_id=team_id,
        contest_problem_id=problem_id,
        practice=False,
        revealed=False,
        judgement_type__isnull=False,
        contest_time_ms__gte=freeze_ms,
    )
    return query if ContestSubmission.objects.filter(query).exists() else None


@transaction.atomic
def contest_reveal_step(*, contest: Contest, now: datetime | None = None) -> bool:
    """Reveal one pending cell: the lowest-ranked team's with one, its leftmost. When none is left the
    contest is thawed. Returns whether a cell was revealed."""
    now = now or timezone.now()
    _ended(contest, now)
    if contest.thawed_at is not None:
        raise ContestError(FREEZE_THAWED)
    ctx = board_context(contest)
    problems = [p.id for p in ctx.problems]
    rows = ScoreboardRow.objects.filter(contest=contest, jury=False).order_by(
        "score", "-penalty", "-tiebreak", "-team_id"
    )
    for team_id, cells in rows.values_list("team_id", "cells"):
        info = ctx.teams.get(team_id)
        if info is None:
            continue
        for problem_id, cell in zip(problems, cells, strict=False):
            if not cell[1]:  # nothing pending in this cell
                continue
            query = _frozen_cell(contest, team_id, problem_id, info.freeze_ms)
            if query is None:
                continue
            ContestSubmission.objects.filter(query).update(revealed=True)
            scoreboard_update_team(contest=contest, team_id=team_id)
            return True
    if Contest.objects.filter(pk=contest.pk, thawed_at__isnull=True).update(thawed_at=now):
        contest.thawed_at = now
        scoreboard_recompute(contest=contest)
    return False


def unfinished_count(contest: Contest) -> int:
    return (
        ContestSubmission.objects.filter(contest=contest, practice=False)
        .filter(Q(judgement_type__isnull=True) | Q(judgement_type__clics_id__in=JUDGING_ERROR_IDS))
        .count()
    )


@transaction.atomic
def contest_finalize(*, contest: Contest, now: datetime | None = None) -> None:
    """Results are final: refused while submissions are unjudged or judged with an error. Thaws the
    board if it still was frozen."""
    now = now or timezone.now()
    _ended(contest, now)
    count = unfinished_count(contest)
    if count:
        raise ContestError(FINALIZE_UNJUDGED.format(count=count))
    if not Contest.objects.filter(pk=contest.pk, finalized_at__isnull=True).update(finalized_at=now):
        raise ContestError(FINALIZE_DONE)
    contest.finalized_at = now
    if Contest.objects.filter(pk=contest.pk, thawed_at__isnull=True).update(thawed_at=now):
        contest.thawed_at = now
        scoreboard_recompute(contest=contest)
