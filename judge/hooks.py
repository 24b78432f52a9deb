"""What the judge app offers the apps built on it (screening, contests), which register from their
AppConfig.ready(): judge imports none of them.

- on_submission_created: called with a new submission's id once its transaction commits (after the
  submission's own judging job is enqueued), e.g. to enqueue more work on it.
- on_submission_judged: called with a submission's id once the transaction that gave it a final verdict
  commits (judged, failed for good with IE, blocked by screening, and again after each rejudge).
- submission_page_context: each adds to the context of the submission page, for the user viewing it.
- home_page_context: each adds to the context of the home page, for the user viewing it. The home
  page shows `running_contests` and `upcoming_contests` (lists of objects with `title`,
  `get_absolute_url`, `start` and `end`) when a hook provides them, e.g. the contests app.
- work_in_flight: each counts a user's work of another kind queued or running (the Judge0 API's
  runs), added to their submissions and custom runs against the cap of judge/fairness.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from judge.models import Submission

SubmissionCreated = Callable[[int], None]
SubmissionPageContext = Callable[["User | AnonymousUser", "Submission"], dict[str, Any]]
HomePageContext = Callable[["User | AnonymousUser"], dict[str, Any]]
WorkInFlight = Callable[["User"], int]

on_submission_created: list[SubmissionCreated] = []
submission_page_context: list[SubmissionPageContext] = []
home_page_context: list[HomePageContext] = []
on_submission_judged: list[SubmissionCreated] = []
work_in_flight: list[WorkInFlight] = []


def register_submission_created(hook: SubmissionCreated) -> None:
    if hook not in on_submission_created:
        on_submission_created.append(hook)


def register_submission_page_context(hook: SubmissionPageContext) -> None:
    if hook not in submission_page_context:
        submission_page_context.append(hook)


def register_home_page_context(hook: HomePageContext) -> None:
    if hook not in home_page_context:
        home_page_context.append(hook)


def register_submission_judged(hook: SubmissionCreated) -> None:
    if hook not in on_submission_judged:
        on_submission_judged.append(hook)


def register_work_in_flight(hook: WorkInFlight) -> None:
    if hook not in work_in_flight:
        work_in_flight.append(hook)
