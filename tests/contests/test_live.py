"""The contest feed through the real channel layer: board rows and clarifications reach the right
viewers once committed."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application
from contests.clarifications import announcement_post, clarification_answer, clarification_ask
from contests.services import contest_register
from judge.events import flush_broadcasts

from .test_services import submit

pytestmark = pytest.mark.django_db(transaction=True)


async def connect(path, user=None):
    headers = [(b"origin", b"http://localhost")]
    if user is not None:
        client = Client()
        await sync_to_async(client.force_login)(user)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


async def test_a_verdict_pushes_the_changed_row_to_each_view(contest, alice, staff, verdict, now):
    team = await sync_to_async(contest_register)(contest=contest, user=alice)
    await sync_to_async(flush_broadcasts)()
    public = await connect(f"/ws/contests/{contest.slug}/")
    jury = await connect(f"/ws/contests/{contest.slug}/?view=jury", staff)
    mine = await connect(f"/ws/contests/{contest.slug}/", alice)
    entry = await sync_to_async(submit)(contest, alice, now=now + timedelta(minutes=40))
    for feed in (public, jury, mine):
        pending = await feed.receive_json_from(timeout=10)
        assert (pending["kind"], pending["team"]) == ("row", team.pk)
        assert "pending" in pending["html"]
    assert (await mine.receive_json_from(timeout=10))["kind"] == "own"
    await sync_to_async(verdict)(entry, "AC")
    await sync_to_async(flush_broadcasts)()
    solved = await jury.receive_json_from(timeout=10)
    assert solved["key"] == [1.0, 100, 100] and "solved" in solved["html"]
    own = await mine.receive_json_from(timeout=10)
    assert own["kind"] == "own" and own["key"] == [1.0, 100, 100]
    # In the freeze the public board's row does not change: nothing is sent to it.
    assert await public.receive_nothing(timeout=0.5)
    for feed in (public, jury, mine):
        await feed.disconnect()


async def test_clarifications_reach_the_team_the_jury_and_everyone(contest, alice, bob, staff):
    alice_team = await sync_to_async(contest_register)(contest=contest, user=alice)
    await sync_to_async(contest_register)(contest=contest, user=bob)
    await sync_to_async(flush_broadcasts)()
    alices = await connect(f"/ws/contests/{contest.slug}/", alice)
    bobs = await connect(f"/ws/contests/{contest.slug}/", bob)
    jury = await connect(f"/ws/contests/{contest.slug}/", staff)
    question = await sync_to_async(clarification_ask)(
        contest=contest, team=alice_team, user=alice, text="n > 0?"
    )
    await sync_to_async(flush_broadcasts)()
    assert (await jury.receive_json_from(timeout=10))["id"] == question.pk
    assert (await alices.receive_json_from(timeout=10))["id"] == question.pk
    answer = await sync_to_async(clarification_answer)(question=question, user=staff, text="Yes.")
    await sync_to_async(flush_broadcasts)()
    event = await alices.receive_json_from(timeout=10)
    assert (event["kind"], event["id"], event["from_jury"]) == ("clarification", answer.pk, True)
    assert "text" not in event
    assert await bobs.receive_nothing(timeout=0.5)
    note = await sync_to_async(announcement_post)(contest=contest, user=staff, text="Hello")
    await sync_to_async(flush_broadcasts)()
    assert (await bobs.receive_json_from(timeout=10))["id"] == note.pk
    for feed in (alices, bobs, jury):
        await feed.disconnect()
