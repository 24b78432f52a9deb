"""Writing a problem as a Kattis package (format 2025-09) that imports back to the same problem."""

from __future__ import annotations

import math
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from grading.checking.checkers import CheckerKind
from problems.models import Problem, ProblemFile, ProblemType, TestCase, Validation
from problems.packages.errors import PackageError
from problems.packages.statements import DEFAULT_LANGUAGE, STATEMENT_LANGUAGE_KEY
from problems.packages.testdata import SAMPLE, SECRET
from problems.selectors import problem_files, problem_package_submissions, problem_test_groups, problem_tests
from problems.storage import blob_get

EXPORT_FORMAT = "2025-09"
_METADATA_KEYS = (
    "version",
    "credits",
    "source",
    "license",
    "rights_owner",
    "keywords",
    "languages",
    "embargo_until",
)


@dataclass(frozen=True)
class ExportGroup:
    name: str
    is_sample: bool
    points: float | None
    aggregation: str
    validator_flags: str
    cases: list[tuple[str, TestCase]]  # (name below data/, case)
    input_validator_args: list[str] | dict[str, list[str]] = field(default_factory=list)


def problem_export(*, problem: Problem, out: Path) -> None:
    """Write the package to `out`: a directory, or a zip if the name ends in .zip."""
    if out.exists() and (out.is_file() or any(out.iterdir())):
        raise PackageError(f"{out} already exists", problem=problem.slug)
    with tempfile.TemporaryDirectory(prefix="rce-export-") as tmp:
        root = Path(tmp) / problem.slug
        write_package(problem, root)
        if out.suffix.lower() == ".zip":
            _zip(root, out)
        else:
            shutil.copytree(root, out, dirs_exist_ok=True)


def _zip(root: Path, out: Path) -> None:
    partial = out.with_name(f".{out.name}.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, PurePosixPath(root.name, path.relative_to(root).as_posix()).as_posix())
    partial.replace(out)


def write_package(problem: Problem, root: Path) -> None:
    if problem.validation != Validation.DEFAULT and problem.checker_kind != CheckerKind.KATTIS:
        # The package would claim a Kattis output validator that is not one.
        raise PackageError(
            f"a {CheckerKind(problem.checker_kind).label} cannot be exported as a Kattis package",
            problem=problem.slug,
        )
    _write(root, "problem.yaml", _dump(problem_yaml(problem)))
    language = problem.package_metadata.get(STATEMENT_LANGUAGE_KEY) or DEFAULT_LANGUAGE
    _write(root, f"statement/problem.{language}.md", problem.statement.encode())
    for group in export_groups(problem):
        _write(root, f"data/{group.name}/test_group.yaml", _dump(_group_yaml(problem, group)))
        for name, case in group.cases:
            _write(root, f"data/{name}.in", blob_get(case.input_sha256))
            _write(root, f"data/{name}.ans", blob_get(case.answer_sha256))
            arguments = _case_yaml(case)
            if arguments:
                _write(root, f"data/{name}.yaml", _dump(arguments))
    for path, stored in _exported_files(problem):
        _write(root, path, blob_get(stored.sha256))
    for sub in problem_package_submissions(problem=problem):
        _write(root, f"submissions/{sub.verdict_folder}/{sub.filename}", blob_get(sub.sha256))


def _write(root: Path, relative: str, data: bytes) -> None:
    # Names come from the database (and test names can be edited): never write outside the package.
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise PackageError(f"refusing to write {relative!r}: it would land outside the package")
    path = root.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _dump(data: dict[str, Any]) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()


def problem_yaml(problem: Problem) -> dict[str, Any]:
    types = [str(problem.problem_type)]
    if problem.validation == Validation.INTERACTIVE:
        types.append("interactive")
    metadata = problem.package_metadata or {}
    data: dict[str, Any] = {
        "problem_format_version": EXPORT_FORMAT,
        "type": types[0] if len(types) == 1 else types,
        "name": problem.title,
        "uuid": metadata.get("uuid") or str(uuid.uuid5(uuid.NAMESPACE_URL, f"rce-judge:{problem.slug}")),
    }
    data.update(_modern_metadata(metadata))
    data["limits"] = {
        "time_limit": problem.time_limit_ms / 1000,
        "memory": math.ceil(problem.memory_limit_kb / 1024),
        "output": math.ceil(problem.output_limit_kb / 1024),
    }
    return data


def _modern_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """Legacy keys in their 2025-09 form: author becomes credits, source_url joins source."""
    converted = {key: metadata[key] for key in _METADATA_KEYS if key in metadata}
    if "author" in metadata and "credits" not in converted:
        converted["credits"] = metadata["author"]
    if "source_url" in metadata and isinstance(converted.get("source"), str):
        converted["source"] = {"name": converted["source"], "url": metadata["source_url"]}
    if isinstance(converted.get("keywords"), str):
        converted["keywords"] = converted["keywords"].split()
    return converted


def _group_yaml(problem: Problem, group: ExportGroup) -> dict[str, Any]:
    # Written for every group, even when empty, so no group inherits another's flags.
    data: dict[str, Any] = {"output_validator_args": group.validator_flags.split()}
    if group.input_validator_args:
        data["input_validator_args"] = group.input_validator_args
    if problem.problem_type == ProblemType.SCORING and not group.is_sample:
        data["max_score"] = "unbounded" if group.points is None else _number(group.points)
        data["score_aggregation"] = group.aggregation
    return data


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def export_groups(problem: Problem) -> list[ExportGroup]:
    groups = problem_test_groups(problem=problem)
    cases = problem_tests(problem=problem)
    if not groups:  # tests authored here, outside any group
        return [
            ExportGroup(
                name=name,
                is_sample=is_sample,
                points=None,
                aggregation="pass-fail",
                validator_flags=problem.validator_flags,
                cases=[
                    (f"{name}/{i:03d}", c) for i, c in enumerate(cases, start=1) if c.is_sample == is_sample
                ],
            )
            for name, is_sample in ((SAMPLE, True), (SECRET, False))
        ]
    return [
        ExportGroup(
            name=group.name,
            is_sample=group.is_sample,
            points=group.points,
            aggregation=group.aggregation,
            validator_flags=group.validator_flags,
            input_validator_args=group.input_validator_args,
            cases=_case_names(group.name, [c for c in cases if c.group_id == group.pk]),
        )
        for group in groups
    ]


def _case_yaml(case: TestCase) -> dict[str, list[str]]:
    """A case's own arguments, as its `<case>.yaml` (its group's submission args folded in)."""
    found: dict[str, list[str]] = {}
    if case.args:
        found["args"] = list(case.args)
    if case.validator_args is not None:
        found["output_validator_args"] = list(case.validator_args)
    return found


def _case_names(group: str, cases: list[TestCase]) -> list[tuple[str, TestCase]]:
    """Case names whose lexicographic order (the order Kattis uses) is the stored order; cases
    uploaded in natural order (2 before 10) get a numbered prefix."""
    names = [case.name or f"{group}/{case.order:03d}" for case in cases]
    if names == sorted(names, key=lambda n: n.split("/")) and len(set(names)) == len(names):
        return list(zip(names, cases, strict=True))
    return [
        (f"{group}/{i:03d}-{PurePosixPath(name).name}", case)
        for i, (name, case) in enumerate(zip(names, cases, strict=True), start=1)
    ]


def _exported_files(problem: Problem) -> Iterator[tuple[str, ProblemFile]]:
    stored = problem_files(problem=problem)
    validators = [f for f in stored if f.kind == ProblemFile.Kind.OUTPUT_VALIDATOR]
    single_program = len({_program(f.path) for f in validators}) == 1
    for item in stored:
        path = item.path
        if item.kind == ProblemFile.Kind.STATEMENT and not path.startswith("data/"):
            path = "statement/" + path.split("/", 1)[1]
        elif item.kind == ProblemFile.Kind.INPUT_VALIDATOR:
            path = "input_validators/" + path.split("/", 1)[1]
        elif item.kind == ProblemFile.Kind.OUTPUT_VALIDATOR and single_program:
            path = _modern_validator_path(path)
        yield path, item


def _program(path: str) -> str:
    """Which validator program a file belongs to; `output_validator/` holds a single one."""
    parts = path.split("/")
    return parts[0] if parts[0] == "output_validator" else "/".join(parts[:2])


def _modern_validator_path(path: str) -> str:
    """A legacy `output_validators/<program>` file moved into 2025-09's single `output_validator/`."""
    parts = path.split("/")
    if parts[0] != "output_validators":
        return path
    return "/".join(["output_validator", *(parts[2:] if len(parts) > 2 else parts[1:])])
