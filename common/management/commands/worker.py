from __future__ import annotations

import contextlib
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from redis.exceptions import RedisError

from common import worker_hooks
from common.metrics import serve_metrics
from common.queues import JUDGE_QUEUES, get_worker

log = logging.getLogger(__name__)


def _maintain_once() -> None:
    """Run every registered recovery; safe to run from every worker at once."""
    try:
        for recovery in worker_hooks.recoveries():
            try:
                recovery.run()
            except Exception:
                # Keep going (Redis or Docker may be restarting); the next round retries.
                log.exception("maintenance round failed: %s", recovery.name)
    finally:
        connection.close()


def _maintenance(every_s: float, stop: threading.Event) -> None:
    while not stop.wait(every_s):
        _maintain_once()


class Command(BaseCommand):
    help = (
        "Run a worker (judge queues by default, or e.g. `screening`): recovers lost work at start and "
        "periodically, runs the services the apps register, consumes its queues, and survives Redis "
        "restarts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "queues", nargs="*", default=[q.value for q in JUDGE_QUEUES], help="in priority order"
        )
        parser.add_argument("--name", default=None)
        parser.add_argument("--maintenance-every", type=float, default=10.0)
        parser.add_argument("--burst", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.METRICS_PORT:
            serve_metrics(settings.METRICS_PORT, options["queues"])
        _maintain_once()
        stop = threading.Event()
        every = options["maintenance_every"]
        threading.Thread(target=_maintenance, args=(every, stop), daemon=True).start()
        try:
            with contextlib.ExitStack() as services:
                for service in worker_hooks.services():
                    services.enter_context(service.run(every))
                self._work(options)
        finally:
            stop.set()

    def _work(self, options: dict[str, Any]) -> None:
        restarts = 0
        while not self._work_once(options, restarts):
            # RQ quits its loop when Redis goes away mid-job; come back once Redis is reachable.
            log.warning("worker loop ended unexpectedly; restarting in 2 s")
            time.sleep(2)
            restarts += 1

    def _work_once(self, options: dict[str, Any], restarts: int) -> bool:
        """Run the RQ worker; True when it stopped on purpose (signal, or burst finished)."""
        # A lost connection can leave the old registration behind, and RQ refuses a duplicate name.
        name = f"{options['name']}.{restarts}" if options["name"] and restarts else options["name"]
        try:
            worker = get_worker(*options["queues"], worker_class="rq.worker.SimpleWorker", name=name)
            # RQ sets its own loggers to INFO unless told; they follow RCE_LOG_LEVEL like the rest.
            level = logging.getLevelName(logging.getLogger().getEffectiveLevel())
            worker.work(burst=options["burst"], with_scheduler=False, logging_level=level)
        except (RedisError, OSError):
            log.warning("worker lost Redis", exc_info=True)
            return False
        # RQ records a SIGTERM/SIGINT as a shutdown request (its only public trace of one).
        shutdown = getattr(worker, "_shutdown_requested_date", None) is not None
        return bool(options["burst"] or shutdown or getattr(worker, "_stop_requested", False))
