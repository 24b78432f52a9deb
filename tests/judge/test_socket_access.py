"""WebSockets are checked again when access changes: logging out, losing the jury group or a problem's
authorship closes the user's feeds (a reconnect is checked afresh); a user's open sockets are capped;
nginx limits connections and their rate per address."""

from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application
from judge.services import submission_create
from judge.sockets import SESSION_CHANGED, TOO_MANY_SOCKETS
from tests.conftest import jury_group

pytestmark = pytest.mark.django_db(transaction=True)

AB_OK = "a, b = map(int, input().split())\nprint(a + b)\n"
DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


async def session_of(user) -> Client:
    client = Client()
    await sync_to_async(client.force_login)(user)
    return client


async def connect(path: str, client: Client):
    headers = [
        (b"origin", b"http://localhost"),
        (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
    ]
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


async def closed_with(feed: WebsocketCommunicator) -> int | None:
    while True:
        message = await feed.receive_output(timeout=30)
        if message["type"] == "websocket.close":
            code: int | None = message.get("code")
            return code


async def test_logging_out_closes_the_users_feeds(alice, aplusb, judge_queue):
    submission = await sync_to_async(submission_create)(
        user=alice, problem=aplusb, language_key="py3", source=AB_OK
    )
    client = await session_of(alice)
    feed, connected, _ = await connect(f"/ws/submissions/{submission.pk}/", client)
    problem_feed, problem_connected, _ = await connect(f"/ws/problems/{aplusb.slug}/mine/", client)
    assert connected and problem_connected
    await sync_to_async(client.post)("/accounts/logout/")
    assert await closed_with(feed) == SESSION_CHANGED
    assert await closed_with(problem_feed) == SESSION_CHANGED
    # The session is gone: connecting again is refused.
    _, connected, code = await connect(f"/ws/submissions/{submission.pk}/", client)
    assert not connected and code == 4403


async def test_leaving_the_jury_closes_the_live_queue(staff):
    client = await session_of(staff)
    feed, connected, _ = await connect("/ws/queue/", client)
    assert connected
    await sync_to_async(lambda: staff.groups.remove(jury_group()))()
    assert await closed_with(feed) == SESSION_CHANGED
    _, connected, code = await connect("/ws/queue/", client)
    assert not connected and code == 4403


async def test_losing_authorship_closes_the_authors_feeds(alice, bob, aplusb, judge_queue):
    submission = await sync_to_async(submission_create)(
        user=alice, problem=aplusb, language_key="py3", source=AB_OK
    )
    await sync_to_async(aplusb.authors.add)(bob)
    client = await session_of(bob)
    feed, connected, _ = await connect(f"/ws/submissions/{submission.pk}/", client)
    assert connected
    await sync_to_async(aplusb.authors.remove)(bob)
    assert await closed_with(feed) == SESSION_CHANGED
    _, connected, code = await connect(f"/ws/submissions/{submission.pk}/", client)
    assert not connected and code == 4403


async def test_a_user_may_hold_only_so_many_sockets(alice, bob, aplusb, settings):
    settings.WS_MAX_PER_USER = 2
    client = await session_of(alice)
    path = f"/ws/problems/{aplusb.slug}/mine/"
    feeds = []
    for _ in range(2):
        feed, connected, _ = await connect(path, client)
        assert connected
        feeds.append(feed)
    _, connected, code = await connect(path, client)
    assert not connected and code == TOO_MANY_SOCKETS
    # Another user is not affected, and a closed socket frees its place.
    other, connected, _ = await connect(path, await session_of(bob))
    assert connected
    await feeds.pop().disconnect()
    feed, connected, _ = await connect(path, client)
    assert connected
    for open_feed in (*feeds, feed, other):
        await open_feed.disconnect()


def test_nginx_limits_websocket_connections_and_their_rate_per_address():
    site = (DEPLOY / "nginx" / "rce.conf").read_text()
    assert "limit_conn_zone $binary_remote_addr zone=rce_ws_conn:10m;" in site
    websockets = site.split("location /ws/ {")[1].split("}")[0]
    assert "limit_conn rce_ws_conn 20;" in websockets
    assert "limit_req zone=rce_ws_req burst=20 nodelay;" in websockets
    assert "limit_req_status 429;" in site and "limit_conn_status 429;" in site
