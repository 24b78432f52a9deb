"""Issuing, checking and revoking per-user API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken, TokenScope
from common.exceptions import ApplicationError

# Enough for a client per machine and purpose; past it, an old token should be revoked first.
MAX_TOKENS_PER_USER = 20
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100
TOKEN_NAME_REQUIRED = "A token needs a name."  # noqa: S105 - a message
TOKEN_NAME_TOO_LONG = f"A token's name is at most {NAME_MAX_LENGTH} characters."
TOKEN_SCOPE_UNKNOWN = "A token's scope is read or write."  # noqa: S105 - a message
TOO_MANY_TOKENS = (
    f"You have {MAX_TOKENS_PER_USER} tokens, as many as one may have: revoke one you no longer use first."
)
# Seconds between two writes of a token's last use: a busy client must not write on every request.
LAST_USED_EVERY_S = 60


class TokenRejected(ApplicationError):
    pass


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, scope: str = TokenScope.WRITE) -> tuple[ApiToken, str]:
    """A new token and its key; the key is never stored and cannot be shown again."""
    name = name.strip()
    if not name:
        raise TokenRejected(TOKEN_NAME_REQUIRED)
    if len(name) > NAME_MAX_LENGTH:
        raise TokenRejected(TOKEN_NAME_TOO_LONG)
    if scope not in TokenScope.values:
        raise TokenRejected(TOKEN_SCOPE_UNKNOWN)
    # Locks the user's row (on PostgreSQL), so that two creations at once cannot both pass the cap.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise TokenRejected(TOO_MANY_TOKENS)
    key = secrets.token_urlsafe(30)
    token = ApiToken(user=user, name=name, scope=TokenScope(scope), key_hash=_hash(key), prefix=key[:8])
    token.full_clean()
    token.save()
    return token, key


def token_revoke(*, user: User, token_id: int) -> ApiToken | None:
    """Delete one of the user's tokens and return it; None if it is not theirs (or already gone)."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        return None
    deleted, _ = ApiToken.objects.filter(pk=token.pk).delete()
    return token if deleted else None


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
