"""Plain data crossing the sandbox boundary: no Django, no Docker objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    """How one execution ended, as the sandbox saw it (before any output checking)."""

    OK = "ok"
    TLE = "tle"
    MLE = "mle"
    OLE = "ole"
    RTE = "rte"
    # The sandbox itself failed: never the contestant's fault.
    FAILED = "failed"


@dataclass(frozen=True)
class Limits:
    time_ms: int = 2000
    memory_kb: int = 256 * 1024
    output_bytes: int = 64 * 1024 * 1024
    # Wall clock per execution; defaults to twice the CPU limit plus a second.
    wall_ms: int | None = None
    stack_kb: int | None = None
    # Tasks (processes and threads) the program may have at once; None: the sandbox's own cap. The
    # kernel enforces it: the container's pids limit (see Sandbox._limit_tasks), or under gVisor
    # RLIMIT_NPROC in its private kernel.
    processes: int | None = None

    @property
    def effective_wall_ms(self) -> int:
        return self.wall_ms if self.wall_ms is not None else 2 * self.time_ms + 1000


COMPILE_LIMITS = Limits(time_ms=10_000, memory_kb=512 * 1024, output_bytes=64 * 1024, wall_ms=20_000)
COMPILE_OUTPUT_CAP = 64 * 1024
# Inside the container (see sandbox/runner/runner.py): where an exec's extra files are placed, and the
# directory whose named files the runner sends back after the exec, each at most COLLECT_CAP bytes.
EXEC_FILES_DIR = "/tmp/files"  # noqa: S108 - the container's own /tmp
FEEDBACK_DIR = "/tmp/feedback"  # noqa: S108
COLLECT_CAP = 1 << 20


@dataclass(frozen=True)
class SourceFile:
    name: str
    content: bytes


@dataclass
class ExecResult:
    outcome: Outcome
    exit_code: int | None = None
    signal: str | None = None
    time_ms: int = 0
    wall_ms: int = 0
    memory_kb: int = 0
    stdout: bytes = b""
    stderr: bytes = b""
    reason: str = ""
    # Files collected from FEEDBACK_DIR after the exec, by name (only those asked for).
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        if self.signal:
            return f"killed by {self.signal}"
        if self.exit_code:
            return f"exit code {self.exit_code}"
        return self.reason


@dataclass
class CompileResult:
    ok: bool
    output: str = ""
    time_ms: int = 0
    failure: ExecResult | None = field(default=None, repr=False)


class SandboxError(Exception):
    """The sandbox could not do its job (engine down, image missing, runner lost): an internal error."""
