from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.db import models

from grading.verdicts import Verdict
from problems.models import Problem, TestCase


class Status(StrEnum):
    """Where a submission is in its judging: defined once, used by the conditional updates."""

    QUEUED = "queued"
    JUDGING = "judging"
    DONE = "done"


VERDICT_CHOICES = [(v.value, v.label) for v in Verdict]
STATUS_CHOICES = [(s.value, s.value.capitalize()) for s in Status]


class Language(models.Model):
    """A language offered to contestants; mirrors an entry of the sandbox's language registry."""

    key = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    version = models.CharField(max_length=200, blank=True)
    is_enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Submission(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions")
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="submissions")
    language = models.ForeignKey(Language, on_delete=models.PROTECT)
    source = models.TextField()
    status = models.CharField(
        max_length=16, choices=STATUS_CHOICES, default=Status.QUEUED.value, db_index=True
    )
    verdict = models.CharField(max_length=4, choices=VERDICT_CHOICES, blank=True)
    score = models.FloatField(default=0)
    max_time_ms = models.PositiveIntegerField(null=True, blank=True)
    max_memory_kb = models.PositiveIntegerField(null=True, blank=True)
    compile_output = models.TextField(blank=True)
    # Shown to the contestant with the verdict, e.g. why screening blocked the submission.
    feedback = models.TextField(blank=True)
    # Why judging failed (IE): for staff, never shown to the contestant.
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # Refreshed by the judging worker after every test; a stale one means the worker died (a lease).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # After an infrastructure failure: not to be retried before this (back-off).
    retry_at = models.DateTimeField(null=True, blank=True)
    # A final IE caused by the infrastructure (Docker down...): judged again once it is healthy.
    infra_error = models.BooleanField(default=False)
    infra_rejudges = models.PositiveIntegerField(default=0)
    # The judge queue it goes to (judge.queueing.Priority's values): recovery re-enqueues it there.
    priority = models.CharField(max_length=16, default="judge")
    # When fair dispatch put it on its queue; empty while it is held back (judge/fairness.py).
    dispatched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    judged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        # The figures of the problem pages (acceptance, verdicts) and of the problem list and profile
        # (solved and tried marks) read these indexes, not the rows.
        indexes = [
            models.Index(fields=["problem", "status", "verdict"], name="submission_problem_stats"),
            models.Index(fields=["user", "problem", "verdict"], name="submission_user_stats"),
        ]
        permissions = [
            ("view_all_submissions", "Can see every submission, its source and results"),
            ("view_judging_details", "Can see checker messages and judging errors"),
            ("rejudge_submission", "Can rejudge submissions"),
            ("view_live_queue", "Can watch every submission's live events"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.problem.slug} {self.verdict or self.status}"

    @property
    def verdict_label(self) -> str:
        return Verdict(self.verdict).label if self.verdict else self.get_status_display()


class TestResult(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="results")
    test_case = models.ForeignKey(TestCase, on_delete=models.SET_NULL, null=True, blank=True)
    index = models.PositiveIntegerField()
    verdict = models.CharField(max_length=4, choices=VERDICT_CHOICES)
    time_ms = models.PositiveIntegerField(default=0)
    memory_kb = models.PositiveIntegerField(default=0)
    exit_code = models.IntegerField(null=True, blank=True)
    signal = models.CharField(max_length=16, blank=True)
    # Checker feedback: may quote hidden answers, so staff only.
    message = models.TextField(blank=True)
    # What the program printed, kept only for failed sample tests (their data is public): the
    # submission page shows it beside the sample's input and answer. Never for hidden tests.
    output = models.TextField(blank=True)

    class Meta:
        ordering = ["submission", "index"]
        constraints = [models.UniqueConstraint(fields=["submission", "index"], name="unique_result_index")]

    def __str__(self) -> str:
        return f"#{self.submission_id} test {self.index}: {self.verdict}"

    @property
    def verdict_label(self) -> str:
        return Verdict(self.verdict).label
