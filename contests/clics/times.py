"""CLICS TIME and RELTIME values, both ways, as pure functions."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TypeGuard

_RELTIME = re.compile(r"^(-)?(\d+):([0-5]\d):([0-5]\d)(?:\.(\d{1,9}))?$")
_ID = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]{0,34}[A-Za-z0-9_-])?$")


class TimeFormatError(ValueError):
    pass


def parse_time(value: str) -> datetime:
    """An absolute CLICS TIME (ISO 8601 with a zone) as an aware datetime."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise TimeFormatError(f"not a CLICS TIME: {value!r}") from exc
    if parsed.tzinfo is None:
        raise TimeFormatError(f"TIME without a time zone: {value!r}")
    return parsed


def parse_reltime(value: str) -> timedelta:
    """A relative CLICS RELTIME, `(-)?h*h:mm:ss(.uuu)?`, as a timedelta."""
    match = _RELTIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise TimeFormatError(f"not a CLICS RELTIME: {value!r}")
    sign, hours, minutes, seconds, fraction = match.groups()
    micros = int((fraction or "0").ljust(6, "0")[:6])
    delta = timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds), microseconds=micros)
    return -delta if sign else delta


def is_identifier(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and _ID.match(value) is not None
