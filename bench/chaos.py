"""Chaos: judge submissions while workers are SIGKILLed and Redis and dockerd restart; nothing is lost.

Submits COUNT submissions over HTTP with known expected verdicts to a stack with two judge workers,
a private Redis and a private Docker engine (bench.dockerd: restarting the machine's own would take
down everyone else's sandboxes). Meanwhile it kills a random worker KILLS times (starting a
replacement each time), restarts Redis once (empty, as it keeps nothing on disk) and dockerd once, and
records each of these as it is seen to happen. Then it waits for every submission to reach a final
verdict and prints one JSON line: {"submitted", "final", "stuck", "wrong", "orphans", "happened"};
the target is COUNT / COUNT / 0 / 0 / 0, with every planned event in "happened".

    .venv/bin/python -m bench.chaos [--count 200] [--kills 20] [--no-docker-restart]
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sqlite3
import sys
import threading
import time
from dataclasses import dataclass, field

import docker

from bench.dockerd import PrivateDockerd
from bench.stack import Stack
from sandbox.containers import LABEL, OWNER_LABEL, owner_gone
from sandbox.languages import get_language

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
    # How many of each planned event were seen to happen: a worker died of SIGKILL and its
    # replacement started; Redis and dockerd came back as new processes.
    happened: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {key: value for key, value in self.__dict__.items() if key != "happened"}


def statuses(stack: Stack) -> dict[int, tuple[str, str]]:
    with sqlite3.connect(stack.var_dir / "db.sqlite3", timeout=30) as db:
        rows = db.execute("SELECT id, status, verdict FROM judge_submission").fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


def count_orphans(client: docker.DockerClient, grace_s: float = 20) -> int:
    """Sandbox containers left by processes that are gone, once the stack has stopped (removal runs in
    the background). Containers of live processes, such as a test runner's own warm pool, are theirs."""
    deadline = time.monotonic() + grace_s
    while True:
        infos = client.api.containers(all=True, filters={"label": LABEL})
        left = [i for i in infos if owner_gone((i.get("Labels") or {}).get(OWNER_LABEL))]
        if not left or time.monotonic() > deadline:
            return len(left)
        time.sleep(0.5)


def chaos(
    stack: Stack,
    engine: PrivateDockerd,
    *,
    kills: int,
    restart_redis: bool,
    restart_docker: bool,
    period_s: float,
    happened: dict[str, int],
) -> None:
    rng = random.Random(7)
    events = ["kill"] * kills + (["redis"] if restart_redis else []) + (["docker"] if restart_docker else [])
    rng.shuffle(events)
    for number, event in enumerate(events):
        time.sleep(period_s)
        if event == "kill":
            workers = [p for p in stack.worker_procs if p.poll() is None]
            victim = rng.choice(workers)
            victim.kill()
            killed = victim.wait() == -signal.SIGKILL
            replacement = stack.start_worker(f"chaos-{number}")
            seen = killed and replacement.poll() is None
        elif event == "redis":
            old = stack.redis_proc.pid if stack.redis_proc is not None else None
            stack.stop_redis()
            time.sleep(1)
            stack.start_redis()
            seen = stack.redis_proc is not None and stack.redis_proc.pid != old and bool(stack.redis().ping())
        else:
            old_pid, new_pid = engine.restart()
            seen = old_pid != new_pid and bool(engine.client().ping())
        if seen:
            happened[event] = happened.get(event, 0) + 1


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
    happened: dict[str, int] = {}
    with PrivateDockerd() as engine:
        engine.copy_images(get_language("py3").image)
        # Lost work is looked for every 2 s rather than 10, so that the run takes a minute, not five.
        with Stack(
            "bench-chaos",
            redis_db_base=0,
            workers=2,
            cpus=1.0,
            private_redis=True,
            maintenance_every_s=2,
            docker_url=engine.url,
        ) as stack:
            session = stack.login("alice")
            period = max(0.5, count * 0.25 / max(1, kills + 2))
            monkey = threading.Thread(
                target=chaos,
                args=(stack, engine),
                kwargs={
                    "kills": kills,
                    "restart_redis": restart_redis,
                    "restart_docker": restart_docker,
                    "period_s": period,
                    "happened": happened,
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
        orphans = count_orphans(engine.client())
    final = [sid for sid in expected if current.get(sid, ("", ""))[0] == "done"]
    wrong = [sid for sid in final if current[sid][1] != expected[sid]]
    return ChaosResult(
        submitted=len(expected),
        final=len(final),
        stuck=len(expected) - len(final),
        wrong=len(wrong),
        orphans=orphans,
        happened=happened,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--no-docker-restart", action="store_true")
    args = parser.parse_args()
    result = run(count=args.count, kills=args.kills, restart_docker=not args.no_docker_restart)
    print(json.dumps({**result.as_dict(), "happened": result.happened}))
    return 0 if result.stuck == result.wrong == result.orphans == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
