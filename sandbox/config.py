from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SandboxConfig:
    """Host-side knobs of the sandbox. The judge builds one from Django settings; defaults suit tests."""

    cpus: float = 0.5
    pids_limit: int = 64
    runtime: str = "runc"
    box_mb: int = 64
    scratch_mb: int = 64
    # Memory for the runner and the tmpfs pages on top of the program's own limit.
    runner_allowance_kb: int = 48 * 1024
    # Grace the host gives the runner beyond a step's wall limit before killing the container.
    host_grace_ms: int = 3000
    docker_url: str | None = None

    @property
    def effective_pids_limit(self) -> int:
        # gVisor's own threads count against the pids limit; below ~128 the sandbox dies silently.
        return max(self.pids_limit, 128) if self.runtime == "runsc" else self.pids_limit
