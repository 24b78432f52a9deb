"""RQ jobs are JSON in Redis, and workers never unpickle: whoever can write to Redis gets no code run."""

import json
import pickle
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from rq.job import Job
from rq.serializers import JSONSerializer, PickleSerializer

from common.queues import JUDGE_QUEUES, QueueName, get_queue, get_worker
from judge.custom_runs import RUN_QUEUE
from judge.queueing import Priority, enqueue_judging, queued_submission_ids
from problems.services import VERIFICATION_QUEUE, _enqueue_verification
from staticanalysis.services import enqueue_screening


def stored(job):
    return json.loads(zlib.decompress(job.connection.hget(job.key, "data")))


@pytest.fixture
def queues():
    names = [*JUDGE_QUEUES, QueueName.SCREENING, VERIFICATION_QUEUE, RUN_QUEUE]
    for name in names:
        get_queue(name).empty()
    yield {name: get_queue(name) for name in names}
    for name in names:
        get_queue(name).empty()


def test_it_configures_json_for_every_queue():
    assert settings.RQ_QUEUES
    assert {queue["SERIALIZER"] for queue in settings.RQ_QUEUES.values()} == {"rq.serializers.JSONSerializer"}


def test_it_stores_the_jobs_of_the_app_as_json(queues):
    enqueue_judging(41, Priority.CONTEST)
    enqueue_screening(42)
    _enqueue_verification(43)

    judge = queues[Priority.CONTEST.value].jobs[0]
    screen = queues["screening"].jobs[0]
    verify = queues[VERIFICATION_QUEUE].jobs[0]
    assert stored(judge) == ["judge.jobs.judge_submission", None, [41], {}]
    assert stored(screen) == ["staticanalysis.jobs.screen_submission", None, [42], {}]
    assert stored(verify) == ["problems.jobs.verify_problem", None, [43], {}]


class Planted:
    """What an attacker with Redis access would plant: unpickling it creates a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def test_a_worker_never_unpickles_a_planted_job(queues, tmp_path):
    queue = queues[Priority.PRACTICE.value]
    marker = tmp_path / "unpickled"
    planted = Job.create(
        "judge.jobs.judge_submission",
        args=[Planted(marker)],
        connection=queue.connection,
        serializer=PickleSerializer,
    )
    planted.origin = queue.name
    planted.save()
    queue.push_job_id(planted.id)
    assert pickle.loads(pickle.dumps(Planted(tmp_path / "check"))) is None and (tmp_path / "check").exists()

    worker = get_worker(Priority.PRACTICE.value, worker_class="rq.worker.SimpleWorker")
    worker.work(burst=True)

    assert not marker.exists()
    assert worker.serializer is JSONSerializer


@pytest.mark.django_db(transaction=True)  # django-rq enqueues on commit
def test_it_stores_custom_runs_as_json(queues, alice, languages):
    from judge.custom_runs import custom_run_enqueue

    run_id = custom_run_enqueue(user=alice, language_key="py3", source="print(1)\n", stdin="x\n")

    job = queues[RUN_QUEUE].fetch_job(run_id)
    assert stored(job) == ["judge.custom_runs.custom_run", None, ["py3", "print(1)\n", "x\n"], {}]
    assert json.loads(job.connection.hget(job.key, "meta")) == {"user_id": alice.pk}


def test_recovery_reads_past_a_job_that_is_not_json(queues, tmp_path):
    queue = queues[Priority.PRACTICE.value]
    planted = Job.create(
        "judge.jobs.judge_submission", args=[7], connection=queue.connection, serializer=PickleSerializer
    )
    planted.origin = queue.name
    planted.save()
    queue.push_job_id(planted.id)
    enqueue_judging(8)

    assert queued_submission_ids() == {8}
