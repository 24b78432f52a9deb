from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.sandboxing import sandbox_config
from grading.checking.checkers import CheckerUnavailable
from grading.grader import grade
from judge.selectors import problem_judging_data, problem_limits
from problems.models import Problem, ProblemType
from problems.selectors import problem_checker_get
from sandbox.languages import UnknownLanguage, get_language, language_for_filename
from sandbox.types import SandboxError


class Command(BaseCommand):
    help = "Judge a source file against a problem's tests synchronously and print one JSON object."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--problem", required=True, help="problem slug")
        parser.add_argument("--language", help="language key; detected from the extension if omitted")
        parser.add_argument("--all-tests", action="store_true", help="run every test even after a failure")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            source = path.read_text()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        try:
            language = (
                get_language(options["language"]) if options["language"] else language_for_filename(path.name)
            )
        except UnknownLanguage as exc:
            raise CommandError(str(exc.args[0])) from exc
        problem = Problem.objects.filter(slug=options["problem"]).first()
        if problem is None:
            raise CommandError(f"no problem {options['problem']!r}")
        tests, groups = problem_judging_data(problem=problem)
        try:
            result = grade(
                language=language,
                source=source,
                tests=tests,
                limits=problem_limits(problem),
                config=sandbox_config(),
                stop_on_failure=not options["all_tests"] and problem.problem_type != ProblemType.SCORING,
                groups=groups,
                scoring=problem.problem_type == ProblemType.SCORING,
                checker=problem_checker_get(problem=problem),
            )
        except (SandboxError, CheckerUnavailable) as exc:
            self.stderr.write(f"internal error: {exc}")
            sys.exit(2)
        report = {
            "verdict": result.verdict.value,
            "score": result.score,
            "time_ms": result.time_ms,
            "memory_kb": result.memory_kb,
            "tests": [
                {"verdict": t.verdict.value, "time_ms": t.time_ms, "memory_kb": t.memory_kb}
                for t in result.tests
            ],
        }
        if result.compile_output:
            report["compile_output"] = result.compile_output
        self.stdout.write(json.dumps(report))
