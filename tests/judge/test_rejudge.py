import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from judge.models import Submission
from judge.queueing import Priority, enqueue_judging, queued_submission_ids
from judge.services import submission_create, submission_rejudge

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.docker]

AB_OK = "a, b = map(int, input().split())\nprint(a + b)\n"


def make(alice, aplusb, **fields):
    submission = submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_OK)
    Submission.objects.filter(pk=submission.pk).update(**fields)
    return submission


def test_it_rejudges_finished_submissions_only(alice, aplusb, judge_queue):
    done = make(alice, aplusb, status="done", verdict="WA")
    busy = make(alice, aplusb, status="judging")
    judge_queue.empty()
    assert submission_rejudge(submission_ids=[done.pk, busy.pk]) == [done.pk]
    done.refresh_from_db()
    assert (done.status, done.verdict) == ("queued", "")
    assert queued_submission_ids() == {done.pk}


def test_it_judges_practice_before_rejudges(alice, aplusb, judge_queue, run_worker):
    first = make(alice, aplusb, status="done", verdict="WA")
    judge_queue.empty()
    submission_rejudge(submission_ids=[first.pk])
    second = make(alice, aplusb)  # practice priority, queued after the rejudge
    run_worker()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.verdict == second.verdict == "AC"
    assert second.judged_at < first.judged_at


def test_contest_queue_goes_first(alice, aplusb, judge_queue, run_worker):
    practice = make(alice, aplusb)
    contest = make(alice, aplusb)
    judge_queue.empty()
    enqueue_judging(practice.pk, Priority.PRACTICE)
    enqueue_judging(contest.pk, Priority.CONTEST)
    run_worker()
    practice.refresh_from_db()
    contest.refresh_from_db()
    assert contest.judged_at < practice.judged_at


def test_the_command_rejudges_by_verdict_and_waits_with_progress(alice, aplusb, judge_queue, capsys):
    wrong = make(alice, aplusb, status="done", verdict="WA")
    make(alice, aplusb, status="done", verdict="AC")
    judge_queue.empty()
    call_command("rejudge", "--verdict", "WA")
    assert "queued 1 of 1" in capsys.readouterr().out
    assert queued_submission_ids() == {wrong.pk}


def test_the_command_wants_a_filter():
    with pytest.raises(CommandError, match="say what to rejudge"):
        call_command("rejudge")


def test_the_admin_action_rejudges(client, alice, staff, aplusb, judge_queue):
    done = make(alice, aplusb, status="done", verdict="TLE")
    judge_queue.empty()
    client.force_login(staff)
    staff.is_superuser = True
    staff.save()
    response = client.post(
        reverse("admin:judge_submission_changelist"),
        {"action": "rejudge", "_selected_action": [done.pk]},
        follow=True,
    )
    assert b"Queued 1 submissions for rejudging." in response.content
    assert queued_submission_ids() == {done.pk}
