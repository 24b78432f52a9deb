"""The sandbox against the real Docker engine: verdict outcomes and cleanup."""

import os
import time

import docker
import pytest

from sandbox.config import SandboxConfig
from sandbox.engine import Sandbox
from sandbox.languages import get_language
from sandbox.types import Limits, Outcome, SourceFile

pytestmark = pytest.mark.docker

AB_PY = b"a, b = map(int, input().split())\nprint(a + b)\n"


def run_py(source: bytes, stdin: bytes = b"1 2\n", limits: Limits | None = None):
    language = get_language("py3")
    with Sandbox(language, limits or Limits(time_ms=5000)) as box:
        assert box.compile([SourceFile(language.source_name, source)]).ok
        return box.run(stdin)


def test_it_runs_a_correct_program():
    result = run_py(AB_PY)
    assert result.outcome is Outcome.OK
    assert result.stdout == b"3\n"
    assert result.exit_code == 0


def test_it_reports_a_runtime_error_with_exit_code():
    result = run_py(b"raise SystemExit(3)\n")
    assert result.outcome is Outcome.RTE
    assert result.exit_code == 3


def test_it_reports_an_exception_as_runtime_error():
    result = run_py(b"1/0\n")
    assert result.outcome is Outcome.RTE
    assert b"ZeroDivisionError" in result.stderr


def test_it_kills_an_infinite_loop_within_the_limit():
    result = run_py(b"while True:\n    pass\n", limits=Limits(time_ms=500, wall_ms=30_000))
    assert result.outcome is Outcome.TLE
    # Killed for its CPU time, long before the wall limit, however slow or busy the machine.
    assert result.time_ms >= 500 and result.wall_ms < 15_000


def test_it_kills_a_sleeping_program_on_wall_time():
    result = run_py(b"import time\ntime.sleep(60)\n", limits=Limits(time_ms=300, wall_ms=800))
    assert result.outcome is Outcome.TLE


def test_it_reports_memory_limit_exceeded():
    result = run_py(b"x = bytearray(300 * 1024 * 1024)\nprint(len(x))\n", limits=Limits(memory_kb=64 * 1024))
    assert result.outcome is Outcome.MLE


def test_it_reports_output_limit_exceeded():
    result = run_py(
        b"while True:\n    print('x' * 1000)\n", limits=Limits(time_ms=10_000, output_bytes=1 << 20)
    )
    assert result.outcome is Outcome.OLE
    assert len(result.stdout) <= 1 << 20


def test_it_reports_a_compile_error_with_output():
    language = get_language("cpp17")
    with Sandbox(language, Limits()) as box:
        result = box.compile([SourceFile(language.source_name, b"int main() { return x; }\n")])
    assert not result.ok
    assert "x" in result.output and "error" in result.output


def test_it_compiles_and_runs_cpp():
    language = get_language("cpp17")
    with Sandbox(language, Limits()) as box:
        assert box.compile([SourceFile(language.source_name, language.self_test.encode())]).ok
        assert box.run(b"40 2\n").stdout == b"42\n"
        assert box.run(b"-1 1\n").stdout == b"0\n"


def test_it_has_no_network_and_runs_as_nobody():
    source = b"import os, socket\nprint(os.getuid(), sorted(socket.if_nameindex()))\n"
    result = run_py(source)
    assert result.stdout.split(b" ", 1)[0] == b"65534"
    assert b"'lo'" in result.stdout and b"eth0" not in result.stdout


def test_it_leaves_no_container_behind():
    language = get_language("py3")
    with Sandbox(language, Limits(time_ms=5000)) as box:
        used = box.container_id
        assert box.compile([SourceFile(language.source_name, AB_PY)]).ok
        assert box.run(b"1 2\n").outcome is Outcome.OK
    client = docker.from_env()
    for _ in range(50):
        if not client.api.containers(all=True, filters={"id": used}):
            break
        time.sleep(0.1)
    assert client.api.containers(all=True, filters={"id": used}) == []


def test_containers_run_under_the_configured_runtime_crun_unless_told_otherwise():
    language = get_language("py3")
    with Sandbox(language, Limits(time_ms=5000)) as box:
        runtime = docker.from_env().api.inspect_container(box.container_id)["HostConfig"]["Runtime"]
        assert runtime == box.config.runtime
        assert box.compile([SourceFile(language.source_name, AB_PY)]).ok
        assert box.run(b"2 3\n").stdout == b"5\n"
    # make sets crun up; RCE_SANDBOX_RUNTIME picks another one for a whole test run.
    if "RCE_SANDBOX_RUNTIME" not in os.environ:
        assert runtime == SandboxConfig().runtime == "crun"


THREADS_PY = b"""import threading, time
started = 0
def work():
    time.sleep(0.5)
threads = []
try:
    for _ in range(12):
        thread = threading.Thread(target=work)
        thread.start()
        threads.append(thread)
        started += 1
except RuntimeError:
    pass
print(started)
"""

FORKS_PY = b"""import os, time
children = 0
try:
    for _ in range(12):
        pid = os.fork()
        if pid == 0:
            time.sleep(0.5)
            os._exit(0)
        children += 1
except OSError:
    pass
print(children)
"""


@pytest.mark.parametrize("source", [THREADS_PY, FORKS_PY], ids=["threads", "processes"])
def test_a_run_gets_no_more_tasks_than_its_limit(source):
    # The program is one task; with a limit of 3 it can add at most 2, whatever the runtime.
    limited = run_py(source, limits=Limits(time_ms=5000, processes=3))
    assert limited.outcome is Outcome.OK
    assert int(limited.stdout) <= 2
    free = run_py(source, limits=Limits(time_ms=5000))
    assert (free.outcome, int(free.stdout)) == (Outcome.OK, 12)
