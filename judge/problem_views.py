"""The home page, the problem list and the problem page with its submit form: judge composes them
from problems' parts and judging's figures (solved marks, acceptance, verdicts, fastest runs)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from common.access import signed_in_user
from judge import hooks
from judge.forms import ProblemFilterForm, SubmitForm
from judge.selectors import preferred_language_key
from judge.services import SubmissionRejected, submission_create
from judge.stats import (
    Acceptance,
    acceptance,
    fastest_accepted,
    solved_and_tried,
    verdict_chart,
    verdict_counts,
)
from problems.selectors import (
    access_problem,
    problem_attachments,
    problem_authors,
    problem_is_submit_answer,
    problem_list,
    problem_samples,
    problem_search,
    recent_problems,
    tag_choices,
)
from problems.statement_selectors import problem_statement_view

PROBLEMS_PER_PAGE = 25
NO_SUBMISSIONS = Acceptance()


def home(request: HttpRequest) -> HttpResponse:
    solved, tried = solved_and_tried(user=request.user)
    context: dict[str, Any] = {
        "recent_problems": recent_problems(user=request.user, limit=8),
        "solved": solved,
        "tried": tried,
    }
    for extra in hooks.home_page_context:
        context.update(extra(request.user))
    return render(request, "judge/home.html", context)


def problems(request: HttpRequest) -> HttpResponse:
    form = ProblemFilterForm(request.GET or None, tags=tag_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    found = problem_search(
        problem_list(user=request.user),
        q=filters.get("q", ""),
        tag=filters.get("tag", ""),
        difficulty=filters.get("difficulty"),
    )
    found = found.defer("statement", "package_metadata").prefetch_related("tags").order_by("slug")
    page = Paginator(found, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    stats = acceptance(problem_ids=[problem.pk for problem in page])
    rows = [(problem, stats.get(problem.pk, NO_SUBMISSIONS)) for problem in page]
    solved, tried = solved_and_tried(user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "solved": solved,
        "tried": tried,
        "query": query.urlencode(),
    }
    return render(request, "problems/list.html", context)


def _problem_context(request: HttpRequest, slug: str, form: SubmitForm) -> dict[str, Any]:
    problem = access_problem(user=request.user, slug=slug)
    counts = verdict_counts(problem.submissions.all())
    return {
        "problem": problem,
        "samples": problem_samples(problem=problem),
        "statement": problem_statement_view(problem=problem, language=request.GET.get("lang")),
        "authors": problem_authors(problem=problem),
        "attachments": [
            (attachment.path.removeprefix("attachments/"), attachment)
            for attachment in problem_attachments(problem=problem)
        ],
        "form": form,
        "verdicts": counts,
        "verdict_chart": verdict_chart(counts),
        "fastest": fastest_accepted(problem=problem),
        "tags": list(problem.tags.all()),
    }


def problem_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A problem's page, with the form to submit to it (so it is the judge's page, not problems')."""
    answers = problem_is_submit_answer(problem=access_problem(user=request.user, slug=slug))
    form = SubmitForm(initial={"language": preferred_language_key(user=request.user)}, answers=answers)
    return render(request, "problems/detail.html", _problem_context(request, slug, form))


@login_required
@require_http_methods(["POST"])
@ratelimit(key="user", rate=settings.SUBMISSION_RATE, method="POST", block=False)  # type: ignore[untyped-decorator]
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    problem = access_problem(user=user, slug=slug)
    form = SubmitForm(request.POST, request.FILES, answers=problem_is_submit_answer(problem=problem))
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
    return render(request, "problems/detail.html", _problem_context(request, slug, form), status=400)
