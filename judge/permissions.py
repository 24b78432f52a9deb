"""Who may see and act on submissions: Django permissions held by the "jury" group (migration 0005)
and problem authorship (problems/permissions.py), never `is_staff` alone.

Small `can_*` predicates and `*_visible_q` filters, reused by selectors, views, consumers, the admin
and the API (and by contests, whose per-contest jury adds its own grants on top of these).
"""

from __future__ import annotations

from django.db.models import Q

from judge.models import Submission
from problems.models import Problem
from problems.permissions import AnyUser, is_problem_author

VIEW_ALL_SUBMISSIONS = "judge.view_all_submissions"
VIEW_JUDGING_DETAILS = "judge.view_judging_details"
REJUDGE_SUBMISSION = "judge.rejudge_submission"
VIEW_LIVE_QUEUE = "judge.view_live_queue"
JURY_GROUP = "jury"
# What the jury group holds (migration 0005 creates it with these).
JURY_PERMISSIONS = (
    "problems.view_hidden_problem",
    VIEW_ALL_SUBMISSIONS,
    VIEW_JUDGING_DETAILS,
    REJUDGE_SUBMISSION,
    VIEW_LIVE_QUEUE,
)


def can_view_all_submissions(user: AnyUser) -> bool:
    return user.has_perm(VIEW_ALL_SUBMISSIONS)


def submissions_visible_q(user: AnyUser) -> Q | None:
    """The submissions this user may see as a filter on Submission (Q() for all); None for none."""
    if can_view_all_submissions(user):
        return Q()
    if not user.is_authenticated or not user.is_active:
        return None
    # Authors see the submissions to their own problems, as a problem's jury. Most users author
    # none: their filter is then on their own submissions alone, which an index serves in id order
    # (an OR with the authored problems makes the database collect and sort all of them).
    authored = list(Problem.objects.filter(authors=user).values_list("pk", flat=True))
    return Q(user=user) | Q(problem__in=authored) if authored else Q(user=user)


def can_view_submission(user: AnyUser, submission: Submission) -> bool:
    if can_view_all_submissions(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if submission.user_id == user.pk:
        return True
    return is_problem_author(user, submission.problem)


def can_view_judging_details(user: AnyUser, submission: Submission) -> bool:
    """Checker messages and judge errors, which may quote hidden answers: the jury and the problem's
    authors, never the contestant."""
    if user.has_perm(VIEW_JUDGING_DETAILS):
        return True
    return is_problem_author(user, submission.problem)


def can_rejudge(user: AnyUser) -> bool:
    return user.has_perm(REJUDGE_SUBMISSION)


def can_watch_live_queue(user: AnyUser) -> bool:
    return user.has_perm(VIEW_LIVE_QUEUE)
