"""The sandbox against bare execution and against one `docker run` per test. Prints one JSON line.

Workloads (the same steps in every mode, outputs checked):
  py_ab   Python A+B: the language's compile step (py_compile) and 10 tests
  cpp_ab  C++ A+B: g++ -O2 and 10 tests
  hello   Python hello world: compile step and one run

Modes:
  bare                 subprocesses on the host (the host has the images' python3.11 and g++ 12)
  docker_run_per_test  the original design: every step is a hardened `docker run --rm -i`, the code
                       mounted read-only (the compile step writes into a mounted directory)
  ours                 `Sandbox` with the warm pool; between submissions the used container is removed
                       and the pool refilled, as between the jobs of a worker that is not saturated

Containers get a CPU quota of one core (`cpus` in the output); bare runs have none.

    .venv/bin/python bench/sandbox.py [--runs 15] [--docker-runs 4] [--cpus 1.0] [--runtime crun]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sandbox.config import SandboxConfig  # noqa: E402
from sandbox.containers import start_memory_kb, wait_for_removals  # noqa: E402
from sandbox.engine import Sandbox  # noqa: E402
from sandbox.images import image_tag  # noqa: E402
from sandbox.languages import Language, get_language  # noqa: E402
from sandbox.pool import pool_for, shutdown_pools  # noqa: E402
from sandbox.seccomp import PROFILE_PATH  # noqa: E402
from sandbox.types import Limits, SourceFile  # noqa: E402

WORK = ROOT / "var" / "bench-sandbox"
LIMITS = Limits(time_ms=2000, memory_kb=256 * 1024)
# The images' toolchains are Debian bookworm's, and so are the host's under /usr/bin.
BARE_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(WORK)}
AB_PY = "a, b = map(int, input().split())\nprint(a + b)\n"
AB_CPP = "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}\n"


@dataclass(frozen=True)
class Workload:
    language: str
    source: str
    tests: list[tuple[bytes, bytes]]


def ab_tests(count: int) -> list[tuple[bytes, bytes]]:
    rng = random.Random(7)
    pairs = [(rng.randint(-(10**9), 10**9), rng.randint(-(10**9), 10**9)) for _ in range(count)]
    return [(f"{a} {b}\n".encode(), f"{a + b}\n".encode()) for a, b in pairs]


WORKLOADS = {
    "py_ab": Workload("py3", AB_PY, ab_tests(10)),
    "cpp_ab": Workload("cpp17", AB_CPP, ab_tests(10)),
    "hello": Workload("py3", 'print("hello, world")\n', [(b"", b"hello, world\n")]),
}


def fresh_dir(name: str) -> Path:
    path = WORK / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def check(output: bytes, expected: bytes, mode: str) -> None:
    if output != expected:
        raise RuntimeError(f"{mode}: wrong output {output[:100]!r}, expected {expected!r}")


def bare(workload: Workload) -> None:
    language = get_language(workload.language)
    box = fresh_dir("bare")
    (box / language.source_name).write_text(workload.source)
    if language.compile:
        argv = language.format_argv(language.compile, LIMITS.memory_kb)
        subprocess.run(argv, cwd=box, env=BARE_ENV, check=True, capture_output=True)
    argv = language.format_argv(language.run, LIMITS.memory_kb)
    for stdin, expected in workload.tests:
        done = subprocess.run(argv, cwd=box, env=BARE_ENV, input=stdin, capture_output=True, check=True)
        check(done.stdout, expected, "bare")


def docker_argv(language: Language, config: SandboxConfig, box: Path, writable: bool) -> list[str]:
    """One hardened `docker run` as the original design had it: flags of security.md's checklist."""
    memory_kb = LIMITS.memory_kb + language.memory_allowance_kb + config.effective_runner_allowance_kb
    memory = f"{memory_kb // 1024}m"
    return [
        "docker", "run", "--rm", "-i", "--network", "none", "--cap-drop", "ALL",
        "--security-opt", "no-new-privileges", "--security-opt", f"seccomp={PROFILE_PATH}",
        "--memory", memory, "--memory-swap", memory, "--pids-limit", str(config.effective_pids_limit),
        "--cpus", str(config.cpus),
        "--read-only", "--tmpfs", "/tmp:rw,noexec,nosuid,size=64m", "--user", "65534:65534",
        "--init", "--log-driver", "none", "--runtime", config.runtime,
        "-v", f"{box}:/box:{'rw' if writable else 'ro'}", "-w", "/box",
        image_tag(language.image),
    ]  # fmt: skip


def docker_run_per_test(workload: Workload, config: SandboxConfig) -> None:
    language = get_language(workload.language)
    box = fresh_dir("docker")
    box.chmod(0o777)  # the compile step runs as uid 65534 and writes its output here
    (box / language.source_name).write_text(workload.source)
    if language.compile:
        argv = language.format_argv(language.compile, LIMITS.memory_kb)
        run = docker_argv(language, config, box, writable=True) + argv
        subprocess.run(run, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    argv = language.format_argv(language.run, LIMITS.memory_kb)
    for stdin, expected in workload.tests:
        run = docker_argv(language, config, box, writable=False) + argv
        done = subprocess.run(run, input=stdin, capture_output=True, check=True)
        check(done.stdout, expected, "docker run")


def ours(workload: Workload, config: SandboxConfig) -> None:
    language = get_language(workload.language)
    with Sandbox(language, LIMITS, config) as box:
        compiled = box.compile([SourceFile(language.source_name, workload.source.encode())])
        if not compiled.ok:
            raise RuntimeError(f"ours: compilation failed: {compiled.output}")
        for stdin, expected in workload.tests:
            check(box.run(stdin).stdout, expected, "ours")


def warm(workload: Workload, config: SandboxConfig) -> None:
    """Let the previous container go and the pool refill: both happen between submissions."""
    wait_for_removals()
    language = get_language(workload.language)
    prepare = Sandbox(language, LIMITS, config).prepare_frame()
    if not pool_for(config).wait_until_full(language.image, start_memory_kb(language, LIMITS), prepare):
        raise RuntimeError("the warm pool did not fill")


def measure(
    run: Callable[[], None], times: int, before: Callable[[], None] | None = None
) -> dict[str, float]:
    run()  # warm-up: page cache, image layers, compiler binaries
    samples = []
    for _ in range(times):
        if before:
            before()
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(p95, 1), "n": len(samples)}


def cold_start_ms(config: SandboxConfig, times: int) -> float:
    """Starting a container without the pool: create, attach, start, runner ready (informative)."""
    cold = SandboxConfig(**{**config.__dict__, "pool_size": 0})
    language = get_language("py3")
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        with Sandbox(language, LIMITS, cold):
            samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def verdicts(results: dict[str, dict[str, float]]) -> dict[str, bool]:
    bare, docker, ours_ = (results[m]["p50_ms"] for m in ("bare", "docker_run_per_test", "ours"))
    return {
        "ours_within_1.3x_bare_plus_50ms": ours_ <= 1.3 * bare + 50,
        "ours_5x_faster_than_docker_run": docker >= 5 * ours_,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--docker-runs", type=int, default=4)
    parser.add_argument("--cpus", type=float, default=1.0)
    parser.add_argument("--runtime", default="crun")
    args = parser.parse_args()
    config = SandboxConfig(cpus=args.cpus, runtime=args.runtime, pool_size=2)
    report: dict[str, object] = {}
    try:
        for name, workload in WORKLOADS.items():
            results = {
                "bare": measure(partial(bare, workload), args.runs),
                "docker_run_per_test": measure(
                    partial(docker_run_per_test, workload, config), args.docker_runs
                ),
                "ours": measure(partial(ours, workload, config), args.runs, partial(warm, workload, config)),
            }
            report[name] = {**results, "checks": verdicts(results)}
        report["cold_container_start_ms"] = cold_start_ms(config, 5)
    finally:
        shutdown_pools()
        shutil.rmtree(WORK, ignore_errors=True)
    report.update(cpus=args.cpus, runtime=args.runtime, pool="refilled between submissions")
    report["host_load_avg"] = [round(load, 2) for load in os.getloadavg()]
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
