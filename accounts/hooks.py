"""What the accounts app offers the apps built on it, which register from their AppConfig.ready():
accounts imports none of them.

- profile_sections: each renders, as HTML, a section of a user's profile page for that user alone:
  the page shows it to its owner, never to anyone else (the api app's API tokens, say). A section is
  named, so that a view of the app that owns it can render the page with its own version in its
  place (accounts.views.profile_response), e.g. a form with its errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest

ProfileSection = Callable[["HttpRequest", "User"], str]

profile_sections: dict[str, ProfileSection] = {}


def register_profile_section(name: str, render: ProfileSection) -> None:
    profile_sections.setdefault(name, render)
