"""The judge's final verdicts reach the contest board through its hook, with no contest code in the
judge: judged for real (with a fake sandbox), blocked by screening, and rejudged."""

import pytest

from contests.models import ScoreboardRow
from contests.services import contest_register, contest_rejudge
from grading import grader
from judge.services import submission_block, submission_judge
from sandbox.fake import CannedRun, fake_sandboxes

from .conftest import AB_CASES_OUT
from .test_services import submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sandbox(monkeypatch):
    def install(outputs):
        factory, _ = fake_sandboxes({stdin: CannedRun(out) for stdin, out in outputs.items()})
        monkeypatch.setattr(grader, "Sandbox", factory)

    return install


def jury_row(team):
    return ScoreboardRow.objects.get(team=team, jury=True)


def test_a_judged_submission_reaches_the_board_and_a_rejudge_updates_it(contest, alice, sandbox, judge_queue):
    team = contest_register(contest=contest, user=alice)
    entry = submit(contest, alice, "A")
    sandbox(AB_CASES_OUT)
    submission_judge(submission_id=entry.submission_id)
    entry.refresh_from_db()
    assert entry.judgement_type.clics_id == "AC"
    assert jury_row(team).score == 1
    assert contest_rejudge(contest=contest) == [entry.submission_id]
    assert jury_row(team).score == 0
    sandbox({stdin: b"0\n" for stdin in AB_CASES_OUT})
    submission_judge(submission_id=entry.submission_id)
    entry.refresh_from_db()
    assert entry.judgement_type.clics_id == "WA"
    assert jury_row(team).cells[0][:3] == [1, 0, 0]


def test_a_blocked_submission_reaches_the_board(contest, alice, judge_queue):
    team = contest_register(contest=contest, user=alice)
    entry = submit(contest, alice, "A")
    assert submission_block(submission_id=entry.submission_id, message="no")
    entry.refresh_from_db()
    assert entry.judgement_type.clics_id == "SV" and jury_row(team).cells[0][0] == 1
