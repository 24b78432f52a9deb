from __future__ import annotations

import logging
import threading
import time
from typing import Any

import django_rq
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

from judge.jobs import JUDGE_QUEUES
from judge.metrics import serve_metrics
from judge.sandboxing import engine_healthy, sandbox_config
from judge.services import submission_recover, submission_rejudge_after_outage
from problems.services import verification_recover
from sandbox.engine import docker_client, reap
from sandbox.pool import Reaper, start_reaper
from staticanalysis.services import screening_recover

log = logging.getLogger(__name__)


def _maintain_once() -> None:
    """Recover lost work; safe to run from every worker at once."""
    try:
        submission_recover()
        screening_recover()
        submission_rejudge_after_outage(engine_healthy=engine_healthy())
        verification_recover()
        # By dotted path: the API app builds on this one (its Judge0 runs share the judge workers).
        import_string("api.judge0.runs.judge0_recover")()
    except Exception:
        # Keep going (Redis or Docker may be restarting); the next round retries.
        log.exception("maintenance round failed")
    finally:
        connection.close()


REAP_OLDER_THAN_S = 15 * 60


def _reap_once() -> None:
    """Remove the containers of workers that died (and any older than a judgement can take): also
    on the way out, or the leftovers of a worker killed just before would wait for the next worker."""
    try:
        reap(docker_client(sandbox_config()), older_than_s=REAP_OLDER_THAN_S)
    except Exception:
        log.warning("could not reap sandbox containers", exc_info=True)


def _start_reaper(every_s: float, stop: threading.Event, started: list[Reaper]) -> None:
    """Containers of crashed workers go at once, any older than a judgement can take too; the
    reaper needs the Docker engine, which may be down when the worker starts."""
    while True:
        try:
            started.append(
                start_reaper(interval_s=every_s, older_than_s=REAP_OLDER_THAN_S, config=sandbox_config())
            )
            return
        except Exception:
            log.warning("cannot start the container reaper yet", exc_info=True)
        if stop.wait(every_s):
            return


def _maintenance(every_s: float, stop: threading.Event) -> None:
    while not stop.wait(every_s):
        _maintain_once()


class Command(BaseCommand):
    help = (
        "Run a worker (judge queues by default, or e.g. `screening`): recovers lost work at start and "
        "periodically, consumes its queues, and survives Redis restarts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("queues", nargs="*", default=JUDGE_QUEUES, help="in priority order")
        parser.add_argument("--name", default=None)
        parser.add_argument("--maintenance-every", type=float, default=10.0)
        parser.add_argument("--burst", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.METRICS_PORT:
            serve_metrics(settings.METRICS_PORT, options["queues"])
        _maintain_once()
        stop = threading.Event()
        every = options["maintenance_every"]
        reapers: list[Reaper] = []
        threading.Thread(target=_maintenance, args=(every, stop), daemon=True).start()
        threading.Thread(target=_start_reaper, args=(every, stop, reapers), daemon=True).start()
        try:
            restarts = 0
            while not self._work_once(options, restarts):
                # RQ quits its loop when Redis goes away mid-job; come back once Redis is reachable.
                log.warning("worker loop ended unexpectedly; restarting in 2 s")
                time.sleep(2)
                restarts += 1
        finally:
            stop.set()
            for reaper in reapers:
                reaper.stop()
            _reap_once()

    def _work_once(self, options: dict[str, Any], restarts: int) -> bool:
        """Run the RQ worker; True when it stopped on purpose (signal, or burst finished)."""
        # A lost connection can leave the old registration behind, and RQ refuses a duplicate name.
        name = f"{options['name']}.{restarts}" if options["name"] and restarts else options["name"]
        try:
            worker = django_rq.get_worker(
                *options["queues"], worker_class="rq.worker.SimpleWorker", name=name
            )
            # RQ sets its own loggers to INFO unless told; they follow RCE_LOG_LEVEL like the rest.
            level = logging.getLevelName(logging.getLogger().getEffectiveLevel())
            worker.work(burst=options["burst"], with_scheduler=False, logging_level=level)
        except (RedisError, OSError):
            log.warning("worker lost Redis", exc_info=True)
            return False
        # RQ records a SIGTERM/SIGINT as a shutdown request (its only public trace of one).
        shutdown = getattr(worker, "_shutdown_requested_date", None) is not None
        return bool(options["burst"] or shutdown or getattr(worker, "_stop_requested", False))
