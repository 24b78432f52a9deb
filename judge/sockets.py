"""A user's WebSockets: counted (at most WS_MAX_PER_USER open at once) and closed together when what
they were allowed at connect may have changed (logout, password, groups, permissions, authorship).

Every feed of a signed-in user joins the user's own channel-layer group; closing sends one message
to it, and each feed closes with SESSION_CHANGED. A client that reconnects is checked afresh. The
signal receivers only name the users; the closing is sent once the transaction commits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

import redis.asyncio
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Close codes (4000-4999 are the application's): access changed, reconnect to be checked again;
# too many of this user's sockets open.
SESSION_CHANGED = 4401
TOO_MANY_SOCKETS = 4429
CLOSE_MESSAGE = {"type": "user.close"}
# A socket counted longer ago than this no longer counts (its process may have died uncounted).
COUNT_TTL_S = 3600


def user_sockets_group(user_id: int) -> str:
    return f"judge.user.{user_id}"


def sockets_close(*, user_ids: Iterable[int]) -> None:
    """Close every WebSocket of these users once the current transaction commits."""
    ids = sorted(set(user_ids))
    if ids:
        transaction.on_commit(lambda: _send_close(ids))


def _send_close(user_ids: list[int]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for user_id in user_ids:
        try:
            async_to_sync(layer.group_send)(user_sockets_group(user_id), CLOSE_MESSAGE)
        except (RedisError, OSError):
            log.warning("could not close the sockets of user %s", user_id, exc_info=True)


def _count_key(user_id: int) -> str:
    return f"rce:ws:{user_id}"


def _redis() -> redis.asyncio.Redis[bytes]:
    return redis.asyncio.Redis.from_url(f"{settings.REDIS_URL}/{settings.REDIS_DB_BASE + 1}")


async def socket_admit(user_id: int, channel_name: str) -> bool:
    """Count this socket for its user; False (and not counted) when the user has too many open.
    Redis out of reach admits: the feed is worth more than the count."""
    key = _count_key(user_id)
    try:
        async with _redis() as client:
            now = time.time()
            await client.zremrangebyscore(key, "-inf", now - COUNT_TTL_S)
            await client.zadd(key, {channel_name: now})
            await client.expire(key, COUNT_TTL_S)
            # Counted first, then checked: two sockets opening at once cannot both slip under.
            if await client.zcard(key) > settings.WS_MAX_PER_USER:
                await client.zrem(key, channel_name)
                return False
    except (RedisError, OSError):
        log.warning("could not count the sockets of user %s", user_id, exc_info=True)
    return True


async def socket_release(user_id: int, channel_name: str) -> None:
    try:
        async with _redis() as client:
            await client.zrem(_count_key(user_id), channel_name)
    except (RedisError, OSError):
        log.warning("could not uncount a socket of user %s", user_id, exc_info=True)


# --- signal receivers (connected in JudgeConfig.ready) ---------------------------------------


def on_logged_out(sender: Any, request: Any = None, user: User | None = None, **kwargs: Any) -> None:
    if user is not None and user.pk is not None:
        sockets_close(user_ids=[user.pk])


def on_user_saved(
    sender: Any, instance: User, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    # A login only stamps last_login; anything else (active, staff, superuser, password) may change
    # what the user's feeds were allowed.
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    sockets_close(user_ids=[instance.pk])


def on_m2m_changed(
    sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    """A user's groups or permissions, a group's permissions, or a problem's authors changed."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    sockets_close(user_ids=_affected_users(instance, model, pk_set))


def _affected_users(instance: Any, model: Any, pk_set: set[int] | None) -> list[int]:
    if isinstance(instance, User):
        return [instance.pk]
    if model is User:
        # Reverse side (a group, a permission, a problem): the users named, or all of them on clear.
        return list(pk_set) if pk_set is not None else _members(instance)
    if isinstance(instance, Group):
        return _members(instance)
    if isinstance(instance, Permission) and model is Group:
        groups = Group.objects.filter(pk__in=pk_set) if pk_set is not None else instance.group_set.all()
        return list(User.objects.filter(groups__in=groups).values_list("pk", flat=True))
    return []


def _members(instance: Any) -> list[int]:
    if isinstance(instance, Group):
        return list(instance.user_set.values_list("pk", flat=True))
    if isinstance(instance, Permission):
        return list(instance.user_set.values_list("pk", flat=True))
    authors = getattr(instance, "authors", None)
    return list(authors.values_list("pk", flat=True)) if authors is not None else []
