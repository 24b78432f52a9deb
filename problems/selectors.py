from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import Http404

from grading.checking.checkers import DEFAULT_CHECKER, Checker, CheckerKind, output_validator_program
from grading.scoring import case_max_score
from problems.models import (
    SUBMIT_ANSWER_KEY,
    Problem,
    ProblemFile,
    ProblemSubmission,
    Tag,
    TestCase,
    TestGroup,
    Validation,
    VerificationRun,
)
from problems.permissions import problems_visible_q
from problems.storage import blob_get


@dataclass(frozen=True)
class Sample:
    input: str
    answer: str


def problem_list(*, user: User | AnonymousUser) -> QuerySet[Problem]:
    return Problem.objects.filter(problems_visible_q(user))


def access_problem(*, user: User | AnonymousUser, slug: str) -> Problem:
    """The problem if this user may see it; hidden problems look like missing ones to others."""
    problem = problem_list(user=user).filter(slug=slug).first()
    if problem is None:
        raise Http404("No such problem")
    return problem


def problem_samples(*, problem: Problem) -> list[Sample]:
    cases = problem.test_cases.filter(is_sample=True)
    return [
        Sample(
            blob_get(c.input_sha256).decode(errors="replace"),
            blob_get(c.answer_sha256).decode(errors="replace"),
        )
        for c in cases
    ]


def problem_tests(*, problem: Problem) -> list[TestCase]:
    return list(problem.test_cases.order_by("order"))


def problem_is_submit_answer(*, problem: Problem) -> bool:
    """Its submissions are answer files, not programs (package type `submit-answer`)."""
    return bool((problem.package_metadata or {}).get(SUBMIT_ANSWER_KEY))


def problem_test_names(*, problem: Problem) -> list[str]:
    """Its test cases' names (`secret/1`), in judging order."""
    return [case.name or f"#{case.order}" for case in problem_tests(problem=problem)]


def problem_by_slug(*, slug: str) -> Problem | None:
    return Problem.objects.filter(slug=slug).first()


def problem_test_groups(*, problem: Problem) -> list[TestGroup]:
    return list(problem.test_groups.order_by("order"))


def problem_files(*, problem: Problem) -> list[ProblemFile]:
    return list(problem.files.order_by("path"))


def problem_includes(*, problem: Problem) -> dict[str, bytes]:
    """The package's include/<language>/ files by path: added to every submission in that language."""
    return {
        f.path: blob_get(f.sha256)
        for f in problem.files.filter(kind=ProblemFile.Kind.INCLUDE).order_by("path")
    }


def problem_package_submissions(*, problem: Problem) -> list[ProblemSubmission]:
    return list(problem.package_submissions.order_by("verdict_folder", "filename"))


def problem_authors(*, problem: Problem) -> list[User]:
    return list(problem.authors.order_by("username"))


def problem_attachments(*, problem: Problem) -> list[ProblemFile]:
    return list(problem.files.filter(kind=ProblemFile.Kind.ATTACHMENT).order_by("path"))


def access_attachment(*, user: User | AnonymousUser, slug: str, name: str) -> ProblemFile:
    """An attachment of a problem this user may see; other kinds of files are hidden data."""
    problem = access_problem(user=user, slug=slug)
    attachment = problem.files.filter(kind=ProblemFile.Kind.ATTACHMENT, path=f"attachments/{name}").first()
    if attachment is None:
        raise Http404("No such attachment")
    return attachment


def verification_runs(*, problem: Problem, limit: int = 10) -> list[VerificationRun]:
    return list(problem.verification_runs.select_related("requested_by")[:limit])


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
    groups = problem_test_groups(problem=problem)
    return Checker(
        program=program,
        kind=CheckerKind(problem.checker_kind),
        interactive=problem.validation == Validation.INTERACTIVE,
        group_flags={g.name: g.validator_flags for g in groups},
        flags=problem.validator_flags,
        passes=int(problem.package_metadata.get("validation_passes", 1)),
        case_max_scores={
            g.name: maximum
            for g in groups
            if (maximum := case_max_score(g.points, g.aggregation, g.test_cases.count())) is not None
        },
    )


def problem_search(
    problems: QuerySet[Problem], *, q: str = "", tag: str = "", difficulty: int | None = None
) -> QuerySet[Problem]:
    """The problems whose title or slug contains `q`, with the tag (its slug) and difficulty given."""
    if q:
        problems = problems.filter(Q(title__icontains=q) | Q(slug__icontains=q))
    if tag:
        problems = problems.filter(tags__slug=tag)
    if difficulty:
        problems = problems.filter(difficulty=difficulty)
    return problems


def tag_choices() -> list[tuple[str, str]]:
    return list(Tag.objects.filter(problems__is_visible=True).distinct().values_list("slug", "name"))


def recent_problems(*, user: User | AnonymousUser, limit: int = 5) -> list[Problem]:
    return list(problem_list(user=user).order_by("-created_at", "-id")[:limit])
