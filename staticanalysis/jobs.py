"""The screening job: runs on its own queue and worker, in parallel with judging."""

from __future__ import annotations

from staticanalysis.services import screening_run

SCREENING_QUEUE = "screening"


def screen_submission(submission_id: int) -> None:
    screening_run(submission_id=submission_id)
