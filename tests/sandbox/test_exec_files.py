"""Extra files for one exec, collected feedback files and streaming execs, against the real engine."""

import selectors
import time

import pytest

from sandbox.engine import Sandbox
from sandbox.languages import get_language
from sandbox.stream import Stream
from sandbox.types import COLLECT_CAP, Limits, Outcome, SandboxError, SourceFile

pytestmark = pytest.mark.docker

PY = get_language("py3")


def compiled(source: str, limits: Limits | None = None) -> Sandbox:
    box = Sandbox(PY, limits or Limits(time_ms=5000))
    box.start()
    assert box.compile([SourceFile(PY.source_name, source.encode())]).ok
    return box


def test_it_places_files_for_one_exec_only_and_read_only():
    source = """
import os, sys
print(open("/tmp/files/data").read(), oct(os.stat("/tmp/files").st_mode & 0o777))
try:
    open("/tmp/files/planted", "w")
except OSError as exc:
    print("refused", exc.errno)
print(sorted(os.listdir("/tmp/files")) if os.path.exists("/tmp/files") else "gone")
"""
    box = compiled(source)
    try:
        first = box.run(b"", files=[SourceFile("data", b"hello")])
        second = box.run(b"")
    finally:
        box.close()
    assert first.outcome is Outcome.OK, first.stderr
    assert first.stdout.splitlines() == [b"hello 0o555", b"refused 13", b"['data']"]
    assert second.outcome is Outcome.RTE and b"FileNotFoundError" in second.stderr


def test_it_returns_only_regular_named_files_and_caps_them():
    source = """
import os
d = "/tmp/feedback/"
open(d + "judgemessage.txt", "w").write("seen by staff")
open(d + "big.txt", "wb").write(b"x" * (3 << 20))
os.symlink("/etc/passwd", d + "teammessage.txt")
os.mkfifo(d + "judgeerror.txt")
os.mkdir(d + "dir.txt")
open(d + "unasked.txt", "w").write("not asked for")
"""
    box = compiled(source)
    names = ["judgemessage.txt", "teammessage.txt", "judgeerror.txt", "dir.txt", "big.txt", "missing.txt"]
    try:
        result = box.run(b"", collect=names)
    finally:
        box.close()
    assert result.outcome is Outcome.OK, result.stderr
    assert set(result.files) == {"judgemessage.txt", "big.txt"}
    assert result.files["judgemessage.txt"] == b"seen by staff"
    assert len(result.files["big.txt"]) == COLLECT_CAP


def test_it_refuses_names_that_are_not_plain():
    box = compiled("print(1)\n")
    try:
        with pytest.raises(SandboxError):
            box.run(b"", files=[SourceFile("../box/main.py", b"x")])
        with pytest.raises(SandboxError):
            box.run(b"", collect=["../../etc/passwd"])
    finally:
        box.close()


def drive(*streams: Stream, on_output=None) -> None:
    """A small relay for tests: gives each stream's output to `on_output(stream, chunk)`."""
    with selectors.DefaultSelector() as sel:
        for stream in streams:
            sel.register(stream, selectors.EVENT_READ | selectors.EVENT_WRITE, stream)
        while any(s.result is None for s in streams):
            for key, mask in sel.select(0.05):
                stream = key.data
                if stream.result is not None:
                    continue
                if mask & selectors.EVENT_WRITE:
                    stream.flush()
                for event in stream.receive():
                    if on_output is not None and isinstance(event, bytes):
                        on_output(stream, event)
            for stream in streams:
                if stream.result is not None and stream.fileno() in sel.get_map():
                    sel.unregister(stream)
                elif stream.result is None and time.monotonic() > stream.deadline:
                    sel.unregister(stream)
                    stream.expire()


def test_a_stream_relays_output_as_it_comes_and_input_in_frames():
    box = compiled("import sys\nfor line in sys.stdin:\n    print(int(line) * 2, flush=True)\n")
    seen = []
    try:
        stream = box.stream()
        stream.send(b"1\n")

        def reply(stream, chunk):
            seen.append(chunk)
            if chunk == b"":
                return
            number = int(chunk)
            if number < 64:
                stream.send(b"%d\n" % number)
            else:
                stream.close_input()

        drive(stream, on_output=reply)
        after = box.run(b"21\n")
    finally:
        box.close()
    assert stream.result is not None and stream.result.outcome is Outcome.OK
    assert seen == [b"2\n", b"4\n", b"8\n", b"16\n", b"32\n", b"64\n", b""]
    # The sandbox serves ordinary runs afterwards.
    assert after.stdout == b"42\n"


def test_a_stream_is_stopped_when_asked_and_capped_like_any_output():
    box = compiled("import sys, time\nsys.stdout.write('x' * 5000)\nsys.stdout.flush()\ntime.sleep(30)\n")
    try:
        stream = box.stream()
        drive(stream, on_output=lambda s, chunk: s.stop())
        stopped = stream.result
    finally:
        box.close()
    assert stopped is not None
    assert stopped.outcome is Outcome.RTE and stopped.signal == "SIGKILL"
    assert stopped.reason == "stopped by the host"
    box = compiled("while True:\n    print('y' * 1000)\n", Limits(time_ms=2000, output_bytes=10_000))
    received = bytearray()
    try:
        stream = box.stream()
        drive(stream, on_output=lambda s, chunk: received.extend(chunk))
    finally:
        box.close()
    assert stream.result is not None and stream.result.outcome is Outcome.OLE
    assert len(received) == 10_000


def test_a_silent_stream_ends_at_its_wall_limit():
    box = compiled("input()\n", Limits(time_ms=300, wall_ms=700))
    try:
        started = time.monotonic()
        stream = box.stream()
        drive(stream)
    finally:
        box.close()
    assert stream.result is not None and stream.result.outcome is Outcome.TLE
    # Without its wall limit the stream would wait for input forever.
    assert time.monotonic() - started < 30
