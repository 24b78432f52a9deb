"""Rate limits on every write of the APIs: per user and per client address (settings
API_WRITE_RATE and API_WRITE_RATE_IP); a limited request gets 429 with Retry-After."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import UNSAFE
from django_ratelimit.core import get_usage

GROUP = "api.write"


def write_retry_after(request: HttpRequest, user_id: int) -> int | None:
    """Count this write; the seconds to wait when over a limit, else None."""
    limits = (
        (settings.API_WRITE_RATE, lambda group, request: f"user:{user_id}"),
        (settings.API_WRITE_RATE_IP, "ip"),
    )
    waits = []
    for rate, key in limits:
        usage = get_usage(request, group=GROUP, key=key, rate=rate, method=UNSAFE, increment=True)
        if usage is not None and usage["should_limit"]:
            waits.append(max(1, int(usage["time_left"])))
    return max(waits) if waits else None
