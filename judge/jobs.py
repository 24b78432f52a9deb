"""RQ jobs: carry ids only, load and call a service."""

from __future__ import annotations

import django_rq

from judge.services import submission_judge

JUDGE_QUEUE = "judge"


def enqueue_judging(submission_id: int) -> None:
    django_rq.get_queue(JUDGE_QUEUE).enqueue(judge_submission, submission_id, job_timeout=600)


def queued_submission_ids() -> set[int]:
    """Submission ids with a job waiting in the judge queue."""
    queue = django_rq.get_queue(JUDGE_QUEUE)
    return {int(job.args[0]) for job in queue.jobs if job is not None and job.args}


def judge_submission(submission_id: int) -> None:
    submission_judge(submission_id=submission_id)
