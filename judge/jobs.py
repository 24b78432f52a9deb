"""RQ jobs: carry ids only, load and call a service.

Judging has three queues; a worker takes them in this order, so contest submissions go before
practice ones, and rejudges only use what is left.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from redis.exceptions import RedisError

from common.queues import get_queue, queued_ids
from judge.services import submission_judge

log = logging.getLogger(__name__)


class Priority(StrEnum):
    CONTEST = "judge_contest"
    PRACTICE = "judge"
    REJUDGE = "judge_rejudge"


# Custom-input runs and Judge0-compatible API runs (api.judge0) are short and someone is waiting on
# them: after contests, before practice.
JUDGE_QUEUES = [
    Priority.CONTEST.value,
    "judge_run",
    "judge0",
    Priority.PRACTICE.value,
    Priority.REJUDGE.value,
]
SUBMISSION_QUEUES = [p.value for p in Priority]


def enqueue_judging(submission_id: int, priority: Priority = Priority.PRACTICE) -> None:
    try:
        get_queue(priority.value).enqueue(judge_submission, submission_id, job_timeout=600)
    except RedisError:
        # The submission is committed as `queued`: the workers' recovery step enqueues it later.
        log.warning(
            "could not enqueue submission %s for judging; recovery will", submission_id, exc_info=True
        )


def enqueue_screening(submission_id: int) -> None:
    try:
        # By dotted path: the screening app depends on this one, not the other way round.
        get_queue("screening").enqueue("staticanalysis.jobs.screen_submission", submission_id)
    except RedisError:
        log.warning(
            "could not enqueue submission %s for screening; recovery will", submission_id, exc_info=True
        )


def queued_submission_ids() -> set[int]:
    """Submission ids with a job waiting in any judge queue."""
    return queued_ids(*SUBMISSION_QUEUES)


def judge_submission(submission_id: int) -> None:
    submission_judge(submission_id=submission_id)
