"""What the sandbox measures and enforces: peak memory, CPU time, prompt kills, a resilient runner."""

import pytest

from sandbox.config import SandboxConfig
from sandbox.engine import Sandbox
from sandbox.languages import get_language
from sandbox.types import Limits, Outcome, SourceFile

pytestmark = pytest.mark.docker

HELLO_C = b'#include <stdio.h>\nint main(void){puts("hello");return 0;}\n'
TOUCH_C = b"""#include <stdlib.h>
#include <stdio.h>
int main(void){
    size_t n = (size_t)MB << 20;
    char *p = malloc(n);
    for (size_t i = 0; i < n; i += 4096) p[i] = 1;
    printf("%d\\n", p[n - 4096]);
}
"""
SPIN_C = b"""#include <time.h>
int main(void){while(clock()<CLOCKS_PER_SEC*3/10){}return 0;}
"""


def run_c(source: bytes, limits: Limits, stdin: bytes = b"", defines: tuple[str, ...] = ()):
    language = get_language("c")
    prefix = b"".join(f"#define {d}\n".encode() for d in defines)
    with Sandbox(language, limits) as box:
        assert box.compile([SourceFile(language.source_name, prefix + source)]).ok
        return box.run(stdin)


def test_it_reports_the_memory_of_the_program_not_of_the_runner():
    result = run_c(HELLO_C, Limits())
    assert result.outcome is Outcome.OK
    # gVisor accounts memory its own way (Python's RSS comes out about twice Linux's figure there).
    ceiling = 8192 if SandboxConfig().runtime == "runsc" else 2048
    assert 0 < result.memory_kb < ceiling


def test_it_reports_touched_memory_accurately():
    result = run_c(TOUCH_C, Limits(memory_kb=256 * 1024), defines=("MB 100",))
    assert result.outcome is Outcome.OK
    assert 100 * 1024 <= result.memory_kb < 110 * 1024


def test_it_reports_memory_limit_exceeded_for_c():
    result = run_c(TOUCH_C, Limits(memory_kb=64 * 1024), defines=("MB 200",))
    assert result.outcome is Outcome.MLE


def test_it_measures_cpu_time():
    # SPIN_C spins until it has used 0.3 s of CPU, whatever the machine's speed or load. Its measure
    # is that plus what any program costs to start and exit, which a trivial program shows.
    hello = run_c(HELLO_C, Limits(time_ms=5000, wall_ms=30_000))
    result = run_c(SPIN_C, Limits(time_ms=5000, wall_ms=30_000))
    assert hello.outcome is result.outcome is Outcome.OK
    assert 280 <= result.time_ms <= 300 + hello.time_ms + 150


def test_it_kills_a_spinning_program_soon_after_its_cpu_limit():
    result = run_c(b"int main(void){for(;;){}}\n", Limits(time_ms=300, wall_ms=30_000))
    assert result.outcome is Outcome.TLE
    # Checked every 20 ms rather than at RLIMIT_CPU's whole seconds (which would allow 1,000 ms): a
    # 20 ms poll overshoots by its interval and a scheduling delay, not by hundreds of ms. CPU time
    # does not grow when the machine is slow or busy, only the wall time does.
    assert 300 < result.time_ms < 800
    # Killed for its CPU, long before the wall limit.
    assert result.wall_ms < 15_000


def test_a_leftover_child_does_not_hold_the_run_open():
    source = b"import os, time\nif os.fork() == 0:\n    time.sleep(60)\nprint('parent done')\n"
    language = get_language("py3")
    # A run held open by the child would last until its wall limit and end in TLE.
    with Sandbox(language, Limits(time_ms=5000, wall_ms=30_000)) as box:
        assert box.compile([SourceFile(language.source_name, source)]).ok
        result = box.run(b"")
    assert result.outcome is Outcome.OK and result.stdout == b"parent done\n"
    assert result.wall_ms < 15_000


def test_the_runner_survives_signals_and_kill_of_everything():
    source = (
        b"import os, signal, sys\n"
        b"mode = sys.stdin.read().strip()\n"
        b"if mode == 'signals':\n"
        b"    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1):\n"
        b"        os.kill(1, sig)\n"
        b"elif mode == 'kill':\n"
        b"    os.kill(-1, signal.SIGKILL)\n"
        b"print('alive')\n"
    )
    language = get_language("py3")
    with Sandbox(language, Limits(time_ms=1000)) as box:
        assert box.compile([SourceFile(language.source_name, source)]).ok
        container = box.container_id
        assert box.run(b"signals\n").stdout == b"alive\n"
        assert box.run(b"kill\n").outcome is Outcome.RTE
        assert box.run(b"again\n").stdout == b"alive\n"
        # The runner is PID 1: neither signals nor kill(-1) take it down, so no restart was needed.
        assert box.container_id == container


def test_it_lowers_the_memory_limit_after_compiling():
    config = SandboxConfig()
    if not config.can_update_memory:
        pytest.skip("this runtime cannot change a running container's memory")
    language = get_language("c")
    limits = Limits(memory_kb=64 * 1024)
    with Sandbox(language, limits, config) as box:
        assert box.compile([SourceFile(language.source_name, HELLO_C)]).ok
        expected = (limits.memory_kb + config.effective_runner_allowance_kb) * 1024
        cgroup = f"/sys/fs/cgroup/memory/docker/{box.container_id}"
        for name in ("memory.limit_in_bytes", "memory.memsw.limit_in_bytes"):
            with open(f"{cgroup}/{name}") as f:
                assert int(f.read()) == expected


@pytest.mark.parametrize("size", [0, 100, 65536, 3 << 20])
def test_it_feeds_inputs_of_any_size(size):
    language = get_language("py3")
    source = b"import sys\nprint(len(sys.stdin.buffer.read()))\n"
    with Sandbox(language, Limits(time_ms=2000, wall_ms=5000)) as box:
        assert box.compile([SourceFile(language.source_name, source)]).ok
        assert box.run(b"x" * size).stdout == f"{size}\n".encode()


def test_a_program_that_ignores_a_large_input_is_not_held_up():
    language = get_language("py3")
    # Held up writing an input that nobody reads, the run would last until its wall limit (TLE).
    with Sandbox(language, Limits(time_ms=5000, wall_ms=30_000)) as box:
        assert box.compile([SourceFile(language.source_name, b"print('done')\n")]).ok
        result = box.run(b"y" * (3 << 20))
    assert result.outcome is Outcome.OK and result.stdout == b"done\n"
    assert result.wall_ms < 15_000
