import os

import pytest
from django.core.management.base import CommandError

from problems.models import Problem, ProblemFile, ProblemSubmission
from problems.storage import blob_get
from tests.problems.package_helpers import import_package, zip_directory

pytestmark = pytest.mark.django_db


def test_it_imports_a_package_directory_with_groups_and_scores(package):
    out = import_package(package("subtasks"))

    assert "created problem 'subtasks' (Shout): 5 tests" in out
    assert "time limit 1 s (from the package)" in out
    problem = Problem.objects.get(slug="subtasks")
    assert (problem.problem_type, problem.validation, problem.time_limit_ms) == ("scoring", "default", 1000)
    assert problem.source_package_format == "2023-07-draft"
    groups = list(
        problem.test_groups.values_list("name", "is_sample", "points", "aggregation", "validator_flags")
    )
    assert groups == [
        ("sample", True, None, "pass-fail", ""),
        ("secret/group1", False, 40.0, "min", ""),
        ("secret/group2", False, 60.0, "sum", "case_sensitive"),
    ]
    cases = problem.test_cases.order_by("order")
    assert [c.name for c in cases] == [
        "sample/1",
        "secret/group1/1",
        "secret/group1/2",
        "secret/group2/1",
        "secret/group2/2",
    ]
    assert blob_get(cases[3].input_sha256) == b"MiXeD\n" and blob_get(cases[3].answer_sha256) == b"MIXED\n"
    assert cases[0].is_sample and not cases[1].is_sample
    assert problem.test_groups.get(name="secret/group1").input_validator_args == ["--lower"]
    assert set(problem.files.values_list("kind", "path")) == {
        ("input_validator", "input_validators/validate.py")
    }
    submissions = problem.package_submissions.values_list("verdict_folder", "filename")
    assert set(submissions) == {("accepted", "shout.py"), ("partially_accepted", "lower_only.py")}


def test_it_imports_a_zip_with_a_top_level_directory(package, tmp_path):
    archive = zip_directory(package("anyroot"), tmp_path / "anyroot.zip")

    import_package(archive)

    problem = Problem.objects.get(slug="anyroot")
    assert problem.title == "Any Root" and problem.validation == "custom"
    assert (problem.time_limit_ms, problem.memory_limit_kb, problem.output_limit_kb) == (
        1500,
        64 * 1024,
        1024,
    )
    kinds = dict(problem.files.values_list("path", "kind"))
    assert kinds == {
        "output_validator/validate.py": "output_validator",
        "attachments/README.txt": "attachment",
    }
    assert problem.package_metadata["uuid"] == "0d8cf1b2-8f83-4a77-bd2b-2d7c0c4f2b10"


def test_it_updates_a_problem_on_reimport_and_keeps_its_visibility(package):
    path = package("subtasks")
    import_package(path, "--slug", "shout")
    problem = Problem.objects.get(slug="shout")
    problem.is_visible = True
    problem.save()
    (path / "data/secret/group1/3.in").write_text("new\n")
    (path / "data/secret/group1/3.ans").write_text("NEW\n")
    (path / "problem.yaml").write_text(
        (path / "problem.yaml").read_text().replace("name: Shout", "name: Yell")
    )

    out = import_package(path, "--slug", "shout")

    assert "updated problem 'shout' (Yell): 6 tests" in out
    problem.refresh_from_db()
    assert problem.title == "Yell" and problem.is_visible
    assert Problem.objects.count() == 1
    assert problem.test_cases.count() == 6 and problem.test_groups.count() == 3
    assert ProblemSubmission.objects.filter(problem=problem).count() == 2


def snapshot(problem):
    return (
        problem.title,
        problem.time_limit_ms,
        list(problem.test_cases.values_list("name", "input_sha256", "answer_sha256")),
        list(problem.test_groups.values_list("name", "points")),
        list(ProblemFile.objects.filter(problem=problem).values_list("path", "sha256")),
        list(ProblemSubmission.objects.filter(problem=problem).values_list("filename", "sha256")),
    )


def test_it_leaves_the_database_unchanged_when_a_package_is_bad(package):
    path = package("subtasks")
    import_package(path)
    before = snapshot(Problem.objects.get(slug="subtasks"))
    (path / "problem.yaml").write_text((path / "problem.yaml").read_text().replace("Shout", "Changed"))
    (path / "data/secret/group2/2.ans").unlink()

    with pytest.raises(CommandError, match="missing answer file"):
        import_package(path)

    assert snapshot(Problem.objects.get(slug="subtasks")) == before


def test_it_rolls_back_every_write_when_the_database_step_fails(package, monkeypatch):
    path = package("subtasks")
    import_package(path)
    before = snapshot(Problem.objects.get(slug="subtasks"))
    (path / "problem.yaml").write_text((path / "problem.yaml").read_text().replace("Shout", "Changed"))
    (path / "data/secret/group1/1.in").write_text("other\n")

    def fail(self, *args, **kwargs):
        raise RuntimeError("disk full")

    # Fails after the problem, its groups and its tests were already rewritten.
    monkeypatch.setattr(ProblemSubmission, "full_clean", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        import_package(path)

    assert snapshot(Problem.objects.get(slug="subtasks")) == before


def test_it_follows_symbolic_links_that_stay_inside_the_package(package):
    path = package("subtasks")
    os.symlink("../group1/1.in", path / "data/secret/group2/3.in")
    os.symlink("../group1/1.ans", path / "data/secret/group2/3.ans")

    import_package(path)

    cases = Problem.objects.get(slug="subtasks").test_cases
    linked = cases.get(name="secret/group2/3")
    assert blob_get(linked.input_sha256) == b"abc\n"


def test_it_accepts_legacy_flags_and_scores_from_testdata_yaml(package):
    path = package("subtasks")
    (path / "problem.yaml").write_text(
        "type: scoring\nname: Shout\nvalidator_flags: case_sensitive\nlimits:\n  time_limit: 2\n"
    )
    (path / "data/secret/group1/testdata.yaml").write_text("accept_score: 10\ngrader_flags: min\n")
    (path / "data/secret/group2/test_group.yaml").unlink()
    (path / "data/secret/group2/testdata.yaml").write_text(
        "accept_score: 5\noutput_validator_flags: space_change_sensitive\n"
    )

    import_package(path)

    problem = Problem.objects.get(slug="subtasks")
    assert problem.source_package_format == "legacy"
    groups = list(problem.test_groups.values_list("name", "points", "aggregation", "validator_flags"))
    assert groups == [
        ("sample", None, "pass-fail", "case_sensitive"),
        ("secret/group1", 10.0, "min", "case_sensitive"),
        ("secret/group2", 10.0, "sum", "case_sensitive space_change_sensitive"),
    ]


def test_it_refuses_default_validator_flags_that_do_not_parse(aplusb):
    from django.core.exceptions import ValidationError

    aplusb.validator_flags = "float_tolerance lots"

    with pytest.raises(ValidationError, match="float_tolerance"):
        aplusb.full_clean()
    aplusb.validation = "custom"
    aplusb.full_clean()
