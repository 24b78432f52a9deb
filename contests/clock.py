"""The contest clock: pure functions of plain times, no Django.

A contest runs from `start` to `end`; its last `freeze_minutes` are frozen. A participant normally
shares that span. In a windowed contest each participant has `window_minutes` from their own start
(never past the contest's end); a virtual participant replays the whole contest's length from their
own start, after the real one ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Phase(StrEnum):
    BEFORE = "before"
    RUNNING = "running"
    FROZEN = "frozen"
    ENDED = "ended"
    FINALIZED = "finalized"


@dataclass(frozen=True)
class ContestTimes:
    start: datetime
    end: datetime
    freeze_minutes: int = 0
    window_minutes: int | None = None
    finalized_at: datetime | None = None

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    @property
    def freeze_start(self) -> datetime | None:
        if not self.freeze_minutes:
            return None
        return max(self.start, self.end - timedelta(minutes=self.freeze_minutes))


@dataclass(frozen=True)
class Span:
    """One participant's own contest: when it starts and ends, and when its freeze begins."""

    start: datetime
    end: datetime
    freeze_start: datetime | None

    @property
    def duration_ms(self) -> int:
        return duration_ms(self.end - self.start)

    @property
    def freeze_ms(self) -> int | None:
        """Contest time (ms) from which results are frozen; None if never."""
        return None if self.freeze_start is None else duration_ms(self.freeze_start - self.start)


def duration_ms(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def _freeze(start: datetime, end: datetime, freeze_minutes: int) -> datetime | None:
    if not freeze_minutes:
        return None
    return max(start, end - timedelta(minutes=freeze_minutes))


def participant_span(
    times: ContestTimes, *, own_start: datetime | None, virtual: bool = False
) -> Span | None:
    """The participant's span; None for a windowed or virtual participant who has not started."""
    if virtual:
        if own_start is None:
            return None
        end = own_start + times.duration
        return Span(own_start, end, _freeze(own_start, end, times.freeze_minutes))
    if times.window_minutes is not None:
        if own_start is None:
            return None
        start = max(own_start, times.start)
        end = min(start + timedelta(minutes=times.window_minutes), times.end)
        return Span(start, end, _freeze(start, end, times.freeze_minutes))
    return Span(times.start, times.end, times.freeze_start)


def contest_phase(times: ContestTimes, now: datetime) -> Phase:
    """The contest's own phase (the real clock, not a participant's)."""
    if now < times.start:
        return Phase.BEFORE
    if now < times.end:
        freeze = times.freeze_start
        return Phase.FROZEN if freeze is not None and now >= freeze else Phase.RUNNING
    if times.finalized_at is not None and now >= times.finalized_at:
        return Phase.FINALIZED
    return Phase.ENDED


def span_phase(span: Span, now: datetime) -> Phase:
    """A participant's phase in their own span (never finalized: that is the contest's)."""
    if now < span.start:
        return Phase.BEFORE
    if now < span.end:
        return Phase.FROZEN if span.freeze_start is not None and now >= span.freeze_start else Phase.RUNNING
    return Phase.ENDED


def contest_time_ms(span: Span, at: datetime) -> int:
    """Milliseconds since the participant's start (negative before it)."""
    return duration_ms(at - span.start)


def contest_minute(time_ms: int) -> int:
    """CLICS: contest time in whole minutes, rounded down (59.999 s is minute 0)."""
    return time_ms // 60_000


def may_submit(span: Span | None, now: datetime) -> bool:
    """Inside the participant's own span: start inclusive, end exclusive."""
    return span is not None and span.start <= now < span.end


def is_frozen(span: Span, time_ms: int) -> bool:
    """Whether a result at this contest time is hidden from the public board while it is frozen."""
    freeze = span.freeze_ms
    return freeze is not None and time_ms >= freeze
