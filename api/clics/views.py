"""Parse the request, ask contests.clics for the objects, render them (JSON, or NDJSON for the feed).

The jury (a staff user: session, HTTP basic auth or an API token of any scope) sees everything; anyone
else gets the public view, where the freeze hides the judgements of submissions made during it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import HttpResponse, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.authentication import ApiTokenAuthentication
from contests.clics import selectors
from contests.clics.events import TokenError, event_lines, parse_token, to_ndjson
from contests.clics.serialize import API_INFORMATION, Viewer, access_json, contest_json, state_json
from contests.exports import scoreboard_clics
from contests.models import Contest, Group
from contests.selectors import is_jury

HEADERS = {"Access-Control-Allow-Origin": "*"}


def error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"code": status, "message": message}, status=status, headers=HEADERS)


def ok(data: Any) -> JsonResponse:
    return JsonResponse(data, safe=False, headers=HEADERS, json_dumps_params={"separators": (",", ":")})


class ClicsApi(APIView):
    # Basic first: its challenge makes a failed authentication a 401, as the spec has it.
    authentication_classes = [BasicAuthentication, ApiTokenAuthentication, SessionAuthentication]
    permission_classes = [AllowAny]
    http_method_names = ["get", "head", "options"]

    def viewer(self, request: Request) -> Viewer:
        return Viewer(jury=is_jury(request.user), now=timezone.now())

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        if isinstance(exc, exceptions.APIException):  # the spec's error body
            response.data = {"code": response.status_code, "message": str(exc.detail)}
        return response

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        finished = super().finalize_response(request, response, *args, **kwargs)
        for name, value in HEADERS.items():
            finished[name] = value
        return finished

    def contest(self, request: Request, slug: str) -> tuple[Contest, Viewer]:
        viewer = self.viewer(request)
        contest = selectors.contest_get(slug, viewer)
        if contest is None:
            raise exceptions.NotFound(f"no contest {slug!r}")
        return contest, viewer


class ApiInformationApi(ClicsApi):
    def get(self, request: Request) -> HttpResponseBase:
        return ok(API_INFORMATION)


class AccessApi(ClicsApi):
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        self.contest(request, slug)
        return ok(access_json())


class ContestListApi(ClicsApi):
    def get(self, request: Request) -> HttpResponseBase:
        return ok([contest_json(c) for c in selectors.contests_listed(self.viewer(request))])


class ContestDetailApi(ClicsApi):
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        contest, _viewer = self.contest(request, slug)
        return ok(contest_json(contest))


class StateApi(ClicsApi):
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        contest, viewer = self.contest(request, slug)
        return ok(state_json(contest, viewer.now))


def _matches(item: dict[str, Any], filters: dict[str, str]) -> bool:
    return all(str(item.get(key) or "") == value for key, value in filters.items())


class CollectionApi(ClicsApi):
    def get(
        self, request: Request, slug: str, endpoint: str, object_id: str | None = None
    ) -> HttpResponseBase:
        contest, viewer = self.contest(request, slug)
        items = selectors.collection(contest, endpoint, viewer)
        if object_id is not None:
            found = next((item for item in items if item["id"] == object_id), None)
            return ok(found) if found is not None else error(404, f"no {endpoint} {object_id!r}")
        # Filtering on any property of type ID, ANDed (`to_team_id=` matches null).
        filters = {k: str(request.query_params.get(k, "")) for k in request.query_params if k.endswith("_id")}
        return ok([item for item in items if _matches(item, filters)])


class ScoreboardApi(ClicsApi):
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        contest, viewer = self.contest(request, slug)
        group = request.query_params.get("group_id")
        group_pk = None
        if group is not None:
            groups = {g.clics_id or str(g.pk): g.pk for g in Group.objects.filter(contest=contest)}
            if group not in groups:
                return error(400, f"no group {group!r}")
            group_pk = groups[group]
        return ok(scoreboard_clics(contest=contest, jury=viewer.jury, group_id=group_pk, now=viewer.now))


class SubmissionFilesApi(ClicsApi):
    def get(self, request: Request, slug: str, object_id: str) -> HttpResponseBase:
        contest, viewer = self.contest(request, slug)
        if not viewer.jury:
            return error(403, "only the jury may read submissions' files")
        content = selectors.submission_files(contest, object_id)
        if content is None:
            return error(404, f"no files for submission {object_id!r}")
        response = HttpResponse(content, content_type="application/zip", headers=HEADERS)
        response["Content-Disposition"] = 'attachment; filename="files.zip"'
        return response


def _feeds(
    contest: Contest, viewer: Viewer, since: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The events after `since` (what is sent), and all of them (what the client then knows)."""
    config, live, closing = selectors.notifications(contest, viewer)
    after = parse_token(since, len(live))
    return event_lines(config, live, closing, after), event_lines(config, live, closing)


def _feed(contest: Contest, viewer: Viewer, since: str | None) -> list[dict[str, Any]]:
    config, live, closing = selectors.notifications(contest, viewer)
    return event_lines(config, live, closing, parse_token(since, len(live)))


class EventFeedApi(ClicsApi):
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        contest, viewer = self.contest(request, slug)
        since = request.query_params.get("since_token")
        streaming = request.query_params.get("stream", "true").lower() not in ("false", "0", "no")
        try:
            events, known = (
                _feeds(contest, viewer, since) if streaming else (_feed(contest, viewer, since), [])
            )
        except TokenError as exc:
            return error(400, str(exc))
        if not streaming:
            return HttpResponse(to_ndjson(events), content_type="application/x-ndjson", headers=HEADERS)
        response = StreamingHttpResponse(
            _stream(contest.pk, viewer.jury, events, known),
            content_type="application/x-ndjson",
            headers=HEADERS,
        )
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"
        return response


def _key(event: dict[str, Any]) -> tuple[str, str | None]:
    return event["type"], event["id"]


async def _stream(
    contest_pk: int, jury: bool, first: list[dict[str, Any]], known: list[dict[str, Any]] | None = None
) -> AsyncGenerator[str, None]:
    """`first`, then every change to `known` (all that exists) as it is seen (polled), with a newline
    when idle for long. A large contest's feed takes a while to rebuild: the poll then waits four
    times that long, so that a client keeps at most a fifth of a core busy."""
    poll = float(getattr(settings, "CLICS_FEED_POLL_SECONDS", 2))
    keepalive = float(getattr(settings, "CLICS_FEED_KEEPALIVE_SECONDS", 120))
    sent = {_key(event): event["data"] for event in (known if known is not None else first)}
    yield to_ndjson(first)
    idle = 0.0
    wait = poll
    while True:
        await asyncio.sleep(wait)
        started = time.monotonic()
        events = await sync_to_async(_current)(contest_pk, jury)
        took = time.monotonic() - started
        idle += wait + took
        wait = max(poll, 4 * took)
        changes = [event for event in events if sent.get(_key(event), object()) != event["data"]]
        seen = {_key(event) for event in events}
        gone = [key for key in sent if key not in seen]
        for kind, object_id in gone:
            changes.append({"type": kind, "id": object_id, "data": None, "token": events[-1]["token"]})
            del sent[(kind, object_id)]
        sent.update({_key(event): event["data"] for event in changes if event["data"] is not None})
        if changes:
            idle = 0.0
            yield to_ndjson(changes)
        elif idle >= keepalive:
            idle = 0.0
            yield "\n"


def _current(contest_pk: int, jury: bool) -> list[dict[str, Any]]:
    contest = Contest.objects.get(pk=contest_pk)
    return _feed(contest, Viewer(jury=jury, now=timezone.now()), None)
