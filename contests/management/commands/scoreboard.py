from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from contests.exports import scoreboard_clics, scoreboard_json
from contests.models import Contest
from contests.scoreboard import scoreboard_recompute


class Command(BaseCommand):
    help = "Print a contest's scoreboard (the public view unless --jury); --json prints the CLICS object."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("contest", help="contest slug")
        parser.add_argument("--json", action="store_true", help="the CLICS scoreboard object")
        parser.add_argument("--jury", action="store_true", help="through the freeze")
        parser.add_argument("--recompute", action="store_true", help="rebuild the stored rows first")

    def handle(self, *args: Any, **options: Any) -> None:
        contest = Contest.objects.filter(slug=options["contest"]).first()
        if contest is None:
            raise CommandError(f"no contest {options['contest']!r}")
        if options["recompute"]:
            scoreboard_recompute(contest=contest)
        if options["json"]:
            self.stdout.write(json.dumps(scoreboard_clics(contest=contest, jury=options["jury"])))
            return
        board = scoreboard_json(contest=contest, jury=options["jury"])
        labels = [p["label"] for p in board["problems"]]
        self.stdout.write(
            f"{'rank':>4}  {'team':<30} {'score':>7} {'time':>6}  " + " ".join(f"{x:>8}" for x in labels)
        )
        for row in board["rows"]:
            cells = " ".join(f"{_cell(c):>8}" for c in row["problems"])
            score = f"{row['score']:g}"
            self.stdout.write(
                f"{row['rank']:>4}  {row['team'][:30]:<30} {score:>7} {row['penalty']:>6}  {cells}"
            )


def _cell(cell: dict[str, Any]) -> str:
    pending = f"+{cell['pending']}?" if cell["pending"] else ""
    if cell["solved"]:
        return f"{cell['time']}/{cell['judged']}{pending}"
    if cell["score"]:
        return f"{cell['score']:g}{pending}"
    return (f"-{cell['judged']}" if cell["judged"] else "") + pending
