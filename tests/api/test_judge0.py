"""The Judge0-compatible API in process: shapes, validation, auth; runs through a burst worker."""

import re

import pytest

from api.judge0.params import BAD_BASE64
from tests.api.conftest import b64, unb64

pytestmark = pytest.mark.django_db(transaction=True)

AB = "a, b = map(int, input().split())\nprint(a + b)\n"
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def post(client, key, body, query="", path="/judge0/submissions"):
    return client.post(f"{path}{query}", body, content_type="application/json", HTTP_X_AUTH_TOKEN=key)


def get(client, key, path):
    return client.get(path, HTTP_X_AUTH_TOKEN=key)


def test_it_runs_a_submission_and_keeps_its_result(client, alice_key, languages, judge_queue, run_worker):
    body = {"source_code": b64(AB), "language_id": 71, "stdin": b64("2 3\n"), "expected_output": b64("5")}
    response = post(client, alice_key, body, "?base64_encoded=true")
    assert response.status_code == 201
    token = response.json()["token"]
    queued = get(client, alice_key, f"/judge0/submissions/{token}?fields=status").json()
    assert queued == {"status": {"id": 1, "description": "In Queue"}}
    run_worker()
    result = get(client, alice_key, f"/judge0/submissions/{token}?base64_encoded=true&fields=*").json()
    assert result["status"] == {"id": 3, "description": "Accepted"}
    assert unb64(result["stdout"]) == "5\n"
    assert unb64(result["source_code"]) == AB
    assert result["language"]["id"] == 71 and result["language_id"] == 71
    assert TIMESTAMP.match(result["created_at"]) and TIMESTAMP.match(result["finished_at"])
    assert re.match(r"^\d+\.\d{3}$", result["time"]) and isinstance(result["memory"], int)
    assert result["exit_code"] == 0


@pytest.mark.parametrize(
    ("source", "language_id", "expected", "status_id"),
    [
        (AB, 71, "6", 4),
        ("import time\nwhile True: pass\n", 71, None, 5),
        ("int main( {", 54, None, 6),
        ("int main() { volatile int *p = 0; *p = 1; return 0; }", 50, None, 7),
        ("import sys\nsys.exit(3)\n", 71, None, 11),
        ("print(1 // 0)\n", 71, None, 11),
    ],
)
def test_it_maps_outcomes_to_judge0_statuses(
    client, alice_key, languages, judge_queue, run_worker, source, language_id, expected, status_id
):
    body = {"source_code": source, "language_id": language_id, "stdin": "2 3\n", "cpu_time_limit": 1}
    if expected is not None:
        body["expected_output"] = expected
    token = post(client, alice_key, body).json()["token"]
    run_worker()
    result = get(
        client, alice_key, f"/judge0/submissions/{token}?fields=status,exit_code,compile_output"
    ).json()
    assert result["status"]["id"] == status_id, result


THREADS = """import threading, time
started = 0
try:
    for _ in range(8):
        threading.Thread(target=time.sleep, args=(0.5,)).start()
        started += 1
except RuntimeError:
    pass
print(started)
"""


def test_it_holds_each_run_to_its_own_process_limit(client, alice_key, languages, judge_queue, run_worker):
    # One source in one batch, two limits: each run gets a sandbox with its own.
    runs = [{"source_code": THREADS, "language_id": 71, "max_processes_and_or_threads": n} for n in (2, 30)]
    created = post(client, alice_key, {"submissions": runs}, path="/judge0/submissions/batch").json()
    run_worker()
    tokens = ",".join(row["token"] for row in created)
    rows = get(client, alice_key, f"/judge0/submissions/batch?tokens={tokens}&fields=stdout,status_id").json()
    limited, free = rows["submissions"]
    assert limited["status_id"] == 3 and int(limited["stdout"]) <= 1
    assert free == {"stdout": "8\n", "status_id": 3}


def test_it_runs_a_batch_with_invalid_entries_replaced(client, alice_key, languages, judge_queue, run_worker):
    good = {"source_code": "print(input())", "language_id": 71, "stdin": "hi"}
    response = post(
        client, alice_key, {"submissions": [good, {"language_id": 71}]}, path="/judge0/submissions/batch"
    )
    assert response.status_code == 201
    first, second = response.json()
    assert "token" in first and second == {"source_code": ["can't be blank"]}
    run_worker()
    tokens = f"{first['token']},00000000-0000-4000-8000-000000000000"
    rows = get(client, alice_key, f"/judge0/submissions/batch?tokens={tokens}&fields=stdout,status_id").json()
    assert rows == {"submissions": [{"stdout": "hi\n", "status_id": 3}, None]}


def test_it_refuses_a_batch_of_invalid_entries_and_too_many(client, alice_key, languages, judge_queue):
    response = post(
        client, alice_key, {"submissions": [{"language_id": 71}]}, path="/judge0/submissions/batch"
    )
    assert response.status_code == 422
    many = {"submissions": [{"source_code": "print(1)", "language_id": 71}] * 21}
    response = post(client, alice_key, many, path="/judge0/submissions/batch")
    assert response.status_code == 422 and "less than or equal to 20" in response.json()["error"]


@pytest.mark.parametrize(
    ("body", "query", "errors"),
    [
        (
            {"source_code": "x", "language_id": 9999},
            "",
            {"language_id": ["language with id 9999 doesn't exist"]},
        ),
        (
            {"source_code": "x", "language_id": 71, "cpu_time_limit": 99},
            "",
            {"cpu_time_limit": ["must be less than or equal to 15"]},
        ),
        (
            {"source_code": "x", "language_id": 71, "memory_limit": 10},
            "",
            {"memory_limit": ["must be greater than or equal to 2048"]},
        ),
        (
            {"source_code": "x", "language_id": 71, "max_processes_and_or_threads": 61},
            "",
            {"max_processes_and_or_threads": ["must be less than or equal to 60"]},
        ),
        (
            {"source_code": "x", "language_id": 71, "enable_network": True},
            "",
            {"enable_network": ["enabling network is not allowed"]},
        ),
        (
            {"source_code": "x", "language_id": 71, "callback_url": "http://evil.example/"},
            "",
            {"callback_url": ["host is not allowed"]},
        ),
        (
            {"source_code": "not base64!", "language_id": 71},
            "?base64_encoded=true",
            {"error": BAD_BASE64},
        ),
        ({"language_id": 71}, "", {"source_code": ["can't be blank"]}),
    ],
)
def test_it_validates_like_judge0(client, alice_key, languages, judge_queue, body, query, errors):
    response = post(client, alice_key, body, query)
    assert response.status_code == 422
    assert response.json() == errors


def test_it_caps_sizes(client, alice_key, languages, judge_queue, settings):
    big = {"source_code": "#" * (settings.SUBMISSION_MAX_SOURCE_BYTES + 1), "language_id": 71}
    response = post(client, alice_key, big)
    assert response.status_code == 422 and "too long" in response.json()["source_code"][0]
    huge = {"source_code": "x", "language_id": 71, "stdin": "1" * (8 << 20)}
    assert post(client, alice_key, huge).status_code == 413


def test_it_needs_a_token_and_shows_runs_to_their_owner_only(
    client, alice_key, alice_read_key, bob_key, languages, judge_queue
):
    body = {"source_code": "print(1)", "language_id": 71}
    assert client.post("/judge0/submissions", body, content_type="application/json").status_code == 401
    assert post(client, "wrong", body).status_code == 401
    assert post(client, alice_read_key, body).status_code == 403
    token = post(client, alice_key, body).json()["token"]
    assert get(client, alice_read_key, f"/judge0/submissions/{token}").status_code == 200
    assert get(client, bob_key, f"/judge0/submissions/{token}").status_code == 404
    assert client.get(f"/judge0/submissions/{token}?X-Auth-Token={alice_key}").status_code == 200


def test_it_lists_all_runs_only_with_a_staff_authorization(
    client, alice_key, staff_key, languages, judge_queue
):
    post(client, alice_key, {"source_code": "print(1)", "language_id": 71})
    assert get(client, alice_key, "/judge0/submissions").status_code == 403
    response = client.get("/judge0/submissions", HTTP_X_AUTH_TOKEN=staff_key, HTTP_X_AUTH_USER=staff_key)
    assert response.status_code == 200 and response.json()["meta"]["total_count"] == 1


def test_it_rejects_unknown_fields_and_non_utf8_output(client, alice_key, languages, judge_queue, run_worker):
    token = post(
        client, alice_key, {"source_code": "import sys; sys.stdout.buffer.write(b'\\xff')", "language_id": 71}
    ).json()["token"]
    bad = get(client, alice_key, f"/judge0/submissions/{token}?fields=token,nope")
    assert bad.status_code == 400 and bad.json() == {"error": "invalid fields: [nope]"}
    run_worker()
    plain = get(client, alice_key, f"/judge0/submissions/{token}")
    assert plain.status_code == 400 and "base64_encoded=true" in plain.json()["error"]
    encoded = get(client, alice_key, f"/judge0/submissions/{token}?base64_encoded=true").json()
    assert encoded["stdout"] == "/w==\n"


def test_it_describes_itself(client, alice_key, languages):
    languages_ = get(client, alice_key, "/judge0/languages").json()
    assert {"id": 71, "name": "Python 3"} in languages_
    assert {54, 52, 50, 62} <= {row["id"] for row in languages_}
    detail = get(client, alice_key, "/judge0/languages/54").json()
    assert detail["source_file"] == "main.cpp" and "g++" in detail["compile_cmd"]
    assert get(client, alice_key, "/judge0/languages/1").status_code == 404
    statuses = get(client, alice_key, "/judge0/statuses").json()
    assert [s["id"] for s in statuses] == list(range(1, 15))
    assert client.get("/judge0/about").json()["version"] == "1.13.1"
    config = get(client, alice_key, "/judge0/config_info").json()
    assert len(config) == 39 and config["max_submission_batch_size"] == 20
    assert config["enable_network"] is False and config["allow_enable_network"] is False


def test_it_rate_limits_writes_with_retry_after(
    client, alice_key, languages, judge_queue, settings, rate_limits
):
    settings.API_WRITE_RATE = "2/m"
    body = {"source_code": "print(1)", "language_id": 71}
    codes = [post(client, alice_key, body).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    batch = post(client, alice_key, {"submissions": [body, body]}, path="/judge0/submissions/batch")
    assert batch.status_code == 429 and 1 <= int(batch["Retry-After"]) <= 60
    assert get(client, alice_key, "/judge0/languages").status_code == 200  # reads are not limited


def test_it_refuses_new_runs_when_the_queue_is_full(client, alice_key, languages, judge_queue, settings):
    settings.JUDGE0_MAX_QUEUE_SIZE = 1
    body = {"source_code": "print(1)", "language_id": 71}
    assert post(client, alice_key, body).status_code == 201
    response = post(client, alice_key, body)
    assert response.status_code == 503 and response.json() == {"error": "queue is full"}


def test_it_calls_back_an_allowed_host_with_the_result(
    client, alice_key, languages, judge_queue, run_worker, settings
):
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.JUDGE0_CALLBACK_HOSTS = ["127.0.0.1"]
    try:
        url = f"http://127.0.0.1:{server.server_port}/done"
        token = post(
            client, alice_key, {"source_code": "print(7)", "language_id": 71, "callback_url": url}
        ).json()["token"]
        run_worker()
    finally:
        server.shutdown()
    (body,) = received
    assert body["token"] == token and body["status"]["id"] == 3 and unb64(body["stdout"]) == "7\n"


def test_it_recovers_lost_runs(client, alice_key, languages, judge_queue):
    from datetime import timedelta

    from django.utils import timezone

    from api.judge0.runs import judge0_recover
    from api.models import Judge0Submission

    body = {"source_code": "print(1)", "language_id": 71}
    queued = post(client, alice_key, body).json()["token"]
    running = post(client, alice_key, body).json()["token"]
    assert judge0_recover() == []  # still in the queue, and recent
    judge_queue.connection.delete(*[f"rq:queue:{name}" for name in ("judge0",)])  # Redis lost its jobs
    long_ago = timezone.now() - timedelta(hours=1)
    Judge0Submission.objects.update(created_at=long_ago)
    Judge0Submission.objects.filter(token=running).update(status_id=2)
    (recovered,) = judge0_recover()
    assert Judge0Submission.objects.get(pk=recovered).token.hex == queued.replace("-", "")
    assert Judge0Submission.objects.get(token=running).status_id == 13


def test_runs_count_toward_the_users_cap_on_work_in_flight(
    client, alice, alice_key, bob_key, aplusb, languages, judge_queue, run_worker, settings, monkeypatch
):
    from types import SimpleNamespace

    from django.core.cache import cache

    from judge import fairness
    from judge.services import SubmissionRejected, submission_create

    cache.clear()
    settings.RATELIMIT_ENABLE = True
    settings.API_WRITE_RATE = "1000/m"
    settings.JUDGE_MAX_IN_FLIGHT = 3
    monkeypatch.setattr(fairness, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    body = {"source_code": "print(1)", "language_id": 71}
    message = fairness.IN_FLIGHT_EXCEEDED.format(count=3, limit=3)
    assert post(client, alice_key, body).status_code == 201
    # Each run of a batch is admitted on its own: the third would be alice's fourth piece of work.
    batch = post(client, alice_key, {"submissions": [body, body, body]}, path="/judge0/submissions/batch")
    assert batch.status_code == 201
    assert [sorted(entry) for entry in batch.json()] == [["token"], ["token"], ["error"]]
    assert batch.json()[2] == {"error": message}
    refused = post(client, alice_key, body)
    assert (refused.status_code, refused.json()) == (429, {"error": message})
    # The same cap as submissions and custom runs: alice cannot submit either, bob can.
    with pytest.raises(SubmissionRejected) as rejected:
        submission_create(user=alice, problem=aplusb, language_key="py3", source="print(1)\n")
    assert rejected.value.message == message
    assert post(client, bob_key, body).status_code == 201
    # Runs that finish free their places.
    run_worker()
    assert post(client, alice_key, body).status_code == 201
