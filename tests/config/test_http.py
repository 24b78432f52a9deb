"""Which middleware chain a request takes under ASGI (config/http.py): the sync chain for sync
views, the async one only where a view waits."""

from typing import Any

import pytest
from asgiref.testing import ApplicationCommunicator

from config.http import HttpApplication, view_is_async


def scope(path: str, method: str = "GET") -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


@pytest.mark.parametrize(
    ("path", "method", "is_async"),
    [
        ("/problems/", "GET", False),
        ("/api/v1/problems/", "GET", False),
        ("/api/v1/submissions/", "GET", False),
        ("/api/v1/submissions/", "POST", True),
        ("/judge0/submissions", "POST", True),
        ("/judge0/about", "GET", True),
        ("/no/such/page", "GET", False),
        ("/problems", "GET", False),
    ],
)
def test_only_views_that_wait_take_the_async_chain(path, method, is_async):
    assert view_is_async(scope(path, method)) is is_async


async def call(app, path: str) -> tuple[int, bytes, dict[bytes, bytes]]:
    communicator = ApplicationCommunicator(app, scope(path))
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(timeout=30)
    body = b""
    while True:
        message = await communicator.receive_output(timeout=30)
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    return start["status"], body, {name.lower(): value for name, value in start["headers"]}


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_both_chains_answer_with_the_whole_middleware(aplusb):
    app = HttpApplication()
    status, body, headers = await call(app, "/problems/")
    assert status == 200 and aplusb.title.encode() in body
    assert b"script-src" in headers[b"content-security-policy"]  # the middleware ran
    status, body, headers = await call(app, "/judge0/about")
    assert status == 200 and b"version" in body
    assert b"content-security-policy" in headers
    status, _, _ = await call(app, "/no/such/page")
    assert status == 404
