"""Test data uploaded in the admin as a zip of input/answer pairs, read with the importer's code.

Accepted layouts: `1.in`/`1.ans` (or `1.out`) pairs at the top or in group folders, optionally
under `sample/` and `secret/`, optionally inside `data/`. Pairs outside `sample/` count as secret.
The files are written as blobs while the preview is built; the preview's manifest (itself a blob)
is what the confirmation saves, so nothing is read twice and nothing is kept in the session. The form
carries the manifest's digest signed together with the problem's id: a digest made up, or taken from
another problem's upload, is refused, so an upload only ever attaches blobs uploaded for its problem.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, BinaryIO

from django.core import signing

from problems.models import Problem, ProblemType, Validation
from problems.packages.archive import PackageFiles, open_package
from problems.packages.errors import PackageError
from problems.packages.importer import store_groups
from problems.packages.kattis import check_validator_flags
from problems.packages.testdata import (
    SAMPLE,
    SECRET,
    ConfigRules,
    TestDataRules,
    apply_group_config,
    collect_groups,
)
from problems.services import StoredCase, StoredGroup
from problems.storage import blob_get, blob_put, blob_size

UPLOAD_RULES = TestDataRules(answer_extensions=(".ans", ".out"), natural_order=True)
UPLOAD_SALT = "problems.testdata-upload"
# Long enough to look the preview over; the blobs it names may be garbage-collected after a day.
UPLOAD_MAX_AGE_S = 24 * 3600
UPLOAD_INVALID = "the upload has expired or is invalid; upload the zip again"


@dataclass(frozen=True)
class PreviewCase:
    name: str
    group: str
    is_sample: bool
    input_size: int
    answer_size: int


@dataclass(frozen=True)
class UploadPreview:
    manifest_sha256: str
    groups: list[StoredGroup]
    cases: list[PreviewCase]
    # What the confirmation form posts back: the manifest's digest, signed with the problem's id.
    token: str


def testdata_upload_parse(*, problem: Problem, upload: BinaryIO) -> UploadPreview:
    """Parse and store an uploaded zip; raises PackageError with a message for the form."""
    with open_package(upload, problem=problem.slug) as package:
        files = _as_data_directory(package)
        groups = collect_groups(files, "", UPLOAD_RULES)
        rules = ConfigRules(
            legacy=False,
            scoring=problem.problem_type == ProblemType.SCORING,
            problem_flags=tuple(problem.validator_flags.split()),
        )
        apply_group_config(files, "", groups, rules)
        if problem.validation == Validation.DEFAULT:
            check_validator_flags(files, groups, problem.validator_flags)
        stored = store_groups(files, groups)
    manifest = blob_put(json.dumps([asdict(group) for group in stored]).encode())
    return UploadPreview(
        manifest_sha256=manifest,
        groups=stored,
        cases=_preview_cases(stored),
        token=signing.dumps({"problem": problem.pk, "manifest": manifest}, salt=UPLOAD_SALT),
    )


def _as_data_directory(package: PackageFiles) -> PackageFiles:
    """The upload as the contents of a `data/` directory, loose pairs moved into `secret/`."""
    if package.has_dir("data/sample") or package.has_dir("data/secret"):
        package = package.subtree("data")
    files = {}
    for path, real in package.files.items():
        moved = path if path.split("/", 1)[0] in (SAMPLE, SECRET) else f"{SECRET}/{path}"
        if moved in files:
            raise package.error(f"clashes with {moved}", path)
        files[moved] = real
    return PackageFiles(files, package.problem)


def _preview_cases(groups: list[StoredGroup]) -> list[PreviewCase]:
    return [
        PreviewCase(
            name=case.name,
            group=group.name,
            is_sample=case.is_sample,
            input_size=blob_size(case.input_sha256),
            answer_size=blob_size(case.answer_sha256),
        )
        for group in groups
        for case in group.cases
    ]


def testdata_upload_load(*, problem: Problem, token: str) -> UploadPreview:
    """The preview saved by testdata_upload_parse for this problem, from the token its form posted
    back; checked again, since the blobs may have gone meanwhile."""
    try:
        signed = signing.loads(token, salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE_S)
    except signing.BadSignature as exc:
        raise PackageError(UPLOAD_INVALID) from exc
    if not isinstance(signed, dict) or signed.get("problem") != problem.pk:
        raise PackageError(UPLOAD_INVALID)
    manifest_sha256 = str(signed.get("manifest"))
    try:
        raw = json.loads(blob_get(manifest_sha256))
        groups = [_group(item) for item in raw]
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise PackageError(UPLOAD_INVALID) from exc
    return UploadPreview(
        manifest_sha256=manifest_sha256, groups=groups, cases=_preview_cases(groups), token=token
    )


def _group(item: dict[str, Any]) -> StoredGroup:
    cases = [StoredCase(**case) for case in item.pop("cases")]
    for case in cases:
        blob_size(case.input_sha256)  # raises if a blob is missing or the digest is not one
        blob_size(case.answer_sha256)
    return StoredGroup(cases=cases, **item)
