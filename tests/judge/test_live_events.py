"""Live verdicts over WebSockets, through the real ASGI app and the real Redis channel layer."""

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application
from judge.services import submission_create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.docker]

AB_OK = "a, b = map(int, input().split())\nprint(a + b)\n"


async def connect(path: str, user=None):
    headers = [(b"origin", b"http://localhost")]
    if user is not None:
        client = Client()
        await sync_to_async(client.force_login)(user)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    # The layer caches asyncio locks bound to the first event loop that used them, and each test
    # runs in a loop of its own; a layer per test keeps one test's loop out of the next.
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def perform_queued_jobs(queue) -> None:
    # A worker installs signal handlers, which only the main thread may do; run the jobs as it would.
    for job in queue.jobs:
        job.perform()
        queue.remove(job)


async def test_it_streams_each_test_then_the_final_verdict_in_order(alice, aplusb, judge_queue):
    submission = await sync_to_async(submission_create)(
        user=alice, problem=aplusb, language_key="py3", source=AB_OK
    )
    feed, connected, _ = await connect(f"/ws/submissions/{submission.pk}/", alice)
    assert connected
    snapshot = await feed.receive_json_from()
    assert (snapshot["kind"], snapshot["status"]) == ("submission", "queued")

    await sync_to_async(perform_queued_jobs)(judge_queue)

    events = [await feed.receive_json_from(timeout=5) for _ in range(5)]
    assert [e["kind"] for e in events] == ["submission", "test", "test", "test", "submission"]
    assert events[0]["status"] == "judging"
    assert [e["index"] for e in events[1:4]] == [1, 2, 3]
    assert [e["verdict"] for e in events[1:4]] == ["AC", "AC", "AC"]
    assert [round(e["score"]) for e in events[1:4]] == [33, 67, 100]
    assert all(e["total"] == 3 for e in events[1:4])
    assert (events[4]["status"], events[4]["verdict"], events[4]["score"]) == ("done", "AC", 100)
    # Events carry no test data, output or checker messages.
    assert all(
        set(e)
        <= {
            "kind",
            "submission",
            "problem",
            "index",
            "total",
            "verdict",
            "time_ms",
            "memory_kb",
            "score",
            "status",
        }
        for e in events
    )
    await feed.disconnect()


async def test_it_refuses_other_users_and_anonymous_visitors(alice, bob, aplusb, judge_queue):
    submission = await sync_to_async(submission_create)(
        user=alice, problem=aplusb, language_key="py3", source=AB_OK
    )
    for user in (bob, None):
        feed, connected, code = await connect(f"/ws/submissions/{submission.pk}/", user)
        assert not connected and code == 4403
        await feed.disconnect()


async def test_it_lets_only_staff_watch_the_queue(alice, staff, aplusb, judge_queue):
    feed, connected, code = await connect("/ws/queue/", alice)
    assert not connected and code == 4403
    await feed.disconnect()
    feed, connected, _ = await connect("/ws/queue/", staff)
    assert connected
    await sync_to_async(submission_create)(user=alice, problem=aplusb, language_key="py3", source=AB_OK)
    event = await feed.receive_json_from(timeout=5)
    assert (event["kind"], event["status"]) == ("submission", "queued")
    await feed.disconnect()


async def test_it_feeds_a_user_their_own_submissions_to_a_problem(alice, bob, aplusb, judge_queue):
    mine, connected, _ = await connect(f"/ws/problems/{aplusb.slug}/mine/", alice)
    assert connected
    theirs, connected, _ = await connect(f"/ws/problems/{aplusb.slug}/mine/", bob)
    assert connected
    await sync_to_async(submission_create)(user=alice, problem=aplusb, language_key="py3", source=AB_OK)
    assert (await mine.receive_json_from(timeout=5))["status"] == "queued"
    assert await theirs.receive_nothing(timeout=0.5)
    anonymous, connected, code = await connect(f"/ws/problems/{aplusb.slug}/mine/")
    assert not connected and code == 4403
    for feed in (mine, theirs, anonymous):
        await feed.disconnect()
