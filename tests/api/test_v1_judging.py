"""/api/v1/ with the real sandbox: per-test results and group scores, custom-input runs."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.docker]

AB = "a, b = map(int, input().split())\nprint(a + b)\n"


def api(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_it_shows_per_test_results_and_group_scores(alice_key, aplusb, judge_queue, run_worker):
    from problems.models import ProblemType
    from problems.services import StoredCase, StoredGroup, problem_replace_tests
    from problems.storage import blob_put

    def case(name, given, answer, sample=False):
        return StoredCase(name, blob_put(given), blob_put(answer), sample)

    aplusb.problem_type = ProblemType.SCORING
    aplusb.save()
    problem_replace_tests(
        problem=aplusb,
        groups=[
            StoredGroup("sample", True, [case("sample/1", b"1 2\n", b"3\n", True)]),
            StoredGroup("secret/easy", False, [case("secret/easy/1", b"1 2\n", b"3\n")], points=30),
            StoredGroup("secret/hard", False, [case("secret/hard/1", b"10 -4\n", b"6\n")], points=70),
        ],
    )
    body = {"problem": "aplusb", "language": "py3", "source": "print(3)\n"}
    submission_id = (
        api(alice_key).post("/api/v1/submissions/", body, content_type="application/json").json()["id"]
    )
    run_worker()
    detail = api(alice_key).get(f"/api/v1/submissions/{submission_id}/").json()
    assert (detail["status"], detail["score"]) == ("done", 30)
    assert [r["verdict"] for r in detail["results"]] == ["AC", "AC", "WA"]
    assert "message" not in detail["results"][0]  # checker messages are for staff
    scores = [(g["name"], g["score"], g["points"], g["full_marks"]) for g in detail["groups"]]
    assert scores == [("secret/easy", 30, 30, True), ("secret/hard", 0, 70, False)]


def test_it_runs_on_custom_input(alice_key, languages, judge_queue, run_worker):
    body = {"language": "py3", "source_code": "print(input()[::-1])", "stdin": "abc"}
    created = api(alice_key).post("/api/v1/runs/", body, content_type="application/json")
    assert created.status_code == 202
    run_worker()
    run = api(alice_key).get(f"/api/v1/runs/{created.json()['id']}/").json()
    assert run["status"] == "done" and run["result"]["stdout"] == "cba\n"
