"""Reads for the CLICS Contest API: each endpoint's objects for one viewer (jury or public)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.db.models import Count, Q, QuerySet

from contests.clics import serialize as s
from contests.clics.events import Notification, sort_live
from contests.clics.feed import COLLECTIONS as FEED_COLLECTIONS
from contests.clics.serialize import Viewer
from contests.clics.times import parse_time
from contests.models import (
    Award,
    Clarification,
    Contest,
    ContestLanguage,
    ContestProblem,
    ContestSubmission,
    Group,
    JudgementType,
    Organization,
    Team,
    TeamKind,
    Visibility,
)
from judge.models import Language
from sandbox.languages import all_languages

# The collections the API serves: the ones an imported feed fills.
COLLECTIONS = FEED_COLLECTIONS


def contests_listed(viewer: Viewer) -> QuerySet[Contest]:
    contests = Contest.objects.order_by("start", "slug")
    return contests if viewer.jury else contests.filter(visibility=Visibility.PUBLIC)


def contest_get(slug: str, viewer: Viewer) -> Contest | None:
    contests = (
        Contest.objects.all() if viewer.jury else Contest.objects.exclude(visibility=Visibility.PRIVATE)
    )
    return contests.filter(slug=slug).first()


def judgement_types(contest: Contest, viewer: Viewer) -> list[dict[str, Any]]:
    return [s.judgement_type_json(t) for t in JudgementType.objects.filter(contest=contest)]


def languages(contest: Contest, viewer: Viewer) -> list[dict[str, Any]]:
    own = list(ContestLanguage.objects.filter(contest=contest).order_by("clics_id"))
    if own:
        return [s.language_json(lang) for lang in own]
    known = all_languages()
    return [
        s.judge_language_json(lang.key, lang.name, known[lang.key].extensions if lang.key in known else ())
        for lang in Language.objects.filter(is_enabled=True).order_by("key")
    ]


def problems(contest: Contest, viewer: Viewer) -> list[dict[str, Any]]:
    if not viewer.jury and viewer.now < contest.start:
        return []  # problems are hidden before the start
    entries = (
        ContestProblem.objects.filter(contest=contest)
        .select_related("problem")
        .annotate(tests=Count("problem__test_cases"))
        .order_by("order", "label")
    )
    return [s.problem_json(entry, contest, entry.tests) for entry in entries]  # type: ignore[attr-defined]


def groups(contest: Contest, viewer: Viewer) -> list[dict[str, Any]]:
    return [s.group_json(g) for g in Group.objects.filter(contest=contest).order_by("pk")]


def organizations(contest: Contest, viewer: Viewer) -> list[dict[str, Any]]:
    return [s.organization_json(o) for o in Organization.objects.filter(contest=contest).order_by("pk")]


def teams(contest: Contest, viewer: Viewer) -> list[dict[str, Any]]:
    group_ids: dict[int, list[str]] = {}
    memberships = Team.groups.through.objects.filter(team__contest=contest).select_related("group")
    for membership in memberships.order_by("group_id"):
        group_ids.setdefault(membership.team_id, []).append(s.clics_id(membership.group))
    entries = Team.objects.filter(contest=contest).select_related("organization").order_by("pk")
    return [
        s.team_json(
            team,
            group_ids.get(team.pk, []),
            s.clics_id(team.organization) if team.organization else None,
            team.kind != TeamKind.CONTESTANT or team.virtual,
        )
        for team in entries
    ]


def _submission_queryset(contest: Contest) -> QuerySet[ContestSubmission]:
    return ContestSubmission.objects.filter(contest=contest, practice=False, virtual=False).order_by(
        "submitted_at", "pk"
    )


def _submissions(contest: Contest) -> list[s.SubmissionRow]:
    rows = _submission_queryset(contest).values_list(
        "pk",
        "clics_id",
        "language",
        "submitted_at",
        "contest_time_ms",
        "judged_at",
        "score",
        "team_id",
        "team__clics_id",
        "contest_problem__clics_id",
        "contest_problem__problem__slug",
        "judgement_type__clics_id",
        "revealed",
    )
    return [
        s.SubmissionRow(
            pk, cid, lang, at, ms, judged, score, team_cid or str(team), cp_cid or slug, type_id, revealed
        )
        for pk, cid, lang, at, ms, judged, score, team, team_cid, cp_cid, slug, type_id, revealed in rows
    ]


def submissions(contest: Contest, viewer: Viewer) -> list[dict[str, Any]]:
    return [s.submission_json(entry, contest) for entry in _submissions(contest)]


def _judgement_notifications(contest: Contest, viewer: Viewer) -> list[Notification]:
    found = []
    frozen_from = s.freeze_start(contest)
    scored = s.scoreboard_type(contest) == "score"
    for entry in _submissions(contest):
        if s.hidden_by_freeze(contest, entry, viewer):
            continue
        data = s.judgement_json(entry, scored)
        changed_at = s.judgement_changed_at(entry)
        revealed = frozen_from is not None and entry.submitted_at >= frozen_from and contest.thawed_at
        if not viewer.jury and revealed:
            # The public saw it at the thaw: it goes after what a client could have had before.
            changed_at = max(changed_at, contest.thawed_at or changed_at)
        found.append(Notification("judgements", data["id"], data, changed_at, order=1))
    return found


def judgements(contest: Contest, viewer: Viewer) -> list[dict[str, Any]]:
    return [n.data for n in _judgement_notifications(contest, viewer)]


def clarifications(contest: Contest, viewer: Viewer) -> list[dict[str, Any]]:
    entries = Clarification.objects.filter(contest=contest).select_related(
        "from_team", "to_team", "reply_to", "problem__problem"
    )
    if not viewer.jury:
        entries = entries.filter(Q(from_team__isnull=True, to_team__isnull=True) | Q(to_all=True))
    found = []
    for c in entries.order_by("created_at", "pk"):
        ids = {
            "from_team_id": s.clics_id(c.from_team) if c.from_team else None,
            "to_team_id": s.clics_id(c.to_team) if c.to_team else None,
            "reply_to_id": s.clics_id(c.reply_to) if c.reply_to and viewer.jury else None,
            "problem_id": s.problem_id(c.problem) if c.problem else None,
        }
        found.append(s.clarification_json(c, contest, ids))
    return found


def awards(contest: Contest, viewer: Viewer) -> list[dict[str, Any]]:
    frozen_at = s.freeze_start(contest)
    if not viewer.jury and frozen_at is not None and contest.thawed_at is None and viewer.now >= frozen_at:
        return []  # the public's awards would tell what the freeze hides
    found = []
    for award in Award.objects.filter(contest=contest).prefetch_related("teams").order_by("clics_id"):
        found.append(s.award_json(award, [s.clics_id(t) for t in award.teams.all()]))
    return found


ENDPOINTS = {
    "judgement-types": judgement_types,
    "languages": languages,
    "problems": problems,
    "groups": groups,
    "organizations": organizations,
    "teams": teams,
    "submissions": submissions,
    "judgements": judgements,
    "clarifications": clarifications,
    "awards": awards,
}


def collection(contest: Contest, endpoint: str, viewer: Viewer) -> list[dict[str, Any]]:
    return ENDPOINTS[endpoint](contest, viewer)


def notifications(
    contest: Contest, viewer: Viewer
) -> tuple[list[Notification], list[Notification], list[Notification]]:
    """The event feed's three parts (configuration, live, closing); see contests.clics.events."""
    config = [Notification("contest", None, s.contest_json(contest))]
    for endpoint in ("judgement-types", "languages", "problems", "groups", "organizations", "teams"):
        config += [Notification(endpoint, item["id"], item) for item in collection(contest, endpoint, viewer)]
    live = [
        Notification("submissions", s.clics_id(e), s.submission_json(e, contest), e.submitted_at)
        for e in _submissions(contest)
    ]
    live += _judgement_notifications(contest, viewer)
    live += [
        Notification("clarifications", item["id"], item, parse_time(item["time"]))
        for item in clarifications(contest, viewer)
    ]
    closing = [Notification("awards", item["id"], item) for item in awards(contest, viewer)]
    closing.append(Notification("state", None, s.state_json(contest, viewer.now)))
    return config, sort_live(live), closing


def submission_files(contest: Contest, submission_id: str) -> bytes | None:
    """A submission's source as the zip CLICS serves (jury only); None for one imported without it."""
    match = Q(clics_id=submission_id)
    if submission_id.isdigit():
        match |= Q(clics_id="", pk=int(submission_id))
    entry = _submission_queryset(contest).select_related("submission").filter(match).first()
    if entry is None or entry.submission is None:
        return None
    known = all_languages()
    language = known.get(entry.language)
    filename = language.source_name if language else "source.txt"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(filename, entry.submission.source)
    return buffer.getvalue()
