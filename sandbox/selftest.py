"""Language self-tests: compile and run every language's A+B program in a real sandbox.

`check_languages()` is what an operator runs after building the images (and what CI runs): a language
whose image is missing, whose compiler cannot work inside the sandbox's limits, or whose runtime
answers wrongly shows up here rather than on a contestant's submission.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sandbox.config import SandboxConfig
from sandbox.engine import Sandbox
from sandbox.languages import Language, all_languages, get_language
from sandbox.types import Limits, Outcome, SandboxError, SourceFile

SELF_TEST_INPUT = b"2 3\n"
SELF_TEST_ANSWER = "5"
# Generous: the point is whether a language works at all, not how fast the machine is.
SELF_TEST_LIMITS = Limits(time_ms=5000, memory_kb=256 * 1024, wall_ms=20_000)


@dataclass(frozen=True)
class LanguageCheck:
    key: str
    name: str
    version: str
    ok: bool
    message: str
    compile_ms: int = 0
    run_ms: int = 0
    # Peak memory of the self-test run: what the runtime costs before the program does anything.
    memory_kb: int = 0


def _first_line(data: bytes) -> str:
    for line in data.decode(errors="replace").splitlines():
        if line.strip():
            return line.strip()
    return ""


def _snippet(data: bytes, limit: int = 300) -> str:
    text = " ".join(data.decode(errors="replace").split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_language(language: Language, config: SandboxConfig | None = None) -> LanguageCheck:
    """Compile the language's self-test, run it on "2 3", expect "5"; probe the toolchain's version."""
    version, compile_ms, run_ms, memory_kb = "", 0, 0, 0

    def check(ok: bool, message: str) -> LanguageCheck:
        return LanguageCheck(language.key, language.name, version, ok, message, compile_ms, run_ms, memory_kb)

    try:
        with Sandbox(language, SELF_TEST_LIMITS, config) as box:
            compiled = box.compile([SourceFile(language.source_name, language.self_test.encode())])
            compile_ms = compiled.time_ms
            if not compiled.ok:
                return check(False, f"compilation failed: {_snippet(compiled.output.encode())}")
            result = box.run(SELF_TEST_INPUT)
            run_ms, memory_kb = result.time_ms, result.memory_kb
            probe = box.execute(list(language.version))
            version = _first_line(probe.stdout) or _first_line(probe.stderr)
            if probe.outcome is not Outcome.OK:
                version = f"? ({probe.outcome}: {probe.summary})"
    except SandboxError as exc:
        return check(False, f"sandbox error: {exc}")
    if result.outcome is not Outcome.OK:
        detail = _snippet(result.stderr) or result.summary
        return check(False, f"run ended with {result.outcome.value}: {detail}")
    answer = result.stdout.decode(errors="replace").strip()
    if answer != SELF_TEST_ANSWER:
        return check(False, f"expected {SELF_TEST_ANSWER!r}, got {_snippet(result.stdout)!r}")
    return check(True, "ok")


def check_languages(
    config: SandboxConfig | None = None, keys: Iterable[str] | None = None, jobs: int = 1
) -> list[LanguageCheck]:
    """Self-test every registered language (or those in `keys`), `jobs` sandboxes at a time; key order."""
    languages = (
        [get_language(key) for key in sorted(keys)] if keys is not None else list(all_languages().values())
    )
    if jobs <= 1:
        return [check_language(language, config) for language in languages]
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="selftest") as pool:
        return list(pool.map(lambda language: check_language(language, config), languages))


def format_table(checks: Iterable[LanguageCheck]) -> str:
    """A plain-text table of the checks, one language a line; a failure's message comes last."""
    header = ("key", "name", "version", "ok", "compile ms", "run ms", "run KiB", "message")
    rows = [
        (
            c.key,
            c.name,
            c.version,
            "ok" if c.ok else "FAIL",
            str(c.compile_ms),
            str(c.run_ms),
            str(c.memory_kb),
            "" if c.ok else c.message,
        )
        for c in checks
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    numeric = {4, 5, 6}

    def line(cells: tuple[str, ...]) -> str:
        padded = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(cells)
        ]
        return "  ".join(padded).rstrip()

    return "\n".join(line(row) for row in [header, *rows])
