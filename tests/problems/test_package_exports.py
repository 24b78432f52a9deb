"""Packages as DOMjudge and BAPCtools export them."""

import json

import pytest
from django.core.management.base import CommandError

from problems.models import Problem
from tests.problems.package_helpers import PACKAGES, import_package, run_command

pytestmark = pytest.mark.django_db


def test_domjudge_export_time_limit_and_name_from_its_ini():
    import_package(PACKAGES / "domjudge")

    problem = Problem.objects.get(slug="domjudge")
    assert (problem.title, problem.time_limit_ms, problem.memory_limit_kb) == (
        "Exported from DOMjudge",
        1500,
        512 * 1024,
    )


def test_domjudge_ini_with_a_bad_time_limit_is_refused_with_a_message(package):
    path = package("domjudge")
    (path / "domjudge-problem.ini").write_text("timelimit='soon'\n")

    with pytest.raises(
        CommandError, match=r"domjudge-problem\.ini: the time limit must be a number of seconds"
    ):
        import_package(path)


@pytest.mark.docker
def test_domjudge_export_verifies():
    out = run_command("verifyproblem", str(PACKAGES / "domjudge"), "--json")

    report = json.loads(out)
    assert report["ok"] and report["time_limit_ms"] == 1500
    assert {row["file"]: row["got"] for row in report["submissions"]} == {
        "accepted/max.c": "AC",
        "accepted/max.py": "AC",
        "time_limit_exceeded/loop.py": "TLE",
        "wrong_answer/min.py": "WA",
    }


@pytest.mark.docker
def test_bapctools_export_with_generators_and_invalid_inputs_imports_and_verifies():
    """generators/ and data/invalid_inputs/ are BAPCtools' own; its validators share a header."""
    run_command("import_problem", str(PACKAGES / "bapctools"))  # runs the two-file input validator
    assert Problem.objects.get(slug="bapctools").test_cases.count() == 2

    report = json.loads(run_command("verifyproblem", "bapctools", "--json"))

    assert report["ok"]
    assert {row["file"]: row["got"] for row in report["submissions"]} == {
        "accepted/two_files": "AC",
        "wrong_answer/zero.py": "WA",
    }
