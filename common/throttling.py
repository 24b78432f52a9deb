"""Login throttling: password guessing is slowed per client address and per username."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

LOGIN_THROTTLED = "Too many login attempts. Wait a minute, then try again."
View = Callable[..., HttpResponseBase]


def login_throttled(request: HttpRequest) -> bool:
    """Counts this attempt; True once the address or the username has made too many."""
    if request.method != "POST":
        return False
    # Both are counted on every attempt, so neither can be spent without charging the other.
    limited = [
        is_ratelimited(request, group=f"login-{key}", key=key, rate=settings.LOGIN_RATE, increment=True)
        for key in ("ip", "post:username")
    ]
    return any(limited)


def throttle_logins(view: View) -> View:
    """The login view, answering 429 with a message instead once login_throttled says so."""

    @wraps(view)
    def throttled(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if login_throttled(request):
            context = {"message": LOGIN_THROTTLED}
            return render(request, "registration/throttled.html", context, status=429)
        return view(request, *args, **kwargs)

    return throttled
