"""Live judging of imported packages: per-group validator flags, group scores, IOI-style runs,
authors' output validators and interactors."""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from judge.models import Submission
from problems.models import Problem

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.docker]

PACKAGES = Path(__file__).resolve().parents[1] / "problems" / "packages"


@pytest.fixture
def imported(settings, tmp_path, languages):
    settings.TESTDATA_ROOT = tmp_path / "testdata"

    def load(name: str | Path) -> Problem:
        path = PACKAGES / name if isinstance(name, str) else name
        call_command("import_problem", str(path))
        problem = Problem.objects.get(slug=path.name)
        problem.is_visible = True
        problem.save()
        return problem

    return load


@pytest.fixture
def package_copy(tmp_path):
    def copy(name: str) -> Path:
        target: Path = tmp_path / "packages" / name
        shutil.copytree(PACKAGES / name, target)
        return target

    return copy


def judge(run_worker, alice, problem, source):
    from judge.services import submission_create

    submission = submission_create(user=alice, problem=problem, language_key="py3", source=source)
    run_worker()
    submission.refresh_from_db()
    return submission


def test_it_applies_float_tolerance_from_the_package(imported, alice, judge_queue, run_worker):
    problem = imported("average")
    accepted = (PACKAGES / "average/submissions/accepted/average.py").read_text()
    rounded = (PACKAGES / "average/submissions/wrong_answer/rounded.py").read_text()
    assert judge(run_worker, alice, problem, accepted).verdict == "AC"
    assert judge(run_worker, alice, problem, rounded).verdict == "WA"


def test_it_scores_groups_and_runs_every_test_of_a_scoring_problem(imported, alice, judge_queue, run_worker):
    problem = imported("subtasks")
    full = judge(
        run_worker, alice, problem, (PACKAGES / "subtasks/submissions/accepted/shout.py").read_text()
    )
    assert (full.verdict, full.score) == ("AC", 100)
    partial_source = (PACKAGES / "subtasks/submissions/partially_accepted/lower_only.py").read_text()
    partial = judge(run_worker, alice, problem, partial_source)
    assert partial.verdict == "WA"
    assert 0 < partial.score < 100
    # IOI style: nothing is skipped after the first failure.
    verdicts = list(partial.results.values_list("verdict", flat=True))
    assert "SK" not in verdicts and len(verdicts) == problem.test_cases.count()


def test_it_judges_a_custom_validator_problem_live(imported, alice, judge_queue, run_worker):
    problem = imported("anyroot")
    negative = (PACKAGES / "anyroot/submissions/accepted/negative.py").read_text()

    accepted = judge(run_worker, alice, problem, negative)
    positive = judge(run_worker, alice, problem, "print(int(int(input()) ** 0.5))\n")
    wrong = judge(run_worker, alice, problem, "print(0)\n")

    assert (accepted.status, accepted.verdict, accepted.score) == ("done", "AC", 100)
    # Any root will do: the output validator decides, not a comparison with the answer file.
    assert positive.verdict == "AC"
    assert wrong.verdict == "WA" and wrong.error == ""


FEEDBACK_VALIDATOR = """
import sys
n = int(open(sys.argv[1]).read())
x = sys.stdin.read().strip()
with open(sys.argv[3] + "judgemessage.txt", "w") as f:
    f.write(f"expected a square root of {n}, got {x}")
if x.lstrip("-").isdigit() and int(x) ** 2 == n:
    sys.exit(42)
with open(sys.argv[3] + "teammessage.txt", "w") as f:
    f.write("that is not a square root")
sys.exit(43)
"""


def test_team_messages_reach_the_contestant_only_when_the_problem_allows(
    imported, package_copy, alice, staff, client, judge_queue, run_worker
):
    path = package_copy("anyroot")
    (path / "output_validator/validate.py").write_text(FEEDBACK_VALIDATOR)
    problem = imported(path)

    hidden = judge(run_worker, alice, problem, "print(5)\n")
    problem.show_team_message = True
    problem.save()
    shown = judge(run_worker, alice, problem, "print(5)\n")

    assert (hidden.verdict, hidden.feedback) == ("WA", "")
    assert (shown.verdict, shown.feedback) == ("WA", "that is not a square root")
    # The judge message quotes the hidden input: staff only, on the test result.
    assert shown.results.get(index=1).message == "expected a square root of 4, got 5"
    url = reverse("submission_detail", args=[shown.pk])
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert "that is not a square root" in page and "expected a square root" not in page
    client.force_login(staff)
    assert "expected a square root of 4, got 5" in client.get(url).content.decode()


def test_it_judges_an_interactive_problem_live(imported, alice, judge_queue, run_worker):
    problem = imported("guess")
    bisect = (PACKAGES / "guess/submissions/accepted/bisect.py").read_text()
    count_up = (PACKAGES / "guess/submissions/wrong_answer/count_up.py").read_text()

    accepted = judge(run_worker, alice, problem, bisect)
    wrong = judge(run_worker, alice, problem, count_up)

    assert (accepted.verdict, accepted.score) == ("AC", 100)
    assert wrong.verdict == "WA"
    assert list(wrong.results.values_list("verdict", flat=True)) == ["AC", "WA", "SK"]


def test_an_output_validator_that_cannot_run_is_a_final_internal_error(
    imported, package_copy, alice, judge_queue, run_worker
):
    path = package_copy("anyroot")
    (path / "output_validator/validate.py").write_text("def broken(:\n")
    problem = imported(path)

    submission = judge(run_worker, alice, problem, "print(2)\n")

    assert (submission.status, submission.verdict) == ("done", "IE")
    assert "does not compile" in submission.error and submission.attempts == 1
    assert Submission.objects.filter(verdict="AC").count() == 0
