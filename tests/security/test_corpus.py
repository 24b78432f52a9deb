"""Hostile programs against the real sandbox: each must get its expected outcome, and escape nothing.

Each file in `cases/` is one program; its header comments say what must happen:

    expect: tle|rte          allowed outcomes; comma-separated lists give one per run
    stdin: text              one run per stdin line (default: one run with empty input)
    stdout: SAFE             must appear in the stdout of every run that ends OK
    limits: time_ms=500      Limits overrides (of SHORT_LIMITS or FINISH_LIMITS, see below)
    compile: error           the compilation must fail (the output is then checked, not runs)
    compile-output-lacks: A  words the compiler's output must not contain
    fresh: yes               every run in a new sandbox (persistence between submissions)
    runsc-tolerates: tag     BREACH tags that are not escapes under gVisor (its own kernel)

A program reports anything it managed to do that it should not have as a line "BREACH <tag>: ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import docker
import pytest

from sandbox.config import SandboxConfig
from sandbox.engine import MAX_SOURCE_BYTES, Sandbox, check_sources
from sandbox.images import image_tag
from sandbox.languages import get_language
from sandbox.types import COMPILE_OUTPUT_CAP, ExecResult, Limits, SourceFile
from tests.security.host import CANARY, host_changes

pytestmark = pytest.mark.docker

CASES_DIR = Path(__file__).parent / "cases"
LANGUAGES = {".py": "py3", ".c": "c", ".cpp": "cpp17", ".sh": "bash", ".js": "js"}
# Short limits keep the corpus fast where a case is meant to run into them (a case that may end in
# TLE spends its whole limit); the defaults of the judge are far larger.
SHORT_LIMITS = Limits(time_ms=500, wall_ms=1500, memory_kb=64 * 1024, output_bytes=1 << 20)
# A case that must finish (no run may end in TLE) does real work, such as thousands of nested
# directories, whose cost depends on the machine and the runtime (gVisor's file system is far slower).
# It gets CPU and wall limits far above its need, so that only a real hang, never a slower machine,
# can time it out; its checks are the same either way.
FINISH_LIMITS = replace(SHORT_LIMITS, time_ms=10_000, wall_ms=30_000)
HEADER = re.compile(r"^\s*(?:#|//)\s*([a-z-]+):\s*(.*?)\s*$")
BREACH = re.compile(rb"BREACH ([\w-]+)")
STDERR_CAP = 64 * 1024


@dataclass
class Case:
    path: Path
    language: str
    stdins: list[bytes] = field(default_factory=list)
    expect: list[set[str]] = field(default_factory=list)
    stdout: list[str] = field(default_factory=list)
    limits: Limits = SHORT_LIMITS
    compile_fails: bool = False
    compile_output_lacks: list[str] = field(default_factory=list)
    fresh: bool = False
    runsc_tolerates: set[str] = field(default_factory=set)

    def expected(self, run: int) -> set[str]:
        return self.expect[run] if len(self.expect) > 1 else self.expect[0]


def load_case(path: Path) -> Case:
    case = Case(path, LANGUAGES[path.suffix])
    headers = [m.groups() for m in map(HEADER.match, path.read_text().splitlines()[:12]) if m]
    for key, value in headers:
        if key != "limits":
            apply_header(case, key, value)
    case.stdins = case.stdins or [b""]
    case.expect = case.expect or [{"ok"}]
    if not any("tle" in expected for expected in case.expect):
        case.limits = FINISH_LIMITS
    for key, value in headers:
        if key == "limits":
            apply_header(case, key, value)
    return case


def apply_header(case: Case, key: str, value: str) -> None:
    if key == "expect":
        case.expect = [set(part.strip().split("|")) for part in value.split(",")]
    elif key == "stdin":
        case.stdins.append(value.encode() + b"\n")
    elif key == "stdout":
        case.stdout.append(value)
    elif key == "limits":
        overrides = {k: int(v) for k, v in (item.split("=") for item in value.split())}
        case.limits = replace(case.limits, **overrides)
    elif key == "compile":
        case.compile_fails = value == "error"
    elif key == "compile-output-lacks":
        case.compile_output_lacks = value.split()
    elif key == "fresh":
        case.fresh = value == "yes"
    elif key == "runsc-tolerates":
        case.runsc_tolerates = set(value.split())


CASES = [load_case(path) for path in sorted(CASES_DIR.iterdir()) if path.suffix in LANGUAGES]


def image_available(language: str) -> bool:
    try:
        docker.from_env().images.get(image_tag(get_language(language).image))
    except docker.errors.ImageNotFound:
        return False
    return True


def run_case(case: Case, config: SandboxConfig) -> tuple[str, list[ExecResult]]:
    """Compile once and run every stdin (in one sandbox, or a fresh one per run); compiler output too."""
    language = get_language(case.language)
    source = [SourceFile(language.source_name, case.path.read_bytes())]
    results: list[ExecResult] = []
    batches = [[stdin] for stdin in case.stdins] if case.fresh else [case.stdins]
    for batch in batches:
        with Sandbox(language, case.limits, config) as box:
            compiled = box.compile(source)
            if not compiled.ok:
                return compiled.output, results
            results += [box.run(stdin) for stdin in batch]
    return compiled.output, results


def breaches(case: Case, result: ExecResult, config: SandboxConfig) -> list[str]:
    tolerated = case.runsc_tolerates if config.runtime == "runsc" else set()
    found = [tag.decode() for tag in BREACH.findall(result.stdout + result.stderr)]
    return [tag for tag in found if tag not in tolerated]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.path.name)
def test_hostile_program(case: Case, host_state) -> None:
    if not image_available(case.language):
        pytest.skip(f"no image for {case.language}")
    config = SandboxConfig()
    output, results = run_case(case, config)
    if case.compile_fails:
        assert not results, f"compiled although it must not: {output[:500]}"
        assert len(output) <= COMPILE_OUTPUT_CAP + 200
        assert not [word for word in case.compile_output_lacks if word in output]
        return
    assert len(results) == len(case.stdins), f"compilation failed: {output[:500]}"
    for run, result in enumerate(results):
        detail = f"run {run}: {result.outcome} {result.summary} {result.reason}\n{result.stdout[-2000:]!r}"
        assert result.outcome.value in case.expected(run), detail
        assert not breaches(case, result, config), detail
        assert CANARY.encode() not in result.stdout + result.stderr
        assert len(result.stdout) <= case.limits.output_bytes
        assert len(result.stderr) <= STDERR_CAP
        if result.outcome.value == "ok":
            assert all(marker.encode() in result.stdout for marker in case.stdout), detail


def test_the_corpus_is_broad_enough() -> None:
    assert len(CASES) >= 30
    assert len({case.language for case in CASES}) >= 4


def test_huge_source_is_rejected_before_reaching_a_container(host_state) -> None:
    language = get_language("py3")
    huge = [SourceFile(language.source_name, b"#" * (MAX_SOURCE_BYTES + 1))]
    assert "too large" in check_sources(huge)
    with Sandbox(language, SHORT_LIMITS) as box:
        sent = []
        assert box.channel is not None
        box.channel.send = lambda header, payload=b"": sent.append(header)  # type: ignore[method-assign]
        result = box.compile(huge)
    assert not result.ok and "too large" in result.output
    assert sent == []


def test_zz_the_host_is_unchanged_after_the_corpus(host_state) -> None:
    # Named to run last in this module; the session fixture repeats the check at teardown.
    assert host_changes(host_state) == []


def test_only_cases_that_may_time_out_get_the_short_limits() -> None:
    by_name = {case.path.name: case for case in CASES}
    assert by_name["busy_loop.py"].limits == SHORT_LIMITS
    assert by_name["find_testdata.sh"].limits == SHORT_LIMITS  # ok|tle: it may spend its limit
    assert by_name["persistence_deep_dirs.py"].limits == FINISH_LIMITS
    assert by_name["escape_fs.js"].limits == replace(FINISH_LIMITS, memory_kb=262144)
