"""What an output validator's or interactor's exit means: pure rules, no sandbox."""

import pytest

from grading.checking.checkers import (
    CheckerUnavailable,
    Judged,
    judge_by_kattis,
    judge_by_testlib,
    output_validator_program,
    reported_share,
)
from grading.checking.interactive import Exchange, interaction_judgement
from grading.verdicts import Verdict
from sandbox.types import ExecResult, Outcome


def exited(code: int, stderr: bytes = b"", **files: bytes) -> ExecResult:
    outcome = Outcome.OK if code == 0 else Outcome.RTE
    return ExecResult(outcome, exit_code=code, stderr=stderr, files={f"{k}.txt": v for k, v in files.items()})


TIMED_OUT = ExecResult(Outcome.TLE, signal="SIGKILL")
KILLED = ExecResult(Outcome.RTE, signal="SIGSEGV")


@pytest.mark.parametrize(
    ("result", "verdict", "words"),
    [
        (exited(42, judgemessage=b"ok"), Verdict.AC, "ok"),
        (exited(43), Verdict.WA, "rejected by the output validator"),
        (exited(0), Verdict.IE, "exited with code 0"),
        (exited(1, judgeerror=b"bad answer file"), Verdict.IE, "bad answer file"),
        (TIMED_OUT, Verdict.IE, "timed out"),
        (KILLED, Verdict.IE, "killed by SIGSEGV"),
        (ExecResult(Outcome.MLE, exit_code=42), Verdict.IE, "ran out of memory"),
    ],
)
def test_kattis_exit_codes(result, verdict, words):
    judged = judge_by_kattis(result)
    assert judged.verdict is verdict and words in judged.message


def test_kattis_messages_are_text_without_nul():
    judged = judge_by_kattis(exited(43, judgemessage=b"a\0b\xff", teammessage=b"  hint \n"))
    assert judged.message == "a\ufffdb\ufffd" and judged.team_message == "hint"


@pytest.mark.parametrize(
    ("result", "verdict", "score"),
    [
        (exited(0, b"ok fine"), Verdict.AC, None),
        (exited(1, b"wrong answer 3 != 4"), Verdict.WA, None),
        (exited(2), Verdict.WA, None),
        (exited(4), Verdict.WA, None),
        (exited(8), Verdict.WA, None),
        (exited(3, b"FAIL broken answer"), Verdict.IE, None),
        (exited(7, b"points 0.25 a quarter"), Verdict.WA, 0.25),
        (exited(7, b"points 1"), Verdict.AC, 1.0),
        (exited(7, b"points nan"), Verdict.IE, None),
        (exited(7, b"points -1"), Verdict.IE, None),
        (exited(7, b"partially correct"), Verdict.IE, None),
        (exited(5), Verdict.IE, None),
        (TIMED_OUT, Verdict.IE, None),
    ],
)
def test_testlib_exit_codes(result, verdict, score):
    judged = judge_by_testlib(result)
    assert (judged.verdict, judged.score) == (verdict, score)


SUBMISSION_OK = ExecResult(Outcome.OK, exit_code=0)
SUBMISSION_TLE = ExecResult(Outcome.TLE, signal="SIGKILL")
SUBMISSION_RTE = ExecResult(Outcome.RTE, exit_code=1)
STOPPED = ExecResult(Outcome.RTE, signal="SIGKILL", reason="stopped by the host")


@pytest.mark.parametrize(
    ("interactor", "interactor_first", "submission", "verdict"),
    [
        (exited(42), True, SUBMISSION_OK, Verdict.AC),
        (exited(42), False, SUBMISSION_OK, Verdict.AC),
        (exited(43), False, SUBMISSION_OK, Verdict.WA),
        # Rejected first: WA whatever became of the submission.
        (exited(43), True, STOPPED, Verdict.WA),
        (exited(43), True, SUBMISSION_TLE, Verdict.WA),
        # The submission failed first: its own verdict, even if the interactor then rejected.
        (exited(43), False, SUBMISSION_RTE, Verdict.RTE),
        (exited(43), False, SUBMISSION_TLE, Verdict.TLE),
        (exited(42), True, SUBMISSION_TLE, Verdict.TLE),
        (exited(42), False, ExecResult(Outcome.MLE), Verdict.MLE),
        # A failing interactor is the judge's problem, whatever the submission did.
        (exited(1), True, SUBMISSION_OK, Verdict.IE),
        (TIMED_OUT, False, SUBMISSION_TLE, Verdict.IE),
    ],
)
def test_interactive_verdict_rules(interactor, interactor_first, submission, verdict):
    judged = interaction_judgement(Exchange(submission, interactor, interactor_first))
    assert judged.verdict is verdict


def test_output_validator_with_build_and_run_scripts():
    files = {
        "output_validator/build": b"g++ -o v v.cc",
        "output_validator/run": b"./v",
        "output_validator/v.cc": b"",
    }
    program = output_validator_program(sorted(files), files.__getitem__)
    assert (program.language.compile, program.language.run) == (("bash", "build"), ("bash", "run"))
    assert {f.name for f in program.sources} == {"build", "run", "v.cc"}


def test_output_validator_of_several_files_in_one_language():
    files = {
        "output_validators/chk/chk.cpp": b"",
        "output_validators/chk/util.cpp": b"",
        "output_validators/chk/testlib.h": b"",
    }
    program = output_validator_program(sorted(files), files.__getitem__)
    assert program.language.key == "cpp17"
    assert [f.name for f in program.sources] == ["chk.cpp", "testlib.h", "util.cpp"]
    assert program.language.compile is not None and program.language.compile[-2:] == ("chk.cpp", "util.cpp")
    mixed = {"output_validator/a.py": b"", "output_validator/b.java": b""}
    with pytest.raises(CheckerUnavailable, match="cannot tell the program's language"):
        output_validator_program(sorted(mixed), mixed.__getitem__)


def test_only_one_output_validator_program_is_run():
    read = {"output_validators/a/a.py": b"", "output_validators/b.py": b""}.__getitem__
    with pytest.raises(CheckerUnavailable, match="exactly one output validator program, found 2"):
        output_validator_program(["output_validators/a/a.py", "output_validators/b.py"], read)
    with pytest.raises(CheckerUnavailable, match="found 0"):
        output_validator_program([], read)


@pytest.mark.parametrize(
    ("files", "case_max", "share"),
    [
        ({}, None, None),
        ({"score_multiplier.txt": b"0.25\n"}, None, 0.25),
        ({"score_multiplier.txt": b"1"}, 10.0, 1.0),
        ({"score.txt": b"3"}, 4.0, 0.75),
        ({"score.txt": b"50"}, None, None),
        ({"score.txt": b"50"}, 0.0, None),
        ({"score.txt": b"12"}, 4.0, "wrote score.txt outside [0, 4]"),
        ({"score_multiplier.txt": b"1.5"}, None, "wrote score_multiplier.txt outside [0, 1]"),
        ({"score_multiplier.txt": b"nan"}, None, "wrote score_multiplier.txt outside [0, 1]"),
        ({"score.txt": b"many"}, 4.0, "wrote score.txt without a number"),
        (
            {"score.txt": b"1", "score_multiplier.txt": b"1"},
            4.0,
            "wrote both score.txt and score_multiplier.txt",
        ),
    ],
)
def test_score_files_of_an_output_validator(files, case_max, share):
    assert reported_share(files, case_max) == share


def test_score_file_gives_an_accepted_case_its_share():
    accepted = ExecResult(Outcome.RTE, exit_code=42, files={"score.txt": b"30"})
    assert judge_by_kattis(accepted, case_max=40.0) == Judged(Verdict.AC, score=0.75)
    rejected = ExecResult(Outcome.RTE, exit_code=43, files={"score.txt": b"30"})
    assert judge_by_kattis(rejected, case_max=40.0).score is None
    assert (
        judge_by_kattis(ExecResult(Outcome.RTE, exit_code=42, files={"score.txt": b"50"}), 40.0).verdict
        is Verdict.IE
    )
