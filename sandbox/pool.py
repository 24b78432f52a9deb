"""Warm containers and the reaper: keeping container start-up off the critical path of judging.

A `WarmPool` keeps a few started containers per (image, memory) whose runner has already said it is
ready. Each is handed to exactly one `Sandbox` and removed after it, never reused: nothing of one
submission can meet the next. Keys are learnt from demand: the first submission for a key starts its
own container and asks the pool to keep that key warm; keys not asked for within
`pool_max_idle_s` stop being refilled, and idle containers older than that are replaced.

Memory is part of the key because gVisor cannot change a running container's memory limit, and
because a container that already has the right limit needs no `docker update` before use. So is the
frame that prepares a container for its language (a Python fork server started while idle).

`start_reaper()` runs `sandbox.containers.reap()` periodically in a worker, for containers a crashed
process left behind.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from sandbox.config import SandboxConfig
from sandbox.containers import LABEL, Container, docker_client, launch, reap, remove_container, remove_later
from sandbox.types import SandboxError

log = logging.getLogger(__name__)

# (image, memory in KiB, prepare frame)
Key = tuple[str, int, str]
# After a failed start (image missing, engine overloaded), wait this long before trying again.
RETRY_AFTER_S = 10.0
# A pool refills when a sandbox closes; without that signal, after this long anyway.
REFILL_ANYWAY_S = 5.0


@dataclass
class _Slot:
    containers: deque[Container] = field(default_factory=deque)
    wanted_at: float = 0.0
    failed_at: float = 0.0


class WarmPool:
    """Pre-started containers for one `SandboxConfig`, refilled by a background thread."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.client = docker_client(config)
        self._slots: dict[Key, _Slot] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = False
        self._thread: threading.Thread | None = None

    def take(self, image: str, memory_kb: int, prepare: str = "") -> Container | None:
        """A ready container for this image and memory, or None; either way the key is kept warm."""
        dead: list[Container] = []
        found = None
        with self._lock:
            slot = self._slots.setdefault((image, memory_kb, prepare), _Slot())
            slot.wanted_at = time.monotonic()
            while slot.containers and found is None:
                candidate = slot.containers.popleft()
                if candidate.channel.alive():
                    found = candidate
                else:
                    dead.append(candidate)
            self._ensure_thread()
        for container in dead:
            self._discard(container)
        if found is None:
            self._wake.set()
        # Otherwise the refill waits for `refill_soon()` when the sandbox closes: starting a container
        # costs ~200 ms of CPU in the engine, which would compete with the submission being judged.
        return found

    def refill_soon(self) -> None:
        self._wake.set()

    def wait_until_full(self, image: str, memory_kb: int, prepare: str = "", timeout_s: float = 30.0) -> bool:
        """Ask for a key and block until its containers are ready (benchmarks, worker start-up)."""
        key = (image, memory_kb, prepare)
        with self._lock:
            self._slots.setdefault(key, _Slot()).wanted_at = time.monotonic()
            self._ensure_thread()
        self._wake.set()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                slot = self._slots.get(key)
                if slot is not None and len(slot.containers) >= self.config.pool_size:
                    return True
            time.sleep(0.02)
        return False

    def shutdown(self) -> None:
        """Stop refilling and remove every idle container (at exit, or between test sessions)."""
        with self._lock:
            self._stopped = True
            idle = [c for slot in self._slots.values() for c in slot.containers]
            self._slots.clear()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for container in idle:
            container.channel.close()
            remove_container(self.client, container.id)

    def _ensure_thread(self) -> None:
        if self._thread is None and not self._stopped:
            self._thread = threading.Thread(target=self._refill_forever, name="sandbox-pool", daemon=True)
            self._thread.start()

    def _refill_forever(self) -> None:
        while not self._stopped:
            # Woken by a closing sandbox, a miss or wait_until_full(); otherwise after a while anyway.
            self._wake.wait(timeout=min(REFILL_ANYWAY_S, self.config.pool_max_idle_s / 4))
            self._wake.clear()
            self._retire_stale()
            while not self._stopped and (key := self._next_missing()) is not None:
                self._fill(key)

    def _fill(self, key: Key) -> None:
        try:
            container = launch(self.client, self.config, *key[:2], prepare=key[2])
        except SandboxError as exc:
            log.warning("sandbox pool cannot start %s: %s", key[0], exc)
            with self._lock:
                self._slots.setdefault(key, _Slot()).failed_at = time.monotonic()
            return
        with self._lock:
            slot = self._slots.get(key)
            if not self._stopped and slot is not None:
                slot.containers.append(container)
                return
        self._discard(container)

    def _next_missing(self) -> Key | None:
        now = time.monotonic()
        with self._lock:
            for key, slot in self._slots.items():
                wanted = now - slot.wanted_at < self.config.pool_max_idle_s
                cooling = now - slot.failed_at < RETRY_AFTER_S
                if wanted and not cooling and len(slot.containers) < self.config.pool_size:
                    return key
        return None

    def _retire_stale(self) -> None:
        """Replace containers idle too long, so that a reaper never finds one of ours still in use."""
        horizon = time.monotonic() - self.config.pool_max_idle_s
        stale: list[Container] = []
        with self._lock:
            for slot in self._slots.values():
                while slot.containers and slot.containers[0].started < horizon:
                    stale.append(slot.containers.popleft())
        for container in stale:
            self._discard(container)

    def _discard(self, container: Container) -> None:
        container.channel.close()
        remove_later(self.client, container.id)


_pools: dict[SandboxConfig, WarmPool] = {}
_pools_lock = threading.Lock()


def pool_for(config: SandboxConfig) -> WarmPool:
    with _pools_lock:
        pool = _pools.get(config)
        if pool is None:
            pool = _pools[config] = WarmPool(config)
        return pool


def take_warm(config: SandboxConfig, image: str, memory_kb: int, prepare: str = "") -> Container | None:
    if config.pool_size <= 0:
        return None
    return pool_for(config).take(image, memory_kb, prepare)


def refill_soon(config: SandboxConfig) -> None:
    """A sandbox of this config is done: a good moment to start its replacement."""
    with _pools_lock:
        pool = _pools.get(config)
    if pool is not None:
        pool.refill_soon()


def _forget_inherited_pools() -> None:
    # The idle containers belong to the parent: if a forked child took them too, one container could
    # serve two submissions. The child starts its own pools.
    _pools.clear()


os.register_at_fork(after_in_child=_forget_inherited_pools)


@atexit.register
def shutdown_pools() -> None:
    """Remove every idle pooled container of this process; pools start afresh on the next demand."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown()


class Reaper:
    """A daemon thread that removes labelled sandbox containers older than a threshold."""

    def __init__(self, interval_s: float, older_than_s: float, config: SandboxConfig, label: str) -> None:
        if older_than_s <= config.pool_max_idle_s:
            # Idle pooled containers live up to pool_max_idle_s; a shorter threshold would kill them.
            raise ValueError("the reaper's threshold must exceed the pool's maximum idle time")
        self.interval_s = interval_s
        self.older_than_s = older_than_s
        self.label = label
        self.client = docker_client(config)
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="sandbox-reaper", daemon=True)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                removed = reap(self.client, older_than_s=self.older_than_s, label=self.label)
            except Exception:  # a reaper must outlive a hiccup of the engine
                log.exception("sandbox reaper failed")
                continue
            if removed:
                log.warning("reaped %d stale sandbox containers", removed)

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(timeout=5)


def start_reaper(
    interval_s: float = 60.0,
    older_than_s: float = 30 * 60.0,
    config: SandboxConfig | None = None,
    label: str = LABEL,
) -> Reaper:
    """Start reaping sandbox containers older than `older_than_s` every `interval_s` (for workers).

    The threshold must exceed the longest submission: a container still judging would be removed
    and its submission retried as an internal error.
    """
    reaper = Reaper(interval_s, older_than_s, config or SandboxConfig(), label)
    reaper.thread.start()
    return reaper
