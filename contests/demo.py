"""The demo contests: a running ICPC contest anyone can join at once, a running IOI contest with
subtasks, and a finished contest with a full, final board. Loading them again changes nothing but
moves the running ones' clocks so that they are running now."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from contests.models import Contest, ContestProblem, ContestSubmission, JudgementType, Organization, Team
from contests.scoreboard import scoreboard_recompute
from contests.services import contest_create, contest_seed_judgement_types
from problems.models import Aggregation, Problem, ProblemType
from problems.services import ProblemSettings, StoredCase, StoredGroup, problem_import
from problems.storage import blob_put

ORGANIZATIONS = [
    ("Uppsala University", "SWE"),
    ("ETH Zürich", "CHE"),
    ("University of Tokyo", "JPN"),
    ("Universidade de São Paulo", "BRA"),
    ("University of Warsaw", "POL"),
    ("MIT", "USA"),
]
TEAM_NAMES = [
    "Off by One",
    "Segfault Seekers",
    "Greedy Gophers",
    "Dynamic Duo",
    "Null Pointers",
    "Binary Lifters",
    "Stack Smashers",
    "The Heaps",
    "Modulo Monks",
    "Lazy Propagators",
    "Bitset Bandits",
    "Fenwick Friends",
]
ICPC_PROBLEMS = ["aplusb", "reverse", "bigsum"]
SUBTASKS_SLUG = "demo-triangle"


def _subtask_problem() -> Problem:
    """A scoring problem with two subtasks (30 and 70 points): the n-th triangular number."""
    existing = Problem.objects.filter(slug=SUBTASKS_SLUG).first()
    if existing is not None and existing.test_cases.exists():
        return existing

    def case(name: str, n: int, sample: bool = False) -> StoredCase:
        return StoredCase(
            name, blob_put(f"{n}\n".encode()), blob_put(f"{n * (n + 1) // 2}\n".encode()), sample
        )

    groups = [
        StoredGroup("sample", True, [case("sample-1", 3, True)], points=0, aggregation=Aggregation.MIN),
        StoredGroup(
            "secret/small", False, [case(f"small-{n}", n) for n in (1, 10, 1000)], 30, Aggregation.MIN
        ),
        StoredGroup(
            "secret/large", False, [case(f"large-{n}", n) for n in (10**9, 10**12, 10**18)], 70, "min"
        ),
    ]
    statement = (
        "Print the sum $1 + 2 + \\dots + n$.\n\n## Input\n\nOne integer $n$.\n\n## Output\n\nThe sum.\n\n"
        "## Subtasks\n\n1. (30 points) $n \\le 1000$.\n2. (70 points) $n \\le 10^{18}$: mind the overflow.\n"
    )
    settings = ProblemSettings(
        title="Triangle Numbers",
        statement=statement,
        time_limit_ms=1000,
        memory_limit_kb=256 * 1024,
        output_limit_kb=1024,
        problem_type=ProblemType.SCORING,
    )
    problem, _ = problem_import(
        slug=SUBTASKS_SLUG, settings=settings, groups=groups, files=[], submissions=[]
    )
    return problem


def _contest(slug: str, *, start: datetime, end: datetime, reschedule: bool, **fields: Any) -> Contest:
    contest = Contest.objects.filter(slug=slug).first()
    if contest is None:
        return contest_create(slug=slug, start=start, end=end, **fields)
    contest_seed_judgement_types(contest=contest)
    if reschedule and not contest.start <= timezone.now() < contest.end:
        contest.start, contest.end = start, end
        contest.save(update_fields=["start", "end"])
    return contest


def _problems(contest: Contest, slugs: list[str], points: list[float] | None = None) -> list[ContestProblem]:
    entries = []
    colors = ["#e53935", "#1e88e5", "#43a047", "#fdd835"]
    for i, slug in enumerate(slugs):
        problem = Problem.objects.get(slug=slug)
        entry, _ = ContestProblem.objects.get_or_create(
            contest=contest,
            problem=problem,
            defaults={
                "label": chr(ord("A") + i),
                "order": i,
                "color": colors[i % len(colors)],
                "points": points[i] if points else 1,
            },
        )
        entries.append(entry)
    return entries


def _teams(contest: Contest, count: int) -> list[Team]:
    orgs = []
    for i, (name, country) in enumerate(ORGANIZATIONS):
        org, _ = Organization.objects.get_or_create(
            contest=contest,
            clics_id=f"org{i + 1}",
            defaults={"name": name, "formal_name": name, "country": country},
        )
        orgs.append(org)
    students, _ = contest.groups.get_or_create(clics_id="students", defaults={"name": "Students"})
    teams = []
    for i in range(count):
        team, created = Team.objects.get_or_create(
            contest=contest,
            clics_id=f"team{i + 1:02}",
            defaults={"display_name": TEAM_NAMES[i % len(TEAM_NAMES)], "organization": orgs[i % len(orgs)]},
        )
        if created and i % 3:
            team.groups.add(students)
        teams.append(team)
    return teams


def _seed(
    contest: Contest,
    teams: list[Team],
    problems: list[ContestProblem],
    *,
    until_ms: int,
    seed: int,
    ioi: bool = False,
) -> None:
    """Judged submissions as if imported (no judge submission), idempotent by their CLICS ids."""
    if ContestSubmission.objects.filter(contest=contest, clics_id__startswith="demo-").exists():
        return
    rng = random.Random(seed)  # noqa: S311 - demo data
    types = {t.clics_id: t for t in JudgementType.objects.filter(contest=contest)}
    rows = []
    for t, team in enumerate(teams):
        skill = 1 - t / (len(teams) + 2)
        for problem in problems:
            time_ms = rng.randint(5, 40) * 60_000
            for attempt in range(4):
                if time_ms >= until_ms:
                    break
                solved = rng.random() < skill * (0.5 + 0.2 * attempt)
                verdict = "AC" if solved else rng.choice(["WA", "WA", "TLE", "CE"])
                score = 100.0 if solved else float(rng.choice([0, 30, 30]))
                rows.append(
                    ContestSubmission(
                        contest=contest,
                        team=team,
                        contest_problem=problem,
                        clics_id=f"demo-{team.clics_id}-{problem.label}-{attempt}",
                        submitted_at=contest.start + timedelta(milliseconds=time_ms),
                        contest_time_ms=time_ms,
                        language="py3",
                        judgement_type=types["AC" if ioi and score == 100 else verdict],
                        score=score if ioi else 0,
                        subtask_scores=[0, min(score, 30), 70 if score == 100 else 0] if ioi else [],
                        judged_at=contest.start + timedelta(milliseconds=time_ms + 5000),
                    )
                )
                if solved:
                    break
                time_ms += rng.randint(3, 30) * 60_000
    ContestSubmission.objects.bulk_create(rows)


@transaction.atomic
def demo_contests_load() -> list[Contest]:
    now = timezone.now().replace(microsecond=0)
    missing = [slug for slug in ICPC_PROBLEMS if not Problem.objects.filter(slug=slug).exists()]
    if missing:
        raise ValueError(f"load the demo problems first (manage.py load_demo): missing {missing}")
    _subtask_problem()

    icpc = _contest(
        "demo-icpc",
        title="Demo ICPC Regional",
        start=now - timedelta(minutes=30),
        end=now + timedelta(hours=4, minutes=30),
        reschedule=True,
        description="A **running** ICPC-style contest: register and solve. The last hour is frozen.",
        freeze_minutes=60,
        penalty_minutes=20,
        upsolving=True,
    )
    icpc_problems = _problems(icpc, ICPC_PROBLEMS)
    _seed(icpc, _teams(icpc, 6), icpc_problems, until_ms=25 * 60_000, seed=1)

    ioi = _contest(
        "demo-ioi",
        title="Demo Olympiad (IOI)",
        start=now - timedelta(hours=1),
        end=now + timedelta(hours=4),
        reschedule=True,
        description="An IOI-style contest: partial scores per subtask, the best of each subtask counts.",
        format="ioi",
        format_options={"subtask_sum": True},
    )
    ioi_problems = _problems(ioi, [SUBTASKS_SLUG, "aplusb"], points=[100, 100])
    _seed(ioi, _teams(ioi, 4), ioi_problems, until_ms=50 * 60_000, seed=2, ioi=True)

    archive = _contest(
        "demo-archive",
        title="Demo Archive Contest (finished)",
        start=now - timedelta(days=2),
        end=now - timedelta(days=2) + timedelta(hours=5),
        reschedule=False,
        description="A finished contest and its final board: replay it (virtual participation) or practise.",
        freeze_minutes=60,
        upsolving=True,
    )
    archive_problems = _problems(archive, ICPC_PROBLEMS)
    _seed(archive, _teams(archive, 12), archive_problems, until_ms=5 * 3_600_000, seed=3)
    if archive.finalized_at is None:
        Contest.objects.filter(pk=archive.pk).update(thawed_at=archive.end, finalized_at=archive.end)
        archive.refresh_from_db()
    contests = [icpc, ioi, archive]
    for contest in contests:
        scoreboard_recompute(contest=contest)
    return contests
