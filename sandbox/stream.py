"""A program that runs with its stdin and stdout relayed by the host (interactive problems), started
by `Sandbox.stream` (sandbox/engine.py)."""

from __future__ import annotations

import contextlib
import json
import time
from collections import deque
from collections.abc import Sequence
from typing import Any, Protocol

from sandbox import protocol as p
from sandbox.channel import Channel, RunnerLost, exec_result
from sandbox.config import SandboxConfig
from sandbox.types import ExecResult, Limits, Outcome

# Largest stdin frame of a streaming exec, and how long finishing a half-sent frame may take.
STREAM_CHUNK = 1 << 16
STREAM_SETTLE_S = 2.0


class StreamOwner(Protocol):
    """What a Stream needs of the sandbox it runs in."""

    channel: Channel | None
    limits: Limits
    config: SandboxConfig

    def kill(self) -> None: ...

    def out_of_memory(self) -> bool: ...


class Stream:
    """A program started by `Sandbox.stream`, driven without blocking by the host's relay.

    `receive()` gives the program's output chunks as they come, b"" once its stdout has closed, and
    finally its ExecResult; `send()`, `close_input()` and `stop()` queue frames that `flush()` writes
    when the socket takes them. The caller waits on `fileno()` with a selector and calls `expire()`
    once `deadline` has passed without a result.
    """

    def __init__(self, box: StreamOwner, nonce: str, collect: Sequence[str]) -> None:
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
            self._queue({p.OP: p.OP_STDIN, p.SIZE: len(chunk)}, chunk)

    def close_input(self) -> None:
        if self.result is None and not self._input_closed:
            self._input_closed = True
            self._queue({p.OP: p.OP_CLOSE})

    def stop(self) -> None:
        """Have the runner kill the program: its verdict no longer matters."""
        if self.result is None and not self._stopped:
            self._stopped = True
            self._queue({p.OP: p.OP_KILL})

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
        if header.get(p.NONCE) != self.nonce:
            raise RunnerLost("the runner's reply does not match the request")
        op = header.get(p.OP)
        if op == p.OP_STDOUT:
            return payload or None
        if op == p.OP_EOF:
            return b""
        split = int(header[p.STDOUT_SIZE])
        return self._finish(exec_result(header, payload[:split], payload[split:], self.collect))

    def expire(self) -> ExecResult:
        """No result by the deadline: the host's hard wall-clock kill."""
        self.box.kill()
        wall_ms = self.box.limits.effective_wall_ms
        return self._finish(
            ExecResult(Outcome.TLE, signal="SIGKILL", wall_ms=wall_ms, reason="killed by host")
        )

    def lost(self, why: str) -> ExecResult:
        """The runner stopped answering: the program killed it, or it ran out of memory."""
        out_of_memory = self.box.out_of_memory()
        self.box.kill()
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
                self.box.kill()
                channel = None
        self._clear_outbox()
        if channel is not None:
            with contextlib.suppress(OSError):
                channel.sock.setblocking(True)
        return result
