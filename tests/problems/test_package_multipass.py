"""Multi-pass problems (2023-07-draft): the validator's nextpass.in feeds the next run of the
submission, and what it leaves in its feedback directory is there in the next pass."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.problems.package_helpers import PACKAGES, import_package, run_command

pytestmark = pytest.mark.django_db


@pytest.mark.docker
def test_multi_pass_problem_runs_the_submission_again_on_nextpass_in():
    for target in (str(PACKAGES / "multipass"), None):
        if target is None:
            run_command("import_problem", str(PACKAGES / "multipass"))
            target = "multipass"
        report = json.loads(run_command("verifyproblem", target, "--json"))
        assert report["ok"], report
        assert {row["file"]: row["got"] for row in report["submissions"]} == {
            "accepted/next.py": "AC",
            "wrong_answer/skip.py": "WA",
        }
    judged = json.loads(
        run_command(
            "judge", "--problem", "multipass", str(PACKAGES / "multipass/submissions/accepted/next.py")
        )
    )
    assert judged["verdict"] == "AC"


@pytest.mark.docker
def test_multi_pass_validator_asking_for_too_many_passes_is_a_judge_error(package):
    path = package("multipass")
    (path / "problem.yaml").write_text(
        (path / "problem.yaml").read_text().replace("validation_passes: 3", "validation_passes: 2")
    )
    validator = path / "output_validator/count.py"
    validator.write_text(
        validator.read_text()
        .replace("if not second:", "if True:")
        .replace("if got != n + (2 if second else 1):", "if got < 0:")
    )

    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("verifyproblem", str(path), "--json", stdout=out, stderr=StringIO())

    rows = {row["file"]: row for row in json.loads(out.getvalue())["submissions"]}
    assert rows["accepted/next.py"]["got"] == "IE"
    assert "output validator asked for pass 3 of 2" in rows["accepted/next.py"]["message"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("validation_passes: 3", "validation_passes: 1"),
            r"problem\.yaml: `limits\.validation_passes` must be a whole number, at least 2",
        ),
        (
            ("type: multi-pass", "type: [multi-pass, interactive]"),
            r"problem\.yaml: a multi-pass problem needs a custom output validator",
        ),
    ],
)
def test_malformed_multi_pass_packages_are_refused_with_a_message(package, change, message):
    path = package("multipass")
    (path / "problem.yaml").write_text((path / "problem.yaml").read_text().replace(*change))

    with pytest.raises(CommandError, match=message):
        import_package(path)


@pytest.mark.docker
def test_multi_pass_validator_rejecting_with_nextpass_in_is_a_judge_error(package):
    path = package("multipass")
    validator = path / "output_validator/count.py"
    text = validator.read_text().replace(
        "second = os.path.exists",
        'open(feedback + "nextpass.in", "w").write("0\\n")\nsecond = os.path.exists',
    )
    validator.write_text(text)

    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("verifyproblem", str(path), "--json", stdout=out, stderr=StringIO())

    rows = {row["file"]: row for row in json.loads(out.getvalue())["submissions"]}
    assert rows["wrong_answer/skip.py"]["got"] == "IE"
    assert "rejected pass 1 and wrote nextpass.in" in rows["wrong_answer/skip.py"]["message"]
