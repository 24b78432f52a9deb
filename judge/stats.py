"""Reads behind the pages' figures: solved marks, acceptance rates, verdict counts, fastest runs,
activity. Each is one query whatever the number of rows, so pages stay flat in queries."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Min, Q, QuerySet

from grading.verdicts import Verdict
from judge.models import Status, Submission
from problems.models import Problem

AC = Verdict.AC.value


@dataclass(frozen=True)
class Acceptance:
    judged: int = 0
    accepted: int = 0
    solvers: int = 0

    @property
    def rate(self) -> int | None:
        return round(100 * self.accepted / self.judged) if self.judged else None


def acceptance(*, problem_ids: list[int]) -> dict[int, Acceptance]:
    """Per problem: finished submissions, accepted ones and distinct solvers. For a page of problems
    only: annotating the whole list would count every submission before paginating."""
    rows = (
        Submission.objects.filter(problem_id__in=problem_ids, status=Status.DONE)
        .values("problem_id")
        .annotate(
            judged=Count("id"),
            accepted=Count("id", filter=Q(verdict=AC)),
            solvers=Count("user_id", filter=Q(verdict=AC), distinct=True),
        )
        .order_by()
    )
    return {r["problem_id"]: Acceptance(r["judged"], r["accepted"], r["solvers"]) for r in rows}


def solved_and_tried(*, user: User | AnonymousUser) -> tuple[set[int], set[int]]:
    """Ids of the problems the user solved, and of those tried without solving."""
    if not user.is_authenticated:
        return set(), set()
    rows = (
        Submission.objects.filter(user=user)
        .values("problem_id")
        .annotate(ac=Count("id", filter=Q(verdict=AC)))
        .order_by()
    )
    solved = {r["problem_id"] for r in rows if r["ac"]}
    tried = {r["problem_id"] for r in rows if not r["ac"]}
    return solved, tried


def verdict_counts(submissions: QuerySet[Submission]) -> dict[str, int]:
    """Finished submissions per verdict, most frequent first."""
    # A verdict is set once judging is done (and cleared by a rejudge): the indexes hold it, not the status.
    rows = submissions.exclude(verdict="").values("verdict").annotate(n=Count("id")).order_by("-n", "verdict")
    return {r["verdict"]: r["n"] for r in rows}


def verdict_chart(counts: dict[str, int], *, kind: str = "doughnut") -> dict[str, Any]:
    """A chart spec for static/src/charts.js."""
    return {
        "type": kind,
        "labels": list(counts),
        "names": [Verdict(v).label for v in counts],
        "series": [{"label": "Submissions", "data": list(counts.values())}],
    }


@dataclass(frozen=True)
class FastestRun:
    language: str
    time_ms: int
    accepted: int


def fastest_accepted(*, problem: Problem) -> list[FastestRun]:
    """Per language, the fastest accepted run (its maximum test time) and how many were accepted."""
    rows = (
        Submission.objects.filter(problem=problem, status=Status.DONE, verdict=AC)
        .values("language__name")
        .annotate(best=Min("max_time_ms"), n=Count("id"))
        .order_by("best", "language__name")
    )
    return [FastestRun(r["language__name"], r["best"] or 0, r["n"]) for r in rows]


def activity_by_day(*, user: User, days: int = 365) -> dict[datetime.date, int]:
    """Submissions per day (UTC). Counted here, not in SQL: a date function in SQLite is a Python call
    per row anyway, and the raw timestamps come out of an index."""
    since = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)
    stamps = Submission.objects.filter(user=user, created_at__gte=since).values_list("created_at", flat=True)
    return dict(Counter(stamp.astimezone(datetime.UTC).date() for stamp in stamps.order_by()))


@dataclass(frozen=True)
class Day:
    date: datetime.date
    count: int
    level: int  # 0 (none) to 4 (the busiest days)

    @property
    def label(self) -> str:
        return f"{self.date:%b} {self.date.day}: {self.count}"


def heat_map(counts: dict[datetime.date, int], *, today: datetime.date, weeks: int = 53) -> list[list[Day]]:
    """Weeks (Monday first) of days up to today, each with a level for the calendar's shade."""
    start = today - datetime.timedelta(days=today.weekday() + 7 * (weeks - 1))
    busiest = max(counts.values(), default=0)
    columns: list[list[Day]] = []
    for w in range(weeks):
        week = []
        for d in range(7):
            date = start + datetime.timedelta(days=7 * w + d)
            if date > today:
                break
            n = counts.get(date, 0)
            level = 0 if not n else 1 + min(3, (4 * n - 1) // busiest) if busiest else 0
            week.append(Day(date, n, level))
        columns.append(week)
    return columns
