"""The official Judge0 Python SDK, unchanged, against a real stack (HTTP to daphne, RQ workers,
the Docker sandbox): single submission, batch, wait, base64 and language lookup."""

import subprocess

import judge0
import pytest

from bench.stack import PYTHON, ROOT, Stack

pytestmark = [pytest.mark.docker, pytest.mark.slow]

AB = "a, b = map(int, input().split())\nprint(a + b)\n"


def issue_token(stack: Stack, username: str) -> str:
    out = subprocess.run(
        [PYTHON, "manage.py", "create_api_token", username],
        cwd=ROOT,
        env=stack.env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


@pytest.fixture(scope="module")
def stack():
    with Stack("api-sdk", redis_db_base=13, workers=1) as running:
        yield running


@pytest.fixture(scope="module")
def client(stack):
    key = issue_token(stack, "alice")
    return judge0.Client(endpoint=f"{stack.base_url}/judge0", headers={"X-Auth-Token": key})


def test_it_starts_the_sdk_client_with_languages_and_config(client):
    assert client.config.max_submission_batch_size == 20
    assert client.version == "1.13.1"
    assert client.is_language_supported(judge0.LanguageAlias.PYTHON)
    assert client.get_language_id(judge0.LanguageAlias.CPP) == 52
    assert client.get_language(71).source_file == "main.py"
    assert [s["id"] for s in client.get_statuses()] == list(range(1, 15))


def test_it_runs_one_submission_and_waits(client):
    result = judge0.run(client=client, source_code=AB, language=71, stdin="2 3\n", expected_output="5\n")
    assert result.status == judge0.Status.ACCEPTED
    assert result.stdout == "5\n"
    assert result.time is not None and result.memory is not None
    assert result.created_at is not None and result.finished_at is not None


def test_it_runs_test_cases_as_a_batch(client):
    cases = [("1 2\n", "3\n"), ("10 -4\n", "6\n"), ("2 2\n", "5\n")]
    results = judge0.run(
        client=client, source_code=AB, language=judge0.LanguageAlias.PYTHON, test_cases=cases
    )
    assert [r.status for r in results] == [
        judge0.Status.ACCEPTED,
        judge0.Status.ACCEPTED,
        judge0.Status.WRONG_ANSWER,
    ]
    assert [r.stdout for r in results] == ["3\n", "6\n", "4\n"]


def test_it_creates_then_waits_and_reports_errors(client):
    submissions = [
        judge0.Submission(source_code="int main( {", language=judge0.LanguageAlias.CPP),
        judge0.Submission(source_code="import sys\nprint('é', file=sys.stderr)\nsys.exit(3)\n", language=71),
    ]
    created = judge0.async_run(client=client, submissions=submissions)
    assert all(s.token for s in created)
    done = judge0.wait(client=client, submissions=created)
    compile_error, crash = done
    assert compile_error.status == judge0.Status.COMPILATION_ERROR and compile_error.compile_output
    assert crash.status == judge0.Status.RUNTIME_ERROR_NZEC
    assert crash.stderr == "é\n" and crash.exit_code == 3


def test_it_answers_wait_true_in_one_request(stack, client):
    import httpx

    response = httpx.post(
        f"{stack.base_url}/judge0/submissions?base64_encoded=false&wait=true",
        json={"source_code": AB, "language_id": 71, "stdin": "4 5", "expected_output": "9"},
        headers=client.headers,
        timeout=120,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == {"id": 3, "description": "Accepted"} and body["stdout"] == "9\n"


def test_v1_answers_wait_true_with_the_verdict(stack):
    import httpx

    key = issue_token(stack, "alice")
    response = httpx.post(
        f"{stack.base_url}/api/v1/submissions/?wait=true",
        json={"problem": "aplusb", "language": "py3", "source": AB},
        headers={"Authorization": f"Token {key}"},
        timeout=120,
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["verdict"]) == ("done", "AC")
    assert body["results"] and all(r["verdict"] == "AC" for r in body["results"])
