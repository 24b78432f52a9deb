"""The bridge from Django settings to the sandbox: its plain configuration, the engine's health, and
the reaping of containers left behind, which every worker that runs sandboxes does."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

from django.conf import settings
from docker.errors import DockerException

from sandbox.config import SandboxConfig
from sandbox.containers import docker_client, reap
from sandbox.pool import Reaper, start_reaper
from sandbox.types import SandboxError

log = logging.getLogger(__name__)


def sandbox_config() -> SandboxConfig:
    return SandboxConfig(
        cpus=settings.SANDBOX_CPUS,
        pids_limit=settings.SANDBOX_PIDS_LIMIT,
        runtime=settings.SANDBOX_RUNTIME,
        docker_url=settings.SANDBOX_DOCKER_URL,
    )


def engine_healthy() -> bool:
    """Whether the Docker engine answers now."""
    try:
        return bool(docker_client(sandbox_config()).ping())
    except (SandboxError, DockerException, OSError):
        return False


REAP_OLDER_THAN_S = 15 * 60


def reap_once() -> None:
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


@contextlib.contextmanager
def container_reaper(every_s: float) -> Iterator[None]:
    """A worker's service (see common.worker_hooks): reaps sandbox containers while it runs, and
    once more as it stops."""
    stop = threading.Event()
    reapers: list[Reaper] = []
    threading.Thread(target=_start_reaper, args=(every_s, stop, reapers), daemon=True).start()
    try:
        yield
    finally:
        stop.set()
        for reaper in reapers:
            reaper.stop()
        reap_once()
