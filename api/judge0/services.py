"""Writes and reads of Judge0-compatible submissions: create, render, run (the job) and notify."""

from __future__ import annotations

import base64
import logging
import signal
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from api.judge0.languages import judge0_language
from api.judge0.params import Judge0Request, command_line_arguments
from api.models import Judge0Status, Judge0Submission
from common.exceptions import ApplicationError
from common.queues import get_queue
from judge.sandboxing import sandbox_config
from sandbox.engine import Sandbox
from sandbox.languages import get_language
from sandbox.types import ExecResult, Limits, Outcome, SandboxError, SourceFile

log = logging.getLogger(__name__)

QUEUE = "judge0"
QUEUE_FULL = "queue is full"
NOT_UTF8 = (
    "some attributes for this submission cannot be converted to UTF-8, "
    "use base64_encoded=true query parameter"
)
DEFAULT_FIELDS = ("token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status")
# What `fields=*` returns: every attribute the Judge0 SDK's Submission knows (it refuses others).
ALL_FIELDS = (
    "source_code",
    "language_id",
    "stdin",
    "expected_output",
    "stdout",
    "status_id",
    "created_at",
    "finished_at",
    "time",
    "memory",
    "stderr",
    "token",
    "number_of_runs",
    "cpu_time_limit",
    "cpu_extra_time",
    "wall_time_limit",
    "memory_limit",
    "stack_limit",
    "max_processes_and_or_threads",
    "enable_per_process_and_thread_time_limit",
    "enable_per_process_and_thread_memory_limit",
    "max_file_size",
    "compile_output",
    "exit_code",
    "exit_signal",
    "message",
    "wall_time",
    "compiler_options",
    "command_line_arguments",
    "redirect_stderr_to_stdout",
    "callback_url",
    "additional_files",
    "enable_network",
    "status",
    "language",
)
BYTES_FIELDS = ("source_code", "stdin", "expected_output", "stdout", "stderr", "compile_output")
CALLBACK_TRIES = 3
CALLBACK_TIMEOUT_S = 5.0
DONE_KEY = "judge0:done:{token}"
DONE_TTL_S = 120


class QueueFull(ApplicationError):
    pass


class NotUtf8(ApplicationError):
    pass


def parse_fields(raw: str | None) -> tuple[str, ...]:
    """The `fields` parameter; raises ValueError naming the unknown fields."""
    if not raw:
        return DEFAULT_FIELDS
    if raw.strip() == "*":
        return ALL_FIELDS
    fields = tuple(f.strip() for f in raw.split(",") if f.strip())
    unknown = [f for f in fields if f not in ALL_FIELDS]
    if unknown:
        raise ValueError(f"invalid fields: [{', '.join(unknown)}]")
    return fields


def queue_has_room(extra: int = 1) -> bool:
    return get_queue(QUEUE).count + extra <= settings.JUDGE0_MAX_QUEUE_SIZE


def _new(user: User, request: Judge0Request) -> Judge0Submission:
    limits = request.limits
    return Judge0Submission(
        user=user,
        language_id=request.language.id,
        language_key=request.language.key,
        source_code=request.source_code,
        stdin=request.stdin,
        expected_output=request.expected_output,
        command_line_arguments=request.command_line_arguments,
        cpu_time_limit=limits["cpu_time_limit"],
        cpu_extra_time=limits["cpu_extra_time"],
        wall_time_limit=limits["wall_time_limit"],
        memory_limit=int(limits["memory_limit"]),
        stack_limit=int(limits["stack_limit"]),
        max_processes_and_or_threads=int(limits["max_processes_and_or_threads"]),
        max_file_size=int(limits["max_file_size"]),
        number_of_runs=int(limits["number_of_runs"]),
        redirect_stderr_to_stdout=request.redirect_stderr_to_stdout,
        callback_url=request.callback_url,
    )


@transaction.atomic
def judge0_submissions_create(
    *, user: User, requests_: list[Judge0Request], notify: bool = False
) -> list[Judge0Submission]:
    """Store the runs and queue them once committed; `notify` wakes a client waiting on the result."""
    if not queue_has_room(len(requests_)):
        raise QueueFull(QUEUE_FULL)
    created = Judge0Submission.objects.bulk_create([_new(user, request) for request in requests_])
    # SQLite and PostgreSQL both return the new ids from bulk_create.
    ids = [submission.pk for submission in created]
    transaction.on_commit(lambda: _enqueue(ids, notify))
    return created


def _enqueue(ids: list[int], notify: bool) -> None:
    queue = get_queue(QUEUE)
    for pk in ids:
        queue.enqueue(judge0_run, pk, notify, job_timeout=300, result_ttl=0, failure_ttl=3600)


def judge0_submission_get(*, user: User, token: str) -> Judge0Submission | None:
    """A run its owner (or staff) may read; None otherwise, as for an unknown token."""
    valid = _valid_uuids([token])
    return _visible(user).filter(token=valid[0]).first() if valid else None


def judge0_submissions_get(*, user: User, tokens: Iterable[str]) -> list[Judge0Submission | None]:
    tokens = list(tokens)
    found = {str(s.token): s for s in _visible(user).filter(token__in=_valid_uuids(tokens))}
    return [found.get(token) for token in tokens]


def _visible(user: User) -> QuerySet[Judge0Submission]:
    submissions = Judge0Submission.objects.all()
    return submissions if user.is_staff else submissions.filter(user=user)


def _valid_uuids(tokens: list[str]) -> list[str]:
    valid = []
    for token in tokens:
        try:
            valid.append(str(uuid.UUID(token)))
        except ValueError:
            continue
    return valid


# -- rendering -------------------------------------------------------------------------------------
def timestamp(moment: datetime | None) -> str | None:
    """`2024-04-18T12:00:00.123Z`: always milliseconds and Z, as Judge0 and its SDK expect."""
    if moment is None:
        return None
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _seconds(value: float | None) -> str | None:
    return None if value is None else f"{value:.3f}"


def _bytes(value: bytes | memoryview | None, base64_encoded: bool) -> str | None:
    if value is None:
        return None
    raw = bytes(value)
    if base64_encoded:
        # Like Ruby's encode64 (what Judge0 uses): lines of 60 characters, each ending in a newline.
        return base64.encodebytes(raw).decode()
    try:
        return raw.decode()
    except UnicodeDecodeError:
        raise NotUtf8(NOT_UTF8) from None


SECONDS_FIELDS = ("time", "wall_time", "cpu_time_limit", "cpu_extra_time", "wall_time_limit")
# Options we refuse when asked (or do not offer): always answered as off.
OFF_FIELDS = {
    "enable_per_process_and_thread_time_limit": False,
    "enable_per_process_and_thread_memory_limit": False,
    "enable_network": False,
    "compiler_options": None,
    "additional_files": None,
}


def _message(message: str | None, base64_encoded: bool) -> str | None:
    # Judge0 encodes `message` too (its SDK does not decode it).
    return base64.encodebytes(message.encode()).decode() if message and base64_encoded else message


def _value(submission: Judge0Submission, field: str, base64_encoded: bool) -> Any:
    if field in BYTES_FIELDS:
        return _bytes(getattr(submission, field), base64_encoded)
    if field in SECONDS_FIELDS:
        return _seconds(getattr(submission, field))
    if field in OFF_FIELDS:
        return OFF_FIELDS[field]
    if field == "message":
        return _message(submission.message, base64_encoded)
    if field == "status":
        status = Judge0Status(submission.status_id)
        return {"id": status.value, "description": status.label}
    if field == "language":
        language = judge0_language(submission.language_id)
        name = language.name if language else submission.language_key
        return {"id": submission.language_id, "name": name}
    if field in ("created_at", "finished_at"):
        return timestamp(getattr(submission, field))
    if field == "token":
        return str(submission.token)
    if field in ("callback_url", "command_line_arguments"):
        return getattr(submission, field) or None
    return getattr(submission, field)


def judge0_render(
    submission: Judge0Submission, fields: Iterable[str], *, base64_encoded: bool
) -> dict[str, Any]:
    """The submission as Judge0 shows it, limited to `fields`; raises NotUtf8 for output that only
    base64 can carry."""
    return {field: _value(submission, field, base64_encoded) for field in fields}


# -- running (the job) -----------------------------------------------------------------------------
SIGNAL_STATUSES = {
    signal.SIGSEGV: Judge0Status.SIGSEGV,
    signal.SIGXFSZ: Judge0Status.SIGXFSZ,
    signal.SIGFPE: Judge0Status.SIGFPE,
    signal.SIGABRT: Judge0Status.SIGABRT,
}


def outputs_match(stdout: bytes, expected: bytes) -> bool:
    """Judge0's comparison: trailing whitespace of each line and trailing blank lines do not count."""

    def lines(data: bytes) -> list[bytes]:
        stripped = [line.rstrip() for line in data.split(b"\n")]
        while stripped and not stripped[-1]:
            stripped.pop()
        return stripped

    return lines(stdout) == lines(expected)


def _signal_number(name: str | None) -> int | None:
    if not name:
        return None
    try:
        return int(signal.Signals[name])
    except KeyError:
        return None


def run_status(
    result: ExecResult, *, cpu_time_limit_s: float, expected: bytes | None
) -> tuple[Judge0Status, str | None]:
    """The Judge0 status and message of one run, as Judge0 derives them from isolate's report."""
    signal_number = _signal_number(result.signal)
    if result.outcome is Outcome.TLE or result.time_ms > cpu_time_limit_s * 1000:
        return Judge0Status.TIME_LIMIT_EXCEEDED, "Time limit exceeded"
    if result.outcome is Outcome.FAILED:
        return Judge0Status.INTERNAL_ERROR, result.reason or "internal error"
    if result.outcome is Outcome.OLE:
        return Judge0Status.SIGXFSZ, "Output limit exceeded"
    if result.outcome is Outcome.MLE:
        # Judge0 has no memory verdict: isolate reports the killed program as a signal.
        return Judge0Status.RUNTIME_OTHER, "Memory limit exceeded"
    if signal_number is not None:
        status = SIGNAL_STATUSES.get(signal.Signals(signal_number), Judge0Status.RUNTIME_OTHER)
        return status, f"Caught fatal signal {signal_number}"
    if result.outcome is Outcome.RTE or result.exit_code:
        return Judge0Status.NZEC, f"Exited with error status {result.exit_code}"
    if expected is not None and not outputs_match(result.stdout, expected):
        return Judge0Status.WRONG_ANSWER, None
    return Judge0Status.ACCEPTED, None


def _limits(submission: Judge0Submission) -> Limits:
    cpu_ms = round((submission.cpu_time_limit + submission.cpu_extra_time) * 1000)
    return Limits(
        time_ms=max(10, cpu_ms),
        memory_kb=submission.memory_limit,
        output_bytes=submission.max_file_size * 1024,
        wall_ms=max(100, round(submission.wall_time_limit * 1000)),
        stack_kb=submission.stack_limit or None,
    )


def _claim(submission_id: int) -> bool:
    return (
        Judge0Submission.objects.filter(pk=submission_id, status_id=Judge0Status.IN_QUEUE).update(
            status_id=Judge0Status.PROCESSING
        )
        == 1
    )


def _execute(submission: Judge0Submission) -> dict[str, Any]:
    """Compile once, run number_of_runs times; the fields to store."""
    language = get_language(submission.language_key)
    stdin = bytes(submission.stdin) if submission.stdin is not None else b""
    expected = bytes(submission.expected_output) if submission.expected_output is not None else None
    args = command_line_arguments(submission.command_line_arguments)
    with Sandbox(language, _limits(submission), sandbox_config()) as box:
        compiled = box.compile([SourceFile(language.source_name, bytes(submission.source_code))])
        if not compiled.ok:
            return {
                "status_id": Judge0Status.COMPILATION_ERROR,
                "compile_output": compiled.output.encode(),
                "message": "Compilation failed",
            }
        results: list[ExecResult] = []
        status, message = Judge0Status.ACCEPTED, None
        for _ in range(submission.number_of_runs):
            results.append(box.run(stdin, args=args))
            status, message = run_status(
                results[-1], cpu_time_limit_s=submission.cpu_time_limit, expected=expected
            )
            if status is not Judge0Status.ACCEPTED:
                break
    last = results[-1]
    stdout, stderr = last.stdout, last.stderr
    if submission.redirect_stderr_to_stdout:
        stdout, stderr = stdout + stderr, b""
    return {
        "status_id": status,
        "message": message,
        "stdout": stdout,
        "stderr": stderr,
        "compile_output": compiled.output.encode() if compiled.output else None,
        "exit_code": last.exit_code if last.signal is None else None,
        "exit_signal": _signal_number(last.signal),
        "time": sum(r.time_ms for r in results) / len(results) / 1000,
        "wall_time": sum(r.wall_ms for r in results) / len(results) / 1000,
        "memory": round(sum(r.memory_kb for r in results) / len(results)),
    }


def judge0_run(submission_id: int, notify: bool = False) -> None:
    """The job: run one Judge0 submission and store its result (once: the claim is conditional)."""
    if not _claim(submission_id):
        return
    submission = Judge0Submission.objects.get(pk=submission_id)
    try:
        fields = _execute(submission)
    except SandboxError as exc:
        log.warning("judge0 submission %s failed: %s", submission_id, exc)
        fields = {"status_id": Judge0Status.INTERNAL_ERROR, "message": "internal error"}
    Judge0Submission.objects.filter(pk=submission_id, status_id=Judge0Status.PROCESSING).update(
        finished_at=timezone.now(), **fields
    )
    if notify:
        _notify(str(submission.token))
    if submission.callback_url:
        submission.refresh_from_db()
        _callback(submission)


def _notify(token: str) -> None:
    connection = get_queue(QUEUE).connection
    key = DONE_KEY.format(token=token)
    with connection.pipeline() as pipe:
        pipe.rpush(key, b"1")
        pipe.expire(key, DONE_TTL_S)
        pipe.execute()


def _callback(submission: Judge0Submission) -> None:
    """PUT the default fields (base64) to the allow-listed callback URL: 3 tries, 5 s each."""
    body = judge0_render(submission, DEFAULT_FIELDS, base64_encoded=True)
    for attempt in range(1, CALLBACK_TRIES + 1):
        try:
            response = requests.put(submission.callback_url, json=body, timeout=CALLBACK_TIMEOUT_S)
            if response.status_code < 500:
                return
        except requests.RequestException:
            log.info("callback of %s failed (try %s)", submission.token, attempt)
