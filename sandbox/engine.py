"""Host side of the sandbox: one hardened, ephemeral container per submission, driven over a pipe.

A `Sandbox` takes a pre-started container from the warm pool (sandbox/pool.py) or starts one from the
language's image, sends the source in through the runner's stdin, asks it to compile once and to run
each test; results and output come back on the runner's stdout. The host never reads or writes a
file inside the container. Containers run with no network, no capabilities, no new privileges, the
seccomp profile of sandbox/seccomp.py, a read-only root, memory, pids and CPU limits, and the
runner as PID 1 (see sandbox/runner/runner.py for why there is no init).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import docker
from docker.errors import APIError, DockerException, ImageNotFound, NotFound

from sandbox import seccomp
from sandbox.config import SandboxConfig
from sandbox.images import RUNNER_COMMAND, image_tag
from sandbox.languages import Language
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

LABEL = "rce.sandbox"
MAX_SOURCE_BYTES = 1 << 20
STDOUT, STDERR = 1, 2
# Largest stdin frame of a streaming exec, and how long finishing a half-sent frame may take.
STREAM_CHUNK = 1 << 16
STREAM_SETTLE_S = 2.0
# Most bytes taken from a container's attach socket in one read.
READ_CHUNK = 1 << 16
# Which process created a container (host, pid, start time), so that a reaper can tell when it died.
OWNER_LABEL = "rce.sandbox.owner"
_clients: dict[str | None, docker.DockerClient] = {}
_clients_lock = threading.Lock()


def _process_start(pid: int) -> str | None:
    """When a live process started (in clock ticks since boot); None if it is gone or a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    if len(fields) < 20 or fields[0] in (b"Z", b"X"):
        return None
    return fields[19].decode()


def owner_tag() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{_process_start(os.getpid())}"


def owner_gone(tag: str | None) -> bool:
    """Whether the process named by an owner label ran on this host and has exited."""
    if not tag or tag.count(":") != 2:
        return False
    host, pid, start = tag.split(":")
    return host == socket.gethostname() and pid.isdigit() and _process_start(int(pid)) != start


def _forget_after_fork() -> None:
    # A forked child must not share the parent's HTTP connections to the engine.
    _clients.clear()


os.register_at_fork(after_in_child=_forget_after_fork)


def docker_client(config: SandboxConfig) -> docker.DockerClient:
    with _clients_lock:
        client = _clients.get(config.docker_url)
        if client is None:
            try:
                client = (
                    docker.DockerClient(base_url=config.docker_url)
                    if config.docker_url
                    else docker.from_env()
                )
            except DockerException as exc:
                raise SandboxError(f"docker engine unavailable: {exc}") from exc
            if client.api.base_url.startswith("http+docker://"):
                # A local socket takes no proxy: spare requests its look through the environment for
                # one on every call (about an eighth of the client's CPU per container).
                client.api.trust_env = False
            _clients[config.docker_url] = client
        return client


class RunnerLost(Exception):
    """The runner stopped answering: killed by the submission, or by the host after its deadline."""


class _Channel:
    """Framed messages over a container's attach socket (Docker multiplexes stdout and stderr)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = bytearray()
        self.diagnostics = bytearray()
        # Received but not yet split into Docker's frames, and what each read lands in (a fresh
        # buffer per read would cost an allocation the size of the largest read).
        self.raw = bytearray()
        self.landing = bytearray(READ_CHUNK)

    def close(self) -> None:
        """Hang up: the runner reads the end of its input and exits (the socket object alone would
        stay open while the HTTP response it came from holds it)."""
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.sock.close()

    def alive(self) -> bool:
        """Whether the runner still holds its end: a pooled container may have died while idle."""
        try:
            self.sock.setblocking(False)
            return self.sock.recv(1, socket.MSG_PEEK) != b""
        except BlockingIOError:
            return True
        except OSError:
            return False
        finally:
            self.sock.setblocking(True)

    def send(self, header: dict[str, Any], payload: bytes = b"") -> None:
        self.sock.sendall(json.dumps(header).encode() + b"\n" + payload)

    def send_files(self, files: Sequence[SourceFile]) -> None:
        """The contents of an exec's extra files, which follow its stdin."""
        for file in files:
            self.sock.sendall(file.content)

    def _fill(self, deadline: float) -> None:
        """Receive until at least one more of Docker's frames has been routed (taking whatever else
        has arrived too: usually a whole reply in one read)."""
        while not self._route_frames():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            self.sock.settimeout(remaining)
            if not self._receive():
                tail = bytes(self.diagnostics[-2000:]).decode(errors="replace")
                raise RunnerLost(f"runner closed its output {tail}".strip())

    def _receive(self) -> bool:
        """One read from the socket into `raw`; False at end of stream."""
        size = self.sock.recv_into(self.landing)
        self.raw += memoryview(self.landing)[:size]
        return size > 0

    def _route_frames(self) -> bool:
        """Route every complete frame received so far; whether there was any."""
        routed = False
        while len(self.raw) >= 8:
            size = int.from_bytes(self.raw[4:8], "big")
            if len(self.raw) < 8 + size:
                break
            with memoryview(self.raw) as view:
                self._route(self.raw[0], view[8 : 8 + size])
            del self.raw[: 8 + size]
            routed = True
        return routed

    def _route(self, stream: int, data: bytes | memoryview) -> None:
        if stream == STDERR:
            self.diagnostics.extend(data[: max(0, 65536 - len(self.diagnostics))])
        else:
            self.buffer.extend(data)

    def pump(self) -> bool:
        """Take what the (non-blocking) socket holds now; False once the runner has closed its end."""
        try:
            if not self._receive():
                return False
        except (BlockingIOError, InterruptedError):
            return True
        self._route_frames()
        return True

    def take_frame(self) -> tuple[dict[str, Any], bytes] | None:
        """A complete runner frame (header, payload) already received, or None; never reads."""
        end = self.buffer.find(b"\n")
        if end < 0:
            return None
        header: dict[str, Any] = json.loads(bytes(self.buffer[:end]))
        size = _payload_size(header)
        if len(self.buffer) < end + 1 + size:
            return None
        payload = bytes(self.buffer[end + 1 : end + 1 + size])
        del self.buffer[: end + 1 + size]
        return header, payload

    def read_header(self, deadline: float) -> dict[str, Any]:
        while b"\n" not in self.buffer:
            self._fill(deadline)
        line, _, rest = bytes(self.buffer).partition(b"\n")
        self.buffer = bytearray(rest)
        header: dict[str, Any] = json.loads(line)
        return header

    def read_bytes(self, size: int, deadline: float) -> bytes:
        while len(self.buffer) < size:
            self._fill(deadline)
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data


def start_memory_kb(language: Language, limits: Limits, compiled: bool = False) -> int:
    """Memory a submission's container starts with: enough to compile, lowered after compiling."""
    compiles = language.compile is not None and not compiled
    memory_kb = max(limits.memory_kb, COMPILE_LIMITS.memory_kb) if compiles else limits.memory_kb
    return memory_kb + language.memory_allowance_kb


@dataclass
class Container:
    """A started sandbox container whose runner has said it is ready."""

    id: str
    channel: _Channel
    memory_kb: int
    started: float = field(default_factory=time.monotonic)


def host_config(client: docker.DockerClient, config: SandboxConfig, memory_kb: int) -> dict[str, Any]:
    memory = (memory_kb + config.effective_runner_allowance_kb) * 1024
    # nr_inodes bounds an inode fill, and with it the time the runner spends wiping between runs.
    common = f"nosuid,nodev,nr_inodes={config.tmpfs_inodes},mode=0755,uid=65534,gid=65534"
    box = f"rw,exec,{common},size={config.box_mb}m"
    scratch = f"rw,noexec,{common},size={config.scratch_mb}m"
    security = ["no-new-privileges"]
    if config.seccomp:
        security.append(f"seccomp={seccomp.profile_json()}")
    return dict(
        client.api.create_host_config(
            network_mode="none",
            cap_drop=["ALL"],
            security_opt=security,
            mem_limit=memory,
            memswap_limit=memory,
            pids_limit=config.effective_pids_limit,
            nano_cpus=int(config.cpus * 1e9),
            read_only=True,
            tmpfs={"/box": box, "/tmp": scratch},  # noqa: S108 - the container's own /tmp
            # The runner is PID 1 itself: an init such as tini would hold the host channel while
            # being dumpable, so a submission could write forged results through /proc/1/fd/1.
            init=False,
            log_config={"type": "none", "config": {}},
            runtime=config.runtime,
            ipc_mode="none",
            # Container-wide ceilings; the spawner sets each step's own, tighter limits.
            ulimits=[
                docker.types.Ulimit(name="core", soft=0, hard=0),
                docker.types.Ulimit(name="nofile", soft=1024, hard=1024),
                # The runner's, which its zygote fork server keeps (the layout of memory that an
                # unlimited stack gives at exec is the one Python steps get; see runner.py).
                docker.types.Ulimit(name="stack", soft=-1, hard=-1),
            ],
        )
    )


def launch(
    client: docker.DockerClient,
    config: SandboxConfig,
    image: str,
    memory_kb: int,
    what: str = "",
    prepare: str = "",
) -> Container:
    """Create and start a container, attach to its runner and wait until the runner is ready; then
    send it the `prepare` frame, if any, which it acts on without replying (see Sandbox.prepare_frame).
    A runner that is to prepare a fork server forks it first thing, as a zygote (see runner.py)."""
    container_id: str | None = None
    channel: _Channel | None = None
    try:
        created = client.api.create_container(
            image_tag(image),
            command=[*RUNNER_COMMAND, "--zygote"] if prepare else None,
            name=f"rce-{uuid.uuid4().hex[:16]}",
            hostname="box",
            user="65534:65534",
            stdin_open=True,
            network_disabled=True,
            environment={},
            labels={LABEL: "1", OWNER_LABEL: owner_tag()},
            host_config=host_config(client, config, memory_kb),
        )
        container_id = created["Id"]
        raw = client.api.attach_socket(
            container_id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
        )
        channel = _Channel(getattr(raw, "_sock", raw))
        client.api.start(container_id)
        channel.read_header(time.monotonic() + 30)
        if prepare:
            channel.sock.sendall(prepare.encode() + b"\n")
        return Container(container_id, channel, memory_kb)
    except (DockerException, OSError, RunnerLost, TimeoutError) as exc:
        if channel is not None:
            channel.close()
        if container_id is not None:
            remove_later(client, container_id)
        if isinstance(exc, ImageNotFound):
            raise SandboxError(f"sandbox image missing for {what or image}: {exc}") from exc
        raise SandboxError(f"cannot start sandbox: {exc}") from exc


class Sandbox:
    """One submission's container. Use as a context manager; it is removed on exit, whatever happens."""

    def __init__(self, language: Language, limits: Limits, config: SandboxConfig | None = None) -> None:
        self.language = language
        self.limits = limits
        self.config = config or SandboxConfig()
        self.client = docker_client(self.config)
        self.container_id: str | None = None
        self.channel: _Channel | None = None
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
        from sandbox.pool import take_warm  # the pool builds on this module

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
        frame = {"op": "prepare", "forkserver": True, "env": self.language.env, "stack_kb": first.stack_kb}
        return json.dumps(frame, sort_keys=True)

    def close(self) -> None:
        container_id, self.container_id = self.container_id, None
        if self.channel is not None:
            self.channel.close()
            self.channel = None
        if container_id:
            remove_later(self.client, container_id)
            if self.config.pool_size > 0:
                from sandbox.pool import refill_soon

                refill_soon(self.config)

    def abort(self) -> None:
        """Kill the container now; safe from another thread. The step running in it ends at once
        (its runner is gone), and the owning thread cleans up as after any lost runner."""
        container_id = self.container_id
        if container_id:
            with contextlib.suppress(DockerException):
                self.client.api.kill(container_id)

    def _kill(self) -> None:
        if self.container_id:
            with contextlib.suppress(DockerException):
                self.client.api.kill(self.container_id)
        self.close()

    def _out_of_memory(self) -> bool:
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
        manifest = [{"name": f.name, "size": len(f.content)} for f in self.files]
        self.channel.send({"op": "files", "files": manifest}, b"".join(f.content for f in self.files))
        reply = self.channel.read_header(time.monotonic() + 10)
        if not reply.get("ok"):
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
            "op": "exec",
            "phase": phase,
            "argv": argv,
            "env": self.language.env,
            "stdin_size": len(stdin),
            "time_ms": limits.time_ms,
            "wall_ms": limits.effective_wall_ms,
            "memory_kb": limits.memory_kb,
            "output_bytes": limits.output_bytes,
            "stack_kb": limits.stack_kb,
            "nproc": self.config.guest_nproc_limit,
            # Defence in depth: a forged result frame would also have to guess this.
            "nonce": uuid.uuid4().hex,
        }
        if language_step and self.language.forkserver:
            # The language's own compile or run command, which its fork server knows how to run.
            request["forkserver"] = True
        if files:
            _check_names(f.name for f in files)
            request["files"] = [{"name": f.name, "size": len(f.content)} for f in files]
        if collect:
            _check_names(collect)
            request["collect"] = list(collect)
            request["collect_bytes"] = COLLECT_CAP
        return request

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
            if header.get("nonce") != request["nonce"]:
                raise RunnerLost("the runner's reply does not match the request")
            body = self.channel.read_bytes(_payload_size(header), deadline)
            return _result(header, body, collect)
        except TimeoutError:
            # The runner did not come back in time: the host's hard wall-clock kill.
            self._kill()
            return ExecResult(
                Outcome.TLE, signal="SIGKILL", wall_ms=limits.effective_wall_ms, reason="killed by host"
            )
        except (OSError, RunnerLost) as exc:
            out_of_memory = self._out_of_memory()
            self._kill()
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
                return CompileResult(ok=True)
            argv = self.language.format_argv(self.language.compile, COMPILE_LIMITS.memory_kb)
            result = self._exec("compile", argv, b"", COMPILE_LIMITS)
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
            return self._exec("run", argv, stdin, self.limits, files, collect)
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
        request = self._request("run", argv, b"", self.limits, files, collect)
        request["stream"] = True
        stream = Stream(self, request["nonce"], collect)
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
            return self._exec("run", argv, stdin, self.limits, language_step=False)
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


class Stream:
    """A program started by `Sandbox.stream`, driven without blocking by the host's relay.

    `receive()` gives the program's output chunks as they come, b"" once its stdout has closed, and
    finally its ExecResult; `send()`, `close_input()` and `stop()` queue frames that `flush()` writes
    when the socket takes them. The caller waits on `fileno()` with a selector and calls `expire()`
    once `deadline` has passed without a result.
    """

    def __init__(self, box: Sandbox, nonce: str, collect: Sequence[str]) -> None:
        self.box = box
        self.channel = box.channel
        self.nonce = nonce
        self.collect = tuple(collect)
        self.deadline = time.monotonic() + (box.limits.effective_wall_ms + box.config.host_grace_ms) / 1000
        self.result: ExecResult | None = None
        self._fd = self.channel.sock.fileno() if self.channel is not None else -1
        self._outbox: deque[bytes] = deque()
        self._offset = 0
        self._queued = 0
        self._input_closed = False
        self._stopped = False

    def fileno(self) -> int:
        return self._fd

    @property
    def backlog(self) -> int:
        """Bytes queued for the runner and not yet written."""
        return self._queued - self._offset

    def wants_write(self) -> bool:
        return self.result is None and bool(self._outbox)

    def send(self, data: bytes) -> None:
        """Queue bytes for the program's stdin; dropped once its input is closed or it has ended."""
        if self.result is not None or self._input_closed:
            return
        for start in range(0, len(data), STREAM_CHUNK):
            chunk = data[start : start + STREAM_CHUNK]
            self._queue({"op": "stdin", "size": len(chunk)}, chunk)

    def close_input(self) -> None:
        if self.result is None and not self._input_closed:
            self._input_closed = True
            self._queue({"op": "close"})

    def stop(self) -> None:
        """Have the runner kill the program: its verdict no longer matters."""
        if self.result is None and not self._stopped:
            self._stopped = True
            self._queue({"op": "kill"})

    def _queue(self, header: dict[str, Any], payload: bytes = b"") -> None:
        frame = json.dumps(header).encode() + b"\n" + payload
        self._outbox.append(frame)
        self._queued += len(frame)

    def flush(self) -> None:
        """Write queued frames as far as the socket takes them now."""
        while self._outbox and self.result is None and self.channel is not None:
            frame = self._outbox[0]
            try:
                self._offset += self.channel.sock.send(memoryview(frame)[self._offset :])
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                # The runner is gone; the read side reports it.
                self._clear_outbox()
                return
            if self._offset == len(frame):
                self._outbox.popleft()
                self._queued -= len(frame)
                self._offset = 0

    def _clear_outbox(self) -> None:
        self._outbox.clear()
        self._queued = self._offset = 0

    def receive(self) -> list[bytes | ExecResult]:
        """What the runner has sent so far, without blocking; nothing more after the ExecResult."""
        if self.result is not None or self.channel is None:
            return []
        events: list[bytes | ExecResult] = []
        try:
            alive = self.channel.pump()
            while self.result is None and (frame := self.channel.take_frame()) is not None:
                event = self._event(*frame)
                if event is not None:
                    events.append(event)
        except (OSError, ValueError, KeyError, RunnerLost) as exc:
            events.append(self.lost(str(exc)))
            return events
        if not alive and self.result is None:
            tail = bytes(self.channel.diagnostics[-2000:]).decode(errors="replace")
            events.append(self.lost(f"runner closed its output {tail}".strip()))
        return events

    def _event(self, header: dict[str, Any], payload: bytes) -> bytes | ExecResult | None:
        if header.get("nonce") != self.nonce:
            raise RunnerLost("the runner's reply does not match the request")
        op = header.get("op")
        if op == "stdout":
            return payload or None
        if op == "eof":
            return b""
        return self._finish(_result(header, payload, self.collect))

    def expire(self) -> ExecResult:
        """No result by the deadline: the host's hard wall-clock kill."""
        self.box._kill()
        wall_ms = self.box.limits.effective_wall_ms
        return self._finish(
            ExecResult(Outcome.TLE, signal="SIGKILL", wall_ms=wall_ms, reason="killed by host")
        )

    def lost(self, why: str) -> ExecResult:
        """The runner stopped answering: the program killed it, or it ran out of memory."""
        out_of_memory = self.box._out_of_memory()
        self.box._kill()
        if out_of_memory:
            return self._finish(
                ExecResult(Outcome.MLE, signal="SIGKILL", reason="the sandbox ran out of memory")
            )
        return self._finish(
            ExecResult(Outcome.RTE, signal="SIGKILL", reason=f"sandbox supervisor killed ({why})")
        )

    def _finish(self, result: ExecResult) -> ExecResult:
        self.result = result
        channel = self.channel if self.box.channel is self.channel else None
        if channel is not None and self._offset:
            # A half-written frame would garble the runner's next request: finish it.
            try:
                channel.sock.settimeout(STREAM_SETTLE_S)
                channel.sock.sendall(memoryview(self._outbox[0])[self._offset :])
            except OSError:
                self.box._kill()
                channel = None
        self._clear_outbox()
        if channel is not None:
            with contextlib.suppress(OSError):
                channel.sock.setblocking(True)
        return result


def _payload_size(header: dict[str, Any]) -> int:
    """How many bytes follow a runner frame's header line."""
    if "op" in header:
        return int(header.get("size") or 0)
    collected = sum(int(item["size"]) for item in header.get("collected") or [])
    return int(header["stdout_size"]) + int(header["stderr_size"]) + collected


def _result(header: dict[str, Any], body: bytes, collect: Sequence[str]) -> ExecResult:
    """An exec's result from its header and the bytes that follow it."""
    stdout_end = int(header["stdout_size"])
    stderr_end = stdout_end + int(header["stderr_size"])
    files: dict[str, bytes] = {}
    at = stderr_end
    for item in header.get("collected") or []:
        name, size = item["name"], int(item["size"])
        if name not in collect or size > COLLECT_CAP:
            raise RunnerLost(f"the runner returned a file that was not asked for: {name!r}")
        files[name] = body[at : at + size]
        at += size
    return ExecResult(
        outcome=Outcome(header["outcome"]),
        exit_code=header["exit_code"],
        signal=header["signal"],
        time_ms=header["time_ms"],
        wall_ms=header["wall_ms"],
        memory_kb=header["memory_kb"],
        stdout=body[:stdout_end],
        stderr=body[stdout_end:stderr_end],
        reason=header.get("reason", ""),
        files=files,
    )


def _check_names(names: Iterable[str]) -> None:
    for name in names:
        if not name or "/" in name or name in (".", "..") or "\0" in name:
            raise SandboxError(f"not a plain file name: {name!r}")


def lower_memory_in_cgroup(container_id: str, memory: int) -> bool:
    """Lower a container's memory and memory+swap limits by writing its cgroup v1 files directly.

    It is what `docker update` ends up doing, in a fraction of a millisecond rather than 15 to 40 ms
    through dockerd, containerd and runc: that is on every submission's critical path. Only possible
    for a worker that sees the host's cgroupfs as root, with Docker's cgroupfs driver and default
    cgroup parent (`/docker/<id>`); False sends the caller to `docker update`. The path is built from
    the id Docker gave us, nothing the container wrote. Docker's own record of the limit goes stale,
    which nothing here reads.
    """
    if not container_id or not all(c in "0123456789abcdef" for c in container_id):
        return False
    directory = f"/sys/fs/cgroup/memory/docker/{container_id}"
    try:
        # Lowering: the memory limit first, as it may never exceed memory+swap.
        for name in ("memory.limit_in_bytes", "memory.memsw.limit_in_bytes"):
            with open(f"{directory}/{name}", "w") as f:
                f.write(str(memory))
    except OSError:
        return False
    return True


def check_sources(files: Iterable[SourceFile]) -> str:
    """Why these sources must not reach a container, or "" when they may; callers can check first."""
    if sum(len(f.content) for f in files) > MAX_SOURCE_BYTES:
        return f"source too large (more than {MAX_SOURCE_BYTES // 1024} KiB)"
    return ""


_removals: set[threading.Thread] = set()
_removals_lock = threading.Lock()
# How long a runner that was hung up on gets to exit before its container is removed (it takes a
# few milliseconds).
EXIT_GRACE_S = 0.25


def remove_later(client: docker.DockerClient, container_id: str) -> None:
    """Remove a container in the background: removal is off the critical path of judging. Callers
    have hung up on its runner first, which then exits: a container that has stopped by itself is
    removed without Docker killing it first (the kill costs the engine and runtime ~3.5 ms of CPU),
    so removal waits EXIT_GRACE_S for that; a container still running then is killed as before."""

    def remove() -> None:
        try:
            time.sleep(EXIT_GRACE_S)
            remove_container(client, container_id)
        finally:
            with _removals_lock:
                _removals.discard(thread)

    thread = threading.Thread(target=remove, name=f"remove-{container_id[:12]}", daemon=True)
    with _removals_lock:
        _removals.add(thread)
    thread.start()


@atexit.register
def wait_for_removals(timeout_s: float = 10.0) -> None:
    """Let pending removals finish, so a short-lived process does not leave containers behind."""
    deadline = time.monotonic() + timeout_s
    with _removals_lock:
        pending = list(_removals)
    for thread in pending:
        thread.join(max(0.0, deadline - time.monotonic()))


def remove_container(client: docker.DockerClient, container_id: str) -> None:
    try:
        client.api.remove_container(container_id, force=True)
    except NotFound:
        pass
    except DockerException as exc:
        # 409: another removal of it is under way (the reaper's, say).
        if not (isinstance(exc, APIError) and exc.status_code == 409):
            log.warning("could not remove sandbox container %s: %s", container_id[:12], exc)


def reap(client: docker.DockerClient | None = None, older_than_s: float = 0, label: str = LABEL) -> int:
    """Remove labelled sandbox containers left behind (a crashed worker); returns how many.

    Containers older than `older_than_s` go, and so, whatever their age, do those whose owner was a
    process of this host that has exited (a worker that crashed or ended with os._exit).
    `label` is a Docker label filter ("key" or "key=value"), for reaping only some of them.
    """
    client = client or docker_client(SandboxConfig())
    removed = 0
    now = time.time()
    for info in client.api.containers(all=True, filters={"label": label}):
        young = now - info["Created"] < older_than_s
        if young and not owner_gone((info.get("Labels") or {}).get(OWNER_LABEL)):
            continue
        remove_container(client, info["Id"])
        removed += 1
    return removed
