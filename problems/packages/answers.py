"""Judging a submit-answer problem's jury submissions: their files are the answers, nothing is run."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from grading.answers import AnswerLayoutError, answers_by_test, grade_answers
from grading.checking.checkers import DEFAULT_CHECKER, Checker
from grading.grader import TestOutcome
from problems.packages.sandboxed import JudgeTest, SubmissionRun, judge_test_data
from sandbox.config import SandboxConfig


def jury_answers(name: str, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """A jury submission's answer files by their path inside it (`secret/1.ans`); a single-file
    submission keeps its own name."""
    prefix = f"{name}/"
    return {(path[len(prefix) :] if path.startswith(prefix) else path): data for path, data in files.items()}


def run_answers(
    *,
    files: Mapping[str, bytes],
    tests: Sequence[JudgeTest],
    validation: str,
    config: SandboxConfig | None = None,
    on_test: Callable[[TestOutcome], None] | None = None,
    checker: Checker = DEFAULT_CHECKER,
) -> SubmissionRun:
    """Every answer checked; a layout error (missing or extra answer) is a compile error, as on the site."""
    try:
        answers = answers_by_test(files, [t.name for t in tests])
    except AnswerLayoutError as exc:
        return SubmissionRun(outcomes=[], compile_output=str(exc), compile_error=True)
    result = grade_answers(
        answers=answers,
        tests=judge_test_data(tests, validation),
        checker=checker,
        config=config,
        on_test=on_test,
    )
    return SubmissionRun(outcomes=result.tests)
