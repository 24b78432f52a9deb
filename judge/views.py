from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from grading.verdicts import Verdict
from judge import hooks
from judge.forms import SubmitForm
from judge.permissions import can_view_judging_details
from judge.selectors import access_submission, preferred_language_key, submission_list
from judge.services import SubmissionRejected, submission_create
from problems.selectors import access_problem, problem_attachments, problem_authors, problem_samples


def problem_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A problem's page, with the form to submit to it (so it is the judge's page, not problems')."""
    problem = access_problem(user=request.user, slug=slug)
    form = SubmitForm(initial={"language": preferred_language_key(user=request.user)})
    context = {
        "problem": problem,
        "samples": problem_samples(problem=problem),
        "authors": problem_authors(problem=problem),
        "attachments": [
            (attachment.path.removeprefix("attachments/"), attachment)
            for attachment in problem_attachments(problem=problem)
        ],
        "form": form,
    }
    return render(request, "problems/detail.html", context)


@login_required
@require_http_methods(["POST"])
@ratelimit(key="user", rate=settings.SUBMISSION_RATE, method="POST", block=False)  # type: ignore[untyped-decorator]
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    problem = access_problem(user=user, slug=slug)
    form = SubmitForm(request.POST)
    if getattr(request, "limited", False):
        form.add_error(None, "You are submitting too fast; wait a minute and try again.")
    elif form.is_valid():
        try:
            submission = submission_create(
                user=user,
                problem=problem,
                language_key=form.cleaned_data["language"],
                source=form.cleaned_data["source"],
            )
        except SubmissionRejected as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("submission_detail", submission_id=submission.pk)
    context = {"problem": problem, "samples": problem_samples(problem=problem), "form": form}
    return render(request, "problems/detail.html", context, status=400)


def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = access_submission(user=request.user, submission_id=submission_id)
    context = {
        "submission": submission,
        "results": submission.results.all(),
        "show_messages": can_view_judging_details(request.user, submission),
        "test_count": submission.problem.test_cases.count(),
        "verdict_labels": {v.value: v.label for v in Verdict},
    }
    for extra in hooks.submission_page_context:
        context.update(extra(request.user, submission))
    return render(request, "judge/submission_detail.html", context)


@login_required
def submissions(request: HttpRequest) -> HttpResponse:
    return render(
        request, "judge/submission_list.html", {"submissions": submission_list(user=request.user)[:100]}
    )
