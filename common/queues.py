"""RQ queues and jobs: every queue is named here, and every kind of job.

A job is enqueued by its kind, the dotted path of the function that does the work: RQ keeps that path
as the job's `func_name`, so a waiting job says what it works on (recovery never guesses from its
arguments), and a service enqueues without importing the module its job lives in. A job's one
argument is the id of what it works on. Jobs are stored as JSON, never pickle (see settings), and
workers read them with the same serializer (get_worker).

django_rq.get_queue() builds a new Redis client, with its own connection pool, on every call: each
enqueue would open (and leave to the garbage collector) a fresh TCP connection. A Redis that
restarts is reconnected to by the pool on the next command; a forked child gets fresh connections
from redis-py's own fork check.

Django-free at import time (django_rq is imported when a queue is first asked for): the settings
name their queues from here.
"""

from __future__ import annotations

import functools
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rq import Queue, Worker
    from rq.job import Job


class QueueName(StrEnum):
    JUDGE_CONTEST = "judge_contest"
    # Custom-input runs are short and someone is waiting on them: after contests, before practice.
    JUDGE_RUN = "judge_run"
    # Runs through the Judge0-compatible API (api.judge0): also short, also waited on.
    JUDGE0 = "judge0"
    JUDGE = "judge"
    # Rejudges, and problem verification, only use what contests and practice leave over.
    JUDGE_REJUDGE = "judge_rejudge"
    SCREENING = "screening"


# What a judge worker takes, in this order: contest submissions go before practice ones.
JUDGE_QUEUES: tuple[QueueName, ...] = (
    QueueName.JUDGE_CONTEST,
    QueueName.JUDGE_RUN,
    QueueName.JUDGE0,
    QueueName.JUDGE,
    QueueName.JUDGE_REJUDGE,
)


class JobKind(StrEnum):
    """What a job works on, as the dotted path of its function (which takes that id)."""

    JUDGE_SUBMISSION = "judge.jobs.judge_submission"
    SCREEN_SUBMISSION = "staticanalysis.jobs.screen_submission"
    VERIFY_PROBLEM = "problems.jobs.verify_problem"


@functools.cache
def get_queue(name: str) -> Queue:
    import django_rq

    return django_rq.get_queue(str(name))


def get_worker(*names: str, **kwargs: Any) -> Worker:
    """An RQ worker on these queues that reads jobs with the queues' serializer (JSON, see settings):
    django_rq.get_worker() would give it RQ's default, pickle."""
    import django_rq
    from django.conf import settings

    return django_rq.get_worker(*names, serializer=settings.RQ_SERIALIZER, **kwargs)


def enqueue(kind: JobKind, queue: QueueName, object_id: int, **options: Any) -> Job:
    """Put a job of this kind, on what `object_id` names, on the queue (RQ's options pass through)."""
    return get_queue(queue).enqueue(kind.value, object_id, **options)


def queued_ids(kind: JobKind, *names: QueueName) -> set[int]:
    """The ids that jobs of this kind waiting in these queues work on. Reading a queue fetches every
    job in it."""
    return {
        object_id
        for name in names
        for job in get_queue(name).jobs
        if job is not None and (object_id := _object_id(job, kind)) is not None
    }


def _object_id(job: Job, kind: JobKind) -> int | None:
    from rq.exceptions import DeserializationError

    try:
        return int(job.args[0]) if job.func_name == kind.value and job.args else None
    except DeserializationError:
        # Not JSON (pickled by an older version): a worker fails it unread, and recovery, which
        # calls this, must not stop at it.
        return None
