"""The screening job: runs on its own queue and worker, in parallel with judging. Enqueued by kind
(common.queues), never by importing this module."""

from __future__ import annotations

from staticanalysis.services import screening_run


def screen_submission(submission_id: int) -> None:
    screening_run(submission_id=submission_id)
