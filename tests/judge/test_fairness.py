"""One user cannot starve the judge: a cap on work in flight, a judging-time budget weighted by cost,
and fair dispatch (a burst interleaves with other users' submissions) that recovery keeps lossless.
The sandbox is a fake: these tests are about order and bookkeeping, not running programs."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from common.queues import QueueName, get_queue
from grading import grader
from judge import fairness
from judge.models import Status, Submission
from judge.queueing import queued_submission_ids
from judge.services import SubmissionRejected, submission_create, submission_recover
from problems.services import problem_set_tests, problem_upsert
from sandbox.fake import CannedRun, fake_sandboxes
from tests.conftest import AB_CASES

pytestmark = pytest.mark.django_db(transaction=True)

SOURCE = "print(sum(map(int, input().split())))\n"


@pytest.fixture
def fake_sandbox(monkeypatch):
    canned = {stdin: CannedRun(answer) for stdin, answer, _ in AB_CASES}
    factory, record = fake_sandboxes(canned)
    monkeypatch.setattr(grader, "Sandbox", factory)
    return record


@pytest.fixture
def limits_on(settings, monkeypatch):
    """Rate limits on (the tests' settings turn them off), in a minute that does not end."""
    cache.clear()
    settings.RATELIMIT_ENABLE = True
    monkeypatch.setattr(fairness, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    return settings


def submit(user, problem):
    return submission_create(user=user, problem=problem, language_key="py3", source=SOURCE)


def judging_order() -> list[int]:
    return list(
        Submission.objects.filter(status=Status.DONE).order_by("judged_at").values_list("pk", flat=True)
    )


def test_a_second_users_submission_is_judged_before_the_first_users_burst(
    alice, bob, aplusb, judge_queue, run_worker, fake_sandbox, settings
):
    settings.JUDGE_DISPATCH_PER_USER = 2
    burst = [submit(alice, aplusb).pk for _ in range(6)]
    bobs = submit(bob, aplusb).pk
    # Only two of alice's wait on the queue; the rest are held back in the database.
    assert queued_submission_ids() == {*burst[:2], bobs}
    run_worker()
    # Bob's waits behind alice's two, not behind her whole burst; every one reaches a verdict.
    assert judging_order() == [*burst[:2], bobs, *burst[2:]]
    assert set(Submission.objects.values_list("verdict", flat=True)) == {"AC"}


def test_a_users_submissions_keep_every_worker_busy_when_alone(alice, aplusb, judge_queue, settings):
    settings.JUDGE_DISPATCH_PER_USER = 1
    first, second, third = (submit(alice, aplusb).pk for _ in range(3))
    assert queued_submission_ids() == {first}
    # A worker's claim frees the user's place on the queue at once, for an idle worker to take.
    from judge.fairness import submission_dispatch
    from judge.services import _claim

    assert _claim(first)
    assert submission_dispatch(user_id=alice.pk) == [second]
    assert queued_submission_ids() == {first, second}
    assert third not in queued_submission_ids()


def test_recovery_brings_a_burst_to_verdicts_after_redis_lost_it_and_a_worker_died(
    alice, bob, aplusb, judge_queue, run_worker, fake_sandbox, settings
):
    settings.JUDGE_DISPATCH_PER_USER = 2
    burst = [submit(alice, aplusb).pk for _ in range(5)]
    bobs = submit(bob, aplusb).pk
    # A worker died judging one of alice's, and Redis restarted empty.
    Submission.objects.filter(pk=burst[0]).update(
        status=Status.JUDGING, heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    for name in (QueueName.JUDGE, QueueName.JUDGE_CONTEST):
        get_queue(name).empty()
    Submission.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    assert sorted(submission_recover()) == sorted([burst[0], burst[1], bobs])
    # Held submissions stay held: recovery does not dump them on the queue.
    assert queued_submission_ids() == {burst[0], burst[1], bobs}
    for _ in range(10):
        run_worker()
        submission_recover()
        if not Submission.objects.exclude(status=Status.DONE).exists():
            break
    assert sorted(Submission.objects.values_list("status", "verdict")) == [("done", "AC")] * 6


def test_rejudges_are_queued_at_their_priority_and_recovered_there(alice, aplusb, judge_queue, settings):
    from judge.services import submission_rejudge

    done = submit(alice, aplusb)
    judge_queue.empty()
    Submission.objects.filter(pk=done.pk).update(status=Status.DONE, verdict="WA")
    assert submission_rejudge(submission_ids=[done.pk]) == [done.pk]
    get_queue(QueueName.JUDGE_REJUDGE).empty()
    Submission.objects.filter(pk=done.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    assert submission_recover() == [done.pk]
    assert [job.args[0] for job in get_queue(QueueName.JUDGE_REJUDGE).jobs] == [done.pk]
    get_queue(QueueName.JUDGE_REJUDGE).empty()


def test_work_in_flight_is_capped_per_user_with_a_clear_message(
    client, alice, bob, aplusb, judge_queue, limits_on
):
    limits_on.JUDGE_MAX_IN_FLIGHT = 3
    client.force_login(alice)
    url = reverse("submit", args=[aplusb.slug])
    for _ in range(2):
        assert client.post(url, {"language": "py3", "source": SOURCE}).status_code == 302
    run = client.post(
        reverse("v1_run_list"),
        {"language": "py3", "source_code": "print(1)", "stdin": ""},
        content_type="application/json",
    )
    assert run.status_code == 202
    refused = client.post(url, {"language": "py3", "source": SOURCE})
    message = fairness.IN_FLIGHT_EXCEEDED.format(count=3, limit=3)
    assert refused.status_code == 400 and message in refused.content.decode()
    run = client.post(
        reverse("v1_run_list"),
        {"language": "py3", "source_code": "print(1)", "stdin": ""},
        content_type="application/json",
    )
    assert (run.status_code, run.json()["detail"]) == (422, message)
    # Other users are not affected, and a finished submission frees a place.
    assert submit(bob, aplusb).status == Status.QUEUED
    oldest = Submission.objects.filter(user=alice).order_by("id")[0]
    Submission.objects.filter(pk=oldest.pk).update(status=Status.DONE)
    assert client.post(url, {"language": "py3", "source": SOURCE}).status_code == 302
    get_queue(QueueName.JUDGE_RUN).empty()


def test_the_judging_time_budget_charges_a_costly_problem_more(alice, aplusb, judge_queue, limits_on):
    limits_on.JUDGE_COST_BUDGET_S = 40
    heavy = problem_upsert(slug="heavy", title="Heavy", statement="x", time_limit_ms=10_000, is_visible=True)
    problem_set_tests(problem=heavy, cases=AB_CASES)
    # Heavy: a compile (10 s) and three tests at 10 s each, 40 s: the first spends the whole budget.
    submit(alice, heavy)
    with pytest.raises(SubmissionRejected) as refused:
        submit(alice, aplusb)
    assert refused.value.message == fairness.COST_EXCEEDED
    cache.clear()
    # A+B: 10 s and three tests at 1 s, 13 s: four fit in the same budget (the fourth overshoots it).
    for _ in range(4):
        submit(alice, aplusb)
    with pytest.raises(SubmissionRejected):
        submit(alice, aplusb)


def test_a_big_rejudge_is_dispatched_a_few_at_a_time_and_new_submissions_go_first(
    alice, bob, aplusb, judge_queue, run_worker, fake_sandbox, settings
):
    from judge.services import submission_rejudge

    settings.JUDGE_DISPATCH_PER_USER = 2
    judged = [submit(alice, aplusb).pk for _ in range(12)]
    run_worker()
    Submission.objects.update(verdict="WA")
    assert submission_rejudge(submission_ids=judged) == judged
    rejudge_queue = get_queue(QueueName.JUDGE_REJUDGE)
    # Only two stand on the rejudge queue; the other ten are held in the database, not lost.
    assert [job.args[0] for job in rejudge_queue.jobs] == judged[:2]
    assert Submission.objects.filter(status=Status.QUEUED, dispatched_at__isnull=True).count() == 10
    bobs = submit(bob, aplusb).pk
    run_worker()
    order = [pk for pk in judging_order() if pk in {*judged, bobs}]
    done_after_rejudge = Submission.objects.filter(pk__in=judged, judged_at__isnull=False)
    assert order.index(bobs) < len(judged) // 2
    assert done_after_rejudge.filter(status=Status.DONE, verdict="AC").count() == 12
    assert Submission.objects.get(pk=bobs).verdict == "AC"


def test_recovery_brings_every_held_rejudge_to_a_verdict_after_redis_lost_them(
    alice, aplusb, judge_queue, run_worker, fake_sandbox, settings
):
    from judge.services import submission_rejudge

    settings.JUDGE_DISPATCH_PER_USER = 2
    judged = [submit(alice, aplusb).pk for _ in range(6)]
    run_worker()
    submission_rejudge(submission_ids=judged)
    # Redis restarted empty: the two dispatched jobs are gone, the four held ones never had one.
    get_queue(QueueName.JUDGE_REJUDGE).empty()
    Submission.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    assert sorted(submission_recover()) == judged[:2]
    for _ in range(10):
        run_worker()
        submission_recover()
        if not Submission.objects.exclude(status=Status.DONE).exists():
            break
    assert sorted(Submission.objects.values_list("status", "verdict")) == [("done", "AC")] * 6
