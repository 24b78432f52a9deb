"""How a submission is graded: a program compiled and run on every test, or, for a submit-answer
problem, its answer files checked with the problem's output validator (nothing is run)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from common.sandboxing import sandbox_config
from grading.answers import AnswerLayoutError, answers_by_test, decode_answers, grade_answers
from grading.checking.checkers import Checker
from grading.grader import GradeResult, TestData, TestOutcome, grade
from grading.scoring import GroupInfo
from grading.verdicts import Verdict
from judge.models import Language
from judge.selectors import problem_limits
from problems.models import Problem, ProblemType
from problems.packages.programs import with_includes
from problems.selectors import problem_includes, problem_is_submit_answer, problem_test_names
from sandbox.engine import Sandbox
from sandbox.languages import Language as SandboxLanguage
from sandbox.languages import get_language
from sandbox.types import SourceFile

# The pseudo-language of submissions to submit-answer problems: never offered for other problems.
ANSWER_LANGUAGE_KEY = "answer"
ANSWER_LANGUAGE_NAME = "Answer"


def answer_language() -> Language:
    """The pseudo-language row (created disabled, so no language list offers it)."""
    row, _ = Language.objects.get_or_create(
        key=ANSWER_LANGUAGE_KEY, defaults={"name": ANSWER_LANGUAGE_NAME, "is_enabled": False}
    )
    return row


def check_answers(*, problem: Problem, source: str) -> None:
    """Raises AnswerLayoutError unless the submitted text holds one answer per test case."""
    answers_by_test(decode_answers(source), problem_test_names(problem=problem))


def grade_submission(
    *,
    problem: Problem,
    language_key: str,
    source: str,
    tests: Sequence[TestData],
    groups: Sequence[GroupInfo],
    checker: Checker,
    on_test: Callable[[TestOutcome], None],
    on_start: Callable[[Sandbox], None],
) -> GradeResult:
    scoring = problem.problem_type == ProblemType.SCORING
    if problem_is_submit_answer(problem=problem):
        try:
            answers = answers_by_test(decode_answers(source), problem_test_names(problem=problem))
        except AnswerLayoutError as exc:
            return GradeResult(verdict=Verdict.CE, score=0, compile_output=str(exc))
        return grade_answers(
            answers=answers,
            tests=tests,
            checker=checker,
            config=sandbox_config(),
            groups=groups,
            scoring=scoring,
            on_test=on_test,
        )
    language = get_language(language_key)
    return grade(
        language=language,
        source=source,
        files=_with_includes(problem, language, source),
        tests=tests,
        limits=problem_limits(problem),
        config=sandbox_config(),
        on_test=on_test,
        groups=groups,
        on_start=on_start,
        # Scoring problems run every test (IOI style); pass-fail ones stop at the first failure.
        stop_on_failure=not scoring,
        scoring=scoring,
        checker=checker,
    )


def _with_includes(problem: Problem, language: SandboxLanguage, source: str) -> list[SourceFile]:
    """The submission's source and the problem's include files for its language; [] when there are
    none, so the source is judged on its own."""
    include = problem_includes(problem=problem)
    if not include:
        return []
    return with_includes(language, [SourceFile(language.source_name, source.encode())], include)
