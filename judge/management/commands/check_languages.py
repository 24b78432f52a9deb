from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from common.sandboxing import sandbox_config
from judge.models import Language
from sandbox.selftest import check_languages, format_table


class Command(BaseCommand):
    help = "Compile and run every language's self-test in the sandbox; print versions; fail if any fails."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("keys", nargs="*", help="only these language keys")
        parser.add_argument("--jobs", type=int, default=2, help="sandboxes at a time")
        parser.add_argument("--no-save", action="store_true", help="do not record versions in the database")

    def handle(self, *args: Any, **options: Any) -> None:
        checks = check_languages(sandbox_config(), keys=options["keys"] or None, jobs=options["jobs"])
        self.stdout.write(format_table(checks))
        if not options["no_save"]:
            # Contestants see the versions the sandbox really runs.
            for check in checks:
                if check.ok:
                    Language.objects.filter(key=check.key).update(version=check.version[:200])
        failed = [c.key for c in checks if not c.ok]
        self.stdout.write(f"{len(checks) - len(failed)} of {len(checks)} languages ok")
        if failed:
            self.stderr.write(f"failed: {', '.join(failed)}")
            sys.exit(1)
