"""RQ queues, one per name and process, and workers that read them.

django_rq.get_queue() builds a new Redis client, with its own connection pool, on every call: each
enqueue would open (and leave to the garbage collector) a fresh TCP connection. A Redis that
restarts is reconnected to by the pool on the next command; a forked child gets fresh connections
from redis-py's own fork check.
"""

from __future__ import annotations

import functools
from typing import Any

import django_rq
from django.conf import settings
from rq import Queue, Worker
from rq.exceptions import DeserializationError
from rq.job import Job


@functools.cache
def get_queue(name: str) -> Queue:
    return django_rq.get_queue(name)


def get_worker(*names: str, **kwargs: Any) -> Worker:
    """An RQ worker on these queues that reads jobs with the queues' serializer (JSON, see settings):
    django_rq.get_worker() would give it RQ's default, pickle."""
    return django_rq.get_worker(*names, serializer=settings.RQ_SERIALIZER, **kwargs)


def queued_ids(*names: str) -> set[int]:
    """The first positional argument, an id, of every job waiting in these queues. Reading a queue
    fetches every job in it."""
    return {
        job_id
        for name in names
        for job in get_queue(name).jobs
        if job is not None and (job_id := _first_id(job)) is not None
    }


def _first_id(job: Job) -> int | None:
    try:
        return int(job.args[0]) if job.args else None
    except DeserializationError:
        # Not JSON (pickled by an older version): a worker fails it unread, and recovery, which
        # calls this, must not stop at it.
        return None
