import json
from io import StringIO

import pytest
from django.core.management import call_command

from problems.models import Problem
from tests.problems.package_helpers import PACKAGES, import_package, run_command, zip_directory

pytestmark = pytest.mark.django_db


def verify(target, *args):
    """(exit code, stdout) of verifyproblem."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verifyproblem", str(target), *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def by_file(report):
    return {row["file"]: row for row in report["submissions"]}


@pytest.mark.docker
def test_it_agrees_with_every_folder_of_an_imported_default_validator_problem():
    run_command("import_problem", str(PACKAGES / "sum"))

    code, out = verify("sum", "--json")

    assert code == 0
    report = json.loads(out)
    assert report["ok"] and report["time_limit_ms"] == Problem.objects.get(slug="sum").time_limit_ms
    rows = by_file(report)
    assert {file: (row["language"], row["expected"], row["got"]) for file, row in rows.items()} == {
        "accepted/sum.c": ("c", "AC", "AC"),
        "accepted/sum.cpp": ("cpp17", "AC", "AC"),
        "accepted/sum.js": ("js", "AC", "AC"),
        "accepted/sum.py": ("py3", "AC", "AC"),
        "wrong_answer/difference.py": ("py3", "WA", "WA"),
        "time_limit_exceeded/slow.py": ("py3", "TLE", "TLE"),
        "run_time_error/crash.py": ("py3", "RTE", "RTE"),
    }
    assert rows["time_limit_exceeded/slow.py"]["time_ms"] > rows["accepted/sum.py"]["time_ms"]
    assert all(set(row) >= {"file", "language", "expected", "got", "time_ms"} for row in rows.values())


@pytest.mark.docker
def test_it_verifies_a_float_tolerance_package_from_a_zip(tmp_path):
    archive = zip_directory(PACKAGES / "average", tmp_path / "average.zip")

    code, out = verify(archive)

    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Average: time limit 1000 ms (computed from the slowest accepted submission")
    assert lines[1].split() == ["file", "language", "expected", "got", "max", "time"]
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert rows["accepted/average.cpp"][1:4] == ["cpp17", "AC", "AC"]
    assert rows["accepted/average.py"][-1] == "ok"
    assert rows["wrong_answer/rounded.py"][1:4] == ["py3", "WA", "WA"]


@pytest.mark.docker
def test_it_reports_submissions_outside_their_folder_and_exits_non_zero(package):
    path = package("average")
    (path / "submissions/accepted/rounded_too.py").write_text(
        (path / "submissions/wrong_answer/rounded.py").read_text()
    )
    (path / "submissions/run_time_error").mkdir()
    (path / "submissions/run_time_error/fine.py").write_text(
        (path / "submissions/accepted/average.py").read_text()
    )
    (path / "problem.yaml").write_text((path / "problem.yaml").read_text() + "  time_limit: 1\n")

    code, out = verify(path, "--json")

    assert code == 1
    rows = by_file(json.loads(out))
    assert (rows["accepted/rounded_too.py"]["got"], rows["accepted/rounded_too.py"]["ok"]) == ("WA", False)
    assert "difference" in rows["accepted/rounded_too.py"]["message"]
    assert (rows["run_time_error/fine.py"]["got"], rows["run_time_error/fine.py"]["ok"]) == ("AC", False)
    assert rows["accepted/average.py"]["ok"]


@pytest.mark.docker
def test_it_scores_groups_for_partially_accepted_submissions():
    import_package(PACKAGES / "subtasks")

    code, out = verify("subtasks", "--json")

    assert code == 0
    rows = by_file(json.loads(out))
    assert (rows["accepted/shout.py"]["got"], rows["accepted/shout.py"]["score"]) == ("AC", 100.0)
    partial = rows["partially_accepted/lower_only.py"]
    # group1 (40, all or nothing) passes; group2 (60, per case) loses the case-sensitive case.
    assert (partial["expected"], partial["got"], partial["score"]) == ("PA", "PA", 70.0)


@pytest.mark.docker
def test_it_agrees_with_every_folder_of_a_custom_validator_package():
    code, table = verify(PACKAGES / "anyroot")
    assert code == 0, table
    import_package(PACKAGES / "anyroot")

    code, out = verify("anyroot", "--json")

    assert code == 0
    rows = by_file(json.loads(out))
    assert {file: (row["expected"], row["got"], row["ok"]) for file, row in rows.items()} == {
        "accepted/negative.py": ("AC", "AC", True),
        "wrong_answer/zero.py": ("WA", "WA", True),
    }


@pytest.mark.docker
def test_it_agrees_with_every_folder_of_an_interactive_package():
    code, out = verify(PACKAGES / "guess", "--json")

    assert code == 0, out
    rows = by_file(json.loads(out))
    assert {file: (row["expected"], row["got"], row["ok"]) for file, row in rows.items()} == {
        "accepted/bisect.py": ("AC", "AC", True),
        "wrong_answer/count_up.py": ("WA", "WA", True),
        "time_limit_exceeded/silent.py": ("TLE", "TLE", True),
        "run_time_error/crash.py": ("RTE", "RTE", True),
    }


def test_it_says_when_an_output_validator_cannot_be_run(package):
    path = package("anyroot")
    (path / "output_validator/validate.py").rename(path / "output_validator/validate.unknown")

    code, out = verify(path, "--json")

    assert code == 1
    row = by_file(json.loads(out))["accepted/negative.py"]
    assert row["got"] is None
    assert row["message"] == (
        "not supported yet: output validator output_validator: "
        "cannot tell the program's language (found: none)"
    )


@pytest.mark.docker
def test_it_reports_a_submission_the_validator_rejects_in_the_accepted_folder(package):
    path = package("anyroot")
    (path / "submissions/accepted/zero_too.py").write_text("print(0)\n")

    code, out = verify(path, "--json")

    assert code == 1
    row = by_file(json.loads(out))["accepted/zero_too.py"]
    assert (row["got"], row["ok"]) == ("WA", False)


def test_it_fails_cleanly_for_an_unknown_target():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="neither a package nor the slug of a problem"):
        verify("no-such-problem")


@pytest.mark.docker
def test_it_round_trips_a_legacy_package_with_float_flags(tmp_path):
    run_command("import_problem", str(PACKAGES / "average"))
    run_command("export_problem", "average", str(tmp_path / "out"))
    import_package(tmp_path / "out", "--slug", "copy")

    original, copy = Problem.objects.get(slug="average"), Problem.objects.get(slug="copy")
    fields = ("title", "statement", "time_limit_ms", "memory_limit_kb", "validator_flags", "validation")
    assert [getattr(copy, f) for f in fields] == [getattr(original, f) for f in fields]
    assert original.validator_flags == "float_tolerance 1e-6"
    assert list(copy.test_groups.values_list("name", "validator_flags")) == list(
        original.test_groups.values_list("name", "validator_flags")
    )
    assert original.package_metadata["author"] == "Grace Hopper"


@pytest.mark.docker
@pytest.mark.slow
def test_it_agrees_on_accepted_submissions_in_every_language_with_an_extension(package):
    """Each language's own A+B self-test, dropped into the sum package as an accepted submission."""
    from sandbox.languages import all_languages, language_for_filename

    path = package("sum")
    accepted = path / "submissions" / "accepted"
    expected = {}
    for key, language in all_languages().items():
        if not language.extensions:
            continue  # chosen explicitly, never detected from a file name (cpp20, perl, pypy3)
        name = f"ab_{key}{language.extensions[0]}"
        assert language_for_filename(name).key == key
        (accepted / name).write_text(language.self_test)
        expected[f"accepted/{name}"] = key

    code, out = verify(path, "--json")

    rows = by_file(json.loads(out))
    assert {file: (rows[file]["language"], rows[file]["got"]) for file in expected} == {
        file: (key, "AC") for file, key in expected.items()
    }
    assert len(expected) >= 18
    assert code == 0, out
