"""Memory on the worker: test data is read from storage one test at a time as it is judged, never a
whole problem up front, and a run's output is held once. Measured with tracemalloc (allocations in
Python, which is where test data and output live), against bounds far under the data's size."""

import contextlib
import json
import socket
import threading
import time
import tracemalloc

import pytest

from grading import grader
from judge.models import Submission
from judge.services import submission_create, submission_judge
from problems.services import problem_set_tests, problem_upsert
from sandbox import protocol as p
from sandbox.channel import Channel
from sandbox.fake import CannedRun, FakeRecord, fake_sandboxes

pytestmark = pytest.mark.django_db

MIB = 1 << 20
TESTS = 16
TEST_BYTES = 2 * MIB


class Forgetful(list[bytes]):
    """The fake sandbox records every input it is given; here it keeps none, so as not to be what
    holds the data."""

    def append(self, item: bytes) -> None:
        pass


@pytest.fixture
def echo(languages, settings, tmp_path):
    """A problem whose answer is its input: 16 tests of 2 MiB each, 64 MiB of inputs and answers."""
    settings.TESTDATA_ROOT = tmp_path / "testdata"
    problem = problem_upsert(slug="echo", title="Echo", statement="Echo.", is_visible=True)
    cases = []
    for index in range(TESTS):
        data = b"%d" % index + b"x" * (TEST_BYTES - 8) + b"\n"
        cases.append((data, data, False))
    problem_set_tests(problem=problem, cases=cases)
    return problem


def test_judging_holds_one_tests_data_at_a_time(alice, echo, monkeypatch, judge_queue):
    # The program echoes its input: the canned output is the input object itself, no copy.
    factory, _ = fake_sandboxes(lambda run: CannedRun(run.stdin), record=FakeRecord(inputs=Forgetful()))
    monkeypatch.setattr(grader, "Sandbox", factory)
    submission = submission_create(user=alice, problem=echo, language_key="py3", source="print(input())")
    tracemalloc.start()
    try:
        submission_judge(submission_id=submission.pk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    submission = Submission.objects.get(pk=submission.pk)
    assert (submission.verdict, submission.results.count()) == ("AC", TESTS)
    total = TESTS * 2 * TEST_BYTES
    # One test's input and answer (4 MiB) and some slack; loading every test first took all 64 MiB.
    assert peak < 12 * MIB < total // 4


def docker_frames(data: bytes, chunk: int = 64 * 1024) -> list[bytes]:
    """Docker's attach stream: each frame a stream number (1: stdout), three zeros, a length."""
    return [
        bytes([1, 0, 0, 0]) + len(part).to_bytes(4, "big") + part
        for part in (data[at : at + chunk] for at in range(0, len(data), chunk))
    ]


def test_a_runs_output_is_held_once_when_read_from_the_runner():
    size = 16 * MIB
    header = {
        p.OUTCOME: "ok",
        p.EXIT_CODE: 0,
        p.SIGNAL: None,
        p.TIME_MS: 1,
        p.WALL_MS: 1,
        p.MEMORY_KB: 1,
        p.STDOUT_SIZE: size,
        p.STDERR_SIZE: 2,
    }
    reply = json.dumps(header).encode() + b"\n" + b"o" * size + b"e\n"
    frames = docker_frames(reply)
    del reply
    host, runner = socket.socketpair()

    def send() -> None:
        with contextlib.suppress(OSError):  # the reader hung up early: its test fails on its own
            for frame in frames:
                runner.sendall(frame)

    sender = threading.Thread(target=send)
    tracemalloc.start()
    try:
        sender.start()
        channel = Channel(host)
        deadline = time.monotonic() + 600
        result = channel.read_exec_result(channel.read_header(deadline), (), deadline)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        host.close()
        runner.close()
        sender.join()
    assert (len(result.stdout), result.stderr) == (size, b"e\n")
    # Once read, one copy; while it leaves the receive buffer, two (slicing first made three or more).
    assert held < 1.25 * size
    assert peak < 2.5 * size
