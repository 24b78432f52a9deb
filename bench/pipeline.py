"""Submit -> final verdict through the whole stack: HTTP, Redis, workers, sandbox, database, WebSocket.

Starts its own web server and judge workers (bench.stack), logs in as alice and submits Python A+B
(10 tests). Latency is measured one submission at a time on an unloaded judge: before each, the
machine is let settle (the previous submission's container removed, the warm pool refilled, which
takes about 0.2 s of CPU). The same is also measured back to back, each submission sent as soon as
the previous verdict arrived, so that it overlaps that background work (`back_to_back_*`).
Throughput: a burst of submissions, until every final verdict event has arrived on the WebSocket
(200 by default, ~13 s: long enough that the work left after the last verdict, such as removing the
last containers, weighs little); this client runs on the same two cores, so it also prints the CPU
it used per submission meanwhile.
Prints one JSON line.

    .venv/bin/python -m bench.pipeline [--latency-runs 40] [--burst 200] [--workers 2] [--cpus 1.0]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import requests
from websockets.sync.client import ClientConnection, connect

from bench.stack import Stack
from sandbox.containers import EXIT_GRACE_S

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


def busy_seconds() -> float:
    """CPU time spent by the whole machine since boot (all cores, everything but idle and iowait)."""
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def settle(window_s: float = 0.1, busy_below: float = 0.1, at_most_s: float = 3.0) -> None:
    """Wait until the machine is nearly idle over a whole window (or give up after at_most_s)."""
    end = time.monotonic() + at_most_s
    while time.monotonic() < end:
        before = busy_seconds()
        time.sleep(window_s)
        if (busy_seconds() - before) / (window_s * (os.cpu_count() or 1)) < busy_below:
            return


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def submit_and_wait(stack: Stack, session: requests.Session, feed: ClientConnection) -> float:
    """Milliseconds from sending one submission to its final verdict event."""
    started = time.monotonic()
    sid = stack.submit(session, AB)
    return (wait_done(feed, {sid})[sid] - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency-runs", type=int, default=40)
    parser.add_argument("--burst", type=int, default=200)
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
            latencies, back_to_back = [], []
            for _ in range(args.latency_runs):
                time.sleep(EXIT_GRACE_S)  # the previous sandbox is removed only after this
                settle()
                latencies.append(submit_and_wait(stack, session, feed))
            for _ in range(args.latency_runs // 2):
                back_to_back.append(submit_and_wait(stack, session, feed))
            started, client_cpu = time.monotonic(), time.process_time()
            ids = {stack.submit(session, AB) for _ in range(args.burst)}
            finished = wait_done(feed, ids, deadline_s=300)
            elapsed = max(finished.values()) - started
            client_cpu = time.process_time() - client_cpu
    print(
        json.dumps(
            {
                "p50_ms": round(statistics.median(latencies), 1),
                "p99_ms": round(percentile(latencies, 0.99), 1),
                "back_to_back_p50_ms": round(statistics.median(back_to_back), 1),
                "back_to_back_p99_ms": round(percentile(back_to_back, 0.99), 1),
                "throughput_per_s": round(len(finished) / elapsed, 2),
                "judged": f"{len(finished)}/{len(ids)}",
                # This client shares the machine: what it used of it while the burst ran.
                "client_cpu_ms_per_submission": round(client_cpu * 1000 / len(ids), 1),
                "workers": args.workers,
                "sandbox_cpus": args.cpus,
                "tests_per_submission": 10,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
