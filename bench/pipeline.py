"""Submit -> final verdict through the whole stack: HTTP, Redis, workers, sandbox, database, WebSocket.

Starts its own web server and judge workers (bench.stack), logs in as alice and submits Python A+B
(10 tests). Latency is measured one submission at a time (unloaded); throughput by submitting a burst
and waiting for every final verdict event on the WebSocket. Prints one JSON line.

    .venv/bin/python -m bench.pipeline [--latency-runs 40] [--burst 60] [--workers 2] [--cpus 1.0]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from websockets.sync.client import ClientConnection, connect

from bench.stack import Stack

AB = "import sys\na, b = map(int, sys.stdin.readline().split())\nprint(a + b)\n"


def wait_done(feed: ClientConnection, ids: set[int], deadline_s: float = 120) -> dict[int, float]:
    """Final-verdict arrival times by submission id, from the problem feed."""
    finished: dict[int, float] = {}
    end = time.monotonic() + deadline_s
    while ids - finished.keys() and time.monotonic() < end:
        event = json.loads(feed.recv(timeout=end - time.monotonic()))
        if event.get("kind") == "submission" and event["status"] == "done":
            finished[event["submission"]] = time.monotonic()
            if event["verdict"] != "AC":
                raise RuntimeError(f"unexpected verdict {event}")
    return finished


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency-runs", type=int, default=40)
    parser.add_argument("--burst", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cpus", type=float, default=1.0, help="CPU quota of each sandbox")
    args = parser.parse_args()

    with Stack("bench-pipeline", redis_db_base=12, workers=args.workers, cpus=args.cpus) as stack:
        session = stack.login("alice")
        cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
        url = f"ws://127.0.0.1:{stack.port}/ws/problems/aplusb/mine/"
        with connect(url, additional_headers={"Cookie": cookie, "Origin": stack.base_url}) as feed:
            for _ in range(3):  # warm-up: pools, imports, caches
                wait_done(feed, {stack.submit(session, AB)})
            latencies = []
            for _ in range(args.latency_runs):
                started = time.monotonic()
                sid = stack.submit(session, AB)
                latencies.append((wait_done(feed, {sid})[sid] - started) * 1000)
            started = time.monotonic()
            ids = {stack.submit(session, AB) for _ in range(args.burst)}
            finished = wait_done(feed, ids, deadline_s=300)
            elapsed = max(finished.values()) - started
    print(
        json.dumps(
            {
                "p50_ms": round(statistics.median(latencies), 1),
                "p99_ms": round(percentile(latencies, 0.99), 1),
                "throughput_per_s": round(len(finished) / elapsed, 2),
                "judged": f"{len(finished)}/{len(ids)}",
                "workers": args.workers,
                "sandbox_cpus": args.cpus,
                "tests_per_submission": 10,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
