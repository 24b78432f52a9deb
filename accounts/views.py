"""Sign-up and the public profile (with sections for its owner alone); log in, log out and password
change are Django's own views."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_ratelimit.decorators import ratelimit

from accounts.forms import SignUpForm
from accounts.hooks import profile_sections
from accounts.selectors import profile_user, solved_problems
from accounts.services import user_create
from judge.stats import activity_by_day, heat_map, solved_and_tried, verdict_chart, verdict_counts


@ratelimit(key="ip", rate=settings.LOGIN_RATE, method="POST", block=False)  # type: ignore[untyped-decorator]
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if getattr(request, "limited", False):
        form.add_error(None, "Too many sign-ups from here; wait a minute and try again.")
    elif request.method == "POST" and form.is_valid():
        user = user_create(
            username=form.cleaned_data["username"],
            email=form.cleaned_data.get("email", ""),
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = ""
        return redirect(next_url or "home")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def profile(request: HttpRequest, username: str) -> HttpResponse:
    return profile_response(request, profile_user(username=username))


def profile_response(
    request: HttpRequest, user: User, *, sections: Mapping[str, str] | None = None, status: int = 200
) -> HttpResponse:
    """A user's profile page; `sections` replaces the owner's sections of those names (see hooks)."""
    solved, tried = solved_and_tried(user=user)
    counts = verdict_counts(user.submissions.all())
    today = datetime.datetime.now(datetime.UTC).date()
    activity = activity_by_day(user=user)
    context = {
        "profile": user,
        "solved": solved_problems(problem_ids=solved, viewer_is_staff=request.user.is_staff),
        "tried_count": len(tried),
        "verdicts": counts,
        "verdict_chart": verdict_chart(counts, kind="bar"),
        "weeks": heat_map(activity, today=today),
        "active_days": len(activity),
        "submission_total": sum(activity.values()),
        "owner_sections": _owner_sections(request, user, sections or {}),
    }
    return render(request, "accounts/profile.html", context, status=status)


def _owner_sections(request: HttpRequest, user: User, replaced: Mapping[str, str]) -> list[str]:
    """The sections only the profile's owner sees: none for anyone else."""
    if not request.user.is_authenticated or request.user.pk != user.pk:
        return []
    return [
        replaced[name] if name in replaced else render_section(request, user)
        for name, render_section in profile_sections.items()
    ]
