import pytest
from django.urls import reverse

from common.queues import QueueName

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.docker]


@pytest.fixture
def run_queue():
    import django_rq

    queue = django_rq.get_queue(QueueName.JUDGE_RUN)
    queue.empty()
    yield queue
    queue.empty()


def start(client, source, stdin="", language="py3"):
    return client.post(
        reverse("v1_run_list"),
        {"language": language, "source_code": source, "stdin": stdin},
        content_type="application/json",
    )


def test_it_runs_a_program_on_custom_input(client, alice, languages, run_queue, run_worker):
    client.force_login(alice)
    response = start(client, "print(input()[::-1])\n", "judge\n")
    assert response.status_code == 202
    run_id = response.json()["id"]
    assert client.get(reverse("v1_run_detail", args=[run_id])).json()["status"] == "queued"
    run_worker()
    run = client.get(reverse("v1_run_detail", args=[run_id])).json()
    assert run["status"] == "done"
    assert run["result"]["stdout"] == "egduj\n"
    assert run["result"]["verdict"] == "AC"
    assert run["result"]["time_ms"] >= 0 and run["result"]["memory_kb"] > 0


def test_it_reports_compile_errors_and_crashes(client, alice, languages, run_queue, run_worker):
    client.force_login(alice)
    ce = start(client, "int main( {", language="cpp17").json()["id"]
    rte = start(client, "import sys\nsys.stderr.write('boom')\nraise SystemExit(4)\n").json()["id"]
    run_worker()
    ce_run = client.get(reverse("v1_run_detail", args=[ce])).json()["result"]
    assert ce_run["verdict"] == "CE" and "error" in ce_run["compile_output"]
    rte_run = client.get(reverse("v1_run_detail", args=[rte])).json()["result"]
    assert (rte_run["verdict"], rte_run["exit_code"], rte_run["stderr"]) == ("RTE", 4, "boom")


def test_it_shows_a_run_only_to_its_owner(client, alice, bob, languages, run_queue):
    client.force_login(alice)
    run_id = start(client, "print(1)").json()["id"]
    client.force_login(bob)
    assert client.get(reverse("v1_run_detail", args=[run_id])).status_code == 404
    assert client.get(reverse("v1_run_detail", args=["not-a-job"])).status_code == 404


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"language": "py3", "source_code": "  "}, 422, "The source is empty."),
        ({"language": "cobol", "source_code": "x"}, 422, "Unknown or disabled language."),
        ({"language": "py3", "source_code": "x", "stdin": "1" * (1 << 20 | 1)}, 422, "larger than 1 MiB"),
        ({"language": "py3"}, 400, "source_code"),
    ],
)
def test_it_rejects_bad_requests_clearly(client, alice, languages, run_queue, payload, status, message):
    client.force_login(alice)
    response = client.post(reverse("v1_run_list"), payload, content_type="application/json")
    assert response.status_code == status
    assert message in response.content.decode()


def test_it_needs_a_login(client, languages):
    assert start(client, "print(1)").status_code == 401


def test_it_is_rate_limited(client, alice, languages, run_queue, settings, rate_limits):
    # The count per minute, not the cap on runs in flight (tests/judge/test_fairness.py), is tested.
    settings.JUDGE_MAX_IN_FLIGHT = 100
    client.force_login(alice)
    codes = [start(client, "print(1)").status_code for _ in range(21)]
    assert codes[:20] == [202] * 20
    assert codes[20] == 429
    rate_limits.advance(60)  # the next window
    assert start(client, "print(1)").status_code == 202
