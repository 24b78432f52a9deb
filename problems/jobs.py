"""RQ jobs for problems: carry ids only, load and call a service."""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from common.queues import get_queue
from problems.services import verification_fail, verification_run

log = logging.getLogger(__name__)

# Verification judges every jury submission: it only gets what contests and practice leave over.
VERIFICATION_QUEUE = "judge_rejudge"


def enqueue_verification(run_id: int) -> None:
    try:
        # As a keyword: judge.jobs.queued_submission_ids reads positional args as submission ids.
        get_queue(VERIFICATION_QUEUE).enqueue(verify_problem, run_id=run_id, job_timeout=3600)
    except RedisError:
        log.warning("could not enqueue verification run %s", run_id, exc_info=True)
        verification_fail(run_id=run_id, error="Could not reach the job queue; request it again.")


def verify_problem(run_id: int) -> None:
    verification_run(run_id=run_id)
