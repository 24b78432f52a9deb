"""Multi-pass problems (Kattis): after an accepting run the output validator may write `nextpass.in`,
and the submission runs again on it, up to the problem's number of passes; the last pass decides.
Writing `nextpass.in` in the last allowed pass is the validator's error (a judge error)."""

from __future__ import annotations

from grading.checking.checkers import OUTCOME_VERDICTS, Judged, judge_by_kattis
from grading.checking.state import NEXT_PASS, STATE, pass_files
from grading.checking.validators import OutputChecker
from grading.verdicts import Verdict
from sandbox.engine import Sandbox
from sandbox.types import ExecResult, Outcome


def run_passes(
    box: Sandbox,
    checker: OutputChecker,
    *,
    input_data: bytes,
    answer: bytes,
    group: str,
    args: tuple[str, ...] = (),
    validator_args: tuple[str, ...] | None = None,
) -> tuple[ExecResult, Judged]:
    """The last pass's run and the verdict of the test."""
    stdin, state, passes = input_data, b"", checker.checker.passes
    for number in range(1, passes + 1):
        result = box.run(stdin, args=args)
        if result.outcome is not Outcome.OK:
            return result, Judged(OUTCOME_VERDICTS[result.outcome], f"pass {number}: {result.summary}")
        checked = checker.run_kattis(
            input_data=input_data,
            answer=answer,
            team_output=result.stdout,
            group=group,
            validator_args=validator_args,
            extra=pass_files(state),
            collect=(NEXT_PASS, STATE),
        )
        judged = judge_by_kattis(checked, checker.checker.case_max(group))
        next_input = checked.files.get(NEXT_PASS)
        if next_input is not None and judged.verdict is Verdict.WA:
            return result, Judged(
                Verdict.IE, f"output validator rejected pass {number} and wrote {NEXT_PASS}"
            )
        if judged.verdict is not Verdict.AC or next_input is None:
            return result, judged
        if number == passes:
            return result, Judged(Verdict.IE, f"output validator asked for pass {number + 1} of {passes}")
        stdin, state = next_input, checked.files.get(STATE, b"")
    raise AssertionError("unreachable: a problem has at least one pass")
