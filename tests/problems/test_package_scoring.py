"""Scores reported by output validators: score.txt (legacy, out of the case's accept_score) and
score_multiplier.txt (2023-07 and later, a share of the case's maximum)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.problems.package_helpers import PACKAGES

pytestmark = [pytest.mark.django_db, pytest.mark.docker]


def verify(target):
    out = StringIO()
    try:
        call_command("verifyproblem", str(target), "--json", stdout=out, stderr=StringIO())
    except SystemExit as exit:
        return exit.code, json.loads(out.getvalue())
    return 0, json.loads(out.getvalue())


def scores(report):
    return {row["file"]: (row["got"], row["score"]) for row in report["submissions"]}


def test_score_txt_from_the_output_validator_legacy():
    code, report = verify(PACKAGES / "scorefile")

    assert code == 0, report
    # One group of two cases worth 50 each: an exact answer and a near miss (25).
    assert scores(report) == {
        "accepted/square.py": ("AC", 100.0),
        "partially_accepted/off_by_one.py": ("PA", 75.0),
    }


def test_score_multiplier_txt_from_the_output_validator_current_format(package):
    path = package("scorefile")
    (path / "problem.yaml").write_text(
        "problem_format_version: 2023-07-draft\ntype: scoring\nname: Close Enough\n"
        "uuid: 1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d\nlimits:\n  time_limit: 1\n"
    )
    (path / "problem_statement").rename(path / "statement")
    (path / "output_validators/closeness").rename(path / "output_validator")
    (path / "output_validators").rmdir()
    validator = path / "output_validator/closeness.py"
    validator.write_text(
        validator.read_text()
        .replace('"score.txt"', '"score_multiplier.txt"')
        .replace('"50" if', '"1" if')
        .replace('"25")', '"0.5")')
    )
    (path / "data/secret/g1/testdata.yaml").write_text("scoring:\n  score: 100\n  aggregation: sum\n")

    code, report = verify(path)

    assert code == 0, report
    assert scores(report) == {
        "accepted/square.py": ("AC", 100.0),
        "partially_accepted/off_by_one.py": ("PA", 75.0),
    }


def test_score_outside_the_case_maximum_is_a_judge_error(package):
    path = package("scorefile")
    validator = path / "output_validators/closeness/closeness.py"
    validator.write_text(validator.read_text().replace('"50" if', '"500" if'))

    code, report = verify(path)

    assert code == 1
    row = next(r for r in report["submissions"] if r["file"] == "partially_accepted/off_by_one.py")
    assert row["got"] == "IE" and "wrote score.txt outside [0, 50]" in row["message"]
