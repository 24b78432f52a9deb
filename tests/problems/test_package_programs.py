"""Packages whose programs are several files, in every layout the package format allows, in the
legacy and the 2023-07-draft versions; what problemtools decides for each is in the expected rows."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from problems.models import Problem
from tests.problems.package_helpers import PACKAGES, import_package, run_command

pytestmark = pytest.mark.django_db


def verify(target, *args):
    """(exit code, report) of verifyproblem --json."""
    out = StringIO()
    try:
        call_command("verifyproblem", str(target), "--json", *args, stdout=out, stderr=StringIO())
    except SystemExit as exit:
        return exit.code, json.loads(out.getvalue())
    return 0, json.loads(out.getvalue())


def rows(report):
    return {row["file"]: (row["language"], row["expected"], row["got"]) for row in report["submissions"]}


@pytest.mark.docker
def test_directory_submissions_and_validators_legacy_format():
    """Legacy: a Prolog solution with a helper module, Python and C++ directories, a C directory with
    a header, a two-file C++ output validator, a two-file Python input validator, include/python3/."""
    code, report = verify(PACKAGES / "multifile")

    assert code == 0, report
    # The import (once a TypeError on the Prolog directory) times the accepted directories too.
    out = run_command("import_problem", str(PACKAGES / "multifile"))
    assert "computed: slowest accepted submission" in out
    assert rows(report) == {
        "accepted/cppdir": ("cpp17", "AC", "AC"),
        "accepted/prolog": ("prolog", "AC", "AC"),
        "accepted/pydir": ("py3", "AC", "AC"),
        "accepted/uses_include.py": ("py3", "AC", "AC"),
        "run_time_error/pycrash": ("py3", "RTE", "RTE"),
        "wrong_answer/cdir": ("c", "WA", "WA"),
    }


@pytest.mark.docker
def test_build_and_run_scripts_and_include_directory_current_format():
    """2023-07-draft: an output validator and an input validator built by their build/run scripts, a
    submission with build/run scripts, include/cpp/ added to C++ submissions, Java classes named
    after neither the file nor Main."""
    run_command("import_problem", str(PACKAGES / "multifile_current"))  # runs the scripted input validator

    code, report = verify("multifile_current")

    assert code == 0, report
    assert rows(report) == {
        "accepted/hello.java": ("java", "AC", "AC"),
        "accepted/scripted": ("cpp17", "AC", "AC"),
        "accepted/uses_header.cpp": ("cpp17", "AC", "AC"),
        "wrong_answer/Product.java": ("java", "WA", "WA"),
    }


@pytest.mark.docker
def test_verifyproblem_reports_every_submission_when_one_does_not_compile(package):
    path = package("partialcrash")
    (path / "submissions/accepted/broken.cpp").write_text("int main( {\n")
    (path / "submissions/accepted/Nomain.java").write_text("public class Nomain {}\n")

    code, report = verify(path)

    assert code == 1
    by_file = {row["file"]: row for row in report["submissions"]}
    assert (by_file["accepted/broken.cpp"]["got"], by_file["accepted/broken.cpp"]["ok"]) == ("CE", False)
    assert "no class with a `public static void main" in by_file["accepted/Nomain.java"]["message"]
    assert (by_file["accepted/double.py"]["got"], by_file["accepted/double.py"]["ok"]) == ("AC", True)
    assert by_file["partially_accepted/positive_only.py"]["got"] == "PA"
    assert report["time_limit"].startswith("computed from the slowest accepted submission")


@pytest.mark.docker
def test_partially_accepted_submission_crashing_on_a_sample_keeps_its_score():
    """Samples score nothing and decide nothing in a scoring problem, as in problemtools."""
    run_command("import_problem", str(PACKAGES / "partialcrash"))
    code, report = verify("partialcrash")
    assert code == 0, report
    partial = next(r for r in report["submissions"] if r["file"] == "partially_accepted/positive_only.py")
    assert (partial["got"], partial["score"]) == ("PA", 40.0)

    out = run_command(
        "judge",
        "--problem",
        "partialcrash",
        str(PACKAGES / "partialcrash/submissions/partially_accepted/positive_only.py"),
    )

    judged = json.loads(out)
    assert [t["verdict"] for t in judged["tests"]] == ["RTE", "AC", "AC", "WA"]
    assert (judged["verdict"], judged["score"]) == ("WA", 40.0)


@pytest.mark.docker
def test_interactive_scoring_problem_with_two_file_interactor_accepts_its_model_solution():
    """The model solution thinks for 2.5 s of CPU before its first query on the large test. The import
    used to give interactive problems without a time limit a default of 2 s, so it was judged TLE
    ("No operation sent"); problemtools computes 5 x the slowest accepted run."""
    out = run_command("import_problem", str(PACKAGES / "guesslegacy"))
    assert "computed: slowest accepted submission" in out
    assert Problem.objects.get(slug="guesslegacy").time_limit_ms >= 12_000

    code, report = verify("guesslegacy")

    assert code == 0, report
    assert rows(report) == {
        "accepted/think_then_bisect.py": ("py3", "AC", "AC"),
        "partially_accepted/small_only.py": ("py3", "PA", "PA"),
    }


@pytest.mark.docker
def test_interactive_scoring_problem_current_format_with_groups():
    code, report = verify(PACKAGES / "guessgroups")

    assert code == 0, report
    scores = {row["file"]: (row["got"], row["score"]) for row in report["submissions"]}
    assert scores == {
        "accepted/bisect.py": ("AC", 100.0),
        "partially_accepted/linear.py": ("PA", 40.0),
        "wrong_answer/silent.py": ("WA", 0.0),
    }


def test_directory_submission_in_two_languages_is_refused_with_a_message(package):
    path = package("partialcrash")
    mixed = path / "submissions/accepted/mixed"
    mixed.mkdir()
    (mixed / "a.py").write_text("print(1)\n")
    (mixed / "B.java").write_text("class B {}\n")

    with pytest.raises(CommandError) as raised:
        import_package(path)

    assert str(raised.value) == (
        "problem 'partialcrash': submissions/accepted/mixed/: "
        "cannot tell the program's language (found: java, py3)"
    )


@pytest.mark.docker
def test_directory_submission_with_two_files_of_one_name_is_reported(package):
    path = package("partialcrash")
    (path / "submissions/wrong_answer/clash/sub").mkdir(parents=True)
    (path / "submissions/wrong_answer/clash/main.py").write_text("print(0)\n")
    (path / "submissions/wrong_answer/clash/sub/main.py").write_text("print(1)\n")

    code, report = verify(path)

    assert code == 1
    row = next(r for r in report["submissions"] if r["file"] == "wrong_answer/clash")
    assert (row["got"], row["message"]) == (None, "two files named main.py")
