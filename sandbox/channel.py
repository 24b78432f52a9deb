"""The attach channel: framed messages to and from a container's runner over Docker's attach socket.

Docker multiplexes the runner's stdout and stderr into frames of its own (an 8-byte header: the stream,
then the size); inside stdout, the runner's frames are a JSON header line followed by the payload bytes
it announces (sandbox/protocol.py names the fields).
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Sequence
from typing import Any

from sandbox import protocol as p
from sandbox.types import COLLECT_CAP, ExecResult, Outcome, SourceFile

STDOUT, STDERR = 1, 2
# Most bytes taken from a container's attach socket in one read.
READ_CHUNK = 1 << 16


class RunnerLost(Exception):
    """The runner stopped answering: killed by the submission, or by the host after its deadline."""


# Frames up to this size go in one write; larger payloads follow their header in a write of their own.
ONE_WRITE_MAX = 64 * 1024


class Channel:
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
        line = json.dumps(header).encode() + b"\n"
        if len(payload) <= ONE_WRITE_MAX:
            # One write: each crosses dockerd and the shim on its way in, which costs more than a copy.
            self.sock.sendall(line + payload)
        else:
            # A large input (a test's) is not copied to be sent.
            self.sock.sendall(line)
            self.sock.sendall(payload)

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
        size = payload_size(header)
        if len(self.buffer) < end + 1 + size:
            return None
        payload = bytes(self.buffer[end + 1 : end + 1 + size])
        del self.buffer[: end + 1 + size]
        return header, payload

    def read_header(self, deadline: float) -> dict[str, Any]:
        while (end := self.buffer.find(b"\n")) < 0:
            self._fill(deadline)
        # Only the line is copied: the output that may follow it in the buffer stays where it is.
        header: dict[str, Any] = json.loads(bytes(self.buffer[:end]))
        del self.buffer[: end + 1]
        return header

    def read_bytes(self, size: int, deadline: float) -> bytes:
        while len(self.buffer) < size:
            self._fill(deadline)
        # One copy out of the buffer (slicing the bytearray first would make two).
        with memoryview(self.buffer) as view:
            data = bytes(view[:size])
        del self.buffer[:size]
        return data

    def read_exec_result(self, header: dict[str, Any], collect: Sequence[str], deadline: float) -> ExecResult:
        """The rest of an exec's reply, after its header: the output is read on its own, so that the
        host holds one copy of it once this returns (and two, briefly, as it leaves the buffer)."""
        stdout = self.read_bytes(int(header[p.STDOUT_SIZE]), deadline)
        rest = self.read_bytes(payload_size(header) - len(stdout), deadline)
        return exec_result(header, stdout, rest, collect)


def payload_size(header: dict[str, Any]) -> int:
    """How many bytes follow a runner frame's header line."""
    if p.OP in header:
        return int(header.get(p.SIZE) or 0)
    collected = sum(int(item[p.SIZE]) for item in header.get(p.COLLECTED) or [])
    return int(header[p.STDOUT_SIZE]) + int(header[p.STDERR_SIZE]) + collected


def exec_result(header: dict[str, Any], stdout: bytes, rest: bytes, collect: Sequence[str]) -> ExecResult:
    """An exec's result from its header, its stdout and the bytes that follow that (stderr, then the
    files collected)."""
    stderr_end = int(header[p.STDERR_SIZE])
    files: dict[str, bytes] = {}
    at = stderr_end
    for item in header.get(p.COLLECTED) or []:
        name, size = item[p.NAME], int(item[p.SIZE])
        if name not in collect or size > COLLECT_CAP:
            raise RunnerLost(f"the runner returned a file that was not asked for: {name!r}")
        files[name] = rest[at : at + size]
        at += size
    return ExecResult(
        outcome=Outcome(header[p.OUTCOME]),
        exit_code=header[p.EXIT_CODE],
        signal=header[p.SIGNAL],
        time_ms=header[p.TIME_MS],
        wall_ms=header[p.WALL_MS],
        memory_kb=header[p.MEMORY_KB],
        stdout=stdout,
        stderr=rest[:stderr_end],
        reason=header.get(p.REASON, ""),
        files=files,
    )
