"""No submission is lost: stale leases and vanished jobs are recovered; infrastructure failure is IE."""

import socket
import subprocess
import threading
import time
from datetime import timedelta

import docker
import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from judge.models import Submission, TestResult
from judge.outages import submission_rejudge_after_outage
from judge.queueing import queued_submission_ids
from judge.services import (
    MAX_ATTEMPTS,
    submission_create,
    submission_judge,
    submission_recover,
)
from sandbox.containers import LABEL, OWNER_LABEL, _process_start
from sandbox.images import image_tag

pytestmark = pytest.mark.django_db(transaction=True)

AB_OK = "a, b = map(int, input().split())\nprint(a + b)\n"


def make_submission(alice, aplusb, **fields):
    submission = submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_OK)
    Submission.objects.filter(pk=submission.pk).update(**fields)
    return submission


def test_it_requeues_a_judgement_whose_worker_died(alice, aplusb, judge_queue):
    submission = make_submission(
        alice, aplusb, status="judging", heartbeat_at=timezone.now() - timedelta(minutes=2)
    )
    judge_queue.empty()
    assert submission_recover() == [submission.pk]
    submission.refresh_from_db()
    assert submission.status == "queued"
    assert queued_submission_ids() == {submission.pk}


def test_it_leaves_a_live_judgement_alone(alice, aplusb, judge_queue):
    make_submission(alice, aplusb, status="judging", heartbeat_at=timezone.now())
    judge_queue.empty()
    assert submission_recover() == []


def test_it_reenqueues_queued_work_that_redis_lost(alice, aplusb, judge_queue):
    old = make_submission(alice, aplusb, created_at=timezone.now() - timedelta(minutes=1))
    fresh = make_submission(alice, aplusb)
    judge_queue.empty()  # as if Redis restarted with nothing on disk
    assert submission_recover() == [old.pk]
    assert queued_submission_ids() == {old.pk}
    assert fresh.pk not in queued_submission_ids()


def test_it_does_not_duplicate_work_already_in_the_queue(alice, aplusb, judge_queue):
    make_submission(alice, aplusb, created_at=timezone.now() - timedelta(minutes=1))
    assert submission_recover() == []
    assert len(judge_queue.jobs) == 1


def test_a_duplicate_job_cannot_judge_twice(alice, aplusb, judge_queue):
    submission = make_submission(alice, aplusb, status="done", verdict="AC")
    assert submission_judge(submission_id=submission.pk) is None


def test_a_worker_whose_submission_was_taken_over_stores_nothing_more(alice, aplusb, judge_queue, settings):
    """Recovered as lost and claimed again by another worker, the submission belongs to the new
    attempt: the old worker, merely slow, neither adds results nor gives a verdict."""
    # The first test is fast, the others take 3 s (under a 7 s wall limit): the takeover happens
    # while the second runs, whose result then has nowhere to go. No heartbeat comes in between to
    # notice the takeover first: the result's own commit must refuse it.
    settings.JUDGE_HEARTBEAT_S = 60
    aplusb.time_limit_ms = 3000
    aplusb.save(update_fields=["time_limit_ms"])
    slow = "import time\n" + AB_OK + "if a + b != 3:\n    time.sleep(3)\n"
    submission = submission_create(user=alice, problem=aplusb, language_key="py3", source=slow)
    worker = threading.Thread(target=submission_judge, kwargs={"submission_id": submission.pk})
    worker.start()
    deadline = time.monotonic() + 60
    while not TestResult.objects.filter(submission=submission).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    # What submission_recover and another worker's claim do.
    Submission.objects.filter(pk=submission.pk).update(status="queued")
    Submission.objects.filter(pk=submission.pk).update(status="judging", attempts=F("attempts") + 1)
    assert TestResult.objects.filter(submission=submission).count() == 1, "taken over too late"
    worker.join(timeout=60)
    assert not worker.is_alive()
    submission.refresh_from_db()
    assert (submission.status, submission.verdict, submission.attempts) == ("judging", "", 2)
    assert TestResult.objects.filter(submission=submission).count() == 1


def test_it_gives_ie_after_bounded_retries_when_the_docker_engine_is_down(
    alice, aplusb, judge_queue, settings
):
    settings.SANDBOX_DOCKER_URL = "unix:///nonexistent/docker.sock"
    submission = make_submission(alice, aplusb)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        submission_judge(submission_id=submission.pk)
        submission.refresh_from_db()
        assert submission.attempts == attempt
        assert submission.verdict in ("", "IE") and submission.verdict != "AC"
    assert (submission.status, submission.verdict) == ("done", "IE")
    assert "docker engine unavailable" in submission.error


def test_it_backs_off_before_retrying_after_an_infrastructure_failure(alice, aplusb, judge_queue, settings):
    settings.SANDBOX_DOCKER_URL = "unix:///nonexistent/docker.sock"
    submission = make_submission(alice, aplusb)
    judge_queue.empty()
    submission_judge(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.status == "queued" and submission.retry_at > timezone.now()
    assert submission_recover() == []  # not before the back-off
    Submission.objects.filter(pk=submission.pk).update(retry_at=timezone.now() - timedelta(seconds=1))
    assert submission_recover() == [submission.pk]


def test_it_judges_again_after_the_engine_comes_back(alice, aplusb, judge_queue, settings, run_worker):
    settings.SANDBOX_DOCKER_URL = "unix:///nonexistent/docker.sock"
    submission = make_submission(alice, aplusb)
    for _ in range(MAX_ATTEMPTS):
        submission_judge(submission_id=submission.pk)
    submission.refresh_from_db()
    assert (submission.verdict, submission.infra_error) == ("IE", True)

    judge_queue.empty()
    assert submission_rejudge_after_outage(engine_healthy=False) == []
    settings.SANDBOX_DOCKER_URL = None  # the engine is back
    assert submission_rejudge_after_outage(engine_healthy=True) == [submission.pk]
    run_worker()
    submission.refresh_from_db()
    assert (submission.verdict, submission.infra_error, submission.infra_rejudges) == ("AC", False, 1)


def test_it_stops_rejudging_a_lasting_fault(alice, aplusb, judge_queue):
    submission = make_submission(
        alice,
        aplusb,
        status="done",
        verdict="IE",
        infra_error=True,
        infra_rejudges=3,
        judged_at=timezone.now(),
    )
    assert submission_rejudge_after_outage(engine_healthy=True) == []
    assert Submission.objects.get(pk=submission.pk).verdict == "IE"


def test_a_stopping_worker_removes_the_containers_of_dead_workers(judge_queue):
    """A worker killed just before the others stop would otherwise leave its containers behind
    until some worker starts again."""
    child = subprocess.Popen(["sleep", "5"])
    dead_owner = f"{socket.gethostname()}:{child.pid}:{_process_start(child.pid)}"
    child.kill()
    child.wait()
    client = docker.from_env()
    labels = {LABEL: "1", OWNER_LABEL: dead_owner}
    orphan = client.api.create_container(image_tag("base"), command=["true"], labels=labels)["Id"]
    call_command("worker", "--burst", "--maintenance-every", "60")
    assert not client.api.containers(all=True, filters={"id": orphan})


def test_the_workers_rq_logging_follows_the_projects_log_level(judge_queue):
    import logging

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)
    try:
        # By its former name, which scripts outside this repository may still use.
        call_command("judge_worker", "--burst", "--maintenance-every", "60")
        assert logging.getLogger("rq.worker").getEffectiveLevel() == logging.WARNING
        assert not logging.getLogger("rq.worker").isEnabledFor(logging.INFO)
    finally:
        root.setLevel(level)
        logging.getLogger("rq.worker").setLevel(logging.NOTSET)
        logging.getLogger("rq.job").setLevel(logging.NOTSET)


def test_fast_tests_share_a_commit_and_a_slow_test_does_not_hold_back_earlier_results(
    alice, aplusb, judge_queue, monkeypatch
):
    import judge.services

    # Everything within a long delay goes in one commit: three fast tests, one batch.
    monkeypatch.setattr(judge.services, "RESULTS_MAX_DELAY_S", 30.0)
    batches = []
    commit = judge.services._TestResults._commit

    def counted(self, older_than_s):
        pending = len(self.pending)
        commit(self, older_than_s)
        if pending and not self.pending:
            batches.append(pending)

    monkeypatch.setattr(judge.services._TestResults, "_commit", counted)
    fast = submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_OK)
    submission_judge(submission_id=fast.pk)
    assert batches == [3]
    assert list(TestResult.objects.filter(submission=fast).values_list("index", "verdict")) == [
        (1, "AC"),
        (2, "AC"),
        (3, "AC"),
    ]
    fast.refresh_from_db()
    assert (fast.verdict, fast.score) == ("AC", 100)

    # A short delay, and a third test that takes 4 s (under a 7 s wall limit): the first two
    # results are committed (by the heartbeat thread) while it runs, not with it.
    monkeypatch.setattr(judge.services, "RESULTS_MAX_DELAY_S", 0.1)
    aplusb.time_limit_ms = 3000
    aplusb.save(update_fields=["time_limit_ms"])
    slow_third = "import time\n" + AB_OK + "if a + b == 2000000000:\n    time.sleep(4)\n"
    slow = submission_create(user=alice, problem=aplusb, language_key="py3", source=slow_third)
    worker = threading.Thread(target=submission_judge, kwargs={"submission_id": slow.pk})
    worker.start()
    deadline = time.monotonic() + 60
    while TestResult.objects.filter(submission=slow).count() < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    slow.refresh_from_db()
    assert slow.status == "judging", "the first results came only with the verdict"
    worker.join(timeout=60)
    assert TestResult.objects.filter(submission=slow).count() == 3
