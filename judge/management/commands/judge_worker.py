from __future__ import annotations

import logging
import threading
from typing import Any

import django_rq
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from judge.jobs import JUDGE_QUEUES
from judge.metrics import serve_metrics
from judge.services import submission_recover
from sandbox.engine import reap
from staticanalysis.services import screening_recover

log = logging.getLogger(__name__)


def _maintenance(every_s: float, stop: threading.Event) -> None:
    while not stop.wait(every_s):
        try:
            submission_recover()
            screening_recover()
            # Containers older than any judgement can be are leftovers of a crashed worker.
            reap(older_than_s=15 * 60)
        except Exception:
            log.exception("maintenance round failed")
        finally:
            connection.close()


class Command(BaseCommand):
    help = "Run a judging worker: recovers lost work at start and periodically, then consumes the queues."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("queues", nargs="*", default=JUDGE_QUEUES, help="in priority order")
        parser.add_argument("--name", default=None)
        parser.add_argument("--maintenance-every", type=float, default=10.0)
        parser.add_argument("--burst", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.METRICS_PORT:
            serve_metrics(settings.METRICS_PORT, options["queues"])
        recovered = submission_recover()
        if recovered:
            self.stdout.write(f"re-enqueued {len(recovered)} lost submissions")
        stop = threading.Event()
        threading.Thread(target=_maintenance, args=(options["maintenance_every"], stop), daemon=True).start()
        worker = django_rq.get_worker(
            *options["queues"], worker_class="rq.worker.SimpleWorker", name=options["name"]
        )
        try:
            worker.work(burst=options["burst"], with_scheduler=False)
        finally:
            stop.set()
