"""The contest clock, sampled densely around every boundary."""

from datetime import UTC, datetime, timedelta

import pytest

from contests.clock import (
    ContestTimes,
    Phase,
    contest_minute,
    contest_phase,
    contest_time_ms,
    is_frozen,
    may_submit,
    participant_span,
    span_phase,
)

START = datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
END = START + timedelta(hours=5)
TIMES = ContestTimes(start=START, end=END, freeze_minutes=60)
MS = timedelta(milliseconds=1)
US = timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("at", "phase"),
    [
        (START - timedelta(days=1), Phase.BEFORE),
        (START - US, Phase.BEFORE),
        (START, Phase.RUNNING),
        (START + US, Phase.RUNNING),
        (END - timedelta(hours=1) - US, Phase.RUNNING),
        (END - timedelta(hours=1), Phase.FROZEN),
        (END - US, Phase.FROZEN),
        (END, Phase.ENDED),
        (END + timedelta(days=30), Phase.ENDED),
    ],
)
def test_it_gives_the_contest_phase_at_each_boundary(at, phase):
    assert contest_phase(TIMES, at) is phase


def test_it_is_finalized_from_the_finalize_time_on():
    at = END + timedelta(minutes=30)
    finalized = ContestTimes(start=START, end=END, freeze_minutes=60, finalized_at=at)
    assert contest_phase(finalized, END + timedelta(minutes=30) - US) is Phase.ENDED
    assert contest_phase(finalized, END + timedelta(minutes=30)) is Phase.FINALIZED


def test_it_never_freezes_without_freeze_minutes():
    times = ContestTimes(start=START, end=END)
    assert contest_phase(times, END - US) is Phase.RUNNING
    span = participant_span(times, own_start=None)
    assert span is not None and span.freeze_ms is None and not is_frozen(span, 10**9)


def test_a_freeze_longer_than_the_contest_freezes_from_the_start():
    times = ContestTimes(start=START, end=START + timedelta(minutes=30), freeze_minutes=60)
    assert contest_phase(times, START) is Phase.FROZEN


@pytest.mark.parametrize(
    ("elapsed", "minute"),
    [(0, 0), (59_999, 0), (60_000, 1), (119_999, 1), (120_000, 2), (299 * 60_000 + 59_999, 299)],
)
def test_contest_minutes_round_down(elapsed, minute):
    assert contest_minute(elapsed) == minute


def test_contest_time_counts_milliseconds_from_the_participant_start():
    span = participant_span(TIMES, own_start=None)
    assert span is not None
    assert contest_time_ms(span, START + timedelta(seconds=59, milliseconds=999)) == 59_999
    assert contest_time_ms(span, START + timedelta(seconds=59, microseconds=999_999)) == 59_999
    assert contest_time_ms(span, START - MS) == -1


def test_freezing_starts_at_the_freeze_millisecond():
    span = participant_span(TIMES, own_start=None)
    assert span is not None
    freeze = 4 * 60 * 60_000
    assert span.freeze_ms == freeze
    assert not is_frozen(span, freeze - 1)
    assert is_frozen(span, freeze)


@pytest.mark.parametrize(
    ("at", "allowed"),
    [(START - US, False), (START, True), (END - US, True), (END, False)],
)
def test_submissions_are_allowed_from_the_start_until_just_before_the_end(at, allowed):
    assert may_submit(participant_span(TIMES, own_start=None), at) is allowed


class TestWindowed:
    times = ContestTimes(start=START, end=END, freeze_minutes=10, window_minutes=120)

    def test_a_participant_who_has_not_started_has_no_span(self):
        assert participant_span(self.times, own_start=None) is None
        assert not may_submit(None, START + timedelta(hours=1))

    def test_the_window_runs_from_the_participant_start(self):
        own = START + timedelta(hours=1)
        span = participant_span(self.times, own_start=own)
        assert span is not None
        assert (span.start, span.end) == (own, own + timedelta(hours=2))
        assert span_phase(span, own - US) is Phase.BEFORE
        assert span_phase(span, own) is Phase.RUNNING
        assert span_phase(span, own + timedelta(minutes=110) - US) is Phase.RUNNING
        assert span_phase(span, own + timedelta(minutes=110)) is Phase.FROZEN
        assert span_phase(span, own + timedelta(hours=2) - US) is Phase.FROZEN
        assert span_phase(span, own + timedelta(hours=2)) is Phase.ENDED

    def test_the_window_never_passes_the_contest_end(self):
        own = END - timedelta(minutes=30)
        span = participant_span(self.times, own_start=own)
        assert span is not None
        assert span.end == END
        assert may_submit(span, END - US) and not may_submit(span, END)
        # The freeze is the last minutes of the participant's own (shortened) window.
        assert span.freeze_start == END - timedelta(minutes=10)


class TestVirtual:
    def test_a_virtual_participant_replays_the_whole_length(self):
        own = END + timedelta(days=2)
        span = participant_span(TIMES, own_start=own, virtual=True)
        assert span is not None
        assert (span.start, span.end) == (own, own + timedelta(hours=5))
        assert span.freeze_ms == 4 * 3_600_000
        assert span_phase(span, own + timedelta(hours=5) - US) is Phase.FROZEN
        assert span_phase(span, own + timedelta(hours=5)) is Phase.ENDED
        assert contest_time_ms(span, own + timedelta(minutes=3)) == 180_000

    def test_a_virtual_participant_who_has_not_started_has_no_span(self):
        assert participant_span(TIMES, own_start=None, virtual=True) is None
