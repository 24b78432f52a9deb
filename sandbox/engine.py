"""Host side of the sandbox: one hardened, ephemeral container per submission, driven over a pipe.

A `Sandbox` starts a container from the language's image, sends the source in through the runner's
stdin, asks it to compile once and to run each test; results and output come back on the runner's
stdout. The host never reads or writes a file inside the container.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import uuid
from collections.abc import Iterable
from typing import Any

import docker
from docker.errors import DockerException, ImageNotFound, NotFound

from sandbox.config import SandboxConfig
from sandbox.images import image_tag
from sandbox.languages import Language
from sandbox.types import (
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
_clients: dict[str | None, docker.DockerClient] = {}
_clients_lock = threading.Lock()


def docker_client(config: SandboxConfig) -> docker.DockerClient:
    with _clients_lock:
        client = _clients.get(config.docker_url)
        if client is None:
            try:
                client = docker.DockerClient(base_url=config.docker_url) if config.docker_url else docker.from_env()
            except DockerException as exc:
                raise SandboxError(f"docker engine unavailable: {exc}") from exc
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

    def send(self, header: dict[str, Any], payload: bytes = b"") -> None:
        self.sock.sendall(json.dumps(header).encode() + b"\n" + payload)

    def _fill(self, deadline: float) -> None:
        header = self._recv_exact(8, deadline)
        size = int.from_bytes(header[4:8], "big")
        data = self._recv_exact(size, deadline)
        if header[0] == STDERR:
            self.diagnostics.extend(data[: max(0, 65536 - len(self.diagnostics))])
        else:
            self.buffer.extend(data)

    def _recv_exact(self, size: int, deadline: float) -> bytes:
        chunks = bytearray()
        while len(chunks) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            self.sock.settimeout(remaining)
            chunk = self.sock.recv(min(size - len(chunks), 1 << 20))
            if not chunk:
                tail = bytes(self.diagnostics[-2000:]).decode(errors="replace")
                raise RunnerLost(f"runner closed its output {tail}".strip())
            chunks.extend(chunk)
        return bytes(chunks)

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

    def _host_config(self, memory_kb: int) -> dict[str, Any]:
        memory = (memory_kb + self.config.runner_allowance_kb) * 1024
        box = f"rw,exec,nosuid,nodev,size={self.config.box_mb}m,mode=0755,uid=65534,gid=65534"
        scratch = f"rw,noexec,nosuid,nodev,size={self.config.scratch_mb}m,mode=0755,uid=65534,gid=65534"
        return dict(
            self.client.api.create_host_config(
                network_mode="none",
                cap_drop=["ALL"],
                security_opt=["no-new-privileges"],
                mem_limit=memory,
                memswap_limit=memory,
                pids_limit=self.config.effective_pids_limit,
                nano_cpus=int(self.config.cpus * 1e9),
                read_only=True,
                tmpfs={"/box": box, "/tmp": scratch},
                init=True,
                log_config={"type": "none", "config": {}},
                runtime=self.config.runtime,
                ipc_mode="none",
                ulimits=[docker.types.Ulimit(name="core", soft=0, hard=0)],
            )
        )

    def start(self) -> None:
        compiles = self.language.compile is not None and not self.compiled
        self.memory_kb = max(self.limits.memory_kb, COMPILE_LIMITS.memory_kb) if compiles else self.limits.memory_kb
        self.memory_kb += self.language.memory_allowance_kb
        name = f"rce-{uuid.uuid4().hex[:16]}"
        try:
            created = self.client.api.create_container(
                image_tag(self.language.image),
                name=name,
                hostname="box",
                user="65534:65534",
                stdin_open=True,
                network_disabled=True,
                environment={},
                labels={LABEL: "1"},
                host_config=self._host_config(self.memory_kb),
            )
            self.container_id = created["Id"]
            raw = self.client.api.attach_socket(
                self.container_id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
            )
            sock: socket.socket = getattr(raw, "_sock", raw)
            self.channel = _Channel(sock)
            self.client.api.start(self.container_id)
            self.channel.read_header(time.monotonic() + 30)
        except ImageNotFound as exc:
            self.close()
            raise SandboxError(f"sandbox image missing for {self.language.key}: {exc}") from exc
        except (DockerException, OSError, RunnerLost, TimeoutError) as exc:
            self.close()
            raise SandboxError(f"cannot start sandbox: {exc}") from exc

    def close(self) -> None:
        container_id, self.container_id = self.container_id, None
        if self.channel is not None:
            try:
                self.channel.sock.close()
            except OSError:
                pass
            self.channel = None
        if container_id:
            # Removal is off the critical path; the reaper catches anything this misses.
            threading.Thread(target=remove_container, args=(self.client, container_id), daemon=True).start()

    def _kill(self) -> None:
        if self.container_id:
            try:
                self.client.api.kill(self.container_id)
            except DockerException:
                pass
        self.close()

    # -- steps ---------------------------------------------------------------------------------
    def _send_files(self) -> None:
        assert self.channel is not None
        manifest = [{"name": f.name, "size": len(f.content)} for f in self.files]
        self.channel.send({"op": "files", "files": manifest}, b"".join(f.content for f in self.files))
        reply = self.channel.read_header(time.monotonic() + 10)
        if not reply.get("ok"):
            raise SandboxError(f"runner refused the files: {reply}")

    def _exec(self, phase: str, argv: list[str], stdin: bytes, limits: Limits) -> ExecResult:
        if self.channel is None:
            raise RunnerLost("sandbox is not running")
        request = {
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
        }
        deadline = time.monotonic() + (limits.effective_wall_ms + self.config.host_grace_ms) / 1000
        try:
            self.channel.send(request, stdin)
            header = self.channel.read_header(deadline)
            stdout = self.channel.read_bytes(header["stdout_size"], deadline)
            stderr = self.channel.read_bytes(header["stderr_size"], deadline)
        except TimeoutError:
            # The runner did not come back in time: the host's hard wall-clock kill.
            self._kill()
            return ExecResult(Outcome.TLE, signal="SIGKILL", wall_ms=limits.effective_wall_ms, reason="killed by host")
        except (OSError, RunnerLost) as exc:
            self._kill()
            raise RunnerLost(str(exc)) from exc
        return ExecResult(
            outcome=Outcome(header["outcome"]),
            exit_code=header["exit_code"],
            signal=header["signal"],
            time_ms=header["time_ms"],
            wall_ms=header["wall_ms"],
            memory_kb=header["memory_kb"],
            stdout=stdout,
            stderr=stderr,
        )

    def compile(self, files: Iterable[SourceFile]) -> CompileResult:
        self.files = list(files)
        if sum(len(f.content) for f in self.files) > MAX_SOURCE_BYTES:
            return CompileResult(ok=False, output="source too large")
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
        if target >= self.memory_kb or self.container_id is None:
            return
        memory = (target + self.config.runner_allowance_kb) * 1024
        try:
            self.client.api.update_container(self.container_id, mem_limit=memory, memswap_limit=memory)
            self.memory_kb = target
        except DockerException as exc:
            log.warning("could not lower sandbox memory: %s", exc)

    def run(self, stdin: bytes) -> ExecResult:
        """Run the compiled program once on one input; restarts the container if it was lost."""
        if not self.compiled:
            raise SandboxError("run() before a successful compile()")
        argv = self.language.format_argv(self.language.run, self.limits.memory_kb)
        if self.channel is None:
            self._restart()
        try:
            return self._exec("run", argv, stdin, self.limits)
        except RunnerLost as exc:
            # The program killed its supervisor: its own doing, so a run-time error for this test.
            return ExecResult(Outcome.RTE, signal="SIGKILL", reason=f"sandbox supervisor killed ({exc})")

    def _restart(self) -> None:
        files, was_compiled = self.files, self.compiled
        self.compiled = False
        self.start()
        result = self.compile(files)
        if not result.ok:
            raise SandboxError("recompilation after a restart failed")
        self.compiled = was_compiled


def remove_container(client: docker.DockerClient, container_id: str) -> None:
    try:
        client.api.remove_container(container_id, force=True)
    except NotFound:
        pass
    except DockerException as exc:
        log.warning("could not remove sandbox container %s: %s", container_id[:12], exc)


def reap(client: docker.DockerClient | None = None, older_than_s: float = 0) -> int:
    """Remove labelled sandbox containers left behind (a crashed worker); returns how many."""
    client = client or docker_client(SandboxConfig())
    removed = 0
    now = time.time()
    for info in client.api.containers(all=True, filters={"label": LABEL}):
        if now - info["Created"] < older_than_s:
            continue
        remove_container(client, info["Id"])
        removed += 1
    return removed
