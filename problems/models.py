from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from grading.checking.checkers import CheckerKind
from grading.checking.default_validator import parse_validator_flags


class Validation(models.TextChoices):
    DEFAULT = "default", "Default validator"
    CUSTOM = "custom", "Custom output validator"
    INTERACTIVE = "interactive", "Interactive validator"


def check_flags(validation: str, flags: str) -> None:
    """The default validator's flags must parse; custom validators take any arguments."""
    if validation != Validation.DEFAULT:
        return
    try:
        parse_validator_flags(flags)
    except ValueError as exc:
        raise ValidationError({"validator_flags": str(exc)}) from exc


# In Problem.package_metadata: true for a submit-answer problem (its submissions are answer files).
SUBMIT_ANSWER_KEY = "submit_answer"


class ProblemType(models.TextChoices):
    PASS_FAIL = "pass-fail", "Pass-fail"
    SCORING = "scoring", "Scoring"


class Tag(models.Model):
    """A topic a problem is about (`graphs`, `dp`): the problem list filters by it."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Difficulty(models.IntegerChoices):
    EASY = 1, "Easy"
    MEDIUM = 2, "Medium"
    HARD = 3, "Hard"


class Problem(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    statement = models.TextField(help_text="Markdown")
    time_limit_ms = models.PositiveIntegerField(default=2000, validators=[MinValueValidator(50)])
    memory_limit_kb = models.PositiveIntegerField(default=256 * 1024, validators=[MinValueValidator(4096)])
    output_limit_kb = models.PositiveIntegerField(default=64 * 1024, validators=[MinValueValidator(1)])
    is_visible = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    problem_type = models.CharField(max_length=16, choices=ProblemType.choices, default=ProblemType.PASS_FAIL)
    validation = models.CharField(max_length=16, choices=Validation.choices, default=Validation.DEFAULT)
    # How a custom output validator is called and read (grading.checking.checkers); packages are Kattis.
    checker_kind = models.CharField(
        max_length=16, choices=[(k.value, k.label) for k in CheckerKind], default=CheckerKind.KATTIS.value
    )
    # Contestants see the validator's teammessage.txt of the first failing test; staff always see
    # its judgemessage.txt, which may quote hidden answers.
    show_team_message = models.BooleanField(default=False)
    # Flags for the output validator (Kattis `validator_flags`), used for tests outside any group.
    validator_flags = models.CharField(max_length=500, blank=True, default="")
    # `problem_format_version` of the package this problem was imported from; empty if authored here.
    source_package_format = models.CharField(max_length=32, blank=True, default="")
    # Package metadata kept for export: uuid, credits/author, source, license, rights owner, keywords.
    package_metadata = models.JSONField(default=dict, blank=True)
    # Shown on the problem page; an author sees their hidden problem and its submissions
    # (problems/permissions.py).
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="authored_problems")
    tags = models.ManyToManyField(Tag, blank=True, related_name="problems")
    # None: not rated yet (listed last when sorting by difficulty).
    difficulty = models.PositiveSmallIntegerField(choices=Difficulty.choices, null=True, blank=True)

    class Meta:
        ordering = ["slug"]
        permissions = [("view_hidden_problem", "Can see every hidden problem and submit to it")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_flags(self.validation, self.validator_flags)


class Aggregation(models.TextChoices):
    PASS_FAIL = "pass-fail", "Pass-fail"
    SUM = "sum", "Sum of test scores"
    MIN = "min", "All or nothing"


class TestGroup(models.Model):
    """A Kattis test data group: `sample`, `secret`, or `secret/<name>`, judged in `order`."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="test_groups")
    name = models.CharField(max_length=200)
    order = models.PositiveIntegerField()
    is_sample = models.BooleanField(default=False)
    # Maximum score of the group on scoring problems; None means unbounded or not scored.
    points = models.FloatField(null=True, blank=True)
    aggregation = models.CharField(max_length=16, choices=Aggregation.choices, default=Aggregation.PASS_FAIL)
    # Complete output validator flags for this group's tests (problem flags included).
    validator_flags = models.CharField(max_length=500, blank=True, default="")
    # Arguments for the input validators: a list for all of them, or a map from validator name.
    input_validator_args = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["problem", "order"]
        constraints = [
            models.UniqueConstraint(fields=["problem", "name"], name="unique_test_group_name"),
            models.UniqueConstraint(fields=["problem", "order"], name="unique_test_group_order"),
        ]

    def __str__(self) -> str:
        return f"{self.problem.slug} {self.name}"

    def clean(self) -> None:
        if self.problem_id is not None:
            check_flags(self.problem.validation, self.validator_flags)


class TestCase(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="test_cases")
    order = models.PositiveIntegerField()
    # SHA-256 of the files in problems.storage.
    input_sha256 = models.CharField(max_length=64)
    answer_sha256 = models.CharField(max_length=64)
    is_sample = models.BooleanField(default=False)
    group = models.ForeignKey(
        TestGroup, on_delete=models.CASCADE, related_name="test_cases", null=True, blank=True
    )
    # Path below `data/` without extension, as in a Kattis package (`secret/group1/03`).
    name = models.CharField(max_length=300, blank=True, default="")
    # The submission's command-line arguments on this test, and the output validator's in place of
    # its group's flags (null: the group's); from the package's test data configuration.
    args = models.JSONField(default=list, blank=True)
    validator_args = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["problem", "order"]
        constraints = [models.UniqueConstraint(fields=["problem", "order"], name="unique_test_order")]

    def __str__(self) -> str:
        return f"{self.problem.slug} #{self.order}"


class ProblemFile(models.Model):
    """A package file the judge needs later (validator sources) or shows (attachments, images)."""

    class Kind(models.TextChoices):
        OUTPUT_VALIDATOR = "output_validator", "Output validator"
        INPUT_VALIDATOR = "input_validator", "Input validator"
        ATTACHMENT = "attachment", "Attachment"
        STATEMENT = "statement", "Statement file"
        INCLUDE = "include", "Included code"

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # Path inside the package, e.g. `output_validators/checker/validate.cpp`.
    path = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["problem", "kind", "path"]
        constraints = [models.UniqueConstraint(fields=["problem", "path"], name="unique_problem_file_path")]

    def __str__(self) -> str:
        return f"{self.problem.slug} {self.path}"


class ProblemSubmission(models.Model):
    """A jury submission from a package's `submissions/<verdict_folder>/`, kept for verifyproblem."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="package_submissions")
    verdict_folder = models.CharField(max_length=64)
    # Relative to the verdict folder; `dir/file` for files of a multi-file submission.
    filename = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["problem", "verdict_folder", "filename"]
        constraints = [
            models.UniqueConstraint(
                fields=["problem", "verdict_folder", "filename"], name="unique_problem_submission_file"
            )
        ]

    def __str__(self) -> str:
        return f"{self.problem.slug} {self.verdict_folder}/{self.filename}"


class VerificationRun(models.Model):
    """One run of verifyproblem on a stored problem, requested from the admin and done by a worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="verification_runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # VerifyReport as JSON: problem, time_limit_ms, time_limit, ok, submissions (VerifyRow.as_json).
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.problem.slug} verification #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
