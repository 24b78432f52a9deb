"""Issuing, checking and revoking per-user API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken, TokenScope
from common.exceptions import ApplicationError

TOKEN_NAME_REQUIRED = "A token needs a name."  # noqa: S105 - a message
# Seconds between two writes of a token's last use: a busy client must not write on every request.
LAST_USED_EVERY_S = 60


class TokenRejected(ApplicationError):
    pass


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, scope: str = TokenScope.WRITE) -> tuple[ApiToken, str]:
    """A new token and its key; the key is never stored and cannot be shown again."""
    if not name.strip():
        raise TokenRejected(TOKEN_NAME_REQUIRED)
    key = secrets.token_urlsafe(30)
    token = ApiToken(
        user=user, name=name.strip(), scope=TokenScope(scope), key_hash=_hash(key), prefix=key[:8]
    )
    token.full_clean()
    token.save()
    return token, key


def token_revoke(*, user: User, token_id: int) -> bool:
    """Delete one of the user's tokens; False if it is not theirs (or already gone)."""
    deleted, _ = ApiToken.objects.filter(pk=token_id, user=user).delete()
    return deleted > 0


def token_authenticate(*, key: str) -> ApiToken | None:
    """The token for this key, with its active user; None for an unknown key or an inactive user."""
    if not key:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_EVERY_S:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def token_list(*, user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))
