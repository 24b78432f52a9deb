"""Operators' pages: /django-rq/ (every queued job, custom-run sources included) for superusers only,
and /metrics for Prometheus on the internal network (or a superuser), never for staff as such."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import URLPattern, URLResolver

if TYPE_CHECKING:
    from rest_framework.request import Request

View = Callable[..., HttpResponseBase]


def signed_in_user(request: HttpRequest | Request) -> User:
    """The request's user, in a view whose login check (login_required, staff_member_required, DRF's
    IsAuthenticated) has already turned anyone else away."""
    user = request.user
    assert isinstance(user, User)
    return user


def is_internal_address(address: str) -> bool:
    """The client is on a network settings.INTERNAL_NETWORKS names (Prometheus's, loopback)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network) for network in settings.INTERNAL_NETWORKS)


def superuser_only(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def internal_only(view: View) -> View:
    """For the internal network or a superuser; anyone else gets a 404, as nginx gives the public."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_internal_address(request.META.get("REMOTE_ADDR", "")) and not request.user.is_superuser:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def guard_patterns(
    patterns: Sequence[URLPattern | URLResolver], guard: Callable[[View], View]
) -> list[URLPattern | URLResolver]:
    """These URL patterns with each view behind the guard (an app's urls, included as they are)."""
    guarded: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            guarded.append(
                URLResolver(
                    pattern.pattern,
                    guard_patterns(pattern.url_patterns, guard),
                    pattern.default_kwargs,
                    pattern.app_name,
                    pattern.namespace,
                )
            )
        else:
            guarded.append(
                URLPattern(pattern.pattern, guard(pattern.callback), pattern.default_args, pattern.name)
            )
    return guarded
