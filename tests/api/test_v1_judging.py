"""/api/v1/ with the real sandbox: per-test results and group scores, custom-input runs."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.docker]

AB = "a, b = map(int, input().split())\nprint(a + b)\n"


def api(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_it_shows_per_test_results_and_group_scores(alice_key, aplusb, judge_queue, run_worker):
    from problems.models import ProblemType

    aplusb.problem_type = ProblemType.SCORING
    aplusb.save()
    body = {"problem": "aplusb", "language": "py3", "source": "print(3)\n"}
    submission_id = (
        api(alice_key).post("/api/v1/submissions/", body, content_type="application/json").json()["id"]
    )
    run_worker()
    detail = api(alice_key).get(f"/api/v1/submissions/{submission_id}/").json()
    assert detail["status"] == "done"
    assert [r["verdict"] for r in detail["results"]] == ["AC", "WA", "WA"]
    assert "message" not in detail["results"][0]  # checker messages are for staff
    assert isinstance(detail["groups"], list)


def test_it_runs_on_custom_input(alice_key, languages, judge_queue, run_worker):
    body = {"language": "py3", "source_code": "print(input()[::-1])", "stdin": "abc"}
    created = api(alice_key).post("/api/v1/runs/", body, content_type="application/json")
    assert created.status_code == 202
    run_worker()
    run = api(alice_key).get(f"/api/v1/runs/{created.json()['id']}/").json()
    assert run["status"] == "done" and run["result"]["stdout"] == "cba\n"
