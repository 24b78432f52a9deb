"""Core cases under gVisor, whatever runtime the rest of the suite uses."""

from dataclasses import replace

import docker
import pytest

from sandbox.config import SandboxConfig
from sandbox.engine import Sandbox
from sandbox.languages import get_language
from sandbox.types import Limits, Outcome, SourceFile

pytestmark = pytest.mark.docker

RUNSC = SandboxConfig(runtime="runsc")


@pytest.fixture(scope="module", autouse=True)
def needs_runsc():
    if "runsc" not in docker.from_env().info().get("Runtimes", {}):
        pytest.skip("the Docker engine has no runsc runtime")


# gVisor starts programs and forks far more slowly than Linux: runs that must finish get limits far
# above their need, so that a slow or busy machine cannot turn them into TLE.
FINISH = Limits(time_ms=10_000, wall_ms=30_000)


def run(language_key: str, source: bytes, stdin: bytes = b"", limits: Limits = FINISH):
    language = get_language(language_key)
    with Sandbox(language, limits, RUNSC) as box:
        assert docker.from_env().api.inspect_container(box.container_id)["HostConfig"]["Runtime"] == "runsc"
        compiled = box.compile([SourceFile(language.source_name, source)])
        assert compiled.ok, compiled.output
        return box.run(stdin)


def test_it_runs_python_under_gvisor():
    result = run("py3", b"a, b = map(int, input().split())\nprint(a + b)\n", b"2 3\n")
    assert result.outcome is Outcome.OK and result.stdout == b"5\n"


def test_it_runs_cpp_under_gvisor():
    language = get_language("cpp17")
    assert run("cpp17", language.self_test.encode(), b"40 2\n").stdout == b"42\n"


def test_it_reports_tle_under_gvisor():
    limits = Limits(time_ms=300, wall_ms=2000)
    assert run("py3", b"while True:\n    pass\n", limits=limits).outcome is Outcome.TLE


def test_it_reports_mle_under_gvisor():
    limits = replace(FINISH, memory_kb=64 * 1024)
    assert run("py3", b"x = bytearray(300 << 20)\nprint(len(x))\n", limits=limits).outcome is Outcome.MLE


def test_it_reports_ole_under_gvisor():
    limits = replace(FINISH, output_bytes=1 << 20)
    assert run("py3", b"while True:\n    print('x' * 1000)\n", limits=limits).outcome is Outcome.OLE


def test_it_limits_processes_inside_gvisor():
    source = (
        b"import os, time\nn = 0\nfor _ in range(500):\n"
        b"    try:\n        pid = os.fork()\n    except OSError:\n        break\n"
        b"    if pid == 0:\n        time.sleep(2)\n        os._exit(0)\n    n += 1\nprint(n)\n"
    )
    result = run("py3", source)
    assert result.outcome is Outcome.OK
    assert 10 < int(result.stdout) < RUNSC.pids_limit
