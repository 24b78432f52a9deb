"""Host side of the sandbox: one hardened, ephemeral container per submission, driven over a pipe.

A `Sandbox` takes a pre-started container from the warm pool (sandbox/pool.py) or starts one from the
language's image (sandbox/containers.py), sends the source in through the runner's stdin, asks it to
compile once and to run each test; results and output come back on the runner's stdout (the attach
channel, sandbox/channel.py, speaking sandbox/protocol.py). The host never reads or writes a file
inside the container. Containers run with no network, no capabilities, no new privileges, the
seccomp profile of sandbox/seccomp.py, a read-only root, memory, pids and CPU limits, and the
runner as PID 1 (see sandbox/runner/runner.py for why there is no init).
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from docker.errors import DockerException

from sandbox import protocol as p
from sandbox.channel import Channel, RunnerLost
from sandbox.config import SandboxConfig
from sandbox.containers import (
    docker_client,
    launch,
    lower_memory_in_cgroup,
    lower_pids_in_cgroup,
    remove_later,
    start_memory_kb,
    tasks_in_container,
)
from sandbox.languages import Language
from sandbox.pool import refill_soon, take_warm
from sandbox.stream import Stream
from sandbox.types import (
    COLLECT_CAP,
    COMPILE_LIMITS,
    COMPILE_OUTPUT_CAP,
    CompileResult,
    ExecResult,
    Limits,
    Outcome,
    SandboxError,
    SourceFile,
)

log = logging.getLogger(__name__)

MAX_SOURCE_BYTES = 1 << 20


class Sandbox:
    """One submission's container. Use as a context manager; it is removed on exit, whatever happens."""

    def __init__(self, language: Language, limits: Limits, config: SandboxConfig | None = None) -> None:
        self.language = language
        self.limits = limits
        self.config = config or SandboxConfig()
        self.client = docker_client(self.config)
        self.container_id: str | None = None
        self.channel: Channel | None = None
        self.files: list[SourceFile] = []
        self.compiled = False
        self.memory_kb = 0

    # -- lifecycle -----------------------------------------------------------------------------
    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        self.memory_kb = start_memory_kb(self.language, self.limits, compiled=self.compiled)
        prepare = self.prepare_frame()
        container = take_warm(self.config, self.language.image, self.memory_kb, prepare)
        if container is None:
            container = launch(
                self.client, self.config, self.language.image, self.memory_kb, self.language.key, prepare
            )
        self.container_id, self.channel = container.id, container.channel

    def prepare_frame(self) -> str:
        """What a fresh container for this sandbox should get ready before the first step: the
        language's fork server, started with the environment and stack limit of its first step
        (a pooled container does it while idle). "" when there is nothing to prepare."""
        if not self.language.forkserver:
            return ""
        first = COMPILE_LIMITS if self.language.compile is not None else self.limits
        frame = {p.OP: p.OP_PREPARE, p.FORKSERVER: True, p.ENV: self.language.env, p.STACK_KB: first.stack_kb}
        return json.dumps(frame, sort_keys=True)

    def close(self) -> None:
        container_id, self.container_id = self.container_id, None
        if self.channel is not None:
            self.channel.close()
            self.channel = None
        if container_id:
            remove_later(self.client, container_id)
            if self.config.pool_size > 0:
                refill_soon(self.config)

    def abort(self) -> None:
        """Kill the container now; safe from another thread. The step running in it ends at once
        (its runner is gone), and the owning thread cleans up as after any lost runner."""
        container_id = self.container_id
        if container_id:
            with contextlib.suppress(DockerException):
                self.client.api.kill(container_id)

    def kill(self) -> None:
        """Kill the container and close this sandbox (the owning thread, after a lost runner)."""
        if self.container_id:
            with contextlib.suppress(DockerException):
                self.client.api.kill(self.container_id)
        self.close()

    def out_of_memory(self) -> bool:
        """Whether the container died of the OOM killer: how gVisor reports a memory bomb.

        Under runsc the cgroup holds the whole sandbox kernel, so exceeding it kills everything,
        runner included, rather than one process.
        """
        if self.container_id is None:
            return False
        try:
            self.client.api.wait(self.container_id, timeout=2)
            state = self.client.api.inspect_container(self.container_id)["State"]
        except (DockerException, OSError):
            return False
        return bool(state.get("OOMKilled"))

    # -- steps ---------------------------------------------------------------------------------
    def _send_files(self) -> None:
        assert self.channel is not None
        manifest = [{p.NAME: f.name, p.SIZE: len(f.content)} for f in self.files]
        self.channel.send({p.OP: p.OP_FILES, p.FILES: manifest}, b"".join(f.content for f in self.files))
        reply = self.channel.read_header(time.monotonic() + 10)
        if not reply.get(p.OK):
            raise SandboxError(f"runner refused the files: {reply}")

    def _request(
        self,
        phase: str,
        argv: list[str],
        stdin: bytes,
        limits: Limits,
        files: Sequence[SourceFile] = (),
        collect: Sequence[str] = (),
        language_step: bool = True,
    ) -> dict[str, Any]:
        request: dict[str, Any] = {
            p.OP: p.OP_EXEC,
            p.PHASE: phase,
            p.ARGV: argv,
            p.ENV: self.language.env,
            p.STDIN_SIZE: len(stdin),
            p.TIME_MS: limits.time_ms,
            p.WALL_MS: limits.effective_wall_ms,
            p.MEMORY_KB: limits.memory_kb,
            p.OUTPUT_BYTES: limits.output_bytes,
            p.STACK_KB: limits.stack_kb,
            p.NPROC: self._nproc(phase, limits),
            # Defence in depth: a forged result frame would also have to guess this.
            p.NONCE: uuid.uuid4().hex,
        }
        if language_step and self.language.forkserver:
            # The language's own compile or run command, which its fork server knows how to run.
            request[p.FORKSERVER] = True
        if files:
            _check_names(f.name for f in files)
            request[p.FILES] = [{p.NAME: f.name, p.SIZE: len(f.content)} for f in files]
        if collect:
            _check_names(collect)
            request[p.COLLECT] = list(collect)
            request[p.COLLECT_BYTES] = COLLECT_CAP
        return request

    def _nproc(self, phase: str, limits: Limits) -> int | None:
        """RLIMIT_NPROC for a step: only under gVisor, whose kernel counts this sandbox's tasks alone."""
        guest = self.config.guest_nproc_limit
        if guest is None or phase != p.PHASE_RUN or limits.processes is None:
            return guest
        return max(1, min(guest, limits.processes))

    def _exec(
        self,
        phase: str,
        argv: list[str],
        stdin: bytes,
        limits: Limits,
        files: Sequence[SourceFile] = (),
        collect: Sequence[str] = (),
        language_step: bool = True,
    ) -> ExecResult:
        if self.channel is None:
            raise RunnerLost("sandbox is not running")
        request = self._request(phase, argv, stdin, limits, files, collect, language_step)
        deadline = time.monotonic() + (limits.effective_wall_ms + self.config.host_grace_ms) / 1000
        try:
            self.channel.send(request, stdin)
            self.channel.send_files(files)
            header = self.channel.read_header(deadline)
            if header.get(p.NONCE) != request[p.NONCE]:
                raise RunnerLost("the runner's reply does not match the request")
            return self.channel.read_exec_result(header, collect, deadline)
        except TimeoutError:
            # The runner did not come back in time: the host's hard wall-clock kill.
            self.kill()
            return ExecResult(
                Outcome.TLE, signal="SIGKILL", wall_ms=limits.effective_wall_ms, reason="killed by host"
            )
        except (OSError, RunnerLost) as exc:
            out_of_memory = self.out_of_memory()
            self.kill()
            if out_of_memory:
                return ExecResult(Outcome.MLE, signal="SIGKILL", reason="the sandbox ran out of memory")
            raise RunnerLost(str(exc)) from exc

    def compile(self, files: Iterable[SourceFile]) -> CompileResult:
        self.files = list(files)
        problem = check_sources(self.files)
        if problem:
            return CompileResult(ok=False, output=problem)
        try:
            self._send_files()
            if self.language.compile is None:
                self.compiled = True
                self._limit_tasks()
                return CompileResult(ok=True)
            argv = self.language.format_argv(self.language.compile, COMPILE_LIMITS.memory_kb)
            result = self._exec(p.PHASE_COMPILE, argv, b"", COMPILE_LIMITS)
        except (OSError, RunnerLost, TimeoutError) as exc:
            raise SandboxError(f"sandbox lost during compilation: {exc}") from exc
        output = (result.stdout + result.stderr)[:COMPILE_OUTPUT_CAP].decode(errors="replace")
        if result.outcome is not Outcome.OK:
            if result.outcome is Outcome.TLE:
                output = f"compilation timed out after {COMPILE_LIMITS.time_ms} ms\n{output}"
            elif result.outcome is Outcome.MLE:
                output = f"compiler exceeded {COMPILE_LIMITS.memory_kb // 1024} MiB\n{output}"
            return CompileResult(ok=False, output=output, time_ms=result.time_ms, failure=result)
        self.compiled = True
        self._tighten_memory()
        self._limit_tasks()
        return CompileResult(ok=True, output=output, time_ms=result.time_ms)

    def _tighten_memory(self) -> None:
        """After compiling, lower the container's memory to the program's limit plus the allowance."""
        target = self.limits.memory_kb + self.language.memory_allowance_kb
        if target >= self.memory_kb or self.container_id is None or not self.config.can_update_memory:
            return
        memory = (target + self.config.effective_runner_allowance_kb) * 1024
        try:
            if not lower_memory_in_cgroup(self.container_id, memory):
                self.client.api.update_container(self.container_id, mem_limit=memory, memswap_limit=memory)
            self.memory_kb = target
        except DockerException as exc:
            log.warning("could not lower sandbox memory: %s", exc)

    def _limit_tasks(self) -> None:
        """After compiling, hold the program to `limits.processes` tasks: the container's pids limit
        becomes the tasks it has now (the runner and its helpers, already started) plus that many.
        gVisor gets it as RLIMIT_NPROC on each run instead (see `_request`)."""
        processes = self.limits.processes
        if processes is None or self.container_id is None or self.config.guest_nproc_limit is not None:
            return
        try:
            current = tasks_in_container(self.container_id)
            if current is None:  # another cgroup driver: Docker counts processes (not threads)
                current = len(self.client.api.top(self.container_id, ps_args="-e")["Processes"] or ())
        except DockerException as exc:
            raise SandboxError(f"could not count the sandbox's tasks: {exc}") from exc
        target = current + processes
        if target >= self.config.effective_pids_limit:
            return
        try:
            if not lower_pids_in_cgroup(self.container_id, target):
                self.client.api.post(
                    self.client.api._url("/containers/{0}/update", self.container_id),
                    json={"PidsLimit": target},
                ).raise_for_status()
        except (DockerException, OSError) as exc:
            raise SandboxError(f"could not limit the sandbox's tasks: {exc}") from exc

    def run(
        self,
        stdin: bytes,
        *,
        args: Sequence[str] = (),
        files: Sequence[SourceFile] = (),
        collect: Sequence[str] = (),
    ) -> ExecResult:
        """Run the compiled program once on one input; restarts the container if it was lost.

        `args` follow the language's run command; `files` are placed in EXEC_FILES_DIR for this run
        only; the files named in `collect` that the program leaves in FEEDBACK_DIR come back in
        `ExecResult.files` (as bytes: the host never opens a path the sandbox could write).
        """
        argv = self._run_argv(args)
        try:
            return self._exec(p.PHASE_RUN, argv, stdin, self.limits, files, collect)
        except RunnerLost as exc:
            # The program killed its supervisor: its own doing, so a run-time error for this test.
            return ExecResult(Outcome.RTE, signal="SIGKILL", reason=f"sandbox supervisor killed ({exc})")

    def stream(
        self,
        *,
        args: Sequence[str] = (),
        files: Sequence[SourceFile] = (),
        collect: Sequence[str] = (),
    ) -> Stream:
        """Start the compiled program with its stdin and stdout relayed by the host as it runs (for
        interactive problems); drive the returned Stream until it has a result before anything else
        uses this sandbox. Limits are enforced as in `run`."""
        argv = self._run_argv(args)
        assert self.channel is not None
        request = self._request(p.PHASE_RUN, argv, b"", self.limits, files, collect)
        request[p.STREAM] = True
        stream = Stream(self, request[p.NONCE], collect)
        try:
            self.channel.send(request)
            self.channel.send_files(files)
            self.channel.sock.setblocking(False)
        except OSError as exc:
            stream.lost(str(exc))
        return stream

    def _run_argv(self, args: Sequence[str]) -> list[str]:
        if not self.compiled:
            raise SandboxError("run() before a successful compile()")
        if self.channel is None:
            self._restart()
        return self.language.format_argv(self.language.run, self.limits.memory_kb) + list(args)

    def execute(self, argv: list[str], stdin: bytes = b"") -> ExecResult:
        """Run an arbitrary command as a run step (a toolchain's version probe, say) under the limits."""
        if self.channel is None:
            raise SandboxError("execute() on a sandbox that is not running")
        try:
            return self._exec(p.PHASE_RUN, argv, stdin, self.limits, language_step=False)
        except RunnerLost as exc:
            raise SandboxError(f"sandbox lost: {exc}") from exc

    def _restart(self) -> None:
        files, was_compiled = self.files, self.compiled
        self.compiled = False
        self.start()
        result = self.compile(files)
        if not result.ok:
            raise SandboxError("recompilation after a restart failed")
        self.compiled = was_compiled


def _check_names(names: Iterable[str]) -> None:
    for name in names:
        if not name or "/" in name or name in (".", "..") or "\0" in name:
            raise SandboxError(f"not a plain file name: {name!r}")


def check_sources(files: Iterable[SourceFile]) -> str:
    """Why these sources must not reach a container, or "" when they may; callers can check first."""
    if sum(len(f.content) for f in files) > MAX_SOURCE_BYTES:
        return f"source too large (more than {MAX_SOURCE_BYTES // 1024} KiB)"
    return ""
