"""Grading a source against tests through the sandbox: no database, so the CLI and workers share it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from judge.checking.default_validator import DEFAULT, ValidatorOptions, compare, parse_validator_flags
from judge.scoring import GroupInfo, final_verdict, score_groups
from judge.verdicts import Verdict
from sandbox.config import SandboxConfig
from sandbox.engine import Sandbox
from sandbox.languages import Language
from sandbox.types import ExecResult, Limits, Outcome, SourceFile

OUTCOME_VERDICTS = {
    Outcome.TLE: Verdict.TLE,
    Outcome.MLE: Verdict.MLE,
    Outcome.OLE: Verdict.OLE,
    Outcome.RTE: Verdict.RTE,
    Outcome.FAILED: Verdict.IE,
}


@dataclass(frozen=True)
class TestData:
    index: int
    input: bytes
    answer: bytes
    # The default validator's flags for this test (they can differ between test groups).
    options: ValidatorOptions = DEFAULT
    group: str = ""


@dataclass
class TestOutcome:
    index: int
    verdict: Verdict
    time_ms: int = 0
    memory_kb: int = 0
    exit_code: int | None = None
    signal: str = ""
    message: str = ""


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


def validator_options(validation: str, flags: str) -> ValidatorOptions:
    """The default validator's options for a test's flags; other validations never use them."""
    return parse_validator_flags(flags) if validation == "default" and flags else DEFAULT


def judge_run(test: TestData, result: ExecResult) -> TestOutcome:
    """Turn one sandboxed run into a test verdict; output is checked outside the sandbox."""
    outcome = TestOutcome(
        index=test.index,
        verdict=Verdict.AC,
        time_ms=result.time_ms,
        memory_kb=result.memory_kb,
        exit_code=result.exit_code,
        signal=result.signal or "",
        message=result.summary,
    )
    if result.outcome is not Outcome.OK:
        outcome.verdict = OUTCOME_VERDICTS[result.outcome]
        return outcome
    judgement = compare(result.stdout, test.answer, test.options)
    outcome.verdict = Verdict.AC if judgement.accepted else Verdict.WA
    outcome.message = judgement.message
    return outcome


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
) -> GradeResult:
    """Compile once and run every test in one sandbox; later tests are skipped after a failure
    when stop_on_failure is set (ICPC style). Raises SandboxError on infrastructure failure."""
    with Sandbox(language, limits, config) as box:
        if on_start is not None:
            on_start(box)
        compiled = box.compile([SourceFile(language.source_name, source.encode())])
        if not compiled.ok:
            return GradeResult(verdict=Verdict.CE, score=0, compile_output=compiled.output)
        outcomes: list[TestOutcome] = []
        for test in tests:
            if stop_on_failure and outcomes and outcomes[-1].verdict is not Verdict.AC:
                outcome = TestOutcome(index=test.index, verdict=Verdict.SK)
            else:
                outcome = judge_run(test, box.run(test.input))
            outcomes.append(outcome)
            if on_test is not None:
                on_test(outcome)
    if groups:
        cases = [(test.group, outcome.verdict) for test, outcome in zip(tests, outcomes, strict=True)]
        score = score_groups(groups, cases).total
    else:
        passed = sum(1 for t in outcomes if t.verdict is Verdict.AC)
        score = round(100 * passed / len(outcomes), 6) if outcomes else 0.0
    # No tests means no evidence: final_verdict gives IE rather than accepting anything.
    verdict = final_verdict([t.verdict for t in outcomes])
    return GradeResult(verdict=verdict, score=score, compile_output=compiled.output, tests=outcomes)
