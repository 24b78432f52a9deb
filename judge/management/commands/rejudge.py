from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from grading.verdicts import Verdict
from judge.models import Status, Submission
from judge.selectors import submission_rejudge_list
from judge.services import submission_rejudge


class Command(BaseCommand):
    help = "Rejudge submissions by problem, language or verdict, at rejudge priority."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--problem", help="problem slug")
        parser.add_argument("--language", help="language key")
        parser.add_argument("--verdict", choices=[v.value for v in Verdict])
        parser.add_argument("--all", action="store_true", help="needed to rejudge everything")
        parser.add_argument("--wait", action="store_true", help="show progress until every one is judged")
        parser.add_argument("--timeout", type=float, default=3600)

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["problem"] or options["language"] or options["verdict"] or options["all"]):
            raise CommandError("say what to rejudge: --problem, --language, --verdict, or --all")
        ids = list(
            submission_rejudge_list(
                problem_slug=options["problem"], language_key=options["language"], verdict=options["verdict"]
            ).values_list("pk", flat=True)
        )
        queued: list[int] = []
        for start in tqdm(range(0, len(ids), 100), desc="queueing", unit="batch", disable=not ids):
            queued += submission_rejudge(submission_ids=ids[start : start + 100])
        self.stdout.write(f"queued {len(queued)} of {len(ids)} matching submissions for rejudging")
        if options["wait"] and queued:
            self._wait(queued, options["timeout"])

    def _wait(self, ids: list[int], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with tqdm(total=len(ids), desc="judging", unit="sub") as bar:
            while time.monotonic() < deadline:
                done = Submission.objects.filter(pk__in=ids, status=Status.DONE).count()
                bar.update(done - bar.n)
                if done == len(ids):
                    return
                time.sleep(0.5)
        raise CommandError(f"timed out with {len(ids) - bar.n} submissions still being judged")
