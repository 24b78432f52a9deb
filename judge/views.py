"""Submission pages: one submission (live), the user's own, everyone's for staff, the live queue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from common.access import signed_in_user
from grading.verdicts import Verdict
from judge import hooks
from judge.forms import SubmissionFilterForm
from judge.models import Status, Submission
from judge.permissions import (
    REJUDGE_SUBMISSION,
    VIEW_ALL_SUBMISSIONS,
    VIEW_LIVE_QUEUE,
    can_view_judging_details,
)
from judge.selectors import (
    access_submission,
    submission_contests,
    submission_failed_samples,
    submission_filter,
    submission_group_scores,
    submission_list,
    submission_queue,
)
from judge.services import submission_rejudge

SUBMISSIONS_PER_PAGE = 50
# Our language keys to highlight.js's names (static/src/highlight.js registers the extra ones).
HIGHLIGHT = {
    "bash": "bash", "c": "c", "cpp17": "cpp", "cpp20": "cpp", "csharp": "csharp", "go": "go",
    "haskell": "haskell", "java": "java", "js": "javascript", "kotlin": "kotlin", "lisp": "lisp",
    "lua": "lua", "ocaml": "ocaml", "pascal": "delphi", "perl": "perl", "php": "php", "prolog": "prolog",
    "py3": "python", "pypy3": "python", "ruby": "ruby", "rust": "rust", "scala": "scala",
}  # fmt: skip


def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = access_submission(user=request.user, submission_id=submission_id)
    results = list(submission.results.all())
    context: dict[str, Any] = {
        "submission": submission,
        "results": results,
        "show_messages": can_view_judging_details(request.user, submission),
        "test_count": submission.problem.test_cases.count(),
        "verdict_labels": {v.value: v.label for v in Verdict},
        "highlight": HIGHLIGHT.get(submission.language.key, "plaintext"),
        "group_scores": submission_group_scores(submission=submission) if submission.status == "done" else [],
        "failed_samples": submission_failed_samples(submission=submission, results=results),
    }
    for extra in hooks.submission_page_context:
        context.update(extra(request.user, submission))
    return render(request, "judge/submission_detail.html", context)


def _submission_page(request: HttpRequest, submissions: QuerySet[Submission], title: str) -> HttpResponse:
    form = SubmissionFilterForm(request.GET or None, contests=submission_contests(submissions))
    filters = form.cleaned_data if form.is_valid() else {}
    submissions = submission_filter(
        submissions.defer("source", "compile_output", "error", "feedback"),
        problem=filters.get("problem", ""),
        verdict=filters.get("verdict", ""),
        language=filters.get("language", ""),
        contest=filters.get("contest", ""),
    )
    page = Paginator(submissions, SUBMISSIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "title": title, "query": query.urlencode()}
    return render(request, "judge/submission_list.html", context)


@login_required
def submissions(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    mine = submission_list(user=user).filter(user=user)
    return _submission_page(request, mine, "My submissions")


@permission_required(VIEW_ALL_SUBMISSIONS, raise_exception=True)
def all_submissions(request: HttpRequest) -> HttpResponse:
    return _submission_page(request, submission_list(user=request.user), "All submissions")


@permission_required(VIEW_LIVE_QUEUE, raise_exception=True)
def staff_queue(request: HttpRequest) -> HttpResponse:
    context = {
        "submissions": submission_queue(),
        "done": Status.DONE.value,
        "verdict_labels": {v.value: v.label for v in Verdict},
    }
    if request.GET.get("rows"):
        # Just the rows: the page's script refreshes them when a submission it does not list appears.
        return render(request, "judge/_queue_rows.html", context)
    return render(request, "judge/queue.html", context)


@permission_required(REJUDGE_SUBMISSION, raise_exception=True)
@require_http_methods(["POST"])
def rejudge(request: HttpRequest, submission_id: int) -> HttpResponse:
    if submission_rejudge(submission_ids=[submission_id]):
        messages.success(request, f"Submission #{submission_id} is queued for rejudging.")
    else:
        messages.error(request, f"Submission #{submission_id} is still being judged.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return redirect(back or "staff_queue")
