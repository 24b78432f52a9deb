"""Live judging of imported packages: per-group validator flags, group scores, IOI-style runs."""

from pathlib import Path

import pytest
from django.core.management import call_command

from judge.models import Submission
from problems.models import Problem

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.docker]

PACKAGES = Path(__file__).resolve().parents[1] / "problems" / "packages"


@pytest.fixture
def imported(settings, tmp_path, languages):
    settings.TESTDATA_ROOT = tmp_path / "testdata"

    def load(name: str) -> Problem:
        call_command("import_problem", str(PACKAGES / name))
        problem = Problem.objects.get(slug=name)
        problem.is_visible = True
        problem.save()
        return problem

    return load


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


def test_it_refuses_to_guess_on_custom_validators(imported, alice, judge_queue, run_worker):
    problem = imported("anyroot")
    submission = judge(run_worker, alice, problem, "print(1)\n")
    assert (submission.status, submission.verdict) == ("done", "IE")
    assert "cannot be judged yet" in submission.error
    assert Submission.objects.filter(verdict="AC").count() == 0
