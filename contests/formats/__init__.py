"""Scoring formats: one module each, registered here by key."""

from __future__ import annotations

from contests.formats import atcoder, icpc, ioi
from contests.formats.base import Format

FORMATS: dict[str, Format] = {f.key: f for f in (icpc.FORMAT, ioi.FORMAT, atcoder.FORMAT)}
FORMAT_CHOICES = [(f.key, f.name) for f in FORMATS.values()]


def get_format(key: str) -> Format:
    try:
        return FORMATS[key]
    except KeyError:
        raise ValueError(f"unknown contest format {key!r}") from None
