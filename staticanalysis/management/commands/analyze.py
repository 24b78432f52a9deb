import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from staticanalysis.cli import main


class Command(BaseCommand):
    help = "Screen a source file and print its findings (exit status 1 when a finding would block)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="source file ('-' for standard input)")
        parser.add_argument("--language", "-l", help="language key; default: from the file extension")
        parser.add_argument("--json", action="store_true", help="print findings as a JSON list")
        parser.add_argument("--policy", help="JSON file with a per-problem policy")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [options["file"]]
        for name in ("language", "policy"):
            if options[name]:
                argv += [f"--{name}", options[name]]
        if options["json"]:
            argv.append("--json")
        code = main(argv, stdout=sys.stdout, stderr=sys.stderr)
        if code:
            sys.exit(code)
