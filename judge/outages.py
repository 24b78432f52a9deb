"""Submissions that ended IE because the judging infrastructure was down are judged again once it
answers: a recovery step of every worker (judge/apps.py)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from common.sandboxing import engine_healthy
from grading.verdicts import Verdict
from judge.models import Status, Submission
from judge.services import INFRA_REJUDGES, submission_rejudge


def submission_rejudge_after_outage(*, engine_healthy: bool, window_hours: float = 24) -> list[int]:
    """Judge again the recent submissions that ended IE because the infrastructure was down, once
    the engine answers again; at most INFRA_REJUDGES times each, so a lasting fault cannot loop."""
    if not engine_healthy:
        return []
    ids = list(
        Submission.objects.filter(
            status=Status.DONE,
            verdict=Verdict.IE.value,
            infra_error=True,
            infra_rejudges__lt=INFRA_REJUDGES,
            judged_at__gt=timezone.now() - timedelta(hours=window_hours),
        ).values_list("pk", flat=True)
    )
    Submission.objects.filter(pk__in=ids).update(infra_rejudges=F("infra_rejudges") + 1)
    return submission_rejudge(submission_ids=ids)


def rejudge_after_outage_if_healthy() -> list[int]:
    """The workers' recovery step: submission_rejudge_after_outage, once the engine answers."""
    return submission_rejudge_after_outage(engine_healthy=engine_healthy())
