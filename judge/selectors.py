from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import Http404

from grading.grader import TestData, validator_options
from grading.scoring import CaseResult, GroupInfo, GroupScore, score_groups
from grading.verdicts import Verdict
from judge.models import Language, Status, Submission, TestResult
from judge.permissions import submissions_visible_q
from problems.models import Problem, ProblemType
from problems.selectors import problem_test_groups, problem_tests
from problems.storage import blob_get
from sandbox.types import Limits


def language_list() -> QuerySet[Language]:
    return Language.objects.filter(is_enabled=True)


def submission_list(*, user: User | AnonymousUser) -> QuerySet[Submission]:
    submissions = Submission.objects.select_related("problem", "language", "user")
    visible = submissions_visible_q(user)
    return submissions.none() if visible is None else submissions.filter(visible)


def access_submission(*, user: User | AnonymousUser, submission_id: int) -> Submission:
    """A submission its owner, the jury or the problem's authors may see; anyone else gets a 404, not a
    hint it exists."""
    submission = submission_list(user=user).filter(pk=submission_id).first()
    if submission is None:
        raise Http404("No such submission")
    return submission


def submission_rejudge_list(
    *, problem_slug: str | None = None, language_key: str | None = None, verdict: str | None = None
) -> QuerySet[Submission]:
    submissions = Submission.objects.all()
    if problem_slug:
        submissions = submissions.filter(problem__slug=problem_slug)
    if language_key:
        submissions = submissions.filter(language__key=language_key)
    if verdict:
        submissions = submissions.filter(verdict=verdict)
    return submissions.order_by("id")


def problem_judging_data(*, problem: Problem) -> tuple[list[TestData], list[GroupInfo]]:
    """A problem's tests in judging order, each with its group and validator flags (its input and
    answer read from storage when it is judged), and its groups."""
    groups = problem_test_groups(problem=problem)
    by_id = {g.pk: g for g in groups}
    tests = []
    for index, case in enumerate(problem_tests(problem=problem), start=1):
        group = by_id.get(case.group_id) if case.group_id else None
        flags = group.validator_flags if group else problem.validator_flags
        if case.validator_args is not None:
            flags = " ".join(case.validator_args)
        tests.append(
            TestData(
                index=index,
                options=validator_options(problem.validation, flags),
                group=group.name if group else "",
                is_sample=case.is_sample,
                args=tuple(case.args),
                validator_args=None if case.validator_args is None else tuple(case.validator_args),
                # Read from storage as the test is judged, not all of them up front.
                load=partial(_test_files, case.input_sha256, case.answer_sha256),
            )
        )
    infos = [GroupInfo(g.name, g.is_sample, g.points, g.aggregation) for g in groups]
    return tests, infos


def _test_files(input_sha256: str, answer_sha256: str) -> tuple[bytes, bytes]:
    return blob_get(input_sha256), blob_get(answer_sha256)


def problem_limits(problem: Problem) -> Limits:
    return Limits(
        time_ms=problem.time_limit_ms,
        memory_kb=problem.memory_limit_kb,
        output_bytes=problem.output_limit_kb * 1024,
    )


DEFAULT_LANGUAGE_KEY = "py3"


def preferred_language_key(*, user: User | AnonymousUser) -> str:
    """The language of the user's latest submission, so the form opens where they left off."""
    if user.is_authenticated:
        latest = Submission.objects.filter(user=user).order_by("-id").values_list("language__key", flat=True)
        if latest:
            return latest[0]
    return DEFAULT_LANGUAGE_KEY


def submission_group_scores(*, submission: Submission) -> list[GroupScore]:
    """Per-group scores of a scoring problem's finished submission, from its stored test results
    (tests in judging order); empty for pass-fail problems."""
    problem = submission.problem
    if problem.problem_type != ProblemType.SCORING:
        return []
    groups = problem_test_groups(problem=problem)
    by_id = {g.pk: g.name for g in groups}
    group_of = {
        index: by_id.get(case.group_id, "") if case.group_id else ""
        for index, case in enumerate(problem_tests(problem=problem), start=1)
    }
    cases = [
        (group_of.get(result.index, ""), CaseResult(Verdict(result.verdict)))
        for result in submission.results.all()
    ]
    infos = [GroupInfo(g.name, g.is_sample, g.points, g.aggregation) for g in groups]
    return list(score_groups(infos, cases).groups.values())


# Contest submissions are linked from the contests app (ContestSubmission.submission, related name
# "contest_entry"); the judge app reads the link by name only and never imports the contests app.
CONTEST_SLUG = "contest_entry__contest__slug"
CONTEST_TITLE = "contest_entry__contest__title"


def submission_filter(
    submissions: QuerySet[Submission],
    *,
    problem: str = "",
    verdict: str = "",
    language: str = "",
    contest: str = "",
) -> QuerySet[Submission]:
    """The submissions narrowed by a problem (slug or words of its title), a verdict, a language and a
    contest (its slug)."""
    if contest:
        submissions = submissions.filter(**{CONTEST_SLUG: contest})
    if problem:
        submissions = submissions.filter(Q(problem__slug=problem) | Q(problem__title__icontains=problem))
    if verdict:
        submissions = submissions.filter(verdict=verdict)
    if language:
        submissions = submissions.filter(language__key=language)
    return submissions


def submission_contests(submissions: QuerySet[Submission]) -> list[tuple[str, str]]:
    """(slug, title) of the contests these submissions were made in, by title."""
    rows = (
        submissions.filter(contest_entry__isnull=False)
        .order_by()
        .values_list(CONTEST_SLUG, CONTEST_TITLE)
        .distinct()
    )
    return sorted(rows, key=lambda row: (row[1], row[0]))


def submission_queue(*, limit: int = 50) -> list[Submission]:
    """The staff's live queue: what waits or is being judged, then the latest finished."""
    base = Submission.objects.select_related("problem", "language", "user").defer(
        "source", "compile_output", "error"
    )
    pending = list(base.filter(status__in=[Status.QUEUED, Status.JUDGING]).order_by("id")[:limit])
    done = list(base.filter(status=Status.DONE).order_by("-id")[: max(0, limit - len(pending))])
    return pending + done


@dataclass(frozen=True)
class FailedSample:
    index: int
    verdict_label: str
    input: str
    expected: str
    received: str


def submission_failed_samples(*, submission: Submission, results: list[TestResult]) -> list[FailedSample]:
    """The failed tests that are samples, with their public data and what the program printed.
    Hidden tests never appear here, whatever their verdict."""
    failed = [r for r in results if r.verdict not in (Verdict.AC.value, Verdict.SK.value)]
    if not failed:
        return []
    cases = {i: c for i, c in enumerate(problem_tests(problem=submission.problem), start=1)}
    samples = []
    for result in failed:
        case = cases.get(result.index)
        if case is None or not case.is_sample:
            continue
        samples.append(
            FailedSample(
                result.index,
                result.verdict_label,
                blob_get(case.input_sha256).decode(errors="replace"),
                blob_get(case.answer_sha256).decode(errors="replace"),
                result.output,
            )
        )
    return samples
