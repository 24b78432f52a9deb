from __future__ import annotations

from typing import Any

from django import forms

from api.models import TokenScope
from api.tokens import NAME_MAX_LENGTH, TOKEN_NAME_REQUIRED, TOKEN_NAME_TOO_LONG


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        max_length=NAME_MAX_LENGTH,
        help_text="What it is for, e.g. the machine or script that uses it.",
        error_messages={"required": TOKEN_NAME_REQUIRED, "max_length": TOKEN_NAME_TOO_LONG},
    )
    scope = forms.ChoiceField(
        choices=TokenScope.choices,
        initial=TokenScope.WRITE,
        help_text="A read-only token can read submissions and problems but not submit.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Ids of its own on the profile page, which other sections share.
        kwargs.setdefault("auto_id", "token-%s")
        super().__init__(*args, **kwargs)
