"""Typed, validated records of a contest read from a CLICS feed: pure functions, no database."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from contests.clics.feed import FeedError, FeedState, RawObject
from contests.clics.times import TimeFormatError, is_identifier, parse_reltime, parse_time

T = TypeVar("T")

# The contest's and problems' ids become slugs here (in URLs): CLICS ids may hold dots, slugs not.
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

# Used when a feed has no judgement-types: the spec's big five and the usual others.
DEFAULT_JUDGEMENT_TYPES: tuple[tuple[str, str, bool, bool], ...] = (
    ("AC", "Accepted", False, True),
    ("WA", "Wrong Answer", True, False),
    ("TLE", "Time Limit Exceeded", True, False),
    ("RTE", "Run-Time Error", True, False),
    ("MLE", "Memory Limit Exceeded", True, False),
    ("OLE", "Output Limit Exceeded", True, False),
    ("CE", "Compile Error", False, False),
    ("RE", "Rejected", True, False),
    ("JE", "Judging Error", False, False),
)


@dataclass(frozen=True, slots=True)
class ContestRecord:
    line: int
    id: str
    name: str
    formal_name: str | None
    start_time: datetime | None
    duration: timedelta
    freeze_duration: timedelta | None
    scoreboard_type: str
    penalty_time: int
    thaw_time: datetime | None


@dataclass(frozen=True, slots=True)
class StateRecord:
    line: int
    started: datetime | None
    frozen: datetime | None
    ended: datetime | None
    thawed: datetime | None
    finalized: datetime | None
    end_of_updates: datetime | None


@dataclass(frozen=True, slots=True)
class JudgementTypeRecord:
    line: int
    id: str
    name: str
    penalty: bool
    solved: bool


@dataclass(frozen=True, slots=True)
class LanguageRecord:
    line: int
    id: str
    name: str
    extensions: tuple[str, ...]
    entry_point_required: bool
    entry_point_name: str | None


@dataclass(frozen=True, slots=True)
class ProblemRecord:
    line: int
    id: str
    label: str
    name: str
    ordinal: int
    rgb: str | None
    color: str | None
    time_limit: float | None
    test_data_count: int
    max_score: float | None


@dataclass(frozen=True, slots=True)
class GroupRecord:
    line: int
    id: str
    name: str
    type: str | None
    icpc_id: str | None


@dataclass(frozen=True, slots=True)
class OrganizationRecord:
    line: int
    id: str
    name: str
    formal_name: str | None
    country: str | None
    icpc_id: str | None


@dataclass(frozen=True, slots=True)
class TeamRecord:
    line: int
    id: str
    name: str
    label: str
    display_name: str | None
    organization_id: str | None
    group_ids: tuple[str, ...]
    hidden: bool
    icpc_id: str | None


@dataclass(frozen=True, slots=True)
class SubmissionRecord:
    line: int
    id: str
    team_id: str
    problem_id: str
    language_id: str
    time: datetime
    contest_time: timedelta
    entry_point: str | None


@dataclass(frozen=True, slots=True)
class JudgementRecord:
    line: int
    id: str
    submission_id: str
    judgement_type_id: str | None
    score: float | None
    start_time: datetime
    start_contest_time: timedelta
    end_time: datetime | None
    end_contest_time: timedelta | None
    max_run_time: float | None


@dataclass(frozen=True, slots=True)
class ClarificationRecord:
    line: int
    id: str
    from_team_id: str | None
    to_team_id: str | None
    reply_to_id: str | None
    problem_id: str | None
    text: str
    time: datetime
    contest_time: timedelta


@dataclass(frozen=True, slots=True)
class AwardRecord:
    line: int
    id: str
    citation: str
    team_ids: tuple[str, ...] | None


@dataclass(frozen=True)
class ContestFeed:
    contest: ContestRecord
    state: StateRecord | None
    judgement_types: tuple[JudgementTypeRecord, ...]
    languages: tuple[LanguageRecord, ...]
    problems: tuple[ProblemRecord, ...]
    groups: tuple[GroupRecord, ...]
    organizations: tuple[OrganizationRecord, ...]
    teams: tuple[TeamRecord, ...]
    submissions: tuple[SubmissionRecord, ...]
    judgements: tuple[JudgementRecord, ...]
    clarifications: tuple[ClarificationRecord, ...]
    awards: tuple[AwardRecord, ...]

    def final_judgements(self) -> dict[str, JudgementRecord]:
        """Each submission's last judgement: the latest started, the later in the feed on a tie."""
        final: dict[str, JudgementRecord] = {}
        for judgement in sorted(self.judgements, key=lambda j: (j.start_time, j.line)):
            final[judgement.submission_id] = judgement
        return final


class _Fields:
    """Typed access to one object's properties; every failure names the object's line."""

    def __init__(self, kind: str, raw: RawObject) -> None:
        self.kind = kind
        self.line = raw.line
        self.data = raw.data

    def fail(self, message: str) -> FeedError:
        return FeedError(
            self.line, f"{self.kind} {self.data.get('id', '')!r}: {message}".replace(" '':", ":")
        )

    def _get(self, name: str, required: bool) -> Any:
        value = self.data.get(name)
        if value is None and required:
            raise self.fail(f"'{name}' is required")
        return value

    def typed(self, name: str, kind: type[T] | tuple[type, ...], required: bool = False) -> Any:
        value = self._get(name, required)
        if value is not None and (
            not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool)
        ):
            raise self.fail(f"'{name}' has the wrong type ({type(value).__name__})")
        return value

    def text(self, name: str, required: bool = False) -> str | None:
        return self.typed(name, str, required)  # type: ignore[no-any-return]

    def req_text(self, name: str) -> str:
        return self.typed(name, str, True)  # type: ignore[no-any-return]

    def ident(self, name: str, required: bool = False) -> str | None:
        value = self._get(name, required)
        if value is not None and not is_identifier(value):
            raise self.fail(f"'{name}' is not a valid id: {value!r}")
        return value  # type: ignore[no-any-return]

    def idents(self, name: str) -> tuple[str, ...] | None:
        value = self._get(name, False)
        if value is None:
            return None
        if not isinstance(value, list) or not all(is_identifier(v) for v in value):
            raise self.fail(f"'{name}' must be an array of ids")
        return tuple(value)

    def number(self, name: str, required: bool = False) -> float | None:
        value = self.typed(name, (int, float), required)
        return None if value is None else float(value)

    def _timed(self, name: str, required: bool, parse: Callable[[str], T]) -> T | None:
        value = self._get(name, required)
        if value is None:
            return None
        try:
            return parse(value)
        except TimeFormatError as exc:
            raise self.fail(f"impossible time in '{name}': {exc}") from exc

    def time(self, name: str, required: bool = False) -> datetime | None:
        return self._timed(name, required, parse_time)

    def reltime(self, name: str, required: bool = False) -> timedelta | None:
        return self._timed(name, required, parse_reltime)


def _contest(raw: RawObject) -> ContestRecord:
    f = _Fields("contest", raw)
    duration = f.reltime("duration", True)
    freeze = f.reltime("scoreboard_freeze_duration")
    assert duration is not None
    if duration <= timedelta(0):
        raise f.fail("impossible time: the duration must be positive")
    if freeze is not None and not timedelta(0) <= freeze <= duration:
        raise f.fail("impossible time: the freeze must last between zero and the contest's duration")
    scoreboard_type = f.text("scoreboard_type") or "pass-fail"
    if scoreboard_type not in ("pass-fail", "score"):
        raise f.fail(f"unknown scoreboard_type {scoreboard_type!r}")
    penalty = f.typed("penalty_time", int)
    contest_id = f.ident("id", True)
    assert contest_id is not None
    if not _SLUG.match(contest_id):
        raise f.fail(f"id {contest_id!r} cannot be a slug here (letters, digits, '-' and '_' only)")
    return ContestRecord(
        line=raw.line,
        id=contest_id,
        name=f.req_text("name"),
        formal_name=f.text("formal_name"),
        start_time=f.time("start_time"),
        duration=duration,
        freeze_duration=freeze,
        scoreboard_type=scoreboard_type,
        penalty_time=20 if penalty is None else penalty,
        thaw_time=f.time("scoreboard_thaw_time"),
    )


def _state(raw: RawObject) -> StateRecord:
    f = _Fields("state", raw)
    record = StateRecord(
        raw.line,
        *(f.time(name) for name in ("started", "frozen", "ended", "thawed", "finalized", "end_of_updates")),
    )
    order = [("started", "frozen"), ("frozen", "ended"), ("started", "ended"), ("ended", "thawed")]
    order += [("frozen", "thawed"), ("ended", "finalized"), ("finalized", "end_of_updates")]
    for earlier, later in order:
        first, second = getattr(record, earlier), getattr(record, later)
        if second is not None and (first is None or second < first):
            if first is None and earlier == "frozen" and later == "ended":
                continue  # a contest need not be frozen
            raise f.fail(f"impossible time: '{later}' before '{earlier}'")
    return record


def _objects(state: FeedState, kind: str, build: Callable[[_Fields], T]) -> tuple[T, ...]:
    return tuple(build(_Fields(kind.rstrip("s"), raw)) for raw in state.collections[kind].values())


def _judgement_type(f: _Fields) -> JudgementTypeRecord:
    solved = f.typed("solved", bool, True)
    penalty = f.typed("penalty", bool)
    return JudgementTypeRecord(
        f.line, f.req_text("id"), f.req_text("name"), not solved if penalty is None else penalty, solved
    )


def _language(f: _Fields) -> LanguageRecord:
    extensions = f.typed("extensions", list) or []
    return LanguageRecord(
        f.line,
        f.req_text("id"),
        f.req_text("name"),
        tuple(str(e) for e in extensions),
        bool(f.typed("entry_point_required", bool)),
        f.text("entry_point_name"),
    )


def _problem(f: _Fields) -> ProblemRecord:
    problem_id = f.req_text("id")
    if not _SLUG.match(problem_id):
        raise f.fail(f"id {problem_id!r} cannot be a slug here (letters, digits, '-' and '_' only)")
    return ProblemRecord(
        f.line,
        problem_id,
        f.req_text("label"),
        f.req_text("name"),
        f.typed("ordinal", int) or 0,
        f.text("rgb"),
        f.text("color"),
        f.number("time_limit"),
        f.typed("test_data_count", int) or 0,
        f.number("max_score"),
    )


def _group(f: _Fields) -> GroupRecord:
    return GroupRecord(f.line, f.req_text("id"), f.req_text("name"), f.text("type"), f.text("icpc_id"))


def _organization(f: _Fields) -> OrganizationRecord:
    return OrganizationRecord(
        f.line,
        f.req_text("id"),
        f.req_text("name"),
        f.text("formal_name"),
        f.text("country"),
        f.text("icpc_id"),
    )


def _team(f: _Fields) -> TeamRecord:
    group_ids = f.idents("group_ids") or ()
    legacy_group = f.ident("group_id")  # older feeds name one group
    if legacy_group and legacy_group not in group_ids:
        group_ids = (*group_ids, legacy_group)
    name = f.req_text("name")
    return TeamRecord(
        f.line,
        f.req_text("id"),
        name,
        f.text("label") or f.req_text("id"),
        f.text("display_name"),
        f.ident("organization_id"),
        group_ids,
        bool(f.typed("hidden", bool)),
        f.text("icpc_id"),
    )


def _submission(f: _Fields) -> SubmissionRecord:
    time = f.time("time", True)
    contest_time = f.reltime("contest_time", True)
    assert time is not None and contest_time is not None
    return SubmissionRecord(
        f.line,
        f.req_text("id"),
        f.ident("team_id", True) or "",
        f.ident("problem_id", True) or "",
        f.ident("language_id", True) or "",
        time,
        contest_time,
        f.text("entry_point"),
    )


def _judgement(f: _Fields) -> JudgementRecord:
    start = f.time("start_time", True)
    start_contest = f.reltime("start_contest_time", True)
    end = f.time("end_time")
    assert start is not None and start_contest is not None
    if end is not None and end < start:
        raise f.fail("impossible time: 'end_time' before 'start_time'")
    return JudgementRecord(
        f.line,
        f.req_text("id"),
        f.ident("submission_id", True) or "",
        f.ident("judgement_type_id"),
        f.number("score"),
        start,
        start_contest,
        end,
        f.reltime("end_contest_time"),
        f.number("max_run_time"),
    )


def _clarification(f: _Fields) -> ClarificationRecord:
    time = f.time("time", True)
    contest_time = f.reltime("contest_time", True)
    assert time is not None and contest_time is not None
    return ClarificationRecord(
        f.line,
        f.req_text("id"),
        f.ident("from_team_id"),
        f.ident("to_team_id"),
        f.ident("reply_to_id"),
        f.ident("problem_id"),
        f.text("text") or "",
        time,
        contest_time,
    )


def _award(f: _Fields) -> AwardRecord:
    return AwardRecord(f.line, f.req_text("id"), f.text("citation") or f.req_text("id"), f.idents("team_ids"))


def build_records(state: FeedState) -> ContestFeed:
    """Every object typed and checked on its own; references and times are checked in validate.py."""
    contest_raw = state.singletons.get("contest")
    if contest_raw is None:
        raise FeedError(None, "the feed has no contest event")
    state_raw = state.singletons.get("state")
    judgement_types = _objects(state, "judgement-types", _judgement_type)
    if not judgement_types:
        judgement_types = tuple(JudgementTypeRecord(0, *row) for row in DEFAULT_JUDGEMENT_TYPES)
    feed = ContestFeed(
        contest=_contest(contest_raw),
        state=_state(state_raw) if state_raw else None,
        judgement_types=judgement_types,
        languages=_objects(state, "languages", _language),
        problems=_objects(state, "problems", _problem),
        groups=_objects(state, "groups", _group),
        organizations=_objects(state, "organizations", _organization),
        teams=_objects(state, "teams", _team),
        submissions=_objects(state, "submissions", _submission),
        judgements=_objects(state, "judgements", _judgement),
        clarifications=_objects(state, "clarifications", _clarification),
        awards=_objects(state, "awards", _award),
    )
    return feed
