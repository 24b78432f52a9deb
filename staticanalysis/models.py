from __future__ import annotations

from django.db import models

from judge.models import Submission
from problems.models import Problem


class ScreeningPolicy(models.Model):
    """How a problem's submissions are screened, and what its setters forbid."""

    class Mode(models.TextChoices):
        OFF = "off", "Off"
        REPORT = "report", "Report only"
        BLOCK = "block", "Block on block-severity findings"

    problem = models.OneToOneField(Problem, on_delete=models.CASCADE, related_name="screening_policy")
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.BLOCK)
    show_to_contestant = models.BooleanField(
        default=False, help_text="Show findings on the contestant's page"
    )
    override_finished = models.BooleanField(
        default=False, help_text="A blocking finding also turns an already finished judgement into SV"
    )
    # {"py3": ["sorted"], "cpp17": ["sort"]}: keyed by language key or family.
    banned_imports = models.JSONField(default=dict, blank=True)
    banned_calls = models.JSONField(default=dict, blank=True)
    banned_identifiers = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "screening policies"

    def __str__(self) -> str:
        return f"{self.problem.slug}: {self.get_mode_display()}"


class Screening(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="screening")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    analysed = models.BooleanField(default=False)
    blocked = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"screening of #{self.submission_id}"


class Finding(models.Model):
    class Severity(models.TextChoices):
        INFO = "info", "Info"
        WARN = "warn", "Warning"
        BLOCK = "block", "Block"

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(max_length=100)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    line = models.PositiveIntegerField()
    column = models.PositiveIntegerField()
    snippet = models.CharField(max_length=200, blank=True)
    message = models.CharField(max_length=500)

    class Meta:
        ordering = ["screening", "line", "column"]

    def __str__(self) -> str:
        return f"{self.rule} at {self.line}:{self.column}"
