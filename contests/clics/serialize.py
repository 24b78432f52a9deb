"""Contest objects in their CLICS (2023-06) shape: one function per endpoint object, no queries.

Ids: what came from a feed keeps its CLICS id; what was created here uses the problem's slug, the
judge's language key, or the row's primary key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from contests.exports import abstime, contest_state, reltime
from contests.formats import get_format

if TYPE_CHECKING:
    from contests.models import (
        Award,
        Clarification,
        Contest,
        ContestLanguage,
        ContestProblem,
        Group,
        JudgementType,
        Organization,
        Team,
    )

_RGB = re.compile(r"^#[A-Fa-f0-9]{3}([A-Fa-f0-9]{3})?$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Viewer:
    """Who is looking, and when: the jury sees everything, the public what the freeze leaves."""

    jury: bool
    now: datetime


def clics_id(obj: Any) -> str:
    return str(obj.clics_id or obj.pk)


def problem_id(entry: ContestProblem) -> str:
    return str(entry.clics_id or entry.problem.slug)


def scoreboard_type(contest: Contest) -> str:
    return get_format(contest.format).scoring


def freeze_start(contest: Contest) -> datetime | None:
    return contest.end - timedelta(minutes=contest.freeze_minutes) if contest.freeze_minutes else None


def hidden_by_freeze(contest: Contest, entry: SubmissionRow, viewer: Viewer) -> bool:
    """A submission made during the freeze keeps its judgement from the public until the thaw, or
    until the jury reveals its cell (the resolver's step by step)."""
    start = freeze_start(contest)
    if viewer.jury or start is None or entry.submitted_at < start or entry.revealed:
        return False
    return contest.thawed_at is None or viewer.now < contest.thawed_at


def contest_json(contest: Contest) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": contest.slug,
        "name": contest.title,
        "formal_name": contest.title,
        "start_time": format_time(contest.start),
        "duration": format_reltime(contest.end - contest.start),
        "scoreboard_freeze_duration": format_reltime(timedelta(minutes=contest.freeze_minutes)),
        "scoreboard_type": scoreboard_type(contest),
    }
    if scoreboard_type(contest) == "pass-fail":
        data["penalty_time"] = contest.penalty_minutes
    if contest.thawed_at is not None:
        data["scoreboard_thaw_time"] = format_time(contest.thawed_at)
    return data


def format_time(moment: datetime) -> str:
    return abstime(moment) or ""


def format_reltime(delta: timedelta) -> str:
    return reltime(delta // timedelta(milliseconds=1))


def state_json(contest: Contest, now: datetime) -> dict[str, Any]:
    """The contest's own state object, the one its scoreboard export carries too."""
    return contest_state(contest, now)


def judgement_type_json(judgement_type: JudgementType) -> dict[str, Any]:
    return {
        "id": judgement_type.clics_id,
        "name": judgement_type.name,
        "penalty": judgement_type.penalty,
        "solved": judgement_type.solved,
    }


def language_json(language: ContestLanguage) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": language.clics_id,
        "name": language.name,
        "entry_point_required": language.entry_point_required,
        "extensions": list(language.extensions),
    }
    if language.entry_point_required:
        data["entry_point_name"] = language.entry_point_name or None
    return data


def judge_language_json(key: str, name: str, extensions: tuple[str, ...]) -> dict[str, Any]:
    return {
        "id": key,
        "name": name,
        "entry_point_required": False,
        "extensions": sorted({e.lstrip(".") for e in extensions}),
    }


def problem_json(entry: ContestProblem, contest: Contest, test_data_count: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": problem_id(entry),
        "label": entry.label,
        "name": entry.problem.title,
        "ordinal": entry.order,
        "time_limit": entry.problem.time_limit_ms / 1000,
        "test_data_count": test_data_count,
    }
    if _RGB.match(entry.color or ""):
        data["rgb"] = entry.color
    if scoreboard_type(contest) == "score":
        data["max_score"] = entry.points
    return data


def group_json(group: Group) -> dict[str, Any]:
    return {"id": clics_id(group), "name": group.name}


def organization_json(organization: Organization) -> dict[str, Any]:
    data: dict[str, Any] = {"id": clics_id(organization), "name": organization.name}
    if organization.formal_name:
        data["formal_name"] = organization.formal_name
    if _COUNTRY.match(organization.country or ""):
        data["country"] = organization.country
    return data


def team_json(team: Team, group_ids: list[str], organization_id: str | None, hidden: bool) -> dict[str, Any]:
    team_id = clics_id(team)
    return {
        "id": team_id,
        "label": team_id,
        "name": team.display_name,
        "display_name": team.display_name,
        "organization_id": organization_id,
        "group_ids": group_ids,
        "hidden": hidden,
    }


class SubmissionRow(NamedTuple):
    """A contest submission as the API reads it: plain values, no model instances (there may be tens
    of thousands), its team's and problem's CLICS ids resolved."""

    pk: int
    clics_id: str
    language: str
    submitted_at: datetime
    contest_time_ms: int
    judged_at: datetime | None
    score: float
    team: str
    problem: str
    type_id: str | None
    revealed: bool


def submission_json(entry: SubmissionRow, contest: Contest) -> dict[str, Any]:
    submission_id = clics_id(entry)
    return {
        "id": submission_id,
        "language_id": entry.language or "unknown",
        "problem_id": entry.problem,
        "team_id": entry.team,
        "time": format_time(entry.submitted_at),
        "contest_time": format_reltime(timedelta(milliseconds=entry.contest_time_ms)),
        "entry_point": None,
        "files": [
            {
                "href": f"contests/{contest.slug}/submissions/{submission_id}/files",
                "filename": "files.zip",
                "mime": "application/zip",
            }
        ],
    }


def judgement_json(entry: SubmissionRow, scored: bool) -> dict[str, Any]:
    """A submission's current judgement; it shares the submission's id (one judgement is kept)."""
    type_id = entry.type_id
    submission_id = clics_id(entry)
    started = entry.submitted_at
    data: dict[str, Any] = {
        "id": submission_id,
        "submission_id": submission_id,
        "start_time": format_time(started),
        "start_contest_time": format_reltime(timedelta(milliseconds=entry.contest_time_ms)),
    }
    if type_id is not None:
        ended = max(entry.judged_at or started, started)
        data["judgement_type_id"] = type_id
        data["end_time"] = format_time(ended)
        data["end_contest_time"] = format_reltime(
            timedelta(milliseconds=entry.contest_time_ms) + (ended - started)
        )
    if scored:
        data["score"] = max(entry.score, 0.0)
    return data


def judgement_changed_at(entry: SubmissionRow) -> datetime:
    return max(entry.judged_at or entry.submitted_at, entry.submitted_at)


def clarification_json(
    clarification: Clarification, contest: Contest, ids: dict[str, str | None]
) -> dict[str, Any]:
    return {
        "id": clics_id(clarification),
        "from_team_id": ids["from_team_id"],
        "to_team_id": ids["to_team_id"],
        "reply_to_id": ids["reply_to_id"],
        "problem_id": ids["problem_id"],
        "text": clarification.text,
        "time": format_time(clarification.created_at),
        "contest_time": format_reltime(clarification.created_at - contest.start),
    }


def award_json(award: Award, team_ids: list[str]) -> dict[str, Any]:
    return {"id": award.clics_id, "citation": award.citation, "team_ids": sorted(team_ids)}


API_INFORMATION = {
    "version": "2023-06",
    "version_url": "https://ccs-specs.icpc.io/2023-06/contest_api",
    "provider": {"name": "RCE Judge"},
}

# What each endpoint serves (the access endpoint's list; the same for the public and the jury).
ACCESS_PROPERTIES: dict[str, tuple[str, ...]] = {
    "contest": (
        "id",
        "name",
        "formal_name",
        "start_time",
        "duration",
        "scoreboard_freeze_duration",
        "scoreboard_thaw_time",
        "scoreboard_type",
        "penalty_time",
    ),
    "judgement-types": ("id", "name", "penalty", "solved"),
    "languages": ("id", "name", "entry_point_required", "entry_point_name", "extensions"),
    "problems": ("id", "label", "name", "ordinal", "rgb", "time_limit", "test_data_count", "max_score"),
    "groups": ("id", "name"),
    "organizations": ("id", "name", "formal_name", "country"),
    "teams": ("id", "label", "name", "display_name", "organization_id", "group_ids", "hidden"),
    "state": ("started", "frozen", "ended", "thawed", "finalized", "end_of_updates"),
    "submissions": (
        "id",
        "language_id",
        "problem_id",
        "team_id",
        "time",
        "contest_time",
        "entry_point",
        "files",
    ),
    "judgements": (
        "id",
        "submission_id",
        "judgement_type_id",
        "score",
        "start_time",
        "start_contest_time",
        "end_time",
        "end_contest_time",
    ),
    "clarifications": (
        "id",
        "from_team_id",
        "to_team_id",
        "reply_to_id",
        "problem_id",
        "text",
        "time",
        "contest_time",
    ),
    "awards": ("id", "citation", "team_ids"),
    "scoreboard": ("time", "contest_time", "state", "rows"),
    "event-feed": ("type", "id", "data", "token"),
}


def access_json() -> dict[str, Any]:
    """Read-only: no capabilities."""
    return {
        "capabilities": [],
        "endpoints": [{"type": kind, "properties": list(names)} for kind, names in ACCESS_PROPERTIES.items()],
    }
