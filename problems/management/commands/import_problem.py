from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.sandboxing import sandbox_config
from problems.packages.errors import PackageError
from problems.packages.importer import ImportOptions, package_import
from sandbox.types import SandboxError


class Command(BaseCommand):
    help = "Create or update a problem from a Kattis/ICPC problem package (a directory or a .zip)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="package directory or zip file")
        parser.add_argument("--slug", help="problem slug; defaults to the package's short name")
        parser.add_argument(
            "--skip-input-validators",
            action="store_true",
            help="do not run the package's input validators (they need the sandbox)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import_options = ImportOptions(
            slug=options["slug"],
            run_input_validators=not options["skip_input_validators"],
            config=sandbox_config(),
            on_progress=lambda message: self.stderr.write(message),
        )
        try:
            result = package_import(options["path"], import_options)
        except PackageError as exc:
            raise CommandError(exc.message) from exc
        except SandboxError as exc:
            raise CommandError(f"sandbox failure, nothing imported: {exc}") from exc
        except (OSError, ValueError, KeyError, TypeError, UnicodeError, RecursionError) as exc:
            # A package we did not foresee: say so in one line rather than with a traceback.
            raise CommandError(f"{options['path']}: cannot be read ({type(exc).__name__}: {exc})") from exc
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        problem = result.problem
        action = "created" if result.created else "updated"
        self.stdout.write(
            f"{action} problem {problem.slug!r} ({problem.title}): {problem.test_cases.count()} tests, "
            f"{result.time_limit_note}, memory {problem.memory_limit_kb // 1024} MiB, "
            f"validation {problem.validation}"
        )
