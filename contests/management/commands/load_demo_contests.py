from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from contests.demo import demo_contests_load


class Command(BaseCommand):
    help = "Load the demo contests (after load_demo): a running ICPC one, a running IOI one, a finished one."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            contests = demo_contests_load()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            for contest in contests:
                self.stdout.write(f"contest: /contests/{contest.slug}/ ({contest.title})")
