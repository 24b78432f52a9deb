from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from problems.packages.errors import PackageError
from problems.packages.exporter import problem_export
from problems.selectors import problem_by_slug


class Command(BaseCommand):
    help = "Write a problem as a Kattis package (format 2025-09): a directory, or a zip if OUT ends in .zip."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("out", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        problem = problem_by_slug(slug=options["slug"])
        if problem is None:
            raise CommandError(f"no problem {options['slug']!r}")
        try:
            problem_export(problem=problem, out=options["out"])
        except PackageError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"exported {problem.slug!r} to {options['out']}")
