"""Server-side rendering time of the web pages with realistic data, in-process (Django's test client:
no network, no browser), on a fresh SQLite database in a temporary directory.

Data: 300 problems with tags and difficulties, 20 users, 30,000 finished submissions spread over a
year, the latest 2,000 with 10 test results each. Each page is fetched `--runs` times after a
warm-up; prints one JSON line with the p50 and p95 wall time and the p95 CPU time per page, in
milliseconds, and the machine's load average (on a busy machine the wall time includes waiting for a
core).

    .venv/bin/python -m bench.pages [--runs 40] [--submissions 30000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from typing import Any

from bench.pipeline import percentile


def seed(submissions: int) -> dict[str, Any]:
    import datetime
    import random

    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from judge.models import Language, Status, Submission, TestResult
    from judge.permissions import JURY_GROUP
    from judge.services import language_sync
    from problems.models import Problem, Tag

    rng = random.Random(7)
    language_sync()
    languages = list(Language.objects.all())
    users = [User.objects.create_user(f"user{i}", password="x", is_staff=i == 0) for i in range(20)]
    # The staff pages are the jury's (the group its migration creates).
    users[0].groups.add(Group.objects.get(name=JURY_GROUP))
    tags = [Tag.objects.create(slug=f"tag{i}", name=f"Tag {i}") for i in range(12)]
    problems = Problem.objects.bulk_create(
        Problem(
            slug=f"p{i}",
            title=f"Problem {i}",
            statement="Sum $a+b$.\n" * 20,
            is_visible=True,
            difficulty=1 + i % 3,
        )
        for i in range(300)
    )
    for i, problem in enumerate(problems):
        problem.tags.set(rng.sample(tags, 1 + i % 3))
    verdicts = ["AC", "AC", "WA", "TLE", "RTE", "CE", "MLE"]
    now = timezone.now()
    rows = [
        Submission(
            user=rng.choice(users),
            problem=rng.choice(problems[:60]),
            language=rng.choice(languages),
            source="a, b = map(int, input().split())\nprint(a + b)\n" * 5,
            status=Status.DONE,
            verdict=rng.choice(verdicts),
            score=100.0,
            max_time_ms=rng.randint(5, 900),
            max_memory_kb=rng.randint(3000, 60000),
        )
        for _ in range(submissions)
    ]
    created = Submission.objects.bulk_create(rows, batch_size=2000)
    for s in created:
        s.created_at = now - datetime.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
    Submission.objects.bulk_update(created, ["created_at"], batch_size=2000)
    results = [
        TestResult(submission=s, index=i, verdict="AC", time_ms=10, memory_kb=3000)
        for s in created[-2000:]
        for i in range(1, 11)
    ]
    TestResult.objects.bulk_create(results, batch_size=5000)
    return {"staff": users[0], "user": users[1], "submission": created[-1], "problem": created[-1].problem}


def measure(runs: int, submissions: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    data = seed(submissions)
    pages = {
        "home": reverse("home"),
        "problem_list": reverse("problem_list"),
        "problem_list_filtered": reverse("problem_list") + "?q=Problem&tag=tag1&difficulty=2",
        "problem_detail": reverse("problem_detail", args=[data["problem"].slug]),
        "submission_detail": reverse("submission_detail", args=[data["submission"].pk]),
        "my_submissions": reverse("submission_list"),
        "my_submissions_filtered": reverse("submission_list") + "?verdict=AC&language=py3",
        "profile": reverse("profile", args=[data["user"].username]),
        "all_submissions": reverse("all_submissions"),
        "staff_queue": reverse("staff_queue"),
    }
    client = Client()
    client.force_login(data["staff"])
    out: dict[str, Any] = {}
    for name, url in pages.items():
        times, cpu = [], []
        for i in range(runs + 3):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            elapsed_cpu = (time.process_time() - started_cpu) * 1000
            assert response.status_code == 200, (url, response.status_code)
            if i >= 3:
                times.append(elapsed)
                cpu.append(elapsed_cpu)
        out[name] = {
            "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            # CPU time of the request (SQLite runs in-process): what the wall time would be on an
            # idle core, the wall time on a shared machine includes waiting for one.
            "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--submissions", type=int, default=30000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as var:
        os.environ["RCE_VAR_DIR"] = var
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ["RCE_LOG_LEVEL"] = "WARNING"
        import django

        django.setup()
        pages = measure(args.runs, args.submissions)
    summary = {
        "bench": "pages",
        "submissions": args.submissions,
        "worst_p95_ms": max(p["p95_ms"] for p in pages.values()),
        "worst_cpu_p95_ms": max(p["cpu_p95_ms"] for p in pages.values()),
        "load_average": os.getloadavg()[0],
        "pages": pages,
    }
    json.dump(summary, sys.stdout)
    print()


if __name__ == "__main__":
    main()
