"""Runs on custom input: compile and run a source on stdin the user gives, with no hidden tests.

The web process never talks to Docker: a run is a job on the judge workers, and its result lives in
Redis for a short while, readable only by the user who asked for it.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from common.exceptions import ApplicationError
from common.queues import QueueName, get_queue
from common.sandboxing import sandbox_config
from grading.checking.checkers import OUTCOME_VERDICTS
from grading.verdicts import Verdict
from judge.fairness import COMPILE_COST_S, admission_refusal
from judge.models import Language
from sandbox.engine import Sandbox
from sandbox.languages import get_language
from sandbox.languages.programs import ProgramError, prepare_program
from sandbox.types import Limits, Outcome, SourceFile

RUN_QUEUE = QueueName.JUDGE_RUN
MAX_STDIN_BYTES = 1 << 20
SHOWN_OUTPUT_BYTES = 64 * 1024
RESULT_TTL_S = 600
RUN_LIMITS = Limits(time_ms=2000, memory_kb=256 * 1024, output_bytes=1 << 20)
RUN_UNKNOWN_LANGUAGE = "Unknown or disabled language."
RUN_EMPTY_SOURCE = "The source is empty."
RUN_SOURCE_TOO_LARGE = "The source is larger than {limit} KiB."
RUN_STDIN_TOO_LARGE = "The input is larger than 1 MiB."
RUN_JOB_TIMEOUT_S = 120
# Worst-case worker seconds of a run, against the user's judging-time budget (judge/fairness.py).
RUN_COST_S = COMPILE_COST_S + RUN_LIMITS.time_ms / 1000


class RunRejected(ApplicationError):
    pass


def custom_run_enqueue(*, user: User, language_key: str, source: str, stdin: str) -> str:
    if not source.strip():
        raise RunRejected(RUN_EMPTY_SOURCE)
    if len(source.encode()) > settings.SUBMISSION_MAX_SOURCE_BYTES:
        raise RunRejected(RUN_SOURCE_TOO_LARGE.format(limit=settings.SUBMISSION_MAX_SOURCE_BYTES // 1024))
    if len(stdin.encode()) > MAX_STDIN_BYTES:
        raise RunRejected(RUN_STDIN_TOO_LARGE)
    if not Language.objects.filter(key=language_key, is_enabled=True).exists():
        raise RunRejected(RUN_UNKNOWN_LANGUAGE)
    refusal = admission_refusal(
        user=user, runs_in_flight=lambda u: custom_runs_in_flight(user=u), cost_s=RUN_COST_S
    )
    if refusal is not None:
        raise RunRejected(refusal)
    queue = get_queue(RUN_QUEUE)
    job = queue.enqueue(
        custom_run,
        language_key,
        source,
        stdin,
        meta={"user_id": user.pk},
        result_ttl=RESULT_TTL_S,
        failure_ttl=RESULT_TTL_S,
        job_timeout=RUN_JOB_TIMEOUT_S,
    )
    key = _in_flight_key(user)
    queue.connection.zadd(key, {job.id: time.time()})
    queue.connection.expire(key, RUN_JOB_TIMEOUT_S * 2)
    return str(job.id)


def _in_flight_key(user: User) -> str:
    return f"rce:runs-in-flight:{user.pk}"


def custom_runs_in_flight(*, user: User) -> int:
    """The user's runs queued or running. Each run's id is kept in a sorted set by the time it was
    asked for; ids whose job ended, vanished (Redis lost it) or outlived its timeout are dropped here,
    so a dead worker cannot hold a user's place for ever."""
    queue = get_queue(RUN_QUEUE)
    key = _in_flight_key(user)
    connection = queue.connection
    connection.zremrangebyscore(key, "-inf", time.time() - 2 * RUN_JOB_TIMEOUT_S)
    ids = [i.decode() if isinstance(i, bytes) else str(i) for i in connection.zrange(key, 0, -1)]
    ended = []
    for run_id in ids:
        try:
            job = Job.fetch(run_id, connection=connection, serializer=queue.serializer)
        except NoSuchJobError:
            ended.append(run_id)
            continue
        if job.get_status() not in (JobStatus.QUEUED, JobStatus.STARTED):
            ended.append(run_id)
    if ended:
        connection.zrem(key, *ended)
    return len(ids) - len(ended)


def _text(data: bytes) -> str:
    return data[:SHOWN_OUTPUT_BYTES].decode(errors="replace")


def custom_run(language_key: str, source: str, stdin: str) -> dict[str, Any]:
    """The job: one compile and one run in a fresh sandbox."""
    language = get_language(language_key)
    try:
        program = prepare_program(language, [SourceFile(language.source_name, source.encode())])
    except ProgramError as exc:
        return {"verdict": Verdict.CE.value, "compile_output": str(exc)}
    with Sandbox(program.language, RUN_LIMITS, sandbox_config()) as box:
        compiled = box.compile(program.sources)
        if not compiled.ok:
            return {"verdict": Verdict.CE.value, "compile_output": compiled.output}
        result = box.run(stdin.encode())
    verdict = Verdict.AC if result.outcome is Outcome.OK else OUTCOME_VERDICTS[result.outcome]
    return {
        # No answer to compare with: AC here only means the program ran and exited cleanly.
        "verdict": verdict.value,
        "stdout": _text(result.stdout),
        "stderr": _text(result.stderr),
        "time_ms": result.time_ms,
        "memory_kb": result.memory_kb,
        "exit_code": result.exit_code,
        "signal": result.signal,
        "compile_output": compiled.output,
    }


def custom_run_get(*, user: User, run_id: str) -> dict[str, Any] | None:
    """The run's state for its owner; None for anyone else or an unknown/expired id."""
    queue = get_queue(RUN_QUEUE)
    try:
        job = Job.fetch(run_id, connection=queue.connection, serializer=queue.serializer)
    except (NoSuchJobError, ValueError):
        return None
    if job.meta.get("user_id") != user.pk:
        return None
    status = job.get_status()
    if status == JobStatus.FINISHED:
        return {"id": run_id, "status": "done", "result": job.return_value()}
    if status == JobStatus.FAILED:
        # Infrastructure trouble: the reason stays in the worker's log.
        return {"id": run_id, "status": "failed", "result": {"verdict": Verdict.IE.value}}
    return {"id": run_id, "status": "running" if status == JobStatus.STARTED else "queued"}
