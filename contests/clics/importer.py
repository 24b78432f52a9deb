"""Writing a validated CLICS feed into the contest models: one atomic service, idempotent.

Every object is matched on its CLICS id within the contest and written only when a field differs, so
importing the same feed twice changes nothing; objects of the contest that the feed no longer has are
deleted. Judgements are stored as given on the submission (its last judgement), never judged again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from django.db import models, transaction

from contests.clics.records import ContestFeed
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
    Registration,
    Team,
    TeamKind,
)
from contests.scoreboard import scoreboard_recompute
from problems.models import Problem

M = TypeVar("M", bound=models.Model)
Progress = Callable[[str, int], None]

SCOREBOARD_FORMATS = {"pass-fail": "icpc", "score": "ioi"}
_BATCH = 2000


class ImportRefused(Exception):
    pass


NOT_IMPORTED = "contest {slug!r} exists and was made here, not imported: import it under another id"


@dataclass
class ImportResult:
    contest: Contest
    created: bool
    # Per kind of object: how many were created, updated and deleted.
    changes: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    problems_created: list[str] = field(default_factory=list)
    # Judgement types the feed no longer has: deleted once the submissions are written, since a
    # submission's judgement type is protected.
    stale: list[tuple[type[models.Model], list[int]]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return (
            self.created
            or any(any(counts) for counts in self.changes.values())
            or bool(self.problems_created)
        )


def _sync(
    result: ImportResult,
    kind: str,
    queryset: models.QuerySet[M],
    wanted: dict[str, dict[str, Any]],
    build: Callable[[str, dict[str, Any]], M],
    progress: Progress | None,
    *,
    defer_delete: bool = False,
) -> dict[str, M]:
    """Make the queryset's objects (keyed by clics_id) equal to `wanted`; returns them all by id."""
    existing: dict[str, M] = {obj.clics_id: obj for obj in queryset}  # type: ignore[attr-defined]
    to_create: list[M] = []
    to_update: list[M] = []
    changed_fields: set[str] = set()
    for clics_id, fields in wanted.items():
        obj = existing.get(clics_id)
        if obj is None:
            to_create.append(build(clics_id, fields))
            continue
        diff = [name for name, value in fields.items() if getattr(obj, name) != value]
        if diff:
            for name in diff:
                setattr(obj, name, fields[name])
            changed_fields.update(diff)
            to_update.append(obj)
    stale = [obj.pk for clics_id, obj in existing.items() if clics_id not in wanted and clics_id]
    model = queryset.model
    if stale and defer_delete:
        result.stale.append((model, stale))
    elif stale:
        model._default_manager.filter(pk__in=stale).delete()
    for start in range(0, len(to_create), _BATCH):
        model._default_manager.bulk_create(to_create[start : start + _BATCH])
        if progress:
            progress(kind, len(to_create[start : start + _BATCH]))
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields), batch_size=_BATCH)
        if progress:
            progress(kind, len(to_update))
    result.changes[kind] = (len(to_create), len(to_update), len(stale))
    by_id = {clics_id: obj for clics_id, obj in existing.items() if clics_id in wanted}
    by_id.update({obj.clics_id: obj for obj in to_create})  # type: ignore[attr-defined]
    return by_id


def _sync_m2m(
    result: ImportResult,
    kind: str,
    through: type[models.Model],
    left: str,
    right: str,
    left_ids: Iterable[int],
    wanted: set[tuple[int, int]],
) -> None:
    manager = through._default_manager
    rows = manager.filter(**{f"{left}__in": list(left_ids)}).values_list("pk", left, right)
    existing = {(a, b): pk for pk, a, b in rows}
    stale = [pk for pair, pk in existing.items() if pair not in wanted]
    missing = [through(**{left: a, right: b}) for a, b in wanted if (a, b) not in existing]
    if stale:
        manager.filter(pk__in=stale).delete()
    manager.bulk_create(missing, batch_size=_BATCH)
    result.changes[kind] = (len(missing), 0, len(stale))


def _contest_fields(feed: ContestFeed) -> dict[str, Any]:
    record, state = feed.contest, feed.state
    start = record.start_time or (state.started if state else None)
    if start is None:
        raise ValueError("the contest has no start time")
    freeze = record.freeze_duration or timedelta(0)
    return {
        "title": record.name,
        "start": start,
        "end": start + record.duration,
        "freeze_minutes": int(freeze.total_seconds() // 60),
        "format": SCOREBOARD_FORMATS[record.scoreboard_type],
        "penalty_minutes": record.penalty_time,
        "thawed_at": state.thawed if state else None,
        "finalized_at": state.finalized if state else None,
        "end_of_updates_at": state.end_of_updates if state else None,
    }


def _contest(feed: ContestFeed) -> ImportResult:
    fields = _contest_fields(feed)
    contest = Contest.objects.select_for_update().filter(slug=feed.contest.id).first()
    if contest is None:
        contest = Contest(slug=feed.contest.id, registration=Registration.CLOSED, **fields)
        contest.save()
        return ImportResult(contest=contest, created=True)
    made_here = Team.objects.filter(contest=contest, clics_id="").exists() or (
        ContestSubmission.objects.filter(contest=contest, clics_id="").exists()
    )
    if made_here:
        raise ImportRefused(NOT_IMPORTED.format(slug=contest.slug))
    diff = [name for name, value in fields.items() if getattr(contest, name) != value]
    for name in diff:
        setattr(contest, name, fields[name])
    if diff:
        contest.save(update_fields=diff)
    result = ImportResult(contest=contest, created=False)
    result.changes["contest"] = (0, int(bool(diff)), 0)
    return result


def _problems(result: ImportResult, feed: ContestFeed) -> dict[str, Problem]:
    known = {p.slug: p for p in Problem.objects.filter(slug__in=[p.id for p in feed.problems])}
    missing = [
        Problem(
            slug=p.id,
            title=p.name,
            statement="",
            time_limit_ms=max(50, round(p.time_limit * 1000)) if p.time_limit else 2000,
        )
        for p in feed.problems
        if p.id not in known
    ]
    if missing:
        Problem.objects.bulk_create(missing)
        result.problems_created = [p.slug for p in missing]
        known.update({p.slug: p for p in Problem.objects.filter(slug__in=[p.slug for p in missing])})
    return known


@transaction.atomic
def contest_import_feed(*, feed: ContestFeed, progress: Progress | None = None) -> ImportResult:
    """Create or update the contest `feed.contest.id` so that it holds exactly what the feed holds."""
    result = _contest(feed)
    contest = result.contest

    def build(model: type[M], **extra: Any) -> Callable[[str, dict[str, Any]], M]:
        return lambda clics_id, fields: model(contest=contest, clics_id=clics_id, **extra, **fields)

    types = _sync(
        result,
        "judgement-types",
        JudgementType.objects.filter(contest=contest),
        {t.id: {"name": t.name, "penalty": t.penalty, "solved": t.solved} for t in feed.judgement_types},
        build(JudgementType),
        progress,
        defer_delete=True,
    )
    _sync(
        result,
        "languages",
        ContestLanguage.objects.filter(contest=contest),
        {
            lang.id: {
                "name": lang.name,
                "extensions": list(lang.extensions),
                "entry_point_required": lang.entry_point_required,
                "entry_point_name": lang.entry_point_name or "",
            }
            for lang in feed.languages
        },
        build(ContestLanguage),
        progress,
    )
    problems = _problems(result, feed)
    contest_problems = _sync(
        result,
        "problems",
        ContestProblem.objects.filter(contest=contest),
        {
            p.id: {
                "problem_id": problems[p.id].pk,
                "label": p.label,
                "order": p.ordinal,
                "color": p.rgb or "",
                "points": p.max_score if p.max_score is not None else 1.0,
            }
            for p in feed.problems
        },
        build(ContestProblem),
        progress,
    )
    groups = _sync(
        result,
        "groups",
        Group.objects.filter(contest=contest),
        {g.id: {"name": g.name} for g in feed.groups},
        build(Group),
        progress,
    )
    organizations = _sync(
        result,
        "organizations",
        Organization.objects.filter(contest=contest),
        {
            o.id: {"name": o.name, "formal_name": o.formal_name or "", "country": o.country or ""}
            for o in feed.organizations
        },
        build(Organization),
        progress,
    )
    teams = _sync(
        result,
        "teams",
        Team.objects.filter(contest=contest),
        {
            t.id: {
                "display_name": t.display_name or t.name,
                "organization_id": organizations[t.organization_id].pk if t.organization_id else None,
                "kind": TeamKind.OBSERVER if t.hidden else TeamKind.CONTESTANT,
            }
            for t in feed.teams
        },
        build(Team),
        progress,
    )
    _sync_m2m(
        result,
        "team-groups",
        Team.groups.through,
        "team_id",
        "group_id",
        [t.pk for t in teams.values()],
        {(teams[t.id].pk, groups[g].pk) for t in feed.teams for g in t.group_ids},
    )
    final = feed.final_judgements()
    submissions: dict[str, dict[str, Any]] = {}
    for s in feed.submissions:
        judgement = final.get(s.id)
        type_id = judgement.judgement_type_id if judgement else None
        submissions[s.id] = {
            "team_id": teams[s.team_id].pk,
            "contest_problem_id": contest_problems[s.problem_id].pk,
            "submitted_at": s.time,
            "contest_time_ms": s.contest_time // timedelta(milliseconds=1),
            "language": s.language_id,
            "judgement_type_id": types[type_id].pk if type_id else None,
            "score": (judgement.score or 0.0) if type_id and judgement else 0.0,
            "judged_at": judgement.end_time if type_id and judgement else None,
        }
    _sync(
        result,
        "submissions",
        ContestSubmission.objects.filter(contest=contest),
        submissions,
        build(ContestSubmission),
        progress,
    )
    _clarifications(result, feed, teams, contest_problems, build(Clarification), progress)
    awards = _sync(
        result,
        "awards",
        Award.objects.filter(contest=contest),
        {a.id: {"citation": a.citation} for a in feed.awards},
        build(Award),
        progress,
    )
    _sync_m2m(
        result,
        "award-teams",
        Award.teams.through,
        "award_id",
        "team_id",
        [a.pk for a in awards.values()],
        {(awards[a.id].pk, teams[t].pk) for a in feed.awards for t in a.team_ids or ()},
    )
    for model, pks in result.stale:
        model._default_manager.filter(pk__in=pks).delete()
    if result.changed:
        scoreboard_recompute(contest=contest)
    return result


def _clarifications(
    result: ImportResult,
    feed: ContestFeed,
    teams: dict[str, Team],
    contest_problems: dict[str, ContestProblem],
    build: Callable[[str, dict[str, Any]], Clarification],
    progress: Progress | None,
) -> None:
    contest = result.contest
    replied = {c.reply_to_id for c in feed.clarifications if c.reply_to_id}
    wanted = {
        c.id: {
            "from_team_id": teams[c.from_team_id].pk if c.from_team_id else None,
            "to_team_id": teams[c.to_team_id].pk if c.to_team_id else None,
            "to_all": c.from_team_id is None and c.to_team_id is None,
            "problem_id": contest_problems[c.problem_id].pk if c.problem_id else None,
            "text": c.text,
            "created_at": c.time,
            "answered": c.id in replied,
        }
        for c in feed.clarifications
    }
    clarifications = _sync(
        result, "clarifications", Clarification.objects.filter(contest=contest), wanted, build, progress
    )
    # Replies point at other clarifications: set once all exist.
    relinked = []
    for c in feed.clarifications:
        obj = clarifications[c.id]
        parent = clarifications[c.reply_to_id].pk if c.reply_to_id else None
        if obj.reply_to_id != parent:  # type: ignore[attr-defined]
            obj.reply_to_id = parent  # type: ignore[attr-defined]
            relinked.append(obj)
    Clarification.objects.bulk_update(relinked, ["reply_to"], batch_size=_BATCH)
    result.changes["clarification-replies"] = (0, len(relinked), 0)
