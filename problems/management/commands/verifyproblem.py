from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from common.sandboxing import sandbox_config
from grading.grader import TestOutcome
from problems.packages.errors import PackageError
from problems.packages.verify import (
    VerifyReport,
    VerifyRow,
    problem_source,
    verify,
    verify_path,
)
from problems.selectors import problem_by_slug
from sandbox.types import SandboxError

COLUMNS = ("file", "language", "expected", "got", "max time", "")


class Command(BaseCommand):
    help = (
        "Judge a problem's jury submissions (submissions/<verdict>/) and check that each gets the "
        "verdict of its folder. Exits non-zero if any does not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="package directory or zip, or the slug of an imported problem")
        parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        self._bars: list[tqdm] = []
        try:
            report = self._verify(options["target"])
        except PackageError as exc:
            raise CommandError(exc.message) from exc
        except SandboxError as exc:
            raise CommandError(f"sandbox failure: {exc}") from exc
        except (OSError, ValueError, KeyError, TypeError, UnicodeError, RecursionError) as exc:
            # A package we did not foresee: say so in one line rather than with a traceback.
            raise CommandError(f"{options['target']}: cannot be read ({type(exc).__name__}: {exc})") from exc
        finally:
            for bar in self._bars:
                bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json()))
        else:
            self.stdout.write(_table(report))
        if not report.ok:
            unjudged = sum(1 for row in report.rows if row.got is None)
            wrong = sum(1 for row in report.rows if not row.ok) - unjudged
            if wrong:
                self.stderr.write(f"{wrong} submission(s) did not get the verdict of their folder")
            if unjudged:
                self.stderr.write(f"{unjudged} submission(s) could not be judged")
            sys.exit(1)

    def _verify(self, target: str) -> VerifyReport:
        path = Path(target)
        config = sandbox_config()
        if path.exists():
            return verify_path(path, config, self._progress)
        problem = problem_by_slug(slug=target)
        if problem is None:
            raise CommandError(f"{target!r} is neither a package nor the slug of a problem")
        return verify(problem_source(problem), config, self._progress)

    def _progress(self, total: int) -> Callable[[TestOutcome], None]:
        bar = tqdm(total=total, unit="test", desc="judging", file=sys.stderr, leave=False)
        self._bars.append(bar)
        return lambda outcome: bar.update(1)


def _status(row: VerifyRow) -> str:
    if row.ok:
        return "ok"
    if row.got is None:
        return row.message
    return f"MISMATCH {row.message}".strip()


def _table(report: VerifyReport) -> str:
    rows = [
        (
            row.file,
            row.language,
            row.expected,
            row.got or "-",
            f"{row.time_ms} ms",
            _status(row),
        )
        for row in report.rows
    ]
    widths = [max(len(str(r[i])) for r in [COLUMNS, *rows]) for i in range(len(COLUMNS) - 1)]
    lines = [
        f"{report.problem}: time limit {report.time_limit_ms} ms ({report.time_limit_note})",
        "  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=False)),
    ]
    for row in rows:
        lines.append("  ".join([*(str(c).ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]]))
    return "\n".join(lines)
