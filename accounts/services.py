from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction


@transaction.atomic
def user_create(*, username: str, email: str, password: str) -> User:
    """A contestant's account (never staff), its password hashed by the configured hasher."""
    user = User(username=username, email=email)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user
