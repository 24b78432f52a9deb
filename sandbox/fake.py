"""A sandbox that replays canned results, for tests of what is built on the sandbox (grading,
aggregation, recovery bookkeeping, live events) without a Docker engine.

A FakeSandbox is a Sandbox as far as its users can tell: a context manager whose compile() and run()
return CompileResult and ExecResult. It answers each run with the canned run for that input, the
next in line, or what a function of the run makes of it (an output validator's run, say, whose answer
depends on its files), never starts a container, and records what it was asked, so tests can check it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sandbox.config import SandboxConfig
from sandbox.engine import Sandbox
from sandbox.languages import Language
from sandbox.stream import Stream
from sandbox.types import CompileResult, ExecResult, Limits, Outcome, SandboxError, SourceFile


@dataclass(frozen=True)
class CannedRun:
    """What one run of the program gives: its exit status or signal, time, memory and output."""

    stdout: bytes = b""
    outcome: Outcome = Outcome.OK
    exit_code: int | None = 0
    signal: str | None = None
    time_ms: int = 1
    memory_kb: int = 1024
    stderr: bytes = b""
    reason: str = ""
    # Files the run leaves in FEEDBACK_DIR that were asked for (an output validator's messages).
    files: Mapping[str, bytes] = field(default_factory=dict)
    # Raised instead of giving a result: the infrastructure failing mid-run.
    error: SandboxError | None = None

    def result(self) -> ExecResult:
        if self.error is not None:
            raise self.error
        return ExecResult(
            outcome=self.outcome,
            exit_code=self.exit_code,
            signal=self.signal,
            time_ms=self.time_ms,
            wall_ms=self.time_ms,
            memory_kb=self.memory_kb,
            stdout=self.stdout,
            stderr=self.stderr,
            reason=self.reason,
            files=dict(self.files),
        )


@dataclass(frozen=True)
class FakeRun:
    """What a run was asked to do, for a function that decides its canned result."""

    language: str
    stdin: bytes
    args: tuple[str, ...]
    files: dict[str, bytes]
    collect: tuple[str, ...]


Runs = Mapping[bytes, CannedRun] | Sequence[CannedRun] | Callable[[FakeRun], CannedRun]


@dataclass
class FakeRecord:
    """What fake sandboxes were asked, across every one a factory made."""

    started: int = 0
    closed: int = 0
    aborted: int = 0
    compiled: list[list[SourceFile]] = field(default_factory=list)
    inputs: list[bytes] = field(default_factory=list)


class FakeSandbox(Sandbox):
    def __init__(
        self,
        language: Language,
        limits: Limits,
        config: SandboxConfig | None = None,
        *,
        runs: Runs = (),
        compiled: CompileResult | Mapping[str, CompileResult] | None = None,
        start_error: SandboxError | None = None,
        record: FakeRecord | None = None,
    ) -> None:
        # No Docker client: nothing here talks to an engine.
        self.language = language
        self.limits = limits
        self.config = config or SandboxConfig()
        self.container_id = None
        self.channel = None
        self.files = []
        self.compiled = False
        self.memory_kb = limits.memory_kb
        self.decide = runs if callable(runs) else None
        self.by_input = dict(runs) if isinstance(runs, Mapping) else {}
        self.in_order = iter(list(runs)) if isinstance(runs, Sequence) else iter(())
        # One result for every language, or one by language key (a submission's and its checker's).
        if isinstance(compiled, Mapping):
            compiled = compiled.get(language.key)
        self.compile_result = compiled or CompileResult(ok=True)
        self.start_error = start_error
        self.record = record or FakeRecord()

    def start(self) -> None:
        if self.start_error is not None:
            raise self.start_error
        self.record.started += 1
        self.container_id = f"fake-{self.record.started}"

    def close(self) -> None:
        if self.container_id is not None:
            self.container_id = None
            self.record.closed += 1

    def abort(self) -> None:
        self.record.aborted += 1

    def kill(self) -> None:
        self.close()

    def out_of_memory(self) -> bool:
        return False

    def compile(self, files: Iterable[SourceFile]) -> CompileResult:
        self.files = list(files)
        self.record.compiled.append(self.files)
        self.compiled = self.compile_result.ok
        return self.compile_result

    def run(
        self,
        stdin: bytes,
        *,
        args: Sequence[str] = (),
        files: Sequence[SourceFile] = (),
        collect: Sequence[str] = (),
    ) -> ExecResult:
        if not self.compiled:
            raise SandboxError("run() before a successful compile()")
        self.record.inputs.append(stdin)
        if self.decide is not None:
            asked = FakeRun(
                self.language.key, stdin, tuple(args), {f.name: f.content for f in files}, tuple(collect)
            )
            canned: CannedRun | None = self.decide(asked)
        elif self.by_input:
            canned = self.by_input.get(stdin)
        else:
            canned = next(self.in_order, None)
        if canned is None:
            raise SandboxError(f"no canned run for input {stdin[:40]!r}")
        return canned.result()

    def stream(
        self,
        *,
        args: Sequence[str] = (),
        files: Sequence[SourceFile] = (),
        collect: Sequence[str] = (),
    ) -> Stream:
        raise SandboxError("the fake sandbox does not stream (interactive problems need the real one)")

    def execute(self, argv: list[str], stdin: bytes = b"") -> ExecResult:
        return self.run(stdin)


FakeFactory = Callable[[Language, Limits, "SandboxConfig | None"], FakeSandbox]


def fake_sandboxes(
    runs: Runs = (),
    *,
    compiled: CompileResult | Mapping[str, CompileResult] | None = None,
    start_error: SandboxError | None = None,
    record: FakeRecord | None = None,
) -> tuple[FakeFactory, FakeRecord]:
    """A factory with Sandbox's signature whose sandboxes all replay `runs` (by input, in order
    across sandboxes, or as a function of each run decides), and the record they share."""
    shared = record or FakeRecord()
    ordered = itertools.chain(runs) if isinstance(runs, Sequence) else None

    def make(language: Language, limits: Limits, config: SandboxConfig | None = None) -> FakeSandbox:
        box = FakeSandbox(
            language,
            limits,
            config,
            runs=runs if not isinstance(runs, Sequence) else (),
            compiled=compiled,
            start_error=start_error,
            record=shared,
        )
        if ordered is not None:
            box.in_order = ordered
        return box

    return make, shared
