"""The streaming event feed: what exists first, then each change as it is seen, and a newline to keep
the connection alive while nothing happens."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.core.management import call_command
from django.utils import timezone

from api.clics.views import _feed, _feeds, _stream
from contests.clics.serialize import Viewer
from contests.models import Clarification, Contest

FEED = Path(__file__).parent / "feeds" / "mini-2023-06" / "event-feed.ndjson"

pytestmark = pytest.mark.django_db(transaction=True)


def _import():
    call_command("import_contest", str(FEED), stdout=io.StringIO(), stderr=io.StringIO())
    return Contest.objects.get(slug="mini26")


def _first(contest):
    from django.utils import timezone

    return _feed(contest, Viewer(jury=True, now=timezone.now()), None)


async def test_changes_follow_what_exists_and_idle_time_gets_newlines(settings):
    settings.CLICS_FEED_POLL_SECONDS = 0.01
    settings.CLICS_FEED_KEEPALIVE_SECONDS = 0.05
    contest = await sync_to_async(_import)()
    first = await sync_to_async(_first)(contest)
    stream = _stream(contest.pk, True, first)
    try:
        opening = await anext(stream)
        assert [json.loads(line) for line in opening.splitlines()] == first
        # Nothing changes: only keep-alive newlines.
        assert await anext(stream) == "\n"

        await sync_to_async(Clarification.objects.filter(contest=contest, clics_id="c3").update)(text="Hi!")
        await sync_to_async(Clarification.objects.filter(contest=contest, clics_id="c2").delete)()
        changes: list[dict[str, Any]] = []
        while len(changes) < 2:
            chunk = await anext(stream)
            changes += [json.loads(line) for line in chunk.splitlines() if line.strip()]
        by_id = {event["id"]: event for event in changes}
        assert by_id["c3"]["data"]["text"] == "Hi!"
        assert by_id["c2"]["data"] is None  # a deletion
    finally:
        await stream.aclose()


def test_the_view_streams_by_default(client, staff):
    _import()
    client.force_login(staff)
    response = client.get("/api/contests/mini26/event-feed")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/x-ndjson"
    response.close()


async def test_a_stream_from_a_token_does_not_resend_what_came_before(settings):
    settings.CLICS_FEED_POLL_SECONDS = 0.01
    settings.CLICS_FEED_KEEPALIVE_SECONDS = 0.05
    contest = await sync_to_async(_import)()
    everything = await sync_to_async(_first)(contest)
    last = everything[-1]["token"]
    first, known = await sync_to_async(_feeds)(contest, Viewer(jury=True, now=timezone.now()), last)
    assert not [e for e in first if e["type"] in ("submissions", "judgements", "clarifications")]
    stream = _stream(contest.pk, True, first, known)
    try:
        await anext(stream)
        assert await anext(stream) == "\n"  # nothing new: no flood of old events
    finally:
        await stream.aclose()
