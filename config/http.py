"""HTTP under ASGI in as few thread hops as the views allow.

Django's ASGI handler runs its middleware in async mode: each of our (sync) middlewares then costs a
hop to the sync thread and back for its request half and another for its response half, and the
view one more, some 20 hops a request, about 5 ms on a small machine. Nearly every view is sync:
for those the same handler with a sync middleware chain runs middleware and view in one hop, as
under WSGI. The async views (Judge0's `wait`, the v1 `wait`, CLICS feeds) keep the async chain, so
that waiting holds no thread. Which kind a request gets is decided by the view its path resolves
to, as Django itself decides how to call a view.
"""

from __future__ import annotations

import asyncio
from typing import Any

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, get_resolver

Scope = dict[str, Any]
# An async view's attribute naming the only methods it needs the async chain for.
ASYNC_METHODS = "async_methods"


class SyncChainASGIHandler(ASGIHandler):
    """Django's ASGI handler with the middleware chain built for sync views, run in one hop."""

    def __init__(self) -> None:
        super(ASGIHandler, self).__init__()
        self.load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def view_is_async(scope: Scope) -> bool:
    """Whether the request's path resolves to an async view that needs to be async for this
    method (a path that resolves to nothing gets its 404, or its slash appended, from the sync
    chain, and under the sync chain Django runs an async view in one more hop)."""
    path = scope["path"]
    root = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    try:
        match = get_resolver().resolve(path)
    except Resolver404:
        return False
    if not asyncio.iscoroutinefunction(match.func):
        return False
    # An async view may wait for some methods only (api.v1.waiting): the others take the sync chain.
    methods = getattr(match.func, ASYNC_METHODS, None)
    return methods is None or scope["method"] in methods


class HttpApplication:
    def __init__(self) -> None:
        self.async_views = ASGIHandler()
        self.sync_views = SyncChainASGIHandler()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        handler = self.async_views if view_is_async(scope) else self.sync_views
        await handler(scope, receive, send)
