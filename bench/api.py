"""The APIs through a whole stack (HTTP, Redis, workers, sandbox, database).

- Judge0 submit -> result latency: Python A+B on one test, one `POST /judge0/submissions?wait=true`
  at a time (the client gets the result in the answer to its POST), after a few warm-up runs.
- Judge0 batch throughput: batches of 20 A+B runs sent back to back, then polled with
  `GET /submissions/batch` until every run is finished. Once as the SDK sends test cases (one
  source, 20 stdins: one sandbox per batch, compiled once) and once with 20 different sources (a
  sandbox each).
- /api/v1/ list endpoints with 10,000 submissions in the database: p95 of each (one page each).

Prints one JSON line.

    .venv/bin/python -m bench.api [--latency-runs 40] [--batches 5] [--workers 2] [--rows 10000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import time
from typing import Any

from bench.pipeline import percentile, settle
from bench.stack import PYTHON, ROOT, Stack

AB = "a, b = map(int, input().split())\nprint(a + b)\n"
BATCH = 20
LIST_PATHS = ["/api/v1/submissions/", "/api/v1/submissions/?verdict=AC&problem=aplusb", "/api/v1/problems/"]
SEED_ROWS = """
import datetime
from django.contrib.auth.models import User
from django.utils import timezone
from judge.models import Language, Submission
from problems.models import Problem

user, problem = User.objects.get(username="alice"), Problem.objects.get(slug="aplusb")
language = Language.objects.get(key="py3")
rows = [
    Submission(user=user, problem=problem, language=language, source="print(1)", status="done",
               verdict="AC" if i % 3 else "WA", score=100.0)
    for i in range({rows})
]
created = Submission.objects.bulk_create(rows, batch_size=1000)
# Older than a day, so that the workers' recovery does not screen them all while we measure.
Submission.objects.filter(pk__in=[s.pk for s in created]).update(
    created_at=timezone.now() - datetime.timedelta(days=2)
)
"""


class Client:
    """One kept-alive connection: the load generator shares the machine it measures."""

    def __init__(self, stack: Stack, headers: dict[str, str]) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=120)
        self.headers = {"Content-Type": "application/json", **headers}

    def request(self, method: str, path: str, body: object = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body)
        self.connection.request(method, path, data, self.headers)
        response = self.connection.getresponse()
        return response.status, json.loads(response.read() or b"null")


def manage(stack: Stack, *args: str) -> str:
    out = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=stack.env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def run_once(client: Client) -> float:
    body = {"source_code": AB, "language_id": 71, "stdin": "1 2\n", "expected_output": "3\n"}
    started = time.monotonic()
    status, result = client.request("POST", "/judge0/submissions?wait=true&fields=status,stdout", body)
    elapsed = (time.monotonic() - started) * 1000
    if status != 201 or result["status"]["id"] != 3:
        raise RuntimeError(f"unexpected answer {status} {result}")
    return elapsed


def batch_throughput(client: Client, batches: int, *, distinct: bool) -> tuple[float, int]:
    """Runs per second; `distinct`: each run its own source (own sandbox), else test cases of one."""
    body = {
        "submissions": [
            {"source_code": AB + (f"# {i}\n" if distinct else ""), "language_id": 71, "stdin": f"{i} 1\n"}
            for i in range(BATCH)
        ]
    }
    started = time.monotonic()
    tokens: list[list[str]] = []
    for _ in range(batches):
        status, created = client.request("POST", "/judge0/submissions/batch", body)
        if status != 201:
            raise RuntimeError(f"batch refused: {status} {created}")
        tokens.append([row["token"] for row in created])
    pending = list(tokens)
    while pending:
        time.sleep(0.05)
        still = []
        for group in pending:
            _, rows = client.request(
                "GET", f"/judge0/submissions/batch?tokens={','.join(group)}&fields=status_id"
            )
            if any(row["status_id"] in (1, 2) for row in rows["submissions"]):
                still.append(group)
            elif any(row["status_id"] != 3 for row in rows["submissions"]):
                raise RuntimeError(f"unexpected statuses {rows}")
        pending = still
    return batches * BATCH / (time.monotonic() - started), batches * BATCH


def list_times(client: Client, path: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.monotonic()
        status, _ = client.request("GET", path)
        times.append((time.monotonic() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{path}: {status}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency-runs", type=int, default=40)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cpus", type=float, default=1.0, help="CPU quota of each sandbox")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--list-runs", type=int, default=100)
    args = parser.parse_args()

    with Stack("bench-api", redis_db_base=13, workers=args.workers, cpus=args.cpus) as stack:
        key = manage(stack, "create_api_token", "alice")
        judge0 = Client(stack, {"X-Auth-Token": key})
        for _ in range(3):  # warm-up: pools, imports, caches
            run_once(judge0)
        latencies = []
        for _ in range(args.latency_runs):
            settle()
            latencies.append(run_once(judge0))
        throughput, runs = batch_throughput(judge0, args.batches, distinct=False)
        settle()
        distinct, distinct_runs = batch_throughput(judge0, args.batches, distinct=True)
        manage(stack, "shell", "-c", SEED_ROWS.replace("{rows}", str(args.rows)))
        v1 = Client(stack, {"Authorization": f"Token {key}"})
        for path in LIST_PATHS:
            list_times(v1, path, 5)  # warm-up
        settle()
        times = {path: list_times(v1, path, args.list_runs) for path in LIST_PATHS}
        lists = {path: round(percentile(t, 0.95), 1) for path, t in times.items()}
        lists_p50 = {path: round(percentile(t, 0.5), 1) for path, t in times.items()}
    print(
        json.dumps(
            {
                "judge0_wait_p50_ms": round(statistics.median(latencies), 1),
                "judge0_wait_p99_ms": round(percentile(latencies, 0.99), 1),
                "judge0_batch_runs_per_s": round(throughput, 2),
                "judge0_batch_runs": runs,
                # The same with a different source in each run: one sandbox each.
                "judge0_batch_distinct_sources_runs_per_s": round(distinct, 2),
                "judge0_batch_distinct_sources_runs": distinct_runs,
                "v1_list_p95_ms": lists,
                "v1_list_p95_ms_max": max(lists.values()),
                "v1_list_p50_ms": lists_p50,
                "submissions_in_db": args.rows,
                "workers": args.workers,
                "sandbox_cpus": args.cpus,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
