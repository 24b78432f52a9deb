"""Judging bookkeeping without Docker: the sandbox is a fake that replays canned runs, so these tests
check what the judge app does with results (stored rows, verdicts, leases, retries, live events,
queues and hooks), not the sandbox."""

import importlib
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from common import worker_hooks
from common.queues import JobKind, QueueName, enqueue, get_queue, queued_ids
from config.asgi import application
from grading import grader
from judge.events import flush_broadcasts
from judge.models import Status, Submission, TestResult
from judge.queueing import queued_submission_ids
from judge.services import (
    MAX_ATTEMPTS,
    submission_block,
    submission_create,
    submission_judge,
    submission_recover,
)
from sandbox.fake import CannedRun, fake_sandboxes
from sandbox.types import Outcome, SandboxError

pytestmark = pytest.mark.django_db(transaction=True)

SOURCE = "print(sum(map(int, input().split())))\n"
INPUTS = [b"1 2\n", b"10 -4\n", b"1000000000 1000000000\n"]


def runs(*outputs, **canned):
    return {stdin: CannedRun(out, **canned) for stdin, out in zip(INPUTS, outputs, strict=True)}


@pytest.fixture
def fake_sandbox(monkeypatch):
    """Judging's sandbox replaced by a fake with these canned runs; returns what it recorded."""

    def install(canned, **options):
        factory, record = fake_sandboxes(canned, **options)
        monkeypatch.setattr(grader, "Sandbox", factory)
        return record

    return install


@pytest.fixture
def submission(alice, aplusb, judge_queue):
    created = submission_create(user=alice, problem=aplusb, language_key="py3", source=SOURCE)
    judge_queue.empty()
    return created


def test_submission_statuses_are_lowercase():
    assert [status.value for status in Status] == ["queued", "judging", "done"]


def test_it_stores_every_result_and_the_verdict(submission, fake_sandbox):
    record = fake_sandbox(runs(b"3\n", b"6\n", b"2000000000\n", time_ms=12, memory_kb=3000))
    submission_judge(submission_id=submission.pk)
    submission.refresh_from_db()
    assert (submission.status, submission.verdict, submission.score) == ("done", "AC", 100)
    assert (submission.max_time_ms, submission.max_memory_kb, submission.attempts) == (12, 3000, 1)
    rows = TestResult.objects.filter(submission=submission).order_by("index")
    assert [(r.index, r.verdict) for r in rows] == [(1, "AC"), (2, "AC"), (3, "AC")]
    assert record.inputs == INPUTS and record.closed == 1


def test_a_pass_fail_problem_stops_at_the_first_failure(submission, fake_sandbox):
    record = fake_sandbox(runs(b"3\n", b"7\n", b"2000000000\n"))
    submission_judge(submission_id=submission.pk)
    submission.refresh_from_db()
    assert (submission.verdict, submission.score) == ("WA", round(100 / 3, 6))
    verdicts = TestResult.objects.filter(submission=submission).order_by("index").values_list("verdict")
    assert [v for (v,) in verdicts] == ["AC", "WA", "SK"]
    assert record.inputs == INPUTS[:2]


def test_a_run_time_error_keeps_its_signal(submission, fake_sandbox):
    fake_sandbox(runs(b"", b"", b"", outcome=Outcome.RTE, signal="SIGSEGV", exit_code=None))
    submission_judge(submission_id=submission.pk)
    first = TestResult.objects.get(submission=submission, index=1)
    assert (first.verdict, first.signal, first.message) == ("RTE", "SIGSEGV", "killed by SIGSEGV")


def test_a_claimed_submission_is_judged_once(submission, fake_sandbox):
    record = fake_sandbox(runs(b"3\n", b"6\n", b"2000000000\n"))
    submission_judge(submission_id=submission.pk)
    assert submission_judge(submission_id=submission.pk) is None  # done: no second claim
    assert record.started == 1


def test_an_infrastructure_failure_goes_back_to_the_queue_then_ends_in_ie(submission, fake_sandbox):
    fake_sandbox({}, start_error=SandboxError("docker engine unavailable: gone"))
    for attempt in range(1, MAX_ATTEMPTS + 1):
        submission_judge(submission_id=submission.pk)
        submission.refresh_from_db()
        assert submission.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert (submission.status, submission.verdict) == ("queued", "")
            assert submission.retry_at is not None and submission.retry_at > timezone.now()
    assert (submission.status, submission.verdict, submission.infra_error) == ("done", "IE", True)
    assert "docker engine unavailable" in submission.error
    assert not TestResult.objects.filter(submission=submission).exists()


def test_a_run_lost_mid_judgement_is_retried_not_judged(submission, fake_sandbox):
    canned = runs(b"3\n", b"6\n", b"2000000000\n")
    canned[INPUTS[1]] = CannedRun(error=SandboxError("runner lost"))
    fake_sandbox(canned)
    submission_judge(submission_id=submission.pk)
    submission.refresh_from_db()
    assert (submission.status, submission.verdict, submission.error) == ("queued", "", "runner lost")


def test_a_submission_blocked_while_judged_keeps_sv(submission, fake_sandbox):
    class BlockedDuringTheRun(CannedRun):
        def result(self):
            submission_block(submission_id=submission.pk, message="blocked")
            return super().result()

    canned = runs(b"3\n", b"6\n", b"2000000000\n")
    canned[INPUTS[0]] = BlockedDuringTheRun(b"3\n")
    fake_sandbox(canned)
    submission_judge(submission_id=submission.pk)
    submission.refresh_from_db()
    assert (submission.status, submission.verdict, submission.feedback) == ("done", "SV", "blocked")
    assert not TestResult.objects.filter(submission=submission).exists()


def test_recovery_requeues_a_submission_whose_job_vanished(alice, aplusb, judge_queue):
    lost = submission_create(user=alice, problem=aplusb, language_key="py3", source=SOURCE)
    judge_queue.empty()
    Submission.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    assert submission_recover() == [lost.pk]
    assert queued_submission_ids() == {lost.pk}
    assert submission_recover() == []  # its job waits now


def test_recovery_reads_jobs_by_kind_not_by_their_arguments(alice, aplusb, judge_queue):
    rejudges = get_queue(QueueName.JUDGE_REJUDGE)
    rejudges.empty()
    enqueue(JobKind.VERIFY_PROBLEM, QueueName.JUDGE_REJUDGE, 12345)
    enqueue(JobKind.JUDGE_SUBMISSION, QueueName.JUDGE_REJUDGE, 7)
    assert queued_submission_ids() == {7}
    assert queued_ids(JobKind.VERIFY_PROBLEM, QueueName.JUDGE_REJUDGE) == {12345}
    rejudges.empty()


def test_every_job_kind_names_a_job_function_and_every_queue_is_configured(settings):
    for kind in JobKind:
        module, _, name = kind.value.rpartition(".")
        assert callable(getattr(importlib.import_module(module), name)), kind
    assert set(settings.RQ_QUEUES) == {queue.value for queue in QueueName}


def test_a_new_submission_is_screened_through_the_hook_screening_registers(alice, aplusb, judge_queue):
    screening = get_queue(QueueName.SCREENING)
    screening.empty()
    created = submission_create(user=alice, problem=aplusb, language_key="py3", source=SOURCE)
    assert queued_ids(JobKind.SCREEN_SUBMISSION, QueueName.SCREENING) == {created.pk}
    assert [job.func_name for job in screening.jobs] == [JobKind.SCREEN_SUBMISSION.value]
    screening.empty()


def test_every_app_registers_its_worker_hooks():
    assert {r.name for r in worker_hooks.recoveries()} >= {
        "verification runs",
        "lost submissions",
        "judgements lost to an outage",
        "lost screenings",
    }
    assert [s.name for s in worker_hooks.services()] == ["sandbox container reaper"]


@pytest.fixture
def fresh_channel_layer():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


async def test_live_events_follow_the_canned_runs(
    alice, aplusb, judge_queue, fake_sandbox, fresh_channel_layer
):
    fake_sandbox(runs(b"3\n", b"0\n", b"2000000000\n"))
    created = await sync_to_async(submission_create)(
        user=alice, problem=aplusb, language_key="py3", source=SOURCE
    )
    await sync_to_async(flush_broadcasts)()
    client = Client()
    await sync_to_async(client.force_login)(alice)
    headers = [
        (b"origin", b"http://localhost"),
        (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
    ]
    feed = WebsocketCommunicator(application, f"/ws/submissions/{created.pk}/", headers=headers)
    connected, _ = await feed.connect()
    assert connected
    assert (await feed.receive_json_from())["status"] == "queued"

    await sync_to_async(submission_judge)(submission_id=created.pk)

    events = [await feed.receive_json_from(timeout=5) for _ in range(5)]
    assert [e["kind"] for e in events] == ["submission", "test", "test", "test", "submission"]
    assert [e["verdict"] for e in events[1:4]] == ["AC", "WA", "SK"]
    assert (events[4]["status"], events[4]["verdict"]) == ("done", "WA")
    await feed.disconnect()
