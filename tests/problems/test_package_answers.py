"""Submit-answer problems (2023-07-draft `type: submit-answer`): a submission is one answer file per
test case, named `<test case>.ans`, checked with the problem's output validator; nothing is run."""

import io
import json
import shutil
import zipfile
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from grading.answers import (
    AnswerLayoutError,
    answers_by_test,
    decode_answers,
    encode_answers,
    read_answer_zip,
)
from problems.models import SUBMIT_ANSWER_KEY, Problem
from tests.problems.package_helpers import PACKAGES, import_package

pytestmark = pytest.mark.django_db

CASES = ["sample/1", "secret/1", "secret/2"]


def test_answers_are_matched_to_test_cases_by_name():
    files = {"secret/2.ans": b"168", "sample/1.ans": b"4", "secret/1.ans": b"25"}
    assert answers_by_test(files, CASES) == [b"4", b"25", b"168"]
    assert answers_by_test({"whatever.txt": b"42"}, ["secret/1"]) == [b"42"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no answer submitted"),
        ({"sample/1.ans": b"4", "secret/1.ans": b"25"}, "no answer for test case secret/2"),
        (
            {"sample/1.ans": b"", "secret/1.ans": b"", "secret/2.ans": b"", "secret/3.ans": b""},
            "secret/3.ans: no test case of that name",
        ),
        ({"sample/1.ans": b"", "secret/1.ans": b"", "secret/2.txt": b""}, "secret/2.txt: not an answer file"),
        (
            {"../secret/1.ans": b"", "sample/1.ans": b"", "secret/2.ans": b""},
            "../secret/1.ans: not an answer",
        ),
        ({"/secret/1.ans": b"", "sample/1.ans": b"", "secret/2.ans": b""}, "/secret/1.ans: not an answer"),
    ],
    ids=["none", "missing", "extra", "not-ans", "dotdot", "absolute"],
)
def test_answer_layout_errors_name_the_file(files, message):
    with pytest.raises(AnswerLayoutError) as raised:
        answers_by_test(files, CASES)
    assert str(raised.value).startswith(message)


def test_submit_answer_problem_is_imported_with_its_type_and_no_time_limit_run():
    out = import_package(PACKAGES / "answers")
    assert "submit-answer" in out
    problem = Problem.objects.get(slug="answers")
    assert problem.package_metadata[SUBMIT_ANSWER_KEY] is True


def _verify(target: str) -> tuple[int, dict[str, Any]]:
    out = StringIO()
    code = 0
    try:
        call_command("verifyproblem", target, "--json", stdout=out, stderr=StringIO())
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, json.loads(out.getvalue())


def test_verifyproblem_checks_jury_answers_with_the_default_validator():
    for target in (str(PACKAGES / "answers"), None):
        if target is None:
            import_package(PACKAGES / "answers")
            target = "answers"
        code, report = _verify(target)
        assert code == 0 and report["ok"], report
        assert {row["file"]: (row["language"], row["got"]) for row in report["submissions"]} == {
            "accepted/counted": ("answer", "AC"),
            "wrong_answer/guessed": ("answer", "WA"),
        }


def test_verifyproblem_reports_a_missing_answer_as_a_compile_error(package):
    path = package("answers")
    (path / "submissions/accepted/counted/secret/2.ans").unlink()
    shutil.copy(path / "data/secret/1.ans", path / "submissions/wrong_answer/guessed/secret/9.ans")

    code, report = _verify(str(path))

    assert code != 0 and not report["ok"]
    rows = {row["file"]: row for row in report["submissions"]}
    assert rows["accepted/counted"]["got"] == "CE"
    assert rows["accepted/counted"]["message"].startswith("no answer for test case secret/2")
    assert rows["wrong_answer/guessed"]["message"].startswith("secret/9.ans: no test case of that name")


@pytest.mark.docker
def test_scoring_submit_answer_problem_uses_its_output_validator_in_the_sandbox():
    code, report = _verify(str(PACKAGES / "answerscore"))
    assert code == 0 and report["ok"], report
    rows = {row["file"]: (row["got"], row.get("score")) for row in report["submissions"]}
    assert rows == {
        "accepted/exact": ("AC", 100.0),
        "partially_accepted/easy_only": ("PA", 40.0),
        "wrong_answer/off_by_one": ("WA", 0.0),
    }


def test_a_plain_text_answer_and_encoded_answer_files_round_trip():
    assert answers_by_test(decode_answers("42\n"), ["secret/1"]) == [b"42\n"]
    encoded = encode_answers({"sample/1.ans": b"4\n", "secret/1.ans": b"25", "secret/2.ans": b"168"})
    assert answers_by_test(decode_answers(encoded), CASES) == [b"4\n", b"25", b"168"]
    with pytest.raises(AnswerLayoutError, match="not UTF-8 text"):
        encode_answers({"secret/1.ans": b"\xff"})


def test_zip_entries_are_checked_before_they_are_read():
    def zipped(entries: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in entries.items():
                archive.writestr(name, data)
        return buffer.getvalue()

    assert read_answer_zip(zipped({"secret/1.ans": b"1", "sample/": b""})) == {"secret/1.ans": b"1"}
    for bad in ("/etc/passwd", "../x.ans", "a/../../x.ans", "c:x.ans"):
        with pytest.raises(AnswerLayoutError, match="not a safe path"):
            read_answer_zip(zipped({bad: b"1"}))
    link = zipfile.ZipInfo("secret/1.ans")
    link.external_attr = 0o120777 << 16
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(AnswerLayoutError, match="not a regular file"):
        read_answer_zip(buffer.getvalue())
    with pytest.raises(AnswerLayoutError, match="not a zip archive"):
        read_answer_zip(b"plain text")
