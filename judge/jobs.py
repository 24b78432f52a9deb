"""RQ jobs: carry ids only, load and call a service. Enqueued by kind (common.queues), never by
importing this module."""

from __future__ import annotations

from judge.services import submission_judge


def judge_submission(submission_id: int) -> None:
    submission_judge(submission_id=submission_id)
