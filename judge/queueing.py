"""Putting submissions on the judge queues, and reading what waits there.

Judging has three queues (see common.queues): a worker takes them in order, so contest submissions go
before practice ones, and rejudges only use what is left.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from redis.exceptions import RedisError

from common.queues import JobKind, QueueName, enqueue, queued_ids

log = logging.getLogger(__name__)


class Priority(StrEnum):
    CONTEST = QueueName.JUDGE_CONTEST.value
    PRACTICE = QueueName.JUDGE.value
    REJUDGE = QueueName.JUDGE_REJUDGE.value


SUBMISSION_QUEUES = [QueueName(p.value) for p in Priority]


def enqueue_judging(submission_id: int, priority: Priority = Priority.PRACTICE) -> None:
    try:
        enqueue(JobKind.JUDGE_SUBMISSION, QueueName(priority.value), submission_id, job_timeout=600)
    except RedisError:
        # The submission is committed as `queued`: the workers' recovery step enqueues it later.
        log.warning(
            "could not enqueue submission %s for judging; recovery will", submission_id, exc_info=True
        )


def queued_submission_ids() -> set[int]:
    """Submission ids with a judging job waiting in any judge queue."""
    return queued_ids(JobKind.JUDGE_SUBMISSION, *SUBMISSION_QUEUES)
