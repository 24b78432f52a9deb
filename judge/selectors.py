from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from judge.models import Language, Submission


def language_list() -> QuerySet[Language]:
    return Language.objects.filter(is_enabled=True)


def submission_list(*, user: User | AnonymousUser) -> QuerySet[Submission]:
    submissions = Submission.objects.select_related("problem", "language", "user")
    if getattr(user, "is_staff", False):
        return submissions
    if not user.is_authenticated:
        return submissions.none()
    return submissions.filter(user=user)


def access_submission(*, user: User | AnonymousUser, submission_id: int) -> Submission:
    """A submission its owner or staff may see; anyone else gets a 404, not a hint it exists."""
    submission = submission_list(user=user).filter(pk=submission_id).first()
    if submission is None:
        raise Http404("No such submission")
    return submission


def submission_rejudge_list(
    *, problem_slug: str | None = None, language_key: str | None = None, verdict: str | None = None
) -> QuerySet[Submission]:
    submissions = Submission.objects.all()
    if problem_slug:
        submissions = submissions.filter(problem__slug=problem_slug)
    if language_key:
        submissions = submissions.filter(language__key=language_key)
    if verdict:
        submissions = submissions.filter(verdict=verdict)
    return submissions.order_by("id")
