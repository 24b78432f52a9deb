"""Output validators by their conventions (Kattis exit codes and feedback files, testlib exit codes
and points), judged against a fake sandbox: the submission's runs and the validator's are canned."""

import pytest

from grading import grader
from grading.checking.checkers import (
    ANSWER,
    INPUT,
    JUDGE_MESSAGE,
    TEAM_MESSAGE,
    TEAM_OUTPUT,
    Checker,
    CheckerKind,
    CheckerProgram,
    CheckerUnavailable,
)
from grading.grader import grade
from grading.verdicts import Verdict
from sandbox.fake import CannedRun, FakeRun, fake_sandboxes
from sandbox.languages import get_language
from sandbox.types import CompileResult, Limits, Outcome, SourceFile

PY3, CPP = get_language("py3"), get_language("cpp17")
LIMITS = Limits(time_ms=1000, memory_kb=64 * 1024)
VALIDATOR = CheckerProgram(CPP, (SourceFile("validator.cpp", b"int main() {}"),))
TESTS = [
    grader.TestData(index=1, input=b"2\n", answer=b"4\n"),
    grader.TestData(index=2, input=b"3\n", answer=b"9\n"),
]


def judge_with(kind: CheckerKind, checker_run, *, flags: str = "", compiled=None):
    """Grade a program that squares its input (wrongly for 3) with a validator whose run
    `checker_run` decides from what it was given."""

    def runs(run: FakeRun) -> CannedRun:
        if run.language == PY3.key:
            n = int(run.stdin)
            return CannedRun(b"4\n" if n == 2 else b"10\n")
        canned: CannedRun = checker_run(run)
        return canned

    factory, record = fake_sandboxes(runs, compiled=compiled)
    checker = Checker(program=VALIDATOR, kind=kind, flags=flags)
    result = grade(
        language=PY3,
        source="print(int(input()) ** 2)",
        tests=TESTS,
        limits=LIMITS,
        checker=checker,
        stop_on_failure=False,
        sandbox=factory,
    )
    return result, record


def kattis(run: FakeRun) -> CannedRun:
    assert run.args[:2] == ("/tmp/files/input", "/tmp/files/answer")
    assert set(run.files) == {INPUT, ANSWER} and JUDGE_MESSAGE in run.collect
    if run.stdin.strip() == run.files[ANSWER].strip():
        return CannedRun(exit_code=42, outcome=Outcome.RTE)
    feedback = {JUDGE_MESSAGE: b"expected " + run.files[ANSWER].strip(), TEAM_MESSAGE: b"not quite"}
    return CannedRun(exit_code=43, outcome=Outcome.RTE, files=feedback)


def test_a_kattis_validator_accepts_with_42_and_rejects_with_43():
    result, record = judge_with(CheckerKind.KATTIS, kattis)
    assert [t.verdict for t in result.tests] == [Verdict.AC, Verdict.WA]
    assert (result.tests[1].message, result.tests[1].team_message) == ("expected 9", "not quite")
    assert result.team_message == "not quite"
    assert record.started == 2  # the submission's sandbox and the validator's own


def test_a_kattis_validator_gets_the_groups_flags():
    def flagged(run: FakeRun) -> CannedRun:
        assert run.args[3:] == ("case_sensitive", "space_change_sensitive")
        return CannedRun(exit_code=42, outcome=Outcome.RTE)

    result, _ = judge_with(CheckerKind.KATTIS, flagged, flags="case_sensitive space_change_sensitive")
    assert result.verdict is Verdict.AC


def test_any_other_exit_of_a_kattis_validator_is_a_judge_error():
    result, _ = judge_with(CheckerKind.KATTIS, lambda run: CannedRun(exit_code=1, outcome=Outcome.RTE))
    assert [t.verdict for t in result.tests] == [Verdict.IE, Verdict.IE]
    assert result.verdict is Verdict.IE


def test_a_testlib_checker_reads_files_and_gives_points():
    def testlib(run: FakeRun) -> CannedRun:
        assert set(run.files) == {INPUT, ANSWER, TEAM_OUTPUT} and run.stdin == b""
        if run.files[TEAM_OUTPUT].strip() == run.files[ANSWER].strip():
            return CannedRun(exit_code=0, stderr=b"ok")
        return CannedRun(exit_code=7, outcome=Outcome.RTE, stderr=b"points 0.25 close enough")

    result, _ = judge_with(CheckerKind.TESTLIB, testlib)
    assert [(t.verdict, t.score) for t in result.tests] == [(Verdict.AC, None), (Verdict.WA, 0.25)]
    assert result.score == 62.5  # (1 + 0.25) / 2 of the credit


@pytest.mark.parametrize(("code", "verdict"), [(1, Verdict.WA), (2, Verdict.WA), (3, Verdict.IE)])
def test_testlib_exit_codes(code, verdict):
    result, _ = judge_with(CheckerKind.TESTLIB, lambda run: CannedRun(exit_code=code, outcome=Outcome.RTE))
    assert result.tests[0].verdict is verdict


def test_a_validator_that_does_not_compile_cannot_judge():
    def fails_for_the_validator(run: FakeRun) -> CannedRun:
        raise AssertionError("nothing runs")

    with pytest.raises(CheckerUnavailable, match="does not compile"):
        failed = {CPP.key: CompileResult(ok=False, output="error")}
        judge_with(CheckerKind.KATTIS, fails_for_the_validator, compiled=failed)
