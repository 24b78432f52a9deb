from __future__ import annotations

import os
from dataclasses import dataclass, field


def _default_runtime() -> str:
    # Lets a whole test run switch to runc or gVisor (RCE_SANDBOX_RUNTIME=runsc) without touching
    # each test; the judge passes its runtime explicitly from settings.
    return os.environ.get("RCE_SANDBOX_RUNTIME", "crun")


@dataclass(frozen=True)
class SandboxConfig:
    """Host-side knobs of the sandbox. The judge builds one from Django settings; defaults suit tests."""

    cpus: float = 0.5
    pids_limit: int = 64
    runtime: str = field(default_factory=_default_runtime)
    box_mb: int = 64
    scratch_mb: int = 64
    # Files (inodes) each of /box and /tmp may hold.
    tmpfs_inodes: int = 16384
    # Memory for the runner and the tmpfs pages on top of the program's own limit.
    runner_allowance_kb: int = 48 * 1024
    # Grace the host gives the runner beyond a step's wall limit before killing the container.
    host_grace_ms: int = 3000
    docker_url: str | None = None
    # Pre-started containers kept per (image, memory); 0 starts every container on demand.
    pool_size: int = 2
    # Idle pool containers older than this are replaced, so the reaper never sees a live one.
    pool_max_idle_s: float = 300.0
    # Run Docker's seccomp filter tightened by sandbox/seccomp.py (gVisor ignores it: it is its own kernel).
    seccomp: bool = True

    @property
    def effective_pids_limit(self) -> int:
        """The container's (host) pids limit.

        Under gVisor the host sees the sandbox kernel's threads, not the program's processes: about
        100 of its own plus 4 to 5 per guest task on the ptrace platform, and the whole sandbox dies
        when the limit is hit. So the host limit is sized for `pids_limit` guest tasks, and the guest
        count is enforced inside gVisor with RLIMIT_NPROC (see `guest_nproc_limit`).
        """
        if self.runtime == "runsc":
            return 160 + 6 * self.pids_limit
        return self.pids_limit

    @property
    def guest_nproc_limit(self) -> int | None:
        # RLIMIT_NPROC counts every process of the uid on the kernel that enforces it. Under runc that
        # is the host kernel, shared by every sandbox (all uid 65534), so only gVisor's private kernel
        # can use it.
        return self.pids_limit if self.runtime == "runsc" else None

    @property
    def effective_runner_allowance_kb(self) -> int:
        # Under gVisor the container's cgroup also holds the sandbox kernel, and the page cache of
        # every file the program reads (a JVM reads hundreds of MB of jars) lives in its memory.
        return self.runner_allowance_kb + (256 * 1024 if self.runtime == "runsc" else 0)

    @property
    def can_update_memory(self) -> bool:
        # runsc (2022-12) has no `update` subcommand: a container keeps the memory it was created with.
        return self.runtime != "runsc"
