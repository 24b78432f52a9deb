"""The jury's pages (staff only): the clarification queue with answer forms, announcements, and the
end of a contest (unfreeze, reveal step by step, finalize) and rejudging."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.access import signed_in_user
from contests import selectors
from contests.clarifications import announcement_post, clarification_answer
from contests.forms import AnnouncementForm, AnswerForm
from contests.freeze import contest_finalize, contest_reveal_step, contest_unfreeze, unfinished_count
from contests.models import Clarification
from contests.scoreboard import scoreboard_recompute
from contests.services import ContestError, contest_rejudge


@staff_member_required
def jury(request: HttpRequest, slug: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    queue = list(selectors.jury_queue(contest=contest))
    return render(
        request,
        "contests/jury.html",
        {
            "contest": contest,
            "queue": [(q, AnswerForm(prefix=f"q{q.pk}")) for q in queue],
            "announcement_form": AnnouncementForm(),
            "unfinished": unfinished_count(contest),
            "is_jury": True,
        },
    )


@staff_member_required
@require_POST
def answer(request: HttpRequest, slug: str, clarification_id: int) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    question = get_object_or_404(Clarification, pk=clarification_id, contest=contest)
    form = AnswerForm(request.POST, prefix=f"q{question.pk}")
    if form.is_valid():
        try:
            clarification_answer(
                question=question,
                user=signed_in_user(request),
                text=form.cleaned_data["text"],
                to_all=form.cleaned_data["to_all"],
            )
        except ContestError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Write an answer.")
    return redirect("contest_jury", slug=slug)


@staff_member_required
@require_POST
def announce(request: HttpRequest, slug: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    form = AnnouncementForm(request.POST)
    if form.is_valid():
        announcement_post(contest=contest, user=signed_in_user(request), text=form.cleaned_data["text"])
    return redirect("contest_jury", slug=slug)


@staff_member_required
@require_POST
def board_action(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    contest = selectors.access_contest(user=request.user, slug=slug)
    try:
        if action == "unfreeze":
            contest_unfreeze(contest=contest)
            messages.success(request, "The board is unfrozen.")
        elif action == "reveal":
            more = contest_reveal_step(contest=contest)
            messages.success(
                request, "Revealed one cell." if more else "Nothing left to reveal: the board is unfrozen."
            )
        elif action == "finalize":
            contest_finalize(contest=contest)
            messages.success(request, "The contest is finalized.")
        elif action == "recompute":
            scoreboard_recompute(contest=contest)
            messages.success(request, "The board is recomputed.")
        elif action == "rejudge":
            queued = contest_rejudge(contest=contest)
            messages.success(request, f"{len(queued)} submissions queued for rejudging.")
    except ContestError as exc:
        messages.error(request, exc.message)
    return redirect("contest_jury", slug=slug)
