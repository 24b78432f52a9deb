"""Output validators written by problem authors: which program to run, how to call it, and what its
exit means. Plain values only; grading.checking.validators and .interactive run the programs.

Two conventions are understood:

* Kattis (`validator input answer feedback_dir [flags] < team_output`): exit 42 accepts, 43
  rejects, anything else is a judge error. `judgemessage.txt` in the feedback directory is for
  staff, `teammessage.txt` may be shown to the contestant.
* testlib (`checker input output answer`): exit 0 OK, 1 wrong answer, 2 presentation error (and
  4 "dirt", 8 unexpected end of file, which testlib reports as such) count as wrong answers, 3 is
  the checker's own failure (a judge error), 7 gives points: `quitp` writes `points X ...` on
  stderr, X being the share of the test's credit in [0, 1].
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath

from grading.verdicts import Verdict
from sandbox.languages import Language
from sandbox.languages.programs import ProgramError, prepare_program, program_language, scripted_program
from sandbox.types import EXEC_FILES_DIR, FEEDBACK_DIR, ExecResult, Limits, Outcome, SourceFile

KATTIS_ACCEPTED, KATTIS_REJECTED = 42, 43
TESTLIB_OK, TESTLIB_FAIL, TESTLIB_POINTS = 0, 3, 7
TESTLIB_REJECTED = {1: "wrong answer", 2: "presentation error", 4: "presentation error", 8: "unexpected eof"}
JUDGE_MESSAGE, TEAM_MESSAGE, JUDGE_ERROR = "judgemessage.txt", "teammessage.txt", "judgeerror.txt"
# Scoring problems: the test case's score (legacy), or its share of the maximum (2023-07 and later).
SCORE, SCORE_MULTIPLIER = "score.txt", "score_multiplier.txt"
FEEDBACK_FILES = (JUDGE_MESSAGE, TEAM_MESSAGE, JUDGE_ERROR, SCORE, SCORE_MULTIPLIER)
# The files an output validator gets, inside its container.
INPUT, ANSWER, TEAM_OUTPUT = "input", "answer", "team_output"
# Messages end up in the database and on pages: keep them readable.
MESSAGE_CHARS = 2000
# What an output validator may use per test; the interactor's wall clock follows the submission's.
CHECKER_LIMITS = Limits(time_ms=10_000, memory_kb=512 * 1024, output_bytes=1 << 20, wall_ms=20_000)
# The verdict of a run that did not end well, before any output checking.
OUTCOME_VERDICTS = {
    Outcome.TLE: Verdict.TLE,
    Outcome.MLE: Verdict.MLE,
    Outcome.OLE: Verdict.OLE,
    Outcome.RTE: Verdict.RTE,
    Outcome.FAILED: Verdict.IE,
}
_POINTS = re.compile(rb"^points\s+(\S+)", re.MULTILINE)


class CheckerKind(StrEnum):
    KATTIS = "kattis"
    TESTLIB = "testlib"

    @property
    def label(self) -> str:
        return "Kattis output validator" if self is CheckerKind.KATTIS else "testlib checker"


class CheckerUnavailable(Exception):
    """The problem's checker cannot be run here (a package layout we do not run, or it does not
    compile): a judge error no retry will fix."""


@dataclass(frozen=True)
class CheckerProgram:
    language: Language
    sources: tuple[SourceFile, ...]


@dataclass(frozen=True)
class Checker:
    """How a problem's output is checked: the default validator when `program` is None, else the
    author's program in the `kind` convention, either on the output or interactively."""

    program: CheckerProgram | None = None
    kind: CheckerKind = CheckerKind.KATTIS
    interactive: bool = False
    # Validator arguments by test group name; tests outside any group get `flags`.
    group_flags: Mapping[str, str] = field(default_factory=dict)
    flags: str = ""
    # A test case's maximum score by group name, for validators that write score.txt.
    case_max_scores: Mapping[str, float] = field(default_factory=dict)
    # Multi-pass problems: how many times the submission may run on one test (1: an ordinary problem).
    passes: int = 1

    def args_for(self, group: str) -> list[str]:
        return self.group_flags.get(group, self.flags).split()

    def case_max(self, group: str) -> float | None:
        return self.case_max_scores.get(group)


DEFAULT_CHECKER = Checker()


@dataclass(frozen=True)
class Judged:
    """What a checker made of one test: AC, WA or IE, with its messages and partial credit."""

    verdict: Verdict
    message: str = ""
    team_message: str = ""
    score: float | None = None


# --- programs ---------------------------------------------------------------------------------


def program_root(path: str) -> str:
    """The program a package file belongs to: `dir/<name>` in a directory of programs, except in
    the 2025-09 `output_validator/`, which holds a single one."""
    parts = path.split("/")
    return parts[0] if parts[0] == "output_validator" else "/".join(parts[:2])


def program_sources(root: str, paths: Sequence[str], read: Callable[[str], bytes]) -> CheckerProgram:
    """The program at `root`: a single file, or a directory of files (its sources, headers such as
    testlib.h, helper modules, or `build`/`run` scripts), flattened into the sandbox's directory."""
    files: dict[str, bytes] = {}
    for path in paths:
        if path != root and not path.startswith(f"{root}/"):
            continue
        name = PurePosixPath(path).name
        if name in files:
            raise CheckerUnavailable(f"two files named {name} in {root}")
        files[name] = read(path)
    try:
        language = program_language(sorted(files))
        if language is None:
            program = scripted_program(None, [SourceFile(n, c) for n, c in files.items()])
        else:
            sources = [SourceFile(n, c) for n, c in files.items()]
            program = prepare_program(language, sources, hint=PurePosixPath(root).name)
    except ProgramError as exc:
        raise CheckerUnavailable(str(exc)) from None
    return CheckerProgram(program.language, program.sources)


def output_validator_program(paths: Sequence[str], read: Callable[[str], bytes]) -> CheckerProgram:
    """The output validator among a package's `output_validator(s)/` files; Kattis allows several,
    run one after the other, which is not supported here."""
    roots = sorted({program_root(p) for p in paths})
    if len(roots) != 1:
        raise CheckerUnavailable(f"needs exactly one output validator program, found {len(roots)}")
    try:
        return program_sources(roots[0], paths, read)
    except CheckerUnavailable as exc:
        raise CheckerUnavailable(f"output validator {roots[0]}: {exc}") from exc


# --- calling conventions ----------------------------------------------------------------------


def exec_path(name: str) -> str:
    return f"{EXEC_FILES_DIR}/{name}"


def args_for_kattis(flags: Sequence[str]) -> list[str]:
    # The trailing slash: validators commonly build paths as feedback_dir + "judgemessage.txt".
    return [exec_path(INPUT), exec_path(ANSWER), f"{FEEDBACK_DIR}/", *flags]


def args_for_testlib() -> list[str]:
    return [exec_path(INPUT), exec_path(TEAM_OUTPUT), exec_path(ANSWER)]


# --- what the exit means ----------------------------------------------------------------------


def exit_code(result: ExecResult) -> int | None:
    """The checker's exit code if it ended on its own, else None (killed, out of time or memory)."""
    if result.signal is None and result.outcome in (Outcome.OK, Outcome.RTE):
        return result.exit_code
    return None


def failure(result: ExecResult) -> str:
    """How a checker run went wrong, in words."""
    if result.outcome is Outcome.TLE:
        return "timed out"
    if result.outcome is Outcome.MLE:
        return "ran out of memory"
    if result.outcome is Outcome.OLE:
        return "wrote too much output"
    if result.outcome is Outcome.FAILED:
        return f"could not run: {result.reason}"
    if result.signal:
        return f"was killed by {result.signal}"
    return f"exited with code {result.exit_code}"


def judge_by_kattis(result: ExecResult, case_max: float | None = None) -> Judged:
    """The judgement of a Kattis validator's run; `case_max` turns a score.txt into a share."""
    judge_message = text(result.files.get(JUDGE_MESSAGE, b""))
    team_message = text(result.files.get(TEAM_MESSAGE, b""))
    code = exit_code(result)
    if code == KATTIS_ACCEPTED:
        share = reported_share(result.files, case_max)
        if isinstance(share, str):
            return Judged(Verdict.IE, f"output validator {share}\n{judge_message}".strip())
        return Judged(Verdict.AC, judge_message, team_message, score=share)
    if code == KATTIS_REJECTED:
        return Judged(Verdict.WA, judge_message or "rejected by the output validator", team_message)
    details = [text(result.files.get(JUDGE_ERROR, b"")), judge_message, text(result.stderr[-1000:])]
    message = "\n".join([f"output validator {failure(result)}", *(d for d in details if d)])
    return Judged(Verdict.IE, message[:MESSAGE_CHARS])


def reported_share(files: Mapping[str, bytes], case_max: float | None) -> float | str | None:
    """The share of the test's credit an accepting validator reported in score_multiplier.txt (a share
    in [0, 1]) or score.txt (a score out of `case_max`, ignored where the case is worth nothing or its
    worth is unknown: a sample); None when it reported none; a string saying what is wrong."""
    if SCORE_MULTIPLIER in files and SCORE in files:
        return f"wrote both {SCORE} and {SCORE_MULTIPLIER}"
    for name, maximum in ((SCORE_MULTIPLIER, 1.0), (SCORE, case_max)):
        if name not in files or not maximum:
            continue
        try:
            value = float(files[name].decode(errors="replace").strip())
        except ValueError:
            return f"wrote {name} without a number"
        if not 0 <= value <= maximum:  # also rejects NaN
            return f"wrote {name} outside [0, {maximum:g}]"
        return value / maximum
    return None


def judge_by_testlib(result: ExecResult) -> Judged:
    report = text(result.stderr)
    code = exit_code(result)
    if code == TESTLIB_OK:
        return Judged(Verdict.AC, report)
    if code in TESTLIB_REJECTED:
        return Judged(Verdict.WA, report or TESTLIB_REJECTED[code])
    if code == TESTLIB_POINTS:
        return _points_judgement(result, report)
    message = f"checker {'failed' if code == TESTLIB_FAIL else failure(result)}\n{report}".strip()
    return Judged(Verdict.IE, message[:MESSAGE_CHARS])


def _points_judgement(result: ExecResult, report: str) -> Judged:
    found = _POINTS.search(result.stderr) or _POINTS.search(result.stdout)
    try:
        points = float(found.group(1)) if found else None
    except ValueError:
        points = None
    if points is None or not 0 <= points <= 1:  # also rejects NaN
        return Judged(Verdict.IE, f"checker gave points outside [0, 1]\n{report}"[:MESSAGE_CHARS])
    return Judged(Verdict.AC if points == 1 else Verdict.WA, report, score=points)


def text(data: bytes) -> str:
    # NUL cannot be stored in a PostgreSQL text column.
    return data[:MESSAGE_CHARS].decode(errors="replace").replace("\0", "\ufffd").strip()
