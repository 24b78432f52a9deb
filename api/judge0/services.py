"""Writes and reads of Judge0-compatible submissions: create (and queue), find, render. The job
that runs them is api.judge0.runs."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet

from api.judge0.languages import judge0_language
from api.judge0.params import Judge0Request
from api.models import Judge0Status, Judge0Submission
from common.exceptions import ApplicationError
from common.queues import QueueName, get_queue
from judge.custom_runs import custom_runs_in_flight
from judge.fairness import COMPILE_COST_S, admission_refusal
from judge.permissions import can_view_all_submissions

QUEUE = QueueName.JUDGE0
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
DONE_KEY = "judge0:done:{token}"
DONE_TTL_S = 120


class QueueFull(ApplicationError):
    pass


class NotUtf8(ApplicationError):
    pass


class Judge0Refused(ApplicationError):
    """Over the user's cap on work in flight or judging-time budget (judge/fairness.py)."""


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
    waiting = Judge0Submission.objects.filter(status_id=Judge0Status.IN_QUEUE).count()
    return waiting + extra <= settings.JUDGE0_MAX_QUEUE_SIZE


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


def judge0_runs_in_flight(user: User) -> int:
    """The user's Judge0 runs queued or running: they count against the cap on work in flight."""
    in_flight = (Judge0Status.IN_QUEUE, Judge0Status.PROCESSING)
    return Judge0Submission.objects.filter(user=user, status_id__in=in_flight).count()


def judge0_cost_s(request: Judge0Request) -> float:
    """Worst-case worker seconds of a run: a compile, then each of its runs at the wall-time limit."""
    limits = request.limits
    return COMPILE_COST_S + float(limits["wall_time_limit"]) * int(limits["number_of_runs"])


def _runs_in_flight(user: User, *, ahead: int) -> int:
    """The user's custom runs in flight, and the runs of this batch admitted ahead of this one (the
    Judge0 runs already stored are counted by judge0_runs_in_flight, a hook of judge.fairness)."""
    return custom_runs_in_flight(user=user) + ahead


def _admitted(user: User, requests_: list[Judge0Request]) -> tuple[int, str | None]:
    """How many of the requests, in order, are admitted (each charged to the user), and why the
    next one is refused (None when all are): each run of a batch counts as one more in flight."""
    for admitted, request in enumerate(requests_):
        refusal = admission_refusal(
            user=user, runs_in_flight=partial(_runs_in_flight, ahead=admitted), cost_s=judge0_cost_s(request)
        )
        if refusal is not None:
            return admitted, refusal
    return len(requests_), None


@transaction.atomic
def judge0_submissions_create(
    *, user: User, requests_: list[Judge0Request], notify: bool = False
) -> tuple[list[Judge0Submission], str | None]:
    """Store the runs and queue them once committed; `notify` wakes a client waiting on the result.
    The runs the user's cap or budget admits are created, in order; returns them and why the rest
    were refused (None when none was). Raises Judge0Refused when not even the first is admitted."""
    if not queue_has_room(len(requests_)):
        raise QueueFull(QUEUE_FULL)
    count, refusal = _admitted(user, requests_)
    if count == 0 and refusal is not None:
        raise Judge0Refused(refusal)
    created = Judge0Submission.objects.bulk_create([_new(user, request) for request in requests_[:count]])
    groups = _sandbox_groups(created)
    transaction.on_commit(lambda: _enqueue(groups, notify))
    return created, refusal


def _sandbox_groups(submissions: list[Judge0Submission]) -> list[list[int]]:
    """Ids of the runs that can share one sandbox, in order: one user's runs of the same source in
    the same language under the same limits (a batch of test cases, as the SDK sends them) are the
    tests of one program, compiled once. Anything else gets a sandbox of its own."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for submission in submissions:
        # SQLite and PostgreSQL both return the new ids from bulk_create.
        groups.setdefault(sandbox_key(submission), []).append(submission.pk)
    return list(groups.values())


def _enqueue(groups: list[list[int]], notify: bool) -> None:
    queue = get_queue(QUEUE)
    for ids in groups:
        # By dotted path, with ids only: the job loads the rows.
        queue.enqueue(
            "api.judge0.runs.judge0_run", ids, notify, job_timeout=600, result_ttl=0, failure_ttl=3600
        )


def judge0_submission_get(*, user: User, token: str) -> Judge0Submission | None:
    """A run its owner (or staff) may read; None otherwise, as for an unknown token."""
    valid = _valid_uuids([token])
    return _visible(user).filter(token=valid[0]).first() if valid else None


def judge0_submissions_get(*, user: User, tokens: Iterable[str]) -> list[Judge0Submission | None]:
    tokens = list(tokens)
    found = {str(s.token): s for s in _visible(user).filter(token__in=_valid_uuids(tokens))}
    return [found.get(token) for token in tokens]


def judge0_submissions_page(
    fields: tuple[str, ...], base64_encoded: bool, page: int, per_page: int
) -> dict[str, Any]:
    """`GET /submissions` for an authorized client: every run, newest first, with Judge0's `meta`."""
    total = Judge0Submission.objects.count()
    rows = Judge0Submission.objects.order_by("-id")[(page - 1) * per_page : page * per_page]
    pages = (total + per_page - 1) // per_page
    return {
        "submissions": [judge0_render(s, fields, base64_encoded=base64_encoded) for s in rows],
        "meta": {
            "current_page": page,
            "next_page": page + 1 if page < pages else None,
            "prev_page": page - 1 if page > 1 else None,
            "total_pages": pages,
            "total_count": total,
        },
    }


def sandbox_key(submission: Judge0Submission) -> tuple[object, ...]:
    return (
        submission.user_id,
        submission.language_key,
        bytes(submission.source_code),
        submission.cpu_time_limit,
        submission.cpu_extra_time,
        submission.wall_time_limit,
        submission.memory_limit,
        submission.stack_limit,
        submission.max_processes_and_or_threads,
        submission.max_file_size,
    )


def _visible(user: User) -> QuerySet[Judge0Submission]:
    submissions = Judge0Submission.objects.all()
    return submissions if can_view_all_submissions(user) else submissions.filter(user=user)


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
