"""The contest scoreboard at scale, through a whole stack (daphne, Redis channel layer, SQLite).

A contest of 1,000 teams, 12 problems and 20,000 judged submissions is written straight into the
stack's database, then:

- recompute_ms: a full recompute of both views (the jury's and the frozen public one) from the
  ContestSubmission rows: fetch, score every team, rank, first solves (median of 5).
- recompute_store_ms: the same plus rendering every row and storing them (median of 3).
- update_ms: one verdict taken to the board: the judgement stored and the team's rows updated
  incrementally, committed (median of 50, each on another team).
- fanout_500_p95_ms: 500 WebSocket clients on the public board (the real channel layer, through
  daphne); from the start of an incremental update until each client has the changed row (p95 over
  10 updates).
- page_p95_ms: the scoreboard page with 1,000 rows, served by daphne (p95 of 60 requests).
- import_s: `manage.py import_contest` of a generated CLICS feed with the same numbers, run after the
  stack is down (bench/clics_import.py), start-up included.

Prints one JSON line.

    .venv/bin/python -m bench.scoreboard [--teams 1000] [--problems 12] [--submissions 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bench import clics_import
from bench.pipeline import percentile
from bench.stack import Stack

SLUG = "bench-board"


def _django(stack: Stack) -> None:
    """This process uses the stack's database and channel layer."""
    os.environ.update(
        {
            k: stack.env[k]
            for k in ("RCE_VAR_DIR", "RCE_REDIS_DB_BASE", "RCE_REDIS_URL", "DJANGO_SETTINGS_MODULE")
        }
    )
    import django

    django.setup()


def seed(teams: int, problems: int, submissions: int) -> int:
    """The contest, straight into the database; returns its id."""
    from django.utils import timezone

    from contests.models import ContestProblem, ContestSubmission, Group, JudgementType, Team
    from contests.services import contest_create
    from problems.models import Problem

    rng = random.Random(14)
    now = timezone.now()
    contest = contest_create(
        slug=SLUG,
        title="Bench",
        start=now - timedelta(hours=4),
        end=now + timedelta(hours=1),
        freeze_minutes=60,
    )
    rows = Problem.objects.bulk_create(
        Problem(slug=f"bench-{i:02}", title=f"Bench {i}", statement="-") for i in range(problems)
    )
    entries = ContestProblem.objects.bulk_create(
        ContestProblem(contest=contest, problem=p, label=chr(65 + i), order=i) for i, p in enumerate(rows)
    )
    team_rows = Team.objects.bulk_create(
        Team(contest=contest, clics_id=f"t{i}", display_name=f"Team <{i}> & co") for i in range(teams)
    )
    groups = Group.objects.bulk_create(Group(contest=contest, name=n) for n in ("students", "pros"))
    Team.groups.through.objects.bulk_create(
        Team.groups.through(team_id=t.pk, group_id=groups[i % 2].pk) for i, t in enumerate(team_rows)
    )
    types = {t.clics_id: t for t in JudgementType.objects.filter(contest=contest)}
    verdicts = ["AC", "AC", "WA", "WA", "TLE", "CE", "RTE"]
    subs = []
    for i in range(submissions):
        time_ms = rng.randint(0, 5 * 3_600_000 - 1)
        subs.append(
            ContestSubmission(
                contest=contest,
                team=rng.choice(team_rows),
                contest_problem=rng.choice(entries),
                clics_id=f"s{i}",
                submitted_at=contest.start + timedelta(milliseconds=time_ms),
                contest_time_ms=time_ms,
                language="py3",
                judgement_type=types[rng.choice(verdicts)],
            )
        )
    ContestSubmission.objects.bulk_create(subs, batch_size=2000)
    return contest.pk


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def measure_recompute(contest_id: int) -> dict[str, float]:
    from contests.board import board_compute, board_context, board_summaries
    from contests.models import Contest
    from contests.scoreboard import scoreboard_recompute

    contest = Contest.objects.get(pk=contest_id)

    def compute() -> None:
        ctx = board_context(contest)
        board = board_compute(ctx)
        board_summaries(ctx, board.jury)
        board_summaries(ctx, board.public)

    compute()  # warm-up
    return {
        "recompute_ms": _median_ms(compute, 5),
        "recompute_store_ms": _median_ms(lambda: scoreboard_recompute(contest=contest), 3),
    }


def _one_verdict(contest_id: int, team_id: int, rng: random.Random) -> Callable[[], None]:
    """A pending submission of this team, and the step that judges it and updates the board."""
    from django.db import transaction
    from django.utils import timezone

    from contests.models import Contest, ContestProblem, ContestSubmission, JudgementType
    from contests.scoreboard import scoreboard_update_team

    contest = Contest.objects.get(pk=contest_id)
    # A problem the team has not solved, so that the verdict changes its row.
    solved = set(
        ContestSubmission.objects.filter(team_id=team_id, judgement_type__solved=True).values_list(
            "contest_problem_id", flat=True
        )
    )
    problem = rng.choice([p for p in ContestProblem.objects.filter(contest=contest) if p.pk not in solved])
    entry = ContestSubmission.objects.create(
        contest=contest,
        team_id=team_id,
        contest_problem=problem,
        submitted_at=timezone.now(),
        contest_time_ms=rng.randint(0, 3 * 3_600_000),
    )
    scoreboard_update_team(contest=contest, team_id=team_id)
    accepted = JudgementType.objects.get(contest=contest, clics_id="AC")

    def judge() -> None:
        with transaction.atomic():
            ContestSubmission.objects.filter(pk=entry.pk).update(
                judgement_type=accepted, judged_at=timezone.now()
            )
            scoreboard_update_team(contest=contest, team_id=team_id)

    return judge


def measure_update(contest_id: int, runs: int = 50) -> float:
    from contests.models import Team

    rng = random.Random(15)
    teams = list(Team.objects.filter(contest_id=contest_id).values_list("pk", flat=True))
    steps = [_one_verdict(contest_id, team, rng) for team in rng.sample(teams, runs)]
    times = []
    for step in steps:
        started = time.perf_counter()
        step()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def measure_page(stack: Stack, teams: int, requests: int = 60) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=60)
    times = []
    for i in range(requests + 3):
        started = time.perf_counter()
        connection.request("GET", f"/contests/{SLUG}/scoreboard/")
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status == 200 and body.count(b"<tr data-team=") >= teams, response.status
        if i >= 3:  # warm-up
            times.append(elapsed)
    connection.close()
    return round(percentile(times, 0.95), 1)


def _public_key(team: int) -> list[float]:
    from contests.models import ScoreboardRow

    row = ScoreboardRow.objects.get(team_id=team, jury=False)
    return [row.score, row.penalty, row.tiebreak]


async def _fanout(stack: Stack, contest_id: int, clients: int, updates: int) -> float:
    import websockets

    from judge.events import flush_broadcasts

    url = f"ws://127.0.0.1:{stack.port}/ws/contests/{SLUG}/"
    sockets = []
    for i in range(0, clients, 50):
        sockets += await asyncio.gather(
            *(
                websockets.connect(url, origin=websockets.Origin(stack.base_url), max_size=None)
                for _ in range(min(50, clients - i))
            )
        )
    await asyncio.sleep(1)  # every subscription made
    rng = random.Random(16)
    from contests.models import Team

    teams = await asyncio.to_thread(
        lambda: list(Team.objects.filter(contest_id=contest_id).values_list("pk", flat=True))
    )
    samples: list[float] = []
    for team in rng.sample(teams, updates):
        step = await asyncio.to_thread(_one_verdict, contest_id, team, rng)
        await asyncio.to_thread(flush_broadcasts)

        before = await asyncio.to_thread(_public_key, team)

        async def first_row(ws: Any, team: int = team, before: list[float] = before) -> float:
            # The pending submission's own row event may come first: wait for the judged row.
            while True:
                event = json.loads(await ws.recv())
                if event.get("kind") == "row" and event["team"] == team and event["key"] != before:
                    return time.perf_counter()

        waiting = [asyncio.create_task(first_row(ws)) for ws in sockets]
        started = time.perf_counter()
        await asyncio.to_thread(step)
        arrived = await asyncio.wait_for(asyncio.gather(*waiting), timeout=60)
        samples += [(t - started) * 1000 for t in arrived]
    for ws in sockets:
        await ws.close()
    return round(percentile(samples, 0.95), 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--problems", type=int, default=12)
    parser.add_argument("--submissions", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=500)
    args = parser.parse_args()
    with Stack("bench-scoreboard", redis_db_base=12, workers=1) as stack:
        _django(stack)
        contest_id = seed(args.teams, args.problems, args.submissions)
        result: dict[str, Any] = measure_recompute(contest_id)
        result["update_ms"] = measure_update(contest_id)
        result["page_p95_ms"] = measure_page(stack, args.teams)
        print(json.dumps(result), file=sys.stderr)  # so far, in case the fan-out fails
        result["fanout_500_p95_ms"] = asyncio.run(_fanout(stack, contest_id, args.clients, 10))
        result.update(teams=args.teams, problems=args.problems, submissions=args.submissions)
    imported = clics_import.measure(submissions=args.submissions, teams=args.teams, problems=args.problems)
    result["import_s"] = imported["import_s"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
