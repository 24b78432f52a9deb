"""Interactive problems: submission and interactor in separate sandboxes, relayed by the host."""

import time
from dataclasses import replace
from pathlib import Path

import pytest

from grading.checking.checkers import Checker, CheckerKind, CheckerProgram, CheckerUnavailable
from grading.grader import TestData, grade
from grading.verdicts import Verdict
from sandbox.languages import get_language
from sandbox.types import Limits, SourceFile

pytestmark = pytest.mark.docker

PY = get_language("py3")
LIMITS = Limits(time_ms=500, memory_kb=128 * 1024)

INTERACTOR = r"""
import sys
secret = int(open(sys.argv[1]).read())
assert open(sys.argv[2]).read() == "ANSWER"
feedback = sys.argv[3]
def finish(code, judge, team=""):
    open(feedback + "judgemessage.txt", "w").write(judge)
    if team:
        open(feedback + "teammessage.txt", "w").write(team)
    sys.exit(code)
for count in range(1, 11):
    line = sys.stdin.readline()
    if not line:
        finish(43, "end of input")
    if line.strip() == "break the judge":
        sys.exit(5)
    guess = int(line)
    if guess == secret:
        print("correct", flush=True)
        finish(42, "found in %d" % count)
    print("lower" if secret < guess else "higher", flush=True)
finish(43, "too many guesses", "ten guesses at most")
"""

# The guess package's accepted submission: one copy of it, used by both suites.
BISECT = (
    Path(__file__).resolve().parents[1] / "problems/packages/guess/submissions/accepted/bisect.py"
).read_text()
COUNT_UP = """
guess = 1
while True:
    print(guess, flush=True)
    if input() == "correct":
        break
    guess += 1
"""
SILENT = "input()\n"
CRASH = "print(500, flush=True)\ninput()\nraise SystemExit(3)\n"
# Eleven wrong guesses at once, then waits forever: the interactor rejects first.
HANGS_AFTER_REJECTION = "import time\nprint('1\\n' * 11, flush=True)\ntime.sleep(60)\n"
BREAKS_THE_JUDGE = "print('break the judge', flush=True)\ninput()\n"


def interactor(source: str = INTERACTOR, kind: CheckerKind = CheckerKind.KATTIS) -> Checker:
    program = CheckerProgram(PY, (SourceFile(PY.source_name, source.encode()),))
    return Checker(program=program, kind=kind, interactive=True)


def interact(source: str, *secrets: int, checker: Checker | None = None, limits: Limits = LIMITS):
    tests = [TestData(index=i, input=b"%d\n" % s, answer=b"ANSWER") for i, s in enumerate(secrets, 1)]
    return grade(
        language=PY,
        source=source,
        tests=tests,
        limits=limits,
        stop_on_failure=False,
        checker=checker or interactor(),
    )


def test_an_interactive_submission_is_accepted():
    result = interact(BISECT, 1, 1000, 333)

    assert [t.verdict for t in result.tests] == [Verdict.AC] * 3
    assert result.tests[1].message == "found in 10"


def test_the_interactor_rejects_with_staff_and_team_messages():
    result = interact(COUNT_UP, 5, 500)

    assert [t.verdict for t in result.tests] == [Verdict.AC, Verdict.WA]
    assert result.tests[1].message == "too many guesses"
    assert result.team_message == "ten guesses at most"


def test_a_submission_that_stops_responding_gets_tle_at_its_wall_limit():
    started = time.monotonic()
    result = interact(SILENT, 5)

    assert result.tests[0].verdict is Verdict.TLE
    # The wall limit is 2 s; the interactor saw end of file and rejected, too late to matter. Without
    # the wall limit, the silent submission would wait for its input forever.
    assert time.monotonic() - started < 60


def test_a_crash_is_a_run_time_error_even_though_the_interactor_rejects_after_it():
    result = interact(CRASH, 5)

    assert result.tests[0].verdict is Verdict.RTE
    assert result.tests[0].exit_code == 3 and "end of input" in result.tests[0].message


def test_a_rejection_first_is_wrong_answer_and_stops_the_submission_at_once():
    # The submission sleeps 60 s after its guesses, under a 40 s wall limit: only being stopped when
    # the interactor rejects ends the test sooner (two sandbox starts take seconds at most, even on a
    # slow or busy machine).
    started = time.monotonic()
    result = interact(HANGS_AFTER_REJECTION, 500, limits=replace(LIMITS, wall_ms=40_000))

    assert result.tests[0].verdict is Verdict.WA
    assert time.monotonic() - started < 20


def test_a_failing_interactor_is_an_internal_error():
    result = interact(BREAKS_THE_JUDGE, 5)

    assert result.tests[0].verdict is Verdict.IE
    assert "exited with code 5" in result.tests[0].message


def test_testlib_interactors_are_refused():
    with pytest.raises(CheckerUnavailable, match="only Kattis interactors"):
        interact(BISECT, 5, checker=interactor(kind=CheckerKind.TESTLIB))
