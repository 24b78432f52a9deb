"""The Judge0 v1.13.1-compatible endpoints (plain async Django views, Judge0's own body shapes).

Async, so that `wait=true` holds no thread while the run is judged: the web process sleeps on a
Redis list that the job pushes to when it has stored the result.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from typing import Any

import redis.asyncio
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from api.judge0 import services
from api.judge0.config import ABOUT, config_info
from api.judge0.languages import judge0_language, judge0_language_detail, judge0_languages
from api.judge0.params import Judge0Invalid, Judge0Request, judge0_request_parse
from api.models import ApiToken, Judge0Status
from api.ratelimits import write_retry_after
from api.tokens import token_authenticate
from judge.permissions import can_view_all_submissions

BODY_TOO_LARGE = "request body is too large"
BATCH_TOO_LARGE = "number of submissions in a batch must be less than or equal to {limit}"
TOKENS_MISSING = "tokens can't be blank"
# A base64 request is a third larger than its content; JSON escapes add a little more.
BODY_SLACK = 2.0


def _json(data: object, status: int = 200, headers: dict[str, str] | None = None) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, headers=headers)


def _key(request: HttpRequest, header: str) -> str:
    return request.headers.get(header) or request.GET.get(header, "")


async def _token(request: HttpRequest) -> ApiToken | None:
    return await sync_to_async(token_authenticate)(key=_key(request, "X-Auth-Token"))


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name, "false").lower() == "true"


def _fields(request: HttpRequest) -> tuple[str, ...]:
    return services.parse_fields(request.GET.get("fields"))


def _body(request: HttpRequest, count: int) -> object:
    limit = int((settings.SUBMISSION_MAX_SOURCE_BYTES + 2 * (1 << 20)) * BODY_SLACK) * count
    try:
        # Also over Django's DATA_UPLOAD_MAX_MEMORY_SIZE, which caps every request body.
        if len(request.body) > limit:
            raise _TooLarge
    except RequestDataTooBig:
        raise _TooLarge from None
    try:
        return json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise Judge0Invalid({"error": "the request body is not valid JSON"}) from None


class _TooLarge(Exception):
    pass


async def _write_allowed(request: HttpRequest, token: ApiToken) -> HttpResponse | None:
    if not token.can_write:
        return HttpResponse(status=403)
    retry_after = await sync_to_async(write_retry_after)(request, token.user_id)
    if retry_after is not None:
        return _json({"error": "too many requests"}, 429, {"Retry-After": str(retry_after)})
    return None


def _create(user: User, requests: list[Judge0Request], notify: bool) -> tuple[list[str], str | None]:
    created, refusal = services.judge0_submissions_create(user=user, requests_=requests, notify=notify)
    return [str(s.token) for s in created], refusal


def _parse_and_create(
    user: User, body: object, base64_encoded: bool, notify: bool
) -> tuple[Judge0Request, str]:
    """One run: parsed and created in one hop to the sync thread."""
    parsed = judge0_request_parse(body, base64_encoded=base64_encoded)
    (created,), _ = _create(user, [parsed], notify)
    return parsed, created


def _render_one(
    user: User, token: str, fields: tuple[str, ...], base64_encoded: bool
) -> dict[str, Any] | None:
    submission = services.judge0_submission_get(user=user, token=token)
    return (
        None
        if submission is None
        else services.judge0_render(submission, fields, base64_encoded=base64_encoded)
    )


def _wait_bound(request: Judge0Request) -> float:
    limits = request.limits
    need = (limits["wall_time_limit"] + limits["cpu_extra_time"]) * limits["number_of_runs"] + 30
    return float(min(need, settings.JUDGE0_WAIT_MAX_S))


# One client (a pool of connections) per event loop: a connection belongs to the loop it was made on.
_redis_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, redis.asyncio.Redis[bytes]] = (
    weakref.WeakKeyDictionary()
)


def _redis() -> redis.asyncio.Redis[bytes]:
    loop = asyncio.get_running_loop()
    client = _redis_clients.get(loop)
    if client is None:
        client = redis.asyncio.Redis.from_url(f"{settings.REDIS_URL}/{settings.REDIS_DB_BASE}")
        _redis_clients[loop] = client
    return client


async def _wait_done(token: str, timeout_s: float) -> None:
    await _redis().blpop([services.DONE_KEY.format(token=token)], timeout=timeout_s)


@csrf_exempt
async def submissions(request: HttpRequest) -> HttpResponse:
    token = await _token(request)
    if token is None:
        return HttpResponse(status=401)
    if request.method == "GET":
        return await _submission_list(request)
    if request.method != "POST":
        return HttpResponse(status=405)
    refused = await _write_allowed(request, token)
    if refused is not None:
        return refused
    base64_encoded, wait = _flag(request, "base64_encoded"), _flag(request, "wait")
    try:
        fields = _fields(request)
        if wait and not settings.JUDGE0_ENABLE_WAIT_RESULT:
            raise Judge0Invalid({"wait": ["wait not allowed"]})
        parsed, created = await sync_to_async(_parse_and_create)(
            token.user, _body(request, 1), base64_encoded, wait
        )
    except _TooLarge:
        return _json({"error": BODY_TOO_LARGE}, 413)
    except ValueError as exc:
        return _json({"error": str(exc)}, 400)
    except Judge0Invalid as exc:
        return _json(exc.errors, 422)
    except services.QueueFull as exc:
        return _json({"error": exc.message}, 503)
    except services.Judge0Refused as exc:
        return _json({"error": exc.message}, 429)
    if not wait:
        return _json({"token": created}, 201)
    await _wait_done(created, _wait_bound(parsed))
    return await _rendered(token.user, created, fields, base64_encoded, status=201)


async def _rendered(
    user: User, token: str, fields: tuple[str, ...], base64_encoded: bool, status: int = 200
) -> HttpResponse:
    try:
        data = await sync_to_async(_render_one)(user, token, fields, base64_encoded)
    except services.NotUtf8 as exc:
        return _json({"error": exc.message}, 400)
    if data is None:
        return _json({"error": "submission not found"}, 404)
    return _json(data, status)


async def _submission_list(request: HttpRequest) -> HttpResponse:
    """`GET /submissions`: every run, for an authorized client (X-Auth-User: the token of a user who
    may see all submissions, the jury)."""
    authorizer = await sync_to_async(token_authenticate)(key=_key(request, "X-Auth-User"))
    if authorizer is None or not await sync_to_async(can_view_all_submissions)(authorizer.user):
        return HttpResponse(status=403)
    try:
        fields = _fields(request)
        page = max(1, int(request.GET.get("page", "1")))
        per_page = min(100, max(1, int(request.GET.get("per_page", "20"))))
    except ValueError as exc:
        return _json({"error": str(exc)}, 400)
    try:
        data = await sync_to_async(services.judge0_submissions_page)(
            fields, _flag(request, "base64_encoded"), page, per_page
        )
    except services.NotUtf8 as exc:
        return _json({"error": exc.message}, 400)
    return _json(data)


async def submission_detail(request: HttpRequest, token: str) -> HttpResponse:
    api_token = await _token(request)
    if api_token is None:
        return HttpResponse(status=401)
    if request.method != "GET":
        return HttpResponse(status=405)
    try:
        fields = _fields(request)
    except ValueError as exc:
        return _json({"error": str(exc)}, 400)
    return await _rendered(api_token.user, token, fields, _flag(request, "base64_encoded"))


@csrf_exempt
async def batch(request: HttpRequest) -> HttpResponse:
    token = await _token(request)
    if token is None:
        return HttpResponse(status=401)
    base64_encoded = _flag(request, "base64_encoded")
    if request.method == "GET":
        return await _batch_get(request, token.user, base64_encoded)
    if request.method != "POST":
        return HttpResponse(status=405)
    refused = await _write_allowed(request, token)
    if refused is not None:
        return refused
    limit = settings.JUDGE0_MAX_BATCH_SIZE
    try:
        body = _body(request, limit)
    except _TooLarge:
        return _json({"error": BODY_TOO_LARGE}, 413)
    except Judge0Invalid as exc:
        return _json(exc.errors, 422)
    entries = body.get("submissions") if isinstance(body, dict) else None
    if not isinstance(entries, list) or not entries:
        return _json({"error": "submissions can't be blank"}, 422)
    if len(entries) > limit:
        return _json({"error": BATCH_TOO_LARGE.format(limit=limit)}, 422)
    return await _batch_create(token.user, entries, base64_encoded)


def _parse_entries(entries: list[object], base64_encoded: bool) -> list[Judge0Request | dict[str, Any]]:
    parsed: list[Judge0Request | dict[str, Any]] = []
    for entry in entries:
        try:
            parsed.append(judge0_request_parse(entry, base64_encoded=base64_encoded))
        except Judge0Invalid as exc:
            parsed.append(exc.errors)
    return parsed


async def _batch_create(user: User, entries: list[object], base64_encoded: bool) -> HttpResponse:
    parsed = await sync_to_async(_parse_entries)(entries, base64_encoded)
    valid = [p for p in parsed if isinstance(p, Judge0Request)]
    if not valid:
        # Judge0 answers 422 only when every entry is invalid, each replaced by its errors.
        return _json(parsed, 422)
    try:
        created, refusal = await sync_to_async(_create)(user, valid, False)
    except services.QueueFull as exc:
        return _json({"error": exc.message}, 503)
    except services.Judge0Refused as exc:
        return _json({"error": exc.message}, 429)
    # Entries past the user's cap or budget are replaced by the reason, as invalid ones by theirs.
    tokens = iter(created)
    rows: list[dict[str, Any]] = []
    for entry in parsed:
        if not isinstance(entry, Judge0Request):
            rows.append(entry)
            continue
        token = next(tokens, None)
        rows.append({"token": token} if token is not None else {"error": refusal})
    return _json(rows, 201)


def _batch_rows(user: User, tokens: list[str], fields: tuple[str, ...], base64_encoded: bool) -> list[Any]:
    found = services.judge0_submissions_get(user=user, tokens=tokens)
    return [
        None if s is None else services.judge0_render(s, fields, base64_encoded=base64_encoded) for s in found
    ]


async def _batch_get(request: HttpRequest, user: User, base64_encoded: bool) -> HttpResponse:
    tokens = [t.strip() for t in request.GET.get("tokens", "").split(",") if t.strip()]
    if not tokens:
        return _json({"error": TOKENS_MISSING}, 400)
    if len(tokens) > settings.JUDGE0_MAX_BATCH_SIZE:
        return _json({"error": BATCH_TOO_LARGE.format(limit=settings.JUDGE0_MAX_BATCH_SIZE)}, 400)
    try:
        fields = _fields(request)
        rows = await sync_to_async(_batch_rows)(user, tokens, fields, base64_encoded)
    except ValueError as exc:
        return _json({"error": str(exc)}, 400)
    except services.NotUtf8 as exc:
        return _json({"error": exc.message}, 400)
    return _json({"submissions": rows})


async def languages(request: HttpRequest) -> HttpResponse:
    if await _token(request) is None:
        return HttpResponse(status=401)
    rows = await sync_to_async(judge0_languages)()
    return _json([{"id": language.id, "name": language.name} for language in rows])


async def language_detail(request: HttpRequest, language_id: int) -> HttpResponse:
    if await _token(request) is None:
        return HttpResponse(status=401)
    language = await sync_to_async(judge0_language)(language_id)
    if language is None:
        return _json({"error": "language not found"}, 404)
    return _json(judge0_language_detail(language))


async def statuses(request: HttpRequest) -> HttpResponse:
    if await _token(request) is None:
        return HttpResponse(status=401)
    return _json([{"id": s.value, "description": s.label} for s in Judge0Status])


async def about(request: HttpRequest) -> HttpResponse:
    return _json(ABOUT)


async def config(request: HttpRequest) -> HttpResponse:
    if await _token(request) is None:
        return HttpResponse(status=401)
    return _json(config_info())
