"""Benchmark of ``staticanalysis.analyze`` on ~64 KiB realistic sources, one per language.

Usage: ``.venv/bin/python bench/staticanalysis.py [--runs N] [--size BYTES]``

Prints one JSON line: ``{"py3": {"p50_ms": .., "p95_ms": .., "cpu_p95_ms": .., "full_p50_ms": ..,
"full_p95_ms": .., "bytes": ..}, "c": {...}, ...}``. ``p50_ms``/``p95_ms`` are wall-clock times of
``analyze`` as the judge calls it (``cpu_p95_ms`` is the same in CPU time, unaffected by other
load on the machine). The ``full_*`` figures disable the trigger prefilter: every rule runs on
a fully parsed tree, the worst case for a source that mentions many rules' names.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

LANGUAGES = ("py3", "c", "cpp17", "java", "js", "go", "rust")


def generate(language: str, size: int = 64 * 1024) -> str:
    """A source of about ``size`` bytes: the template's functions repeated under new names."""
    # Imported here: run as a script, the repository root is on sys.path only once main() runs.
    from bench.analysis_sources import TEMPLATES

    header, function, footer = TEMPLATES[language]
    parts = [header]
    length = len(header) + len(footer)
    index = 0
    while length < size:
        # str.replace rather than format(): the templates are full of braces.
        part = function.replace("{i}", str(index))
        parts.append(part)
        length += len(part)
        index += 1
    parts.append(footer)
    return "".join(parts)


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _time(call: Callable[[], object], runs: int) -> dict[str, float]:
    """Wall-clock p50/p95 and CPU-time p95 (which other processes on the machine cannot inflate)."""
    call()  # warm-up: grammar loading, query compilation, caches
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return {
        "p50_ms": round(statistics.median(wall), 2),
        "p95_ms": round(_percentile(wall, 0.95), 2),
        "cpu_p95_ms": round(_percentile(cpu, 0.95), 2),
    }


def measure(language: str, source: str, runs: int) -> dict[str, Any]:
    from staticanalysis.engine import analyze

    report = analyze(language, source, prefilter=False)
    if report.blocking:
        raise SystemExit(f"{language}: benchmark source is blocked: {report.findings}")
    screened = _time(lambda: analyze(language, source), runs)
    full = _time(lambda: analyze(language, source, prefilter=False), runs)
    return {
        **screened,
        "full_p50_ms": full["p50_ms"],
        "full_p95_ms": full["p95_ms"],
        "bytes": len(source.encode()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--size", type=int, default=64 * 1024)
    parser.add_argument("--language", action="append", choices=LANGUAGES)
    args = parser.parse_args(argv)
    results = {
        language: measure(language, generate(language, args.size), args.runs)
        for language in args.language or LANGUAGES
    }
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    # Run as a script, this file's directory comes first on sys.path, where its own name
    # would shadow the staticanalysis package.
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
