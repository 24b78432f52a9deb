"""Rate limits on every write of the APIs: per user and per client address (settings
API_WRITE_RATE and API_WRITE_RATE_IP); writes that start judging (submissions, custom runs) also
count per user against SUBMISSION_RATE, as on the pages. A limited request gets 429 with Retry-After."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import UNSAFE
from django_ratelimit.core import get_usage

GROUP = "api.write"
JUDGING_GROUP = "api.judging"


def write_retry_after(request: HttpRequest, user_id: int, *, judging: bool = False) -> int | None:
    """Count this write; the seconds to wait when over a limit, else None."""

    def per_user(group: str, request: HttpRequest) -> str:
        return f"user:{user_id}"

    limits: list[tuple[str, str, object]] = [
        (GROUP, settings.API_WRITE_RATE, per_user),
        (GROUP, settings.API_WRITE_RATE_IP, "ip"),
    ]
    if judging:
        limits.append((JUDGING_GROUP, settings.SUBMISSION_RATE, per_user))
    waits = []
    for group, rate, key in limits:
        usage = get_usage(request, group=group, key=key, rate=rate, method=UNSAFE, increment=True)
        if usage is not None and usage["should_limit"]:
            waits.append(max(1, int(usage["time_left"])))
    return max(waits) if waits else None
