"""Modules stay small enough to read: none over 500 lines, except the in-container runner (one
stdlib-only file the image runs as it is)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 500
EXEMPT = {Path("sandbox/runner/runner.py")}
SKIPPED = {".venv", "node_modules", "var", "migrations", "tests"}


def test_no_module_is_over_500_lines():
    long = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIPPED & set(relative.parts) or relative in EXEMPT:
            continue
        lines = len(path.read_text().splitlines())
        if lines > LIMIT:
            long.append(f"{relative}: {lines}")
    assert not long, "modules over 500 lines: " + ", ".join(sorted(long))
