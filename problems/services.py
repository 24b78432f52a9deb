from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from redis.exceptions import RedisError

from common.queues import JobKind, QueueName, enqueue
from common.sandboxing import sandbox_config
from problems.models import (
    Aggregation,
    Problem,
    ProblemFile,
    ProblemSubmission,
    ProblemType,
    Tag,
    TestCase,
    TestGroup,
    Validation,
    VerificationRun,
)
from problems.packages.verify import problem_source, verify
from problems.storage import blob_put

if TYPE_CHECKING:
    from django.contrib.auth.models import User

log = logging.getLogger(__name__)


@transaction.atomic
def problem_upsert(
    *,
    slug: str,
    title: str,
    statement: str,
    time_limit_ms: int = 2000,
    memory_limit_kb: int = 256 * 1024,
    output_limit_kb: int = 64 * 1024,
    is_visible: bool = False,
) -> Problem:
    problem = Problem.objects.filter(slug=slug).first() or Problem(slug=slug)
    problem.title = title
    problem.statement = statement
    problem.time_limit_ms = time_limit_ms
    problem.memory_limit_kb = memory_limit_kb
    problem.output_limit_kb = output_limit_kb
    problem.is_visible = is_visible
    problem.full_clean()
    problem.save()
    return problem


@transaction.atomic
def problem_set_labels(*, problem: Problem, tags: list[str], difficulty: int | None) -> Problem:
    """Set the problem's tags (by name; new ones are made) and difficulty."""
    problem.difficulty = difficulty
    problem.full_clean()
    problem.save(update_fields=["difficulty"])
    problem.tags.set(
        [Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in tags]
    )
    return problem


@transaction.atomic
def problem_set_tests(*, problem: Problem, cases: list[tuple[bytes, bytes, bool]]) -> list[TestCase]:
    """Replace a problem's tests with (input, answer, is_sample) triples, in order, outside any group."""
    problem.test_cases.all().delete()
    problem.test_groups.all().delete()
    created = []
    for order, (input_data, answer, is_sample) in enumerate(cases, start=1):
        case = TestCase(
            problem=problem,
            order=order,
            input_sha256=blob_put(input_data),
            answer_sha256=blob_put(answer),
            is_sample=is_sample,
        )
        case.full_clean()
        case.save()
        created.append(case)
    return created


# --- package import and test data uploads ------------------------------------------------------
# Blobs are written before these run, so a failure leaves at most unreferenced blobs behind.


@dataclass(frozen=True)
class StoredCase:
    name: str
    input_sha256: str
    answer_sha256: str
    is_sample: bool
    args: Sequence[str] = ()
    validator_args: Sequence[str] | None = None


@dataclass(frozen=True)
class StoredGroup:
    name: str
    is_sample: bool
    cases: Sequence[StoredCase]
    points: float | None = None
    aggregation: str = Aggregation.PASS_FAIL
    validator_flags: str = ""
    input_validator_args: list[str] | dict[str, list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class StoredFile:
    kind: str
    path: str
    sha256: str


@dataclass(frozen=True)
class StoredSubmission:
    verdict_folder: str
    filename: str
    sha256: str


@dataclass(frozen=True)
class ProblemSettings:
    title: str
    statement: str
    time_limit_ms: int
    memory_limit_kb: int
    output_limit_kb: int
    problem_type: str = ProblemType.PASS_FAIL
    validation: str = Validation.DEFAULT
    validator_flags: str = ""
    source_package_format: str = ""
    package_metadata: dict[str, Any] = field(default_factory=dict)


@transaction.atomic
def problem_import(
    *,
    slug: str,
    settings: ProblemSettings,
    groups: Sequence[StoredGroup],
    files: Sequence[StoredFile],
    submissions: Sequence[StoredSubmission],
) -> tuple[Problem, bool]:
    """Create or update a problem from an imported package, replacing its tests, files and jury
    submissions; visibility and the problem's own submissions are kept. Returns (problem, created)."""
    problem = Problem.objects.select_for_update().filter(slug=slug).first()
    created = problem is None
    problem = problem or Problem(slug=slug)
    for name, value in vars(settings).items():
        setattr(problem, name, value)
    problem.full_clean()
    problem.save()
    problem_replace_tests(problem=problem, groups=groups)
    problem.files.all().delete()
    for stored in files:
        _save(ProblemFile(problem=problem, kind=stored.kind, path=stored.path, sha256=stored.sha256))
    problem.package_submissions.all().delete()
    for sub in submissions:
        _save(
            ProblemSubmission(
                problem=problem, verdict_folder=sub.verdict_folder, filename=sub.filename, sha256=sub.sha256
            )
        )
    return problem, created


@transaction.atomic
def problem_replace_tests(*, problem: Problem, groups: Sequence[StoredGroup]) -> list[TestCase]:
    """Replace a problem's test groups and cases; cases are numbered in group order."""
    problem.test_cases.all().delete()
    problem.test_groups.all().delete()
    created: list[TestCase] = []
    for group_order, stored in enumerate(groups, start=1):
        group = _save(
            TestGroup(
                problem=problem,
                name=stored.name,
                order=group_order,
                is_sample=stored.is_sample,
                points=stored.points,
                aggregation=stored.aggregation,
                validator_flags=stored.validator_flags,
                input_validator_args=stored.input_validator_args,
            )
        )
        for case in stored.cases:
            created.append(
                _save(
                    TestCase(
                        problem=problem,
                        group=group,
                        order=len(created) + 1,
                        name=case.name,
                        input_sha256=case.input_sha256,
                        answer_sha256=case.answer_sha256,
                        is_sample=case.is_sample,
                        args=list(case.args),
                        validator_args=None if case.validator_args is None else list(case.validator_args),
                    )
                )
            )
    return created


_Model = TypeVar("_Model", bound=models.Model)


def _save(instance: _Model) -> _Model:
    instance.full_clean()
    instance.save()
    return instance


# --- verifyproblem from the admin ---------------------------------------------------------------
# The web process only records the request; a worker on the lowest judge queue runs the sandbox.


# Verification judges every jury submission: it only gets what contests and practice leave over.
VERIFICATION_QUEUE = QueueName.JUDGE_REJUDGE


@transaction.atomic
def verification_request(*, problem: Problem, user: User) -> VerificationRun:
    run = _save(VerificationRun(problem=problem, requested_by=user))
    transaction.on_commit(lambda: _enqueue_verification(run.pk))
    return run


def _enqueue_verification(run_id: int) -> None:
    try:
        enqueue(JobKind.VERIFY_PROBLEM, VERIFICATION_QUEUE, run_id, job_timeout=3600)
    except RedisError:
        log.warning("could not enqueue verification run %s", run_id, exc_info=True)
        verification_fail(run_id=run_id, error="Could not reach the job queue; request it again.")


def verification_run(*, run_id: int) -> VerificationRun | None:
    """Judge the problem's jury submissions and store the report; any failure is stored, not raised."""
    claimed = VerificationRun.objects.filter(pk=run_id, status=VerificationRun.Status.QUEUED).update(
        status=VerificationRun.Status.RUNNING
    )
    if not claimed:
        # Missing, or another worker got there first.
        return None
    run = VerificationRun.objects.select_related("problem").get(pk=run_id)
    try:
        report = verify(problem_source(run.problem), sandbox_config(), lambda total: lambda outcome: None)
    except Exception as exc:
        # Whatever went wrong is stored on the run for the author to see.
        log.warning("verification run %s failed", run_id, exc_info=True)
        return verification_fail(run_id=run_id, error=f"{type(exc).__name__}: {exc}")
    run.report = report.as_json()
    run.status = VerificationRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["report", "status", "finished_at"])
    return run


def verification_fail(*, run_id: int, error: str) -> VerificationRun | None:
    run = VerificationRun.objects.filter(pk=run_id).first()
    if run is None:
        return None
    run.status = VerificationRun.Status.FAILED
    run.error = error
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    return run


VERIFICATION_LOST = "The worker running this verification stopped; request it again."


def verification_recover(*, lost_after_s: float = 3900) -> int:
    """Fail verification runs left `running` longer than the job may take (their worker died);
    returns how many. Without this their page would say "running" forever."""
    cutoff = timezone.now() - timedelta(seconds=lost_after_s)
    return VerificationRun.objects.filter(
        status=VerificationRun.Status.RUNNING, created_at__lt=cutoff
    ).update(status=VerificationRun.Status.FAILED, error=VERIFICATION_LOST, finished_at=timezone.now())
