"""grade() against a fake sandbox that replays canned runs: verdicts, stop rules, aggregation and
scores, with no Docker engine."""

import pytest

from grading import grader
from grading.grader import grade
from grading.scoring import GroupInfo
from grading.verdicts import Verdict
from sandbox.fake import CannedRun, fake_sandboxes
from sandbox.languages import get_language
from sandbox.types import CompileResult, Limits, Outcome, SandboxError

PY3 = get_language("py3")
LIMITS = Limits(time_ms=1000, memory_kb=64 * 1024)


def cases(*answers: bytes, groups: tuple[str, ...] = ()) -> list[grader.TestData]:
    return [
        grader.TestData(
            index=i, input=f"in{i}".encode(), answer=answer, group=groups[i - 1] if groups else ""
        )
        for i, answer in enumerate(answers, start=1)
    ]


def by_input(*runs: CannedRun) -> dict[bytes, CannedRun]:
    return {f"in{i}".encode(): run for i, run in enumerate(runs, start=1)}


def run_grade(data, runs, **options):
    factory, record = fake_sandboxes(by_input(*runs), compiled=options.pop("compiled", None))
    result = grade(language=PY3, source="print(1)", tests=data, limits=LIMITS, sandbox=factory, **options)
    return result, record


def test_it_accepts_when_every_output_matches():
    result, record = run_grade(
        cases(b"1\n", b"2\n"), [CannedRun(b"1\n", time_ms=5), CannedRun(b"2", time_ms=9)]
    )
    assert (result.verdict, result.score) == (Verdict.AC, 100)
    assert [t.verdict for t in result.tests] == [Verdict.AC, Verdict.AC]
    assert (result.time_ms, record.started, record.closed) == (9, 1, 1)
    assert record.compiled[0][0].name == PY3.source_name


def test_it_stops_at_the_first_failure_icpc_style():
    result, record = run_grade(
        cases(b"1", b"2", b"3"), [CannedRun(b"1"), CannedRun(b"nope"), CannedRun(b"3")], stop_on_failure=True
    )
    assert [t.verdict for t in result.tests] == [Verdict.AC, Verdict.WA, Verdict.SK]
    assert result.verdict is Verdict.WA
    assert record.inputs == [b"in1", b"in2"]  # the third test never ran


def test_it_runs_every_test_ioi_style_and_scores_by_share():
    result, record = run_grade(
        cases(b"1", b"2", b"3", b"4"),
        [CannedRun(b"1"), CannedRun(b"x"), CannedRun(b"3"), CannedRun(b"4")],
        stop_on_failure=False,
    )
    assert [t.verdict for t in result.tests] == [Verdict.AC, Verdict.WA, Verdict.AC, Verdict.AC]
    assert (result.verdict, result.score) == (Verdict.WA, 75)
    assert len(record.inputs) == 4


@pytest.mark.parametrize(
    ("outcome", "signal", "verdict"),
    [
        (Outcome.TLE, "SIGKILL", Verdict.TLE),
        (Outcome.MLE, "SIGKILL", Verdict.MLE),
        (Outcome.OLE, "SIGXFSZ", Verdict.OLE),
        (Outcome.RTE, "SIGSEGV", Verdict.RTE),
        (Outcome.FAILED, None, Verdict.IE),
    ],
)
def test_a_run_that_did_not_end_well_gets_its_verdict_without_checking(outcome, signal, verdict):
    # The output would match: it is never looked at.
    result, _ = run_grade(cases(b"1"), [CannedRun(b"1", outcome=outcome, signal=signal, exit_code=None)])
    assert result.tests[0].verdict is verdict
    assert result.tests[0].signal == (signal or "")
    assert result.verdict is verdict


def test_a_non_zero_exit_is_reported_with_its_code():
    result, _ = run_grade(cases(b"1"), [CannedRun(b"", outcome=Outcome.RTE, exit_code=3)])
    assert (result.verdict, result.tests[0].exit_code, result.tests[0].message) == (
        Verdict.RTE,
        3,
        "exit code 3",
    )


def test_time_and_memory_are_the_maxima_over_tests():
    result, _ = run_grade(
        cases(b"1", b"2"),
        [CannedRun(b"1", time_ms=40, memory_kb=900), CannedRun(b"2", time_ms=10, memory_kb=5000)],
    )
    assert (result.time_ms, result.memory_kb) == (40, 5000)


def test_a_compile_error_runs_nothing():
    result, record = run_grade(cases(b"1"), [], compiled=CompileResult(ok=False, output="syntax error"))
    assert (result.verdict, result.score, result.compile_output, result.tests) == (
        Verdict.CE,
        0,
        "syntax error",
        [],
    )
    assert record.inputs == [] and record.closed == 1


def test_no_tests_is_no_evidence():
    result, _ = run_grade([], [])
    assert result.verdict is Verdict.IE


def test_groups_score_by_their_aggregation():
    data = cases(b"1", b"2", b"3", b"4", groups=("samples", "a", "b", "b"))
    groups = [
        GroupInfo("samples", True, 0, "min"),
        GroupInfo("a", False, 40, "min"),
        GroupInfo("b", False, 60, "sum"),
    ]
    runs = [CannedRun(b"1"), CannedRun(b"2"), CannedRun(b"3"), CannedRun(b"wrong")]
    result, _ = run_grade(data, runs, groups=groups, stop_on_failure=False)
    assert result.score == 70  # a: 40, b: half of 60


def test_each_outcome_reaches_on_test_in_order():
    seen = []
    run_grade(
        cases(b"1", b"2"),
        [CannedRun(b"1"), CannedRun(b"2")],
        on_test=lambda outcome: seen.append(outcome.index),
    )
    assert seen == [1, 2]


def test_infrastructure_failure_is_raised_not_judged():
    factory, record = fake_sandboxes(by_input(CannedRun(error=SandboxError("runner lost"))))
    with pytest.raises(SandboxError, match="runner lost"):
        grade(language=PY3, source="x", tests=cases(b"1"), limits=LIMITS, sandbox=factory)
    assert record.closed == 1  # the sandbox is closed whatever happens
