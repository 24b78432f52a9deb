import zipfile

import pytest
import yaml
from django.core.management.base import CommandError

from problems.models import Problem
from problems.services import problem_set_tests, problem_upsert
from problems.storage import blob_get
from tests.problems.package_helpers import import_package, run_command

pytestmark = pytest.mark.django_db


def contents(problem):
    groups = list(
        problem.test_groups.values_list(
            "order", "name", "is_sample", "points", "aggregation", "validator_flags", "input_validator_args"
        )
    )
    tests = [
        (
            c.name,
            c.is_sample,
            c.group.name if c.group else None,
            blob_get(c.input_sha256),
            blob_get(c.answer_sha256),
        )
        for c in problem.test_cases.order_by("order")
    ]
    return {
        "title": problem.title,
        "statement": problem.statement,
        "limits": (problem.time_limit_ms, problem.memory_limit_kb, problem.output_limit_kb),
        "kind": (problem.problem_type, problem.validation, problem.validator_flags),
        "groups": groups,
        "tests": tests,
        "submissions": sorted(
            problem.package_submissions.values_list("verdict_folder", "filename", "sha256")
        ),
        "files": sorted(problem.files.values_list("kind", "sha256")),
    }


@pytest.mark.parametrize("name", ["subtasks", "anyroot", "guess"])
@pytest.mark.parametrize("suffix", ["", ".zip"])
def test_it_exports_a_package_that_imports_back_to_the_same_problem(package, tmp_path, name, suffix):
    import_package(package(name))
    out = tmp_path / f"exported{suffix}"

    assert run_command("export_problem", name, str(out)) == f"exported {name!r} to {out}\n"
    import_package(out, "--slug", "copy")

    original, copy = Problem.objects.get(slug=name), Problem.objects.get(slug="copy")
    assert contents(copy) == contents(original)
    assert copy.package_metadata["uuid"] == original.package_metadata["uuid"]
    assert copy.source_package_format == "2025-09"


def test_it_refuses_to_export_a_testlib_checker_as_a_kattis_validator(package, tmp_path):
    import_package(package("anyroot"))
    Problem.objects.filter(slug="anyroot").update(checker_kind="testlib")

    with pytest.raises(CommandError, match="testlib checker cannot be exported as a Kattis package"):
        run_command("export_problem", "anyroot", str(tmp_path / "out"))


def test_it_writes_flags_scores_and_limits_in_the_current_format(package, tmp_path):
    import_package(package("subtasks"))

    run_command("export_problem", "subtasks", str(tmp_path / "out.zip"))

    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        read = lambda name: yaml.safe_load(archive.read(f"subtasks/{name}"))  # noqa: E731
        problem_yaml = read("problem.yaml")
        assert problem_yaml["problem_format_version"] == "2025-09"
        assert problem_yaml["type"] == "scoring"
        assert problem_yaml["limits"] == {"time_limit": 1.0, "memory": 256, "output": 64}
        assert read("data/secret/group2/test_group.yaml") == {
            "output_validator_args": ["case_sensitive"],
            "max_score": 60,
            "score_aggregation": "sum",
        }
        assert read("data/sample/test_group.yaml") == {"output_validator_args": []}


def test_it_exports_problems_authored_without_groups(tmp_path, aplusb):
    run_command("export_problem", "aplusb", str(tmp_path / "out"))
    import_package(tmp_path / "out", "--slug", "copy")

    copy = Problem.objects.get(slug="copy")
    assert copy.title == "A + B" and copy.statement == aplusb.statement
    assert [(c.name, c.is_sample) for c in copy.test_cases.order_by("order")] == [
        ("sample/001", True),
        ("secret/002", False),
        ("secret/003", False),
    ]
    assert blob_get(copy.test_cases.get(name="secret/002").input_sha256) == b"10 -4\n"


def test_it_keeps_the_stored_order_of_naturally_sorted_cases(tmp_path):
    problem = problem_upsert(slug="order", title="Order", statement="x")
    cases = [(f"{i}\n".encode(), f"{i}\n".encode(), False) for i in (1, 2, 10)]
    problem_set_tests(problem=problem, cases=cases)
    for case, name in zip(
        problem.test_cases.order_by("order"), ["secret/1", "secret/2", "secret/10"], strict=True
    ):
        case.name = name
        case.save()

    run_command("export_problem", "order", str(tmp_path / "out"))
    import_package(tmp_path / "out", "--slug", "copy")

    copy = Problem.objects.get(slug="copy")
    assert [blob_get(c.input_sha256) for c in copy.test_cases.order_by("order")] == [b"1\n", b"2\n", b"10\n"]


def test_it_refuses_to_overwrite_and_to_export_unknown_problems(package, tmp_path):
    import_package(package("subtasks"))
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file").write_text("x")

    with pytest.raises(CommandError, match="already exists"):
        run_command("export_problem", "subtasks", str(tmp_path / "taken"))
    with pytest.raises(CommandError, match="no problem 'nope'"):
        run_command("export_problem", "nope", str(tmp_path / "new"))


def test_it_never_writes_outside_the_package(package, tmp_path):
    import_package(package("subtasks"))
    case = Problem.objects.get(slug="subtasks").test_cases.get(name="secret/group1/1")
    case.name = "secret/../../../escaped"
    case.save()

    with pytest.raises(CommandError, match="would land outside the package"):
        run_command("export_problem", "subtasks", str(tmp_path / "out" / "pkg"))

    assert not list(tmp_path.rglob("escaped*"))
