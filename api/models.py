"""API tokens and Judge0-compatible runs.

A token's key is shown once, at creation; only its SHA-256 is stored (keys are long random strings,
so a fast hash is enough to make a leaked table useless).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class TokenScope(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write"


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=8, choices=TokenScope.choices, default=TokenScope.WRITE)
    key_hash = models.CharField(max_length=64, unique=True)
    # The key's first characters, so that a user can tell their tokens apart.
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE


class Judge0Status(models.IntegerChoices):
    IN_QUEUE = 1, "In Queue"
    PROCESSING = 2, "Processing"
    ACCEPTED = 3, "Accepted"
    WRONG_ANSWER = 4, "Wrong Answer"
    TIME_LIMIT_EXCEEDED = 5, "Time Limit Exceeded"
    COMPILATION_ERROR = 6, "Compilation Error"
    SIGSEGV = 7, "Runtime Error (SIGSEGV)"
    SIGXFSZ = 8, "Runtime Error (SIGXFSZ)"
    SIGFPE = 9, "Runtime Error (SIGFPE)"
    SIGABRT = 10, "Runtime Error (SIGABRT)"
    NZEC = 11, "Runtime Error (NZEC)"
    RUNTIME_OTHER = 12, "Runtime Error (Other)"
    INTERNAL_ERROR = 13, "Internal Error"
    EXEC_FORMAT_ERROR = 14, "Exec Format Error"


class Judge0Submission(models.Model):
    """One run through the Judge0-compatible API: a source on one stdin, with its own limits."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judge0_submissions"
    )
    language_id = models.PositiveIntegerField()
    # Our language (sandbox registry key) that language_id maps onto.
    language_key = models.CharField(max_length=32)
    # Bytes: base64 requests may carry anything, and Judge0 hands back exactly what it got.
    source_code = models.BinaryField()
    stdin = models.BinaryField(null=True, blank=True)
    expected_output = models.BinaryField(null=True, blank=True)
    command_line_arguments = models.CharField(max_length=512, blank=True, default="")
    cpu_time_limit = models.FloatField()
    cpu_extra_time = models.FloatField()
    wall_time_limit = models.FloatField()
    memory_limit = models.PositiveIntegerField()
    stack_limit = models.PositiveIntegerField()
    max_processes_and_or_threads = models.PositiveIntegerField()
    max_file_size = models.PositiveIntegerField()
    number_of_runs = models.PositiveIntegerField(default=1)
    redirect_stderr_to_stdout = models.BooleanField(default=False)
    callback_url = models.CharField(max_length=1000, blank=True, default="")
    status_id = models.PositiveSmallIntegerField(
        choices=Judge0Status.choices, default=Judge0Status.IN_QUEUE, db_index=True
    )
    stdout = models.BinaryField(null=True, blank=True)
    stderr = models.BinaryField(null=True, blank=True)
    compile_output = models.BinaryField(null=True, blank=True)
    # Judge0 answers null, not "", when there is no message.
    message = models.TextField(null=True, blank=True)  # noqa: DJ001
    exit_code = models.IntegerField(null=True, blank=True)
    exit_signal = models.IntegerField(null=True, blank=True)
    time = models.FloatField(null=True, blank=True)
    wall_time = models.FloatField(null=True, blank=True)
    memory = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.token} {self.get_status_id_display()}"
