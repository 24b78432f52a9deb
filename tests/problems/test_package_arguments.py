"""Arguments from the test data configuration: a group's submission `args` (testdata.yaml) and a
case's own `<case>.yaml` (`args`, `output_validator_args`, `input_validator_args`)."""

import json

import pytest
from django.core.management.base import CommandError

from problems import models
from tests.problems.package_helpers import PACKAGES, import_package, run_command

pytestmark = pytest.mark.django_db


def test_per_case_and_per_group_arguments_are_stored():
    import_package(PACKAGES / "arguments")

    stored = {
        case.name: (case.args, case.validator_args)
        for case in models.TestCase.objects.filter(problem__slug="arguments")
    }
    assert stored == {
        "sample/1": ([], None),
        "secret/g1/1": ([], None),
        "secret/g1/2": (["--negate"], ["tolerant"]),
        "secret/g2/1": (["--double"], None),
    }


@pytest.mark.docker
def test_per_case_and_per_group_arguments_reach_submissions_and_validators():
    run_command("import_problem", str(PACKAGES / "arguments"))  # input validator with a case's --max 5

    for target in (str(PACKAGES / "arguments"), "arguments"):
        report = json.loads(run_command("verifyproblem", target, "--json"))
        assert report["ok"], report
        assert {row["file"]: row["got"] for row in report["submissions"]} == {
            "accepted/obey.py": "AC",
            "wrong_answer/ignore.py": "WA",
        }
    judged = json.loads(
        run_command(
            "judge", "--problem", "arguments", str(PACKAGES / "arguments/submissions/accepted/obey.py")
        )
    )
    assert judged["verdict"] == "AC"


@pytest.mark.docker
def test_per_case_input_validator_arguments_reject_a_case(package):
    path = package("arguments")
    (path / "data/secret/g1/2.yaml").write_text("input_validator_args: [--max, '4']\n")

    with pytest.raises(
        CommandError, match=r"data/secret/g1/2\.in: rejected by input validator input_validators/bounds\.py"
    ):
        run_command("import_problem", str(path))


def test_malformed_case_configuration_is_refused_with_a_message(package):
    path = package("arguments")
    (path / "data/secret/g1/2.yaml").write_text("args: {not: a list}\n")

    with pytest.raises(CommandError, match=r"data/secret/g1/2\.yaml"):
        import_package(path)


def test_case_arguments_survive_export_and_import(tmp_path):
    import_package(PACKAGES / "arguments")
    run_command("export_problem", "arguments", str(tmp_path / "again"))
    assert (tmp_path / "again/data/secret/g1/2.yaml").exists()

    import_package(tmp_path / "again", "--slug", "arguments2")

    stored = {
        c.name: (c.args, c.validator_args) for c in models.TestCase.objects.filter(problem__slug="arguments2")
    }
    assert stored["secret/g1/2"] == (["--negate"], ["tolerant"])
    assert stored["secret/g2/1"] == (["--double"], None)
