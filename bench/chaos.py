"""Chaos: judge submissions while workers are SIGKILLed and Redis and dockerd restart; nothing is lost.

Submits COUNT submissions over HTTP with known expected verdicts to a stack with two judge workers
and a private Redis. Meanwhile it kills a random worker KILLS times (starting a replacement each time),
restarts Redis once (empty, as it keeps nothing on disk) and dockerd once. Then it waits for every
submission to reach a final verdict and prints one JSON line:
{"submitted", "final", "stuck", "wrong", "orphans"}; the target is COUNT / 0 / 0 / 0.

    .venv/bin/python -m bench.chaos [--count 200] [--kills 20] [--no-docker-restart]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import docker

from bench.stack import ROOT, Stack
from sandbox.containers import LABEL, OWNER_LABEL, owner_gone

SOURCES = {
    "AC": "a, b = map(int, input().split())\nprint(a + b)\n",
    "WA": "a, b = map(int, input().split())\nprint(a - b)\n",
    "RTE": "a, b = map(int, input().split())\nprint(a // 0)\n",
}
WEIGHTS = {"AC": 7, "WA": 2, "RTE": 1}


@dataclass
class ChaosResult:
    submitted: int
    final: int
    stuck: int
    wrong: int
    orphans: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def restart_dockerd() -> None:
    subprocess.run(["pkill", "-TERM", "-x", "dockerd"], check=False)
    deadline = time.monotonic() + 60
    while subprocess.run(["pgrep", "-x", "dockerd"], capture_output=True).returncode == 0:
        if time.monotonic() > deadline:
            subprocess.run(["pkill", "-KILL", "-x", "dockerd"], check=False)
        time.sleep(0.2)
    subprocess.run([str(ROOT / "scripts" / "setup.sh"), "docker"], check=True, stdout=subprocess.DEVNULL)


def statuses(stack: Stack) -> dict[int, tuple[str, str]]:
    with sqlite3.connect(stack.var_dir / "db.sqlite3", timeout=30) as db:
        rows = db.execute("SELECT id, status, verdict FROM judge_submission").fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


def count_orphans(grace_s: float = 20) -> int:
    """Sandbox containers left by processes that are gone, once the stack has stopped (removal runs in
    the background). Containers of live processes, such as a test runner's own warm pool, are theirs."""
    client = docker.from_env()
    deadline = time.monotonic() + grace_s
    while True:
        infos = client.api.containers(all=True, filters={"label": LABEL})
        left = [i for i in infos if owner_gone((i.get("Labels") or {}).get(OWNER_LABEL))]
        if not left or time.monotonic() > deadline:
            return len(left)
        time.sleep(0.5)


def chaos(
    stack: Stack,
    *,
    kills: int,
    restart_redis: bool,
    restart_docker: bool,
    period_s: float,
    stop: threading.Event,
) -> None:
    rng = random.Random(7)
    events = ["kill"] * kills + (["redis"] if restart_redis else []) + (["docker"] if restart_docker else [])
    rng.shuffle(events)
    for number, event in enumerate(events):
        if stop.wait(period_s):
            return
        if event == "kill":
            workers = [p for p in stack.worker_procs if p.poll() is None]
            victim = rng.choice(workers)
            victim.kill()
            victim.wait()
            stack.start_worker(f"chaos-{number}")
        elif event == "redis":
            stack.stop_redis()
            time.sleep(1)
            stack.start_redis()
        else:
            restart_dockerd()


def run(
    *,
    count: int,
    kills: int,
    restart_redis: bool = True,
    restart_docker: bool = True,
    deadline_s: float = 300,
) -> ChaosResult:
    rng = random.Random(11)
    expected: dict[int, str] = {}
    # Lost work is looked for every 2 s rather than 10, so that the run takes a minute, not five.
    with Stack(
        "bench-chaos", redis_db_base=0, workers=2, cpus=1.0, private_redis=True, maintenance_every_s=2
    ) as stack:
        session = stack.login("alice")
        stop = threading.Event()
        period = max(0.5, count * 0.25 / max(1, kills + 2))
        monkey = threading.Thread(
            target=chaos,
            args=(stack,),
            kwargs={
                "kills": kills,
                "restart_redis": restart_redis,
                "restart_docker": restart_docker,
                "period_s": period,
                "stop": stop,
            },
        )
        monkey.start()
        for _ in range(count):
            verdict = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
            for attempt in range(50):  # the web server may briefly lose Redis; retry the request
                try:
                    expected[stack.submit(session, SOURCES[verdict])] = verdict
                    break
                except Exception:
                    time.sleep(0.2 * (attempt + 1))
            time.sleep(0.2)
        monkey.join()
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            current = statuses(stack)
            if all(current.get(sid, ("", ""))[0] == "done" for sid in expected):
                break
            time.sleep(1)
        current = statuses(stack)
    final = [sid for sid in expected if current.get(sid, ("", ""))[0] == "done"]
    wrong = [sid for sid in final if current[sid][1] != expected[sid]]
    return ChaosResult(
        submitted=len(expected),
        final=len(final),
        stuck=len(expected) - len(final),
        wrong=len(wrong),
        orphans=count_orphans(),
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--no-docker-restart", action="store_true")
    args = parser.parse_args()
    result = run(count=args.count, kills=args.kills, restart_docker=not args.no_docker_restart)
    print(json.dumps(result.as_dict()))
    return 0 if result.stuck == result.wrong == result.orphans == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
