"""Live verdicts over WebSockets, through the real ASGI app and the real Redis channel layer."""

import socket
import subprocess
import time

import pytest
import redis
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application
from judge.events import broadcast_on_commit, flush_broadcasts, submission_state
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
    # The creation event is out before the feed subscribes (or it could arrive after the snapshot).
    await sync_to_async(flush_broadcasts)()
    feed, connected, _ = await connect(f"/ws/submissions/{submission.pk}/", alice)
    assert connected
    snapshot = await feed.receive_json_from(timeout=30)
    assert (snapshot["kind"], snapshot["status"]) == ("submission", "queued")

    await sync_to_async(perform_queued_jobs)(judge_queue)

    events = [await feed.receive_json_from(timeout=30) for _ in range(5)]
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


async def test_a_verdict_given_while_the_feed_connects_is_not_missed(alice, aplusb, judge_queue, monkeypatch):
    from judge.consumers import SubmissionConsumer
    from judge.models import Status, Submission

    submission = await sync_to_async(submission_create)(
        user=alice, problem=aplusb, language_key="py3", source=AB_OK
    )
    await sync_to_async(flush_broadcasts)()
    join = SubmissionConsumer.join

    def finish() -> None:
        Submission.objects.filter(pk=submission.pk).update(status=Status.DONE, verdict="AC", score=100)
        done = Submission.objects.get(pk=submission.pk)
        broadcast_on_commit(done, submission_state(done))
        flush_broadcasts()

    async def judged_meanwhile(self, groups):
        # The judge finishes after the feed has checked access, before it is in the group: the
        # "done" event reaches nobody, so what the feed sends must already say it.
        await sync_to_async(finish)()
        return await join(self, groups)

    monkeypatch.setattr(SubmissionConsumer, "join", judged_meanwhile)
    feed, connected, _ = await connect(f"/ws/submissions/{submission.pk}/", alice)
    assert connected
    snapshot = await feed.receive_json_from(timeout=30)
    assert (snapshot["status"], snapshot["verdict"]) == ("done", "AC")
    await feed.disconnect()
    await sync_to_async(judge_queue.empty)()


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
    event = await feed.receive_json_from(timeout=30)
    assert (event["kind"], event["status"]) == ("submission", "queued")
    await feed.disconnect()


async def test_it_feeds_a_user_their_own_submissions_to_a_problem(alice, bob, aplusb, judge_queue):
    mine, connected, _ = await connect(f"/ws/problems/{aplusb.slug}/mine/", alice)
    assert connected
    theirs, connected, _ = await connect(f"/ws/problems/{aplusb.slug}/mine/", bob)
    assert connected
    await sync_to_async(submission_create)(user=alice, problem=aplusb, language_key="py3", source=AB_OK)
    assert (await mine.receive_json_from(timeout=30))["status"] == "queued"
    # Bob's feed gets his own submission next, and nothing of Alice's before it.
    bobs = await sync_to_async(submission_create)(user=bob, problem=aplusb, language_key="py3", source=AB_OK)
    event = await theirs.receive_json_from(timeout=30)
    assert (event["submission"], event["status"]) == (bobs.pk, "queued")
    anonymous, connected, code = await connect(f"/ws/problems/{aplusb.slug}/mine/")
    assert not connected and code == 4403
    for feed in (mine, theirs, anonymous):
        await feed.disconnect()


@pytest.fixture
def private_redis():
    """A Redis of this test's own, which it may restart: (port, restart())."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    argv = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    procs = []

    def start() -> None:
        procs.append(subprocess.Popen(argv, stdout=subprocess.DEVNULL))
        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis did not start")

    def restart() -> None:
        procs[-1].kill()
        procs[-1].wait()
        start()

    start()
    yield port, restart
    procs[-1].kill()
    procs[-1].wait()


async def test_a_feed_keeps_receiving_after_redis_restarts(
    alice, aplusb, judge_queue, settings, private_redis
):
    port, restart = private_redis
    layers = dict(settings.CHANNEL_LAYERS)
    layers["default"] = {**layers["default"], "CONFIG": {"hosts": [f"redis://127.0.0.1:{port}/0"]}}
    settings.CHANNEL_LAYERS = layers
    channel_layers.backends.clear()
    submission = await sync_to_async(submission_create)(
        user=alice, problem=aplusb, language_key="py3", source=AB_OK
    )
    await sync_to_async(flush_broadcasts)()
    feed, connected, _ = await connect(f"/ws/submissions/{submission.pk}/", alice)
    assert connected
    assert (await feed.receive_json_from(timeout=30))["status"] == "queued"

    await sync_to_async(restart)()  # Redis keeps nothing: subscriptions must be made again

    # Events sent before the feed has subscribed again are lost (pages reload state when they
    # reconnect); the feed must get those sent afterwards, within seconds (half a minute at most).
    received = None
    for index in range(1, 61):
        event = {"kind": "test", "submission": submission.pk, "index": index}
        await sync_to_async(broadcast_on_commit)(submission, event)
        await sync_to_async(flush_broadcasts)()
        # (A timeout in receive_json_from would cancel the application; this one only waits.)
        if not await feed.receive_nothing(timeout=0.5):
            received = await feed.receive_json_from()
            break
    assert received is not None and received["kind"] == "test", "no event after the restart"
    await feed.disconnect()
