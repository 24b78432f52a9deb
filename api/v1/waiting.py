"""`wait=true` on POST /api/v1/submissions/: answer once the submission is judged, within a bound.

The DRF view creates the submission as usual; this async wrapper then waits without holding the
thread Django runs sync views on (under ASGI they all share one), polling the row's status.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.utils.encoders import JSONEncoder

from judge.models import Status
from judge.selectors import access_submission

POLL_S = 0.05


def _done(request: HttpRequest, submission_id: int) -> bool:
    return access_submission(user=request.user, submission_id=submission_id).status == Status.DONE


def _detail(request: HttpRequest, submission_id: int) -> dict[str, Any]:
    from api.v1.serializers import SubmissionDetailSerializer

    submission = access_submission(user=request.user, submission_id=submission_id)
    return dict(SubmissionDetailSerializer(submission, context={"request": request}).data)


def waiting(view: Callable[..., HttpResponse]) -> Callable[..., Any]:
    @functools.wraps(view)
    async def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = await sync_to_async(view)(request, *args, **kwargs)
        wanted = request.method == "POST" and request.GET.get("wait", "").lower() == "true"
        if not wanted or response.status_code != 201:
            return response
        submission_id = int(response.data["id"])  # type: ignore[attr-defined]
        deadline = time.monotonic() + settings.API_WAIT_MAX_S
        while time.monotonic() < deadline and not await sync_to_async(_done)(request, submission_id):
            await asyncio.sleep(POLL_S)
        body = await sync_to_async(_detail)(request, submission_id)
        return JsonResponse(body, status=201, encoder=JSONEncoder)

    # Only a POST may wait: reads take the sync middleware chain (see config/http.py).
    wrapper.async_methods = ("POST",)  # type: ignore[attr-defined]
    return wrapper
