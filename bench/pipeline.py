"""Submit -> final verdict through the whole stack: HTTP, Redis, workers, sandbox, database, WebSocket.

Starts its own web server and judge workers against a separate database and Redis databases, logs in
as a user, and submits Python A+B (10 tests). Latency is measured one submission at a time (unloaded);
throughput by submitting a burst and waiting for every final verdict event. Prints one JSON line.

    .venv/bin/python bench/pipeline.py [--latency-runs 40] [--burst 60] [--workers 2] [--cpus 1.0]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
AB = "import sys\na, b = map(int, sys.stdin.readline().split())\nprint(a + b)\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_env(cpus: float) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RCE_VAR_DIR=str(ROOT / "var" / "bench"),
        RCE_REDIS_DB_BASE="12",
        RCE_RATELIMIT="false",
        RCE_SANDBOX_CPUS=str(cpus),
        RCE_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def prepare(env: dict[str, str]) -> str:
    shutil.rmtree(env["RCE_VAR_DIR"], ignore_errors=True)
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "load_demo", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PYTHON, "-c", "import redis; redis.Redis(db=12).flushdb(); redis.Redis(db=14).flushdb()"], check=True
    )
    logins = json.loads((Path(env["RCE_VAR_DIR"]) / "demo_logins.json").read_text())
    return str(logins["alice"])


def start(env: dict[str, str], port: int, workers: int) -> list[subprocess.Popen[bytes]]:
    procs = [
        subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "daphne"), "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    for i in range(workers):
        procs.append(
            subprocess.Popen(
                [PYTHON, "manage.py", "judge_worker", "--name", f"bench-{os.getpid()}-{i}"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(base + "/", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    time.sleep(1.5)  # let the workers subscribe to their queues
    return procs


def login(base: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/accounts/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    session.post(
        base + "/accounts/login/",
        data={"username": "alice", "password": password, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": base + "/accounts/login/"},
    ).raise_for_status()
    return session


def submit(session: requests.Session, base: str) -> int:
    response = session.post(
        base + "/problems/aplusb/submit",
        data={"language": "py3", "source": AB, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": base + "/problems/aplusb/"},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.status_code
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency-runs", type=int, default=40)
    parser.add_argument("--burst", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cpus", type=float, default=1.0)
    args = parser.parse_args()

    env = bench_env(args.cpus)
    password = prepare(env)
    port = free_port()
    procs = start(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        session = login(base, password)
        session.get(base + "/problems/aplusb/")
        cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
        with connect(
            f"ws://127.0.0.1:{port}/ws/problems/aplusb/mine/",
            additional_headers={"Cookie": cookie, "Origin": base},
        ) as feed:

            def wait_done(ids: set[int], deadline_s: float = 120) -> dict[int, float]:
                finished: dict[int, float] = {}
                end = time.monotonic() + deadline_s
                while ids - finished.keys() and time.monotonic() < end:
                    event = json.loads(feed.recv(timeout=end - time.monotonic()))
                    if event.get("kind") == "submission" and event["status"] == "done":
                        finished[event["submission"]] = time.monotonic()
                        assert event["verdict"] == "AC", event
                return finished

            for _ in range(3):  # warm-up: pools, imports, caches
                wait_done({submit(session, base)})
            latencies = []
            for _ in range(args.latency_runs):
                started = time.monotonic()
                sid = submit(session, base)
                latencies.append((wait_done({sid})[sid] - started) * 1000)
            started = time.monotonic()
            ids = {submit(session, base) for _ in range(args.burst)}
            finished = wait_done(ids, deadline_s=300)
            elapsed = max(finished.values()) - started
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    latencies.sort()
    p99_index = min(len(latencies) - 1, int(round(0.99 * (len(latencies) - 1))))
    print(
        json.dumps(
            {
                "p50_ms": round(statistics.median(latencies), 1),
                "p99_ms": round(latencies[p99_index], 1),
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
