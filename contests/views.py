"""Contest pages: parse, call one selector or service, render. Errors of services are rendered as
messages; nobody sees a contest, problem or clarification they may not."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.access import signed_in_user
from contests import selectors
from contests.clarifications import (
    CLARIFICATION_NOT_REGISTERED,
    clarification_ask,
    clarifications_mark_read,
)
from contests.clock import Phase
from contests.exports import scoreboard_clics, scoreboard_csv, scoreboard_json
from contests.formats import get_format
from contests.forms import QuestionForm, RegisterForm
from contests.models import Contest, ContestProblem, Registration
from contests.progress import progress_chart, score_progress
from contests.services import (
    ContestError,
    contest_register,
    contest_submit,
    contest_virtual_start,
    contest_window_start,
)
from judge.forms import SubmitForm
from judge.selectors import preferred_language_key
from judge.services import SubmissionRejected
from problems.selectors import problem_is_submit_answer, problem_samples
from problems.statement_selectors import problem_statement_view


def _base_context(request: HttpRequest, contest: Contest) -> dict[str, object]:
    now = timezone.now()
    part = selectors.participation(contest=contest, user=request.user, now=now)
    return {
        "contest": contest,
        "now": now,
        "part": part,
        "team": part.team,
        "is_jury": selectors.is_jury(request.user),
        "unread": selectors.unread_count(contest=contest, user=request.user, team=part.team),
    }


def contest_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    contests = list(selectors.contest_list(user=request.user))
    return render(
        request,
        "contests/list.html",
        {
            "running": [c for c in contests if c.start <= now < c.end],
            "upcoming": sorted((c for c in contests if now < c.start), key=lambda c: c.start),
            "past": [c for c in contests if c.end <= now],
        },
    )


def contest_detail(request: HttpRequest, slug: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    context = _base_context(request, contest)
    context["register_form"] = RegisterForm()
    context["needs_code"] = contest.registration == Registration.CODE
    context["format_name"] = get_format(contest.format).name
    part = selectors.participation(contest=contest, user=request.user, now=timezone.now())
    context["can_start_window"] = (
        contest.window_minutes is not None
        and part.team is not None
        and part.team.starts_at is None
        and part.contest_phase in (Phase.RUNNING, Phase.FROZEN)
    )
    return render(request, "contests/detail.html", context)


@login_required
@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    form = RegisterForm(request.POST)
    form.is_valid()
    try:
        contest_register(
            contest=contest, user=signed_in_user(request), code=form.cleaned_data.get("code", "")
        )
    except ContestError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "You are registered.")
    return redirect("contest_detail", slug=slug)


@login_required
@require_POST
def virtual_start(request: HttpRequest, slug: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    try:
        contest_virtual_start(contest=contest, user=signed_in_user(request))
    except ContestError as exc:
        messages.error(request, exc.message)
        return redirect("contest_detail", slug=slug)
    return redirect("contest_problems", slug=slug)


@login_required
@require_POST
def window_start(request: HttpRequest, slug: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    team = selectors.team_of(contest=contest, user=request.user)
    if team is None:
        raise Http404("Not registered")
    try:
        contest_window_start(contest=contest, team=team)
    except ContestError as exc:
        messages.error(request, exc.message)
        return redirect("contest_detail", slug=slug)
    return redirect("contest_problems", slug=slug)


def problem_list(request: HttpRequest, slug: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    context = _base_context(request, contest)
    problems = selectors.contest_problems(contest=contest, user=request.user, now=timezone.now())
    marks = selectors.team_marks(team=selectors.team_of(contest=contest, user=request.user))
    context["problems"] = [(p, marks.get(p.pk, "")) for p in problems]
    return render(request, "contests/problems.html", context)


def _problem_page(
    request: HttpRequest, contest: Contest, problem: ContestProblem, form: SubmitForm
) -> dict[str, object]:
    context = _base_context(request, contest)
    context.update(
        {
            "entry": problem,
            "problem": problem.problem,
            "samples": problem_samples(problem=problem.problem),
            "statement": problem_statement_view(problem=problem.problem, language=request.GET.get("lang")),
            "form": form,
        }
    )
    return context


def problem_detail(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    problem = selectors.access_contest_problem(
        contest=contest, user=request.user, label=label, now=timezone.now()
    )
    form = SubmitForm(
        initial={"language": preferred_language_key(user=request.user)},
        answers=problem_is_submit_answer(problem=problem.problem),
    )
    return render(request, "contests/problem.html", _problem_page(request, contest, problem, form))


@login_required
@require_POST
def submit(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    problem = selectors.access_contest_problem(
        contest=contest, user=request.user, label=label, now=timezone.now()
    )
    form = SubmitForm(request.POST, request.FILES, answers=problem_is_submit_answer(problem=problem.problem))
    if form.is_valid():
        try:
            entry = contest_submit(
                contest=contest,
                user=signed_in_user(request),
                contest_problem=problem,
                language_key=form.cleaned_data["language"],
                source=form.cleaned_data["source"],
            )
        except (ContestError, SubmissionRejected) as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("submission_detail", submission_id=entry.submission_id)
    return render(
        request, "contests/problem.html", _problem_page(request, contest, problem, form), status=400
    )


@login_required
def submission_list(request: HttpRequest, slug: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    context = _base_context(request, contest)
    team = selectors.team_of(contest=contest, user=request.user)
    context["submissions"] = selectors.team_submissions(team=team)[:200] if team is not None else []
    return render(request, "contests/submissions.html", context)


def _group_id(request: HttpRequest) -> int | None:
    value = request.GET.get("group", "")
    return int(value) if value.isdigit() else None


def _board_view(request: HttpRequest, contest: Contest) -> bool:
    """Whether to show the jury's view (staff asking for it), after checking the board is visible."""
    jury = selectors.is_jury(request.user) and request.GET.get("view") == "jury"
    if not selectors.scoreboard_visible(contest=contest, user=request.user, now=timezone.now()):
        raise Http404("The scoreboard is not shown")
    return jury


def scoreboard(request: HttpRequest, slug: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    jury = _board_view(request, contest)
    context = _base_context(request, contest)
    group_id = _group_id(request)
    team = selectors.team_of(contest=contest, user=request.user)
    own = selectors.board_row(team=team, jury=True) if team is not None else None
    context.update(
        {
            "jury_view": jury,
            "problems": list(ContestProblem.objects.filter(contest=contest).order_by("order", "label")),
            "rows_html": selectors.board_rows_html(contest=contest, jury=jury, group_id=group_id),
            "own_html": own.html if own is not None else "",
            "groups": selectors.board_groups(contest=contest, jury=jury),
            "group_id": group_id,
            "frozen": contest.freeze_minutes and contest.thawed_at is None and not jury,
            "progress_chart": progress_chart(
                contest=contest, progress=score_progress(contest=contest, jury=jury)
            ),
        }
    )
    return render(request, "contests/scoreboard.html", context)


def scoreboard_export(request: HttpRequest, slug: str, shape: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    jury = _board_view(request, contest)
    group_id = _group_id(request)
    if shape == "csv":
        response = HttpResponse(
            scoreboard_csv(contest=contest, jury=jury, group_id=group_id), content_type="text/csv"
        )
        response["Content-Disposition"] = f'attachment; filename="{contest.slug}-scoreboard.csv"'
        return response
    if shape == "clics.json":
        return JsonResponse(scoreboard_clics(contest=contest, jury=jury, group_id=group_id))
    if shape == "json":
        return JsonResponse(scoreboard_json(contest=contest, jury=jury, group_id=group_id))
    raise Http404("No such export")


def clarification_list(request: HttpRequest, slug: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    context = _base_context(request, contest)
    team = selectors.team_of(contest=contest, user=request.user)
    clarifications = list(selectors.clarifications_for(contest=contest, user=request.user, team=team))
    if request.user.is_authenticated:
        clarifications_mark_read(
            user=signed_in_user(request), clarification_ids=[c.pk for c in clarifications]
        )
        context["unread"] = 0
    problems = selectors.contest_problems(contest=contest, user=request.user, now=timezone.now())
    context.update({"clarifications": clarifications, "form": QuestionForm(problems=problems)})
    return render(request, "contests/clarifications.html", context)


@login_required
@require_POST
def clarification_create(request: HttpRequest, slug: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    team = selectors.team_of(contest=contest, user=request.user)
    if team is None:
        messages.error(request, CLARIFICATION_NOT_REGISTERED)
        return redirect("contest_clarifications", slug=slug)
    problems = selectors.contest_problems(contest=contest, user=request.user, now=timezone.now())
    form = QuestionForm(request.POST, problems=problems)
    if form.is_valid():
        problem = next((p for p in problems if p.label == form.cleaned_data["problem"]), None)
        try:
            clarification_ask(
                contest=contest,
                team=team,
                user=signed_in_user(request),
                text=form.cleaned_data["text"],
                problem=problem,
            )
        except ContestError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Write your question.")
    return redirect("contest_clarifications", slug=slug)


def clarification_detail(request: HttpRequest, slug: str, clarification_id: int) -> JsonResponse:
    """One clarification as JSON, for the live pages (only to those who may read it); read on fetch."""
    contest = selectors.access_contest(user=request.user, slug=slug)
    c = selectors.access_clarification(contest=contest, user=request.user, clarification_id=clarification_id)
    if request.user.is_authenticated and request.GET.get("read") == "1":
        clarifications_mark_read(user=signed_in_user(request), clarification_ids=[c.pk])
    return JsonResponse(selectors.clarification_data(c))
