"""The checks across objects of a typed feed (references, times), and the feed's whole reading."""

from __future__ import annotations

from datetime import timedelta

from contests.clics.feed import FeedError, FeedState
from contests.clics.records import ContestFeed, build_records


def build_feed(state: FeedState) -> ContestFeed:
    """Validate every object and every reference; the first problem found raises FeedError."""
    feed = build_records(state)
    check_references(feed)
    check_times(feed)
    return feed


def _known(line: int, kind: str, value: str | None, known: set[str], what: str) -> None:
    if value is not None and value not in known:
        raise FeedError(line, f"{kind} refers to an unknown {what} {value!r}")


def check_references(feed: ContestFeed) -> None:
    problems = {p.id for p in feed.problems}
    teams = {t.id for t in feed.teams}
    groups = {g.id for g in feed.groups}
    organizations = {o.id for o in feed.organizations}
    languages = {lang.id for lang in feed.languages}
    submissions = {s.id for s in feed.submissions}
    types = {t.id for t in feed.judgement_types}
    clarifications = {c.id for c in feed.clarifications}
    labels: set[str] = set()
    for problem in feed.problems:
        if problem.label in labels:
            raise FeedError(problem.line, f"problem {problem.id!r}: label {problem.label!r} is used twice")
        labels.add(problem.label)
    for team in feed.teams:
        _known(team.line, f"team {team.id!r}", team.organization_id, organizations, "organization")
        for group_id in team.group_ids:
            _known(team.line, f"team {team.id!r}", group_id, groups, "group")
    for s in feed.submissions:
        _known(s.line, f"submission {s.id!r}", s.team_id, teams, "team")
        _known(s.line, f"submission {s.id!r}", s.problem_id, problems, "problem")
        _known(s.line, f"submission {s.id!r}", s.language_id, languages, "language")
    for j in feed.judgements:
        _known(j.line, f"judgement {j.id!r}", j.submission_id, submissions, "submission")
        _known(j.line, f"judgement {j.id!r}", j.judgement_type_id, types, "judgement type")
    for c in feed.clarifications:
        for value, what in ((c.from_team_id, "team"), (c.to_team_id, "team")):
            _known(c.line, f"clarification {c.id!r}", value, teams, what)
        _known(c.line, f"clarification {c.id!r}", c.problem_id, problems, "problem")
        _known(c.line, f"clarification {c.id!r}", c.reply_to_id, clarifications, "clarification")
    for award in feed.awards:
        for team_id in award.team_ids or ():
            _known(award.line, f"award {award.id!r}", team_id, teams, "team")


def check_times(feed: ContestFeed) -> None:
    start = feed.contest.start_time or (feed.state.started if feed.state else None)
    if start is None:
        raise FeedError(feed.contest.line, "contest: impossible time: neither start_time nor state.started")
    by_id = {s.id: s for s in feed.submissions}
    for s in feed.submissions:
        if s.time < start or s.contest_time < timedelta(0):
            raise FeedError(s.line, f"submission {s.id!r}: impossible time: before the contest started")
        if abs((s.time - start) - s.contest_time) > timedelta(seconds=1):
            raise FeedError(s.line, f"submission {s.id!r}: impossible time: contest_time disagrees with time")
    for j in feed.judgements:
        submitted = by_id[j.submission_id].time
        if j.start_time < submitted - timedelta(seconds=1):
            raise FeedError(j.line, f"judgement {j.id!r}: impossible time: started before its submission")
