"""Submit-answer problems: the submission is the answers themselves, checked without running anything.

Layout of a submission (jury or contestant): one file per test case, named after the test case's path
under data/ with `.ans` (`sample/1.ans`, `secret/small/2.ans`). A problem of a single test case also
takes one plain file of any name as its answer. A missing or an extra answer is refused (CE).

On the site the answers are stored as the submission's text: `encode_answers` (a header line, then a
JSON object of file name to text), or a plain text answer for a problem of a single test case.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePosixPath

from grading.checking.checkers import DEFAULT_CHECKER, Checker, Judged
from grading.checking.default_validator import compare
from grading.checking.validators import OutputChecker, SandboxFactory
from grading.grader import GradeResult, TestData, TestOutcome, verdict_tests
from grading.grader import _score as grade_score
from grading.scoring import GroupInfo, final_verdict
from grading.verdicts import Verdict
from sandbox.config import SandboxConfig

ANSWER_SUFFIX = ".ans"
# At most this much per answer file, and this many files: a submission is data, not a dump.
MAX_ANSWER_BYTES = 8 * 1024 * 1024
MAX_ANSWER_FILES = 1000
MAX_ANSWERS_TOTAL_BYTES = 64 * 1024 * 1024
ANSWERS_HEADER = "answer files v1\n"
# The file name a plain text answer gets (a problem of one test case takes any name).
PLAIN_ANSWER = "answer.ans"


class AnswerLayoutError(ValueError):
    """The submitted files are not one answer per test case; the message says which file."""


def answers_by_test(files: Mapping[str, bytes], test_names: Sequence[str]) -> list[bytes]:
    """Each test case's answer, in the order of `test_names`; raises AnswerLayoutError."""
    if not files:
        raise AnswerLayoutError("no answer submitted")
    if len(files) > MAX_ANSWER_FILES:
        raise AnswerLayoutError(f"too many files ({len(files)}; at most {MAX_ANSWER_FILES})")
    for name, data in files.items():
        if len(data) > MAX_ANSWER_BYTES:
            raise AnswerLayoutError(f"{name}: answer over {MAX_ANSWER_BYTES // (1024 * 1024)} MiB")
    if len(test_names) == 1 and len(files) == 1:
        return list(files.values())  # one test case: the one file is its answer, whatever its name
    by_case: dict[str, bytes] = {}
    for name, data in sorted(files.items()):
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or path.suffix != ANSWER_SUFFIX:
            raise AnswerLayoutError(f"{name}: not an answer file (expected <test case>{ANSWER_SUFFIX})")
        by_case[str(path.with_suffix(""))] = data
    extra = sorted(set(by_case) - set(test_names))
    if extra:
        raise AnswerLayoutError(f"{extra[0]}{ANSWER_SUFFIX}: no test case of that name")
    missing = [name for name in test_names if name not in by_case]
    if missing:
        raise AnswerLayoutError(
            f"no answer for test case {missing[0]} (expected {missing[0]}{ANSWER_SUFFIX})"
        )
    return [by_case[name] for name in test_names]


def read_answer_zip(data: bytes) -> dict[str, bytes]:
    """An uploaded zip's answer files by path; every entry is checked before anything is read
    (no absolute paths, no `..`, no links, size limits). Raises AnswerLayoutError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise AnswerLayoutError("the upload is not a zip archive") from None
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        if len(entries) > MAX_ANSWER_FILES:
            raise AnswerLayoutError(f"too many files ({len(entries)}; at most {MAX_ANSWER_FILES})")
        if sum(info.file_size for info in entries) > MAX_ANSWERS_TOTAL_BYTES:
            raise AnswerLayoutError("the answers are too large together")
        files: dict[str, bytes] = {}
        for info in entries:
            name = info.filename
            path = PurePosixPath(name)
            unix_mode = info.external_attr >> 16
            if path.is_absolute() or ".." in path.parts or "\\" in name or ":" in name or not path.parts:
                raise AnswerLayoutError(f"{name}: not a safe path inside the zip")
            if unix_mode and (unix_mode & 0o170000) not in (0, 0o100000):
                raise AnswerLayoutError(f"{name}: not a regular file")
            if info.file_size > MAX_ANSWER_BYTES:
                raise AnswerLayoutError(f"{name}: answer over {MAX_ANSWER_BYTES // (1024 * 1024)} MiB")
            with archive.open(info) as entry:
                content = entry.read(MAX_ANSWER_BYTES + 1)
            if len(content) > MAX_ANSWER_BYTES:
                raise AnswerLayoutError(f"{name}: answer over {MAX_ANSWER_BYTES // (1024 * 1024)} MiB")
            files[str(path)] = content
    return files


def encode_answers(files: Mapping[str, bytes]) -> str:
    """Answer files as a submission's text; raises AnswerLayoutError on an answer that is not text."""
    texts = {}
    for name, data in files.items():
        try:
            texts[name] = data.decode()
        except UnicodeDecodeError:
            raise AnswerLayoutError(f"{name}: not UTF-8 text") from None
    return ANSWERS_HEADER + json.dumps(texts, sort_keys=True)


def decode_answers(source: str) -> dict[str, bytes]:
    """A submission's text as answer files: encoded ones, or one plain text answer."""
    if not source.startswith(ANSWERS_HEADER):
        return {PLAIN_ANSWER: source.encode()}
    try:
        texts = json.loads(source[len(ANSWERS_HEADER) :])
    except ValueError:
        raise AnswerLayoutError("the submitted answer files cannot be read") from None
    if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
        raise AnswerLayoutError("the submitted answer files cannot be read")
    return {str(name): text.encode() for name, text in texts.items()}


def grade_answers(
    *,
    answers: Sequence[bytes],
    tests: Sequence[TestData],
    checker: Checker = DEFAULT_CHECKER,
    config: SandboxConfig | None = None,
    sandbox: SandboxFactory | None = None,
    groups: Sequence[GroupInfo] = (),
    scoring: bool = False,
    on_test: Callable[[TestOutcome], None] | None = None,
) -> GradeResult:
    """Check every answer against its test's judge answer with the problem's output validator
    (run in a sandbox of its own, as for programs); nothing of the submission is run."""
    if checker.interactive or checker.passes > 1:
        raise ValueError("submit-answer problems are neither interactive nor multi-pass")
    outcomes: list[TestOutcome] = []
    if checker.program is None:
        for test, answer in zip(tests, answers, strict=True):
            outcomes.append(_report(_default(test.loaded(), answer), on_test))
    else:
        with OutputChecker(checker, config, sandbox) as output_checker:
            for test, answer in zip(tests, answers, strict=True):
                data = test.loaded()
                judged = output_checker.check(
                    input_data=data.input,
                    answer=data.answer,
                    team_output=answer,
                    group=data.group,
                    validator_args=data.validator_args,
                )
                outcomes.append(_report(_judged(data, judged), on_test))
    verdict = final_verdict(
        verdict_tests(tests, outcomes, groups) if scoring else [t.verdict for t in outcomes]
    )
    return GradeResult(verdict=verdict, score=grade_score(tests, outcomes, groups), tests=outcomes)


def _default(test: TestData, answer: bytes) -> TestOutcome:
    judgement = compare(answer, test.answer, test.options)
    return _judged(test, Judged(Verdict.AC if judgement.accepted else Verdict.WA, judgement.message))


def _judged(test: TestData, judged: Judged) -> TestOutcome:
    return TestOutcome(
        index=test.index,
        verdict=judged.verdict,
        message=judged.message,
        score=judged.score,
        team_message=judged.team_message,
    )


def _report(outcome: TestOutcome, on_test: Callable[[TestOutcome], None] | None) -> TestOutcome:
    if on_test is not None:
        on_test(outcome)
    return outcome
