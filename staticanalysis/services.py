"""Writes of the screening app: analyse a submission, store the findings, block it if policy says so."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from redis.exceptions import RedisError

from common.queues import JobKind, QueueName, enqueue, queued_ids
from judge.models import Submission
from judge.services import submission_block
from staticanalysis.engine import analyze
from staticanalysis.model import AnalysisReport
from staticanalysis.model import Severity as RuleSeverity
from staticanalysis.models import Finding, Screening, ScreeningPolicy
from staticanalysis.policy import decide
from staticanalysis.selectors import screening_policy_for

log = logging.getLogger(__name__)

SCREENING_BLOCKED = "Blocked by screening: {message} (line {line})."


def enqueue_screening(submission_id: int) -> None:
    """Screen a new submission on the screening queue (judge calls this once the submission is
    committed: a hook registered in StaticanalysisConfig.ready)."""
    try:
        enqueue(JobKind.SCREEN_SUBMISSION, QueueName.SCREENING, submission_id)
    except RedisError:
        log.warning(
            "could not enqueue submission %s for screening; recovery will", submission_id, exc_info=True
        )


@transaction.atomic
def _store(submission: Submission, report: AnalysisReport, blocked: bool) -> Screening:
    screening, _ = Screening.objects.update_or_create(
        submission=submission,
        defaults={
            "status": Screening.Status.DONE,
            "analysed": report.analysed,
            "blocked": blocked,
            "note": report.note[:200],
            "finished_at": timezone.now(),
        },
    )
    screening.findings.all().delete()
    Finding.objects.bulk_create(
        Finding(
            screening=screening,
            rule=f.rule,
            severity=f.severity.value,
            line=f.line,
            column=f.column,
            snippet=f.snippet[:200],
            message=f.message[:500],
        )
        for f in report.findings
    )
    return screening


def screening_run(*, submission_id: int) -> Screening | None:
    """Screen a submission; None when it no longer exists (deleted while its job waited)."""
    submission = Submission.objects.select_related("language").filter(pk=submission_id).first()
    if submission is None:
        return None
    policy = screening_policy_for(problem_id=submission.problem_id)
    report = analyze(submission.language.key, submission.source, policy)
    blocked = report.analysed and decide(report, policy)
    screening = _store(submission, report, blocked)
    if blocked:
        first = next(f for f in report.findings if f.severity is RuleSeverity.BLOCK)
        row = ScreeningPolicy.objects.filter(problem_id=submission.problem_id).first()
        submission_block(
            submission_id=submission.pk,
            message=SCREENING_BLOCKED.format(message=first.message, line=first.line),
            override_finished=bool(row and row.override_finished),
        )
    return screening


def screening_recover(*, older_than_s: float = 30, window_hours: float = 24) -> list[int]:
    """Re-enqueue screening for recent submissions that have none (their job was lost)."""
    now = timezone.now()
    missing = list(
        Submission.objects.filter(
            screening__isnull=True,
            created_at__lt=now - timedelta(seconds=older_than_s),
            created_at__gt=now - timedelta(hours=window_hours),
        ).values_list("pk", flat=True)
    )
    if not missing:
        return []  # reading the queue fetches every job in it
    waiting = queued_ids(JobKind.SCREEN_SUBMISSION, QueueName.SCREENING)
    recovered = [pk for pk in missing if pk not in waiting]
    for pk in recovered:
        enqueue_screening(pk)
    return recovered
