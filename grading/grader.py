"""Grading a source against tests through the sandbox: no database, so the CLI and workers share it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from grading.checking.checkers import DEFAULT_CHECKER, OUTCOME_VERDICTS, Checker, Judged
from grading.checking.default_validator import DEFAULT, ValidatorOptions, compare, parse_validator_flags
from grading.checking.interactive import Interactor
from grading.checking.multipass import run_passes
from grading.checking.validators import OutputChecker, SandboxFactory
from grading.scoring import (
    CaseResult,
    GroupInfo,
    case_fraction,
    final_verdict,
    score_groups,
)
from grading.verdicts import Verdict
from sandbox.config import SandboxConfig
from sandbox.engine import Sandbox
from sandbox.languages import Language
from sandbox.languages.programs import ProgramError, prepare_program
from sandbox.types import ExecResult, Limits, Outcome, SourceFile


@dataclass(frozen=True)
class TestData:
    index: int
    input: bytes = b""
    answer: bytes = b""
    # The default validator's flags for this test (they can differ between test groups).
    options: ValidatorOptions = DEFAULT
    group: str = ""
    # Sample tests are public: a failed one keeps the program's output to show beside the answer.
    is_sample: bool = False
    # Command-line arguments for the submission on this test, and for the author's output validator
    # in place of its group's (None: the group's).
    args: tuple[str, ...] = ()
    validator_args: tuple[str, ...] | None = None
    # Reads (input, answer) when given: grade() reads each test's data just before it runs and lets
    # it go after, so that a worker holds one test's data at a time, never a whole problem's.
    load: Callable[[], tuple[bytes, bytes]] | None = field(default=None, compare=False, repr=False)

    def loaded(self) -> TestData:
        """This test with its input and answer in memory."""
        if self.load is None:
            return self
        input_data, answer = self.load()
        return replace(self, input=input_data, answer=answer, load=None)


@dataclass
class TestOutcome:
    index: int
    verdict: Verdict
    time_ms: int = 0
    memory_kb: int = 0
    exit_code: int | None = None
    signal: str = ""
    # For staff: it may quote hidden answers (the default validator's diff, a judgemessage.txt).
    message: str = ""
    # A partial checker's share of the test's credit in [0, 1]; None: by the verdict alone.
    score: float | None = None
    # The output validator's message for the contestant (Kattis teammessage.txt).
    team_message: str = ""
    # The program's output on a failed sample test (its head); empty for every other test.
    output: bytes = b""


@dataclass
class GradeResult:
    verdict: Verdict
    score: float
    compile_output: str = ""
    tests: list[TestOutcome] = field(default_factory=list)

    @property
    def time_ms(self) -> int:
        return max((t.time_ms for t in self.tests), default=0)

    @property
    def memory_kb(self) -> int:
        return max((t.memory_kb for t in self.tests), default=0)

    @property
    def team_message(self) -> str:
        """The validator's message to the contestant on the first test that failed, as on Kattis."""
        failed = next((t for t in self.tests if t.verdict not in (Verdict.AC, Verdict.SK)), None)
        return failed.team_message if failed is not None else ""


def validator_options(validation: str, flags: str) -> ValidatorOptions:
    """The default validator's options for a test's flags; other validations never use them."""
    return parse_validator_flags(flags) if validation == "default" and flags else DEFAULT


def judge_run(test: TestData, result: ExecResult) -> TestOutcome:
    """Turn one sandboxed run into a test verdict; output is checked outside the sandbox."""
    if result.outcome is not Outcome.OK:
        return _outcome(test, result, Judged(OUTCOME_VERDICTS[result.outcome], result.summary))
    judgement = compare(result.stdout, test.answer, test.options)
    return _outcome(test, result, Judged(Verdict.AC if judgement.accepted else Verdict.WA, judgement.message))


def judge_checked(test: TestData, result: ExecResult, check: Callable[[bytes], Judged]) -> TestOutcome:
    """Like judge_run, with the author's output validator deciding about the output."""
    if result.outcome is not Outcome.OK:
        return judge_run(test, result)  # the run's own verdict: its output is never checked
    return _outcome(test, result, check(result.stdout))


# How much of a failed sample's output is kept to show.
SAMPLE_OUTPUT_BYTES = 16 * 1024


def _outcome(test: TestData, result: ExecResult, judged: Judged) -> TestOutcome:
    failed_sample = test.is_sample and judged.verdict is not Verdict.AC
    return TestOutcome(
        index=test.index,
        verdict=judged.verdict,
        time_ms=result.time_ms,
        memory_kb=result.memory_kb,
        exit_code=result.exit_code,
        signal=result.signal or "",
        message=judged.message,
        score=judged.score,
        team_message=judged.team_message,
        output=result.stdout[:SAMPLE_OUTPUT_BYTES] if failed_sample else b"",
    )


PerTest = Callable[[Sandbox, TestData], TestOutcome]


@contextlib.contextmanager
def per_test_judge(
    checker: Checker, limits: Limits, config: SandboxConfig | None, sandbox: SandboxFactory | None = None
) -> Iterator[PerTest]:
    """How each test is run and judged; an author's validator gets a sandbox of its own, here."""
    if checker.program is None:
        yield lambda box, test: judge_run(test, box.run(test.input, args=test.args))
    elif checker.interactive:
        with Interactor(checker, limits, config) as interactor:

            def interact(box: Sandbox, test: TestData) -> TestOutcome:
                result, judged = interactor.run(
                    box,
                    input_data=test.input,
                    answer=test.answer,
                    group=test.group,
                    args=test.args,
                    validator_args=test.validator_args,
                )
                return _outcome(test, result, judged)

            yield interact
    elif checker.passes > 1:
        with OutputChecker(checker, config, sandbox) as output_checker:

            def passes(box: Sandbox, test: TestData) -> TestOutcome:
                result, judged = run_passes(
                    box,
                    output_checker,
                    input_data=test.input,
                    answer=test.answer,
                    group=test.group,
                    args=test.args,
                    validator_args=test.validator_args,
                )
                return _outcome(test, result, judged)

            yield passes
    else:
        with OutputChecker(checker, config, sandbox) as output_checker:

            def check(box: Sandbox, test: TestData) -> TestOutcome:
                def validate(team_output: bytes) -> Judged:
                    return output_checker.check(
                        input_data=test.input,
                        answer=test.answer,
                        team_output=team_output,
                        group=test.group,
                        validator_args=test.validator_args,
                    )

                return judge_checked(test, box.run(test.input, args=test.args), validate)

            yield check


def grade(
    *,
    language: Language,
    source: str,
    tests: Sequence[TestData],
    limits: Limits,
    config: SandboxConfig | None = None,
    stop_on_failure: bool = True,
    on_test: Callable[[TestOutcome], None] | None = None,
    groups: Sequence[GroupInfo] = (),
    on_start: Callable[[Sandbox], None] | None = None,
    checker: Checker = DEFAULT_CHECKER,
    sandbox: SandboxFactory | None = None,
    files: Sequence[SourceFile] = (),
    scoring: bool = False,
) -> GradeResult:
    """Compile once and run every test in one sandbox; later tests are skipped after a failure
    when stop_on_failure is set (ICPC style). An author's output validator or interactor is
    compiled once, after the submission, in a sandbox of its own. Raises SandboxError on
    infrastructure failure and CheckerUnavailable when the validator cannot be run. `sandbox` makes
    the submission's sandbox and an output validator's (Sandbox when None, looked up at call time;
    an interactor always gets a real one). `files`, when given, are the program's files in place of
    `source` (a program of several files). `scoring`: the verdict ignores the sample groups, as
    problemtools does for scoring problems (samples score nothing, so they decide nothing)."""
    try:
        program = prepare_program(language, files or [SourceFile(language.source_name, source.encode())])
    except ProgramError as exc:
        return GradeResult(verdict=Verdict.CE, score=0, compile_output=str(exc))
    with (sandbox or Sandbox)(program.language, limits, config) as box:
        if on_start is not None:
            on_start(box)
        compiled = box.compile(program.sources)
        if not compiled.ok:
            return GradeResult(verdict=Verdict.CE, score=0, compile_output=compiled.output)
        outcomes: list[TestOutcome] = []
        with per_test_judge(checker, limits, config, sandbox) as judge_test:
            for test in tests:
                if stop_on_failure and outcomes and outcomes[-1].verdict is not Verdict.AC:
                    outcome = TestOutcome(index=test.index, verdict=Verdict.SK)
                else:
                    outcome = judge_test(box, test.loaded())
                outcomes.append(outcome)
                if on_test is not None:
                    on_test(outcome)
    score = _score(tests, outcomes, groups)
    # No tests means no evidence: final_verdict gives IE rather than accepting anything.
    verdict = final_verdict(
        verdict_tests(tests, outcomes, groups) if scoring else [t.verdict for t in outcomes]
    )
    return GradeResult(verdict=verdict, score=score, compile_output=compiled.output, tests=outcomes)


def verdict_tests(
    tests: Sequence[TestData], outcomes: Sequence[TestOutcome], groups: Sequence[GroupInfo]
) -> list[Verdict]:
    """The verdicts that decide a scoring submission's verdict: those outside the sample groups (all
    of them when there is nothing else)."""
    samples = {g.name for g in groups if g.is_sample}
    scored = [o.verdict for t, o in zip(tests, outcomes, strict=True) if t.group not in samples]
    return scored or [o.verdict for o in outcomes]


def _score(tests: Sequence[TestData], outcomes: Sequence[TestOutcome], groups: Sequence[GroupInfo]) -> float:
    results = [CaseResult(outcome.verdict, outcome.score) for outcome in outcomes]
    if not groups:
        credit = sum(case_fraction(result) for result in results)
        return round(100 * credit / len(results), 6) if results else 0.0
    return score_groups(groups, [(test.group, r) for test, r in zip(tests, results, strict=True)]).total
