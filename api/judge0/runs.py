"""The Judge0 job: compile once, run each submission of a group in the same sandbox, store the
results (each as soon as it is known), then wake a waiting client and call back."""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import requests
from django.utils import timezone

from api.judge0.params import command_line_arguments
from api.judge0.services import DEFAULT_FIELDS, DONE_KEY, DONE_TTL_S, QUEUE, judge0_render
from api.models import Judge0Status, Judge0Submission
from common.queues import get_queue
from common.sandboxing import sandbox_config
from sandbox.engine import Sandbox
from sandbox.languages import get_language
from sandbox.types import CompileResult, ExecResult, Limits, Outcome, SandboxError, SourceFile

log = logging.getLogger(__name__)

CALLBACK_TRIES = 3
CALLBACK_TIMEOUT_S = 5.0

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
        processes=submission.max_processes_and_or_threads,
    )


def _claim(submission_id: int) -> bool:
    return (
        Judge0Submission.objects.filter(pk=submission_id, status_id=Judge0Status.IN_QUEUE).update(
            status_id=Judge0Status.PROCESSING
        )
        == 1
    )


def _run(box: Sandbox, submission: Judge0Submission, compiled: CompileResult) -> dict[str, Any]:
    """Run one submission number_of_runs times in a compiled sandbox; the fields to store."""
    stdin = bytes(submission.stdin) if submission.stdin is not None else b""
    expected = bytes(submission.expected_output) if submission.expected_output is not None else None
    args = command_line_arguments(submission.command_line_arguments)
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
        # Judge0 averages over the runs.
        "time": sum(r.time_ms for r in results) / len(results) / 1000,
        "wall_time": sum(r.wall_ms for r in results) / len(results) / 1000,
        "memory": round(sum(r.memory_kb for r in results) / len(results)),
    }


def _execute(submissions: list[Judge0Submission]) -> Iterator[tuple[Judge0Submission, dict[str, Any]]]:
    """Compile the group's source once, then run each submission; yields each one's fields."""
    first = submissions[0]
    language = get_language(first.language_key)
    with Sandbox(language, _limits(first), sandbox_config()) as box:
        compiled = box.compile([SourceFile(language.source_name, bytes(first.source_code))])
        for submission in submissions:
            if not compiled.ok:
                failed = {"compile_output": compiled.output.encode(), "message": "Compilation failed"}
                yield submission, {"status_id": Judge0Status.COMPILATION_ERROR, **failed}
            else:
                yield submission, _run(box, submission, compiled)


def _store(submission: Judge0Submission, fields: dict[str, Any]) -> None:
    Judge0Submission.objects.filter(pk=submission.pk, status_id=Judge0Status.PROCESSING).update(
        finished_at=timezone.now(), **fields
    )


def judge0_run(submission_ids: list[int], notify: bool = False) -> None:
    """The job: run a group of Judge0 submissions that can share a sandbox (see
    services.sandbox_key); each is claimed first, so a duplicate job runs nothing twice."""
    claimed = [pk for pk in submission_ids if _claim(pk)]
    submissions = list(Judge0Submission.objects.filter(pk__in=claimed).order_by("id"))
    done: set[int] = set()

    def finished(submission: Judge0Submission, fields: dict[str, Any]) -> None:
        # A waiting client is woken as soon as its result is stored, before the sandbox is closed.
        _store(submission, fields)
        done.add(submission.pk)
        if notify:
            _notify(str(submission.token))

    try:
        if submissions:
            for submission, fields in _execute(submissions):
                finished(submission, fields)
    except SandboxError as exc:
        log.warning("judge0 submissions %s failed: %s", claimed, exc)
        for submission in submissions:
            if submission.pk not in done:
                finished(submission, {"status_id": Judge0Status.INTERNAL_ERROR, "message": "internal error"})
    for submission in submissions:
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


# A run still processing after this long lost its worker: the job's own timeout is 600 s.
LOST_AFTER_S = 900


def _queued_run_ids() -> set[int]:
    """Ids of the runs with a job waiting in the judge0 queue (reading it fetches every job)."""
    return {int(pk) for job in get_queue(QUEUE).jobs if job is not None and job.args for pk in job.args[0]}


def judge0_recover(*, queued_after_s: float = 60, lost_after_s: float = LOST_AFTER_S) -> list[int]:
    """Enqueue again the runs whose job was lost (Redis restarted empty); give the runs whose worker
    died while running them a final Internal Error (Judge0 does not retry either). Safe from every
    worker at once: the job's claim and these updates are conditional. Returns the ids re-enqueued."""
    now = timezone.now()
    Judge0Submission.objects.filter(
        status_id=Judge0Status.PROCESSING, created_at__lt=now - timedelta(seconds=lost_after_s)
    ).update(status_id=Judge0Status.INTERNAL_ERROR, message="internal error", finished_at=now)
    waiting = list(
        Judge0Submission.objects.filter(
            status_id=Judge0Status.IN_QUEUE, created_at__lt=now - timedelta(seconds=queued_after_s)
        ).values_list("pk", flat=True)
    )
    if not waiting:
        return []
    in_queue = _queued_run_ids()
    lost = [pk for pk in waiting if pk not in in_queue]
    for pk in lost:
        get_queue(QUEUE).enqueue(judge0_run, [pk], job_timeout=600, result_ttl=0, failure_ttl=3600)
    if lost:
        log.info("re-enqueued lost judge0 runs %s", lost)
    return lost
