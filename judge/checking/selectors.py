from __future__ import annotations

from judge.checking.checkers import (
    DEFAULT_CHECKER,
    Checker,
    CheckerKind,
    output_validator_program,
)
from problems.models import Problem, ProblemFile, Validation
from problems.selectors import problem_files, problem_test_groups
from problems.storage import blob_get


def problem_checker_get(*, problem: Problem) -> Checker:
    """How the problem's output is checked: its stored output validator program, called by its
    convention with each group's flags. Raises CheckerUnavailable if that program cannot be run."""
    if problem.validation == Validation.DEFAULT:
        return DEFAULT_CHECKER
    stored = {
        f.path: f.sha256
        for f in problem_files(problem=problem)
        if f.kind == ProblemFile.Kind.OUTPUT_VALIDATOR
    }
    program = output_validator_program(sorted(stored), lambda path: blob_get(stored[path]))
    return Checker(
        program=program,
        kind=CheckerKind(problem.checker_kind),
        interactive=problem.validation == Validation.INTERACTIVE,
        group_flags={g.name: g.validator_flags for g in problem_test_groups(problem=problem)},
        flags=problem.validator_flags,
    )
