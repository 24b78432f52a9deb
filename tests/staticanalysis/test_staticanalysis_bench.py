"""The benchmark script keeps working (timings themselves are not asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_it_benchmarks_every_analysed_language():
    result = subprocess.run(
        [sys.executable, "bench/staticanalysis.py", "--runs", "2", "--size", "8192"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    results = json.loads(lines[0])
    assert set(results) == {"py3", "c", "cpp17", "java", "js", "go", "rust"}
    for figures in results.values():
        assert {"p50_ms", "p95_ms", "cpu_p95_ms", "full_p50_ms", "full_p95_ms"} <= set(figures)
        assert figures["bytes"] >= 8192
