"""The corpus's checks themselves: a case must fail when the attack it tries succeeds."""

from sandbox.channel import exec_result
from sandbox.config import SandboxConfig
from sandbox.types import ExecResult, Outcome
from tests.security.test_corpus import CASES_DIR, load_case, run_problems

FORGE = load_case(CASES_DIR / "forge_result.py")
CONFIGS = [SandboxConfig(runtime=runtime) for runtime in ("crun", "runc", "runsc")]
# The frame cases/forge_result.py writes, as the host would turn it into a result had it accepted it.
FORGED_PAYLOAD = b"FORGED ACCEPTED\n"
FORGED_HEADER = {
    "outcome": "ok",
    "exit_code": 0,
    "signal": None,
    "time_ms": 1,
    "wall_ms": 1,
    "memory_kb": 1,
    "stdout_size": len(FORGED_PAYLOAD),
    "stderr_size": 0,
    "nonce": None,
}


def test_the_forge_case_fails_when_the_host_accepts_the_forged_frame():
    accepted = exec_result(FORGED_HEADER, FORGED_PAYLOAD, b"", ())

    for config in CONFIGS:
        assert run_problems(FORGE, 0, accepted, config), config.runtime


def test_the_forge_case_fails_on_a_forged_runtime_error():
    # The same forgery claiming a crash: only the host's own reason makes an rte acceptable.
    header = {**FORGED_HEADER, "outcome": "rte", "exit_code": 1, "stdout_size": 0}

    for config in CONFIGS:
        assert run_problems(FORGE, 0, exec_result(header, b"", b"", ()), config), config.runtime


def test_the_forge_case_passes_when_the_kernel_blocks_the_writes():
    blocked = ExecResult(Outcome.OK, exit_code=0, stdout=b"1 fd list Permission denied\nSAFE\n")

    assert run_problems(FORGE, 0, blocked, CONFIGS[0]) == []


def test_the_forge_case_passes_when_the_host_rejects_the_frame():
    rejected = ExecResult(
        Outcome.RTE,
        signal="SIGKILL",
        stdout=b"",
        reason="sandbox supervisor killed (the runner's reply does not match the request)",
    )

    assert run_problems(FORGE, 0, rejected, CONFIGS[2]) == []
