"""Importing a package: check everything, run its input validators (and its accepted submissions when
the time limit must be computed), write the blobs, then change the database in one transaction.
Any failure before that transaction leaves the database as it was."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError

from grading.checking.checkers import CheckerKind
from problems.models import Problem
from problems.packages.archive import PackageFiles, open_package
from problems.packages.errors import PackageError
from problems.packages.kattis import PackageSpec, parse_package
from problems.packages.sandboxed import package_tests, slowest_accepted, validate_inputs
from problems.packages.testdata import GroupSpec
from problems.services import (
    ProblemSettings,
    StoredCase,
    StoredFile,
    StoredGroup,
    StoredSubmission,
    problem_import,
)
from problems.storage import blob_put
from sandbox.config import SandboxConfig

# A submit-answer problem runs nothing; its time limit is only the field's value.
ANSWER_TIME_LIMIT_MS = 2000

_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")


@dataclass
class ImportResult:
    problem: Problem
    created: bool
    time_limit_note: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportOptions:
    slug: str | None = None
    # Running input validators needs the sandbox; a package can be imported without it.
    run_input_validators: bool = True
    config: SandboxConfig | None = None
    on_progress: Callable[[str], None] | None = None


def package_slug(source: Path, slug: str | None) -> str:
    name = slug or (source.stem if source.suffix.lower() in (".zip", ".kpp") else source.name)
    if not _SLUG.match(name):
        raise PackageError(f"{name!r} is not a valid problem slug; choose one with --slug")
    return name


def package_import(source: Path, options: ImportOptions | None = None) -> ImportResult:
    options = options or ImportOptions()
    slug = package_slug(source, options.slug)
    say = options.on_progress or (lambda message: None)
    with open_package(source, problem=slug) as files:
        spec = parse_package(files, slug=slug)
        say(f"read {spec.format_version} package: {spec.case_count} tests in {len(spec.groups)} groups")
        warnings = list(spec.warnings)
        if options.run_input_validators and spec.input_validators:
            say(f"running {len(spec.input_validators)} input validator(s) on every input")
            warnings += validate_inputs(files, spec, options.config)
        time_limit_ms, note = _time_limit(files, spec, options, warnings, say)
        settings = _settings(spec, time_limit_ms)
        groups, stored_files, submissions = _write_blobs(files, spec)
    try:
        problem, created = problem_import(
            slug=slug, settings=settings, groups=groups, files=stored_files, submissions=submissions
        )
    except ValidationError as exc:
        raise PackageError(f"cannot be stored: {_describe(exc)}", problem=slug) from exc
    except IntegrityError as exc:
        raise PackageError(
            "another import of this problem ran at the same time; try again", problem=slug
        ) from exc
    if problem.checker_kind != CheckerKind.KATTIS:
        # A package's validator follows the Kattis convention, whatever the problem used before.
        Problem.objects.filter(pk=problem.pk).update(checker_kind=CheckerKind.KATTIS.value)
        problem.checker_kind = CheckerKind.KATTIS.value
    return ImportResult(problem=problem, created=created, time_limit_note=note, warnings=warnings)


def _describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)


def _time_limit(
    files: PackageFiles,
    spec: PackageSpec,
    options: ImportOptions,
    warnings: list[str],
    say: Callable[[str], None],
) -> tuple[int, str]:
    if spec.limits.time.explicit_ms is not None:
        return (
            spec.limits.time.explicit_ms,
            f"time limit {spec.limits.time.explicit_ms / 1000:g} s (from the package)",
        )
    if spec.submit_answer:
        return ANSWER_TIME_LIMIT_MS, "no time limit: a submit-answer problem runs nothing"
    say("running the accepted submissions to compute the time limit")
    tests = package_tests(files, spec.groups)
    slowest_ms, _runs, run_warnings = slowest_accepted(files, spec, tests, options.config)
    warnings.extend(run_warnings)
    limit = spec.limits.time.from_slowest(slowest_ms)
    rounding = "rounded as problemtools does" if spec.limits.time.legacy else "rounded up"
    return limit, (
        f"time limit {limit / 1000:g} s (computed: slowest accepted submission {slowest_ms} ms"
        f" x {spec.limits.time.multiplier:g}, {rounding})"
    )


def _settings(spec: PackageSpec, time_limit_ms: int) -> ProblemSettings:
    return ProblemSettings(
        title=spec.title[:200],
        statement=spec.statement,
        time_limit_ms=time_limit_ms,
        memory_limit_kb=spec.limits.memory_kb,
        output_limit_kb=spec.limits.output_kb,
        problem_type=spec.problem_type,
        validation=spec.validation,
        validator_flags=spec.validator_flags,
        source_package_format=spec.format_version,
        package_metadata=spec.metadata,
    )


def store_groups(files: PackageFiles, groups: Sequence[GroupSpec]) -> list[StoredGroup]:
    """Write every test file of the groups as a blob; what the database rows will point at."""
    return [
        StoredGroup(
            name=group.name,
            is_sample=group.is_sample,
            points=group.points,
            aggregation=group.aggregation,
            validator_flags=group.validator_flags,
            input_validator_args=group.input_validator_args.as_json(),
            cases=[
                StoredCase(
                    name=case.name,
                    input_sha256=blob_put(files.read(case.input_path)),
                    answer_sha256=blob_put(files.read(case.answer_path)),
                    is_sample=case.is_sample,
                    args=(*group.submission_args, *case.args),
                    validator_args=case.output_validator_args,
                )
                for case in group.cases
            ],
        )
        for group in groups
    ]


def _write_blobs(
    files: PackageFiles, spec: PackageSpec
) -> tuple[list[StoredGroup], list[StoredFile], list[StoredSubmission]]:
    groups = store_groups(files, spec.groups)
    stored_files = [StoredFile(kind, path, blob_put(files.read(path))) for kind, path in spec.stored_files]
    submissions = [
        StoredSubmission(sub.folder, sub.filename(path), blob_put(files.read(path)))
        for sub in spec.submissions
        for path in sub.paths
    ]
    return groups, stored_files, submissions
