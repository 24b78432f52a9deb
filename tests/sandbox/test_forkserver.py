"""Python steps forked from the sandbox's fork server behave as if python3 had been started for each:
same streams, exit statuses, tracebacks and limits; nothing carries over from one test to the next;
the program cannot reach the fork server's channel; a program that kills it only loses its own run."""

from dataclasses import replace

import pytest

from sandbox.engine import Sandbox
from sandbox.languages import get_language
from sandbox.types import Limits, Outcome, SourceFile

pytestmark = pytest.mark.docker

PY3 = get_language("py3")


def runs(source: str, inputs: list[bytes], limits: Limits | None = None):
    with Sandbox(PY3, limits or Limits(time_ms=5000)) as box:
        compiled = box.compile([SourceFile(PY3.source_name, source.encode())])
        assert compiled.ok, compiled.output
        return [box.run(data) for data in inputs]


def run(source: str, stdin: bytes = b"", limits: Limits | None = None):
    return runs(source, [stdin], limits)[0]


def test_python_steps_go_through_the_fork_server():
    # A forked step's parent is the fork server (a python3), not the static spawner.
    result = run("import os\nprint(open(f'/proc/{os.getppid()}/comm').read().strip())\n")
    assert result.stdout == b"python3\n"


def test_the_program_sees_a_fresh_interpreters_main_module():
    source = (
        "import sys, os\n"
        "print(__name__, __file__, sys.argv, os.getcwd())\n"
        "print(sorted(k for k in globals() if not k.startswith('_')))\n"
        "print(os.environ['LANG'], os.environ['HOME'], sys.flags.isolated, sys.flags.no_site)\n"
        "print(sys.stdin.encoding, sys.stdout.encoding, sys.stdout.line_buffering)\n"
        "print(input())\n"
    )
    result = run(source, b"hello\n")
    assert result.outcome is Outcome.OK, result
    assert result.stdout.decode().splitlines() == [
        "__main__ /box/main.py ['main.py'] /box",
        "['os', 'sys']",
        "C.UTF-8 /tmp 1 1",
        "utf-8 utf-8 False",
        "hello",
    ]


def test_the_fork_server_is_forked_from_the_runner_yet_steps_start_as_from_a_fresh_interpreter():
    # The fork server is a zygote: forked by the runner before the runner imported anything, so a
    # step sees none of the runner's modules or signal settings, and its own command line.
    source = (
        "import os, signal, sys\n"
        "print(open(f'/proc/{os.getppid()}/cmdline').read().split(chr(0))[4])\n"
        "print(sys.orig_argv)\n"
        "print([m for m in ('_json', '_ctypes', 'select', '__future__') if m in sys.modules])\n"
        "print(signal.getsignal(signal.SIGINT) is signal.default_int_handler,"
        " signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)\n"
    )
    result = run(source)
    assert result.outcome is Outcome.OK, result
    assert result.stdout.decode().splitlines() == [
        "/opt/rce/runner.pyc",
        "['python3', '-I', '-S', '-B', 'main.py']",
        "[]",
        "True True",
    ]


def test_a_fork_server_for_other_steps_than_the_zygotes_is_started_afresh():
    # A stack limit fixes the memory layout when an interpreter starts, so steps with one get a fork
    # server of their own (python3 started with that limit), not the zygote.
    result = run(
        "import os\nprint(open(f'/proc/{os.getppid()}/cmdline').read().split(chr(0))[4])\n",
        limits=Limits(stack_kb=64 * 1024),
    )
    assert result.outcome is Outcome.OK, result
    assert result.stdout == b"/opt/rce/forkserver.pyc\n"


def test_exit_statuses_are_those_of_python3():
    assert run("raise SystemExit(3)\n").exit_code == 3
    message = run("import sys\nsys.exit('bye')\n")
    assert (message.exit_code, message.stderr) == (1, b"bye\n")
    assert run("import sys\nsys.exit()\n").outcome is Outcome.OK
    assert run("import os\nprint('x', end='')\nos._exit(0)\n").stdout == b""


def test_an_uncaught_exception_has_a_traceback_without_the_fork_server():
    result = run("def f():\n    return 1 / 0\n\nf()\n")
    assert result.outcome is Outcome.RTE and result.exit_code == 1
    traceback = result.stderr.decode()
    assert traceback.startswith('Traceback (most recent call last):\n  File "/box/main.py", line 4')
    assert "ZeroDivisionError" in traceback
    assert "forkserver" not in traceback


def test_a_syntax_error_is_a_compilation_error():
    with Sandbox(PY3, Limits()) as box:
        compiled = box.compile([SourceFile(PY3.source_name, b"print(1\n")])
    assert not compiled.ok
    assert "SyntaxError" in compiled.output
    assert "forkserver" not in compiled.output


def test_exit_handlers_threads_and_buffered_output_finish_as_at_a_normal_exit():
    source = (
        "import atexit, threading, time, sys\n"
        "atexit.register(lambda: print('atexit'))\n"
        "def late():\n    time.sleep(0.2)\n    print('thread')\n"
        "threading.Thread(target=late).start()\n"
        "print('main', end='')\n"
        "sys.stderr.write('err')\n"
    )
    result = run(source)
    assert result.outcome is Outcome.OK, result
    assert result.stdout == b"mainthread\natexit\n"
    assert result.stderr == b"err"


def test_nothing_carries_over_between_tests():
    source = (
        "import random, sys\nprint(random.random(), 'json' in sys.modules, len(sys.modules))\nimport json\n"
    )
    first, second = runs(source, [b"", b""])
    a, a_json, a_count = first.stdout.split()
    b, b_json, b_count = second.stdout.split()
    assert a != b, "each test must get its own random seed"
    assert a_json == b_json == b"False" and a_count == b_count


def test_limits_apply_to_forked_steps():
    spin = run("while True:\n    pass\n", limits=Limits(time_ms=300))
    assert spin.outcome is Outcome.TLE
    hog = run("x = bytearray(200 * 1024 * 1024)\nprint(len(x))\n", limits=Limits(memory_kb=64 * 1024))
    assert hog.outcome is Outcome.MLE
    busy = run("import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3:\n    pass\n")
    assert busy.outcome is Outcome.OK and busy.time_ms >= 280
    # The memory of a trivial program is a fresh interpreter's, not the runner's or a sum over tests.
    assert 4 * 1024 < run("pass\n").memory_kb < 16 * 1024


def test_the_program_cannot_reach_the_fork_servers_channel_or_memory():
    source = (
        "import os\n"
        "parent = os.getppid()\n"
        "for path in (f'/proc/{parent}/fd/3', f'/proc/{parent}/mem'):\n"
        "    try:\n"
        "        os.open(path, os.O_RDWR)\n"
        "        print('opened', path)\n"
        "    except OSError:\n"
        "        print('refused')\n"
        "print(sorted(os.listdir('/proc/self/fd')))\n"
    )
    result = run(source)
    assert result.stdout.decode().splitlines() == ["refused", "refused", "['0', '1', '2', '3']"]


def test_a_program_that_kills_the_fork_server_loses_only_its_own_run():
    source = (
        "import os, signal, sys\n"
        "if sys.stdin.read() == 'kill':\n"
        "    os.kill(os.getppid(), signal.SIGKILL)\n"
        "print('ok')\n"
    )
    before, killed, after = runs(source, [b"", b"kill", b""])
    assert before.stdout == after.stdout == b"ok\n"
    assert after.outcome is Outcome.OK
    assert killed.outcome is Outcome.RTE


def test_a_command_the_fork_server_cannot_run_fails_as_the_sandboxs_fault_and_the_next_runs():
    odd = replace(PY3, run=("python3", "-X", "dev", "main.py"))
    with Sandbox(odd, Limits()) as box:
        assert box.compile([SourceFile(PY3.source_name, b"print('hi')\n")]).ok
        refused = box.run(b"")
        assert refused.outcome is Outcome.FAILED
        assert "unsupported python3 options" in refused.reason
        box.language = PY3
        assert box.run(b"").stdout == b"hi\n"
