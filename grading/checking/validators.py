"""Running an author's output validator: in a sandbox of its own, never in the submission's, compiled
once per judgement and run once per test.

The test's input and answer and the team's output reach it as files that its runner writes from
bytes sent through the protocol (the team's output is attacker-controlled: it never passes through
a path on the host), and its feedback files come back as bytes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from grading.checking.checkers import (
    ANSWER,
    CHECKER_LIMITS,
    FEEDBACK_FILES,
    INPUT,
    TEAM_OUTPUT,
    Checker,
    CheckerKind,
    CheckerProgram,
    CheckerUnavailable,
    Judged,
    args_for_kattis,
    args_for_testlib,
    judge_by_kattis,
    judge_by_testlib,
)
from grading.checking.state import keeping_feedback
from sandbox.config import SandboxConfig
from sandbox.engine import Sandbox
from sandbox.languages import Language
from sandbox.types import ExecResult, Limits, SourceFile

# The checker's /tmp holds the input, the answer and the team's output (up to the output limit).
CHECKER_SCRATCH_MB = 256
# How a checker's sandbox is made: Sandbox itself, or a fake one (sandbox.fake) in tests.
SandboxFactory = Callable[[Language, Limits, SandboxConfig | None], Sandbox]


def checker_config(config: SandboxConfig | None) -> SandboxConfig:
    base = config or SandboxConfig()
    return dataclasses.replace(base, scratch_mb=max(base.scratch_mb, CHECKER_SCRATCH_MB))


def open_checker_box(
    program: CheckerProgram,
    limits: Limits,
    config: SandboxConfig | None,
    sandbox: SandboxFactory | None = None,
) -> Sandbox:
    """A started sandbox with the checker compiled in it; the caller closes it."""
    box = (sandbox or Sandbox)(program.language, limits, checker_config(config))
    box.start()
    try:
        compiled = box.compile(program.sources)
    except BaseException:
        box.close()
        raise
    if not compiled.ok:
        box.close()
        raise CheckerUnavailable(f"the output validator does not compile:\n{compiled.output[:2000]}")
    return box


class OutputChecker:
    """A compiled output validator, ready to check one test's output after another."""

    def __init__(
        self, checker: Checker, config: SandboxConfig | None, sandbox: SandboxFactory | None = None
    ) -> None:
        assert checker.program is not None
        self.checker = checker
        self.program = keeping_feedback(checker.program) if checker.passes > 1 else checker.program
        self.config = config
        self.sandbox = sandbox
        self.box: Sandbox | None = None

    def __enter__(self) -> OutputChecker:
        self.box = open_checker_box(self.program, CHECKER_LIMITS, self.config, self.sandbox)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.box is not None:
            self.box.close()

    def check(
        self,
        *,
        input_data: bytes,
        answer: bytes,
        team_output: bytes,
        group: str,
        validator_args: Sequence[str] | None = None,
    ) -> Judged:
        assert self.box is not None
        files = [SourceFile(INPUT, input_data), SourceFile(ANSWER, answer)]
        if self.checker.kind is CheckerKind.TESTLIB:
            files.append(SourceFile(TEAM_OUTPUT, team_output))
            return judge_by_testlib(self.box.run(b"", args=args_for_testlib(), files=files))
        result = self.run_kattis(
            input_data=input_data,
            answer=answer,
            team_output=team_output,
            group=group,
            validator_args=validator_args,
        )
        return judge_by_kattis(result, self.checker.case_max(group))

    def run_kattis(
        self,
        *,
        input_data: bytes,
        answer: bytes,
        team_output: bytes,
        group: str,
        validator_args: Sequence[str] | None = None,
        extra: Sequence[SourceFile] = (),
        collect: Sequence[str] = (),
    ) -> ExecResult:
        """One run of a Kattis validator on a team's output, with `extra` files beside the input and
        answer and the feedback files plus `collect` brought back."""
        assert self.box is not None
        files = [SourceFile(INPUT, input_data), SourceFile(ANSWER, answer), *extra]
        args = args_for_kattis(self.checker.args_for(group) if validator_args is None else validator_args)
        return self.box.run(team_output, args=args, files=files, collect=(*FEEDBACK_FILES, *collect))
