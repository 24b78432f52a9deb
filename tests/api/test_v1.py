"""/api/v1/: tokens, permissions, public fields only, submissions, runs, errors, limits."""

import pytest
from django.test import Client

from api.models import ApiToken

pytestmark = pytest.mark.django_db

AB = "a, b = map(int, input().split())\nprint(a + b)\n"


def api(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def submit(client: Client, source: str = AB, problem: str = "aplusb", query: str = ""):
    body = {"problem": problem, "language": "py3", "source": source}
    return client.post(f"/api/v1/submissions/{query}", body, content_type="application/json")


def test_it_issues_a_token_once_and_revokes_it(client, alice):
    client.force_login(alice)
    created = client.post("/api/v1/tokens/", {"name": "ci", "scope": "read"}, content_type="application/json")
    assert created.status_code == 201
    key = created.json()["key"]
    listed = client.get("/api/v1/tokens/").json()
    assert [t["name"] for t in listed] == ["ci"] and "key" not in listed[0]
    assert ApiToken.objects.get().key_hash != key  # only a hash is kept
    assert api(key).get("/api/v1/languages/").status_code == 200
    assert client.delete(f"/api/v1/tokens/{created.json()['id']}/").status_code == 204
    response = api(key).get("/api/v1/languages/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Invalid or revoked token.",
        "code": "authentication_failed",
        "fields": {},
    }


def test_it_issues_a_token_from_the_command_line(alice):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_api_token", "alice", "--scope", "read", stdout=out)
    key = out.getvalue().strip()
    assert api(key).get("/api/v1/languages/").status_code == 200
    assert ApiToken.objects.get().scope == "read"


def test_it_refuses_writes_with_a_read_only_token(alice_read_key, aplusb):
    response = submit(api(alice_read_key))
    assert response.status_code == 403
    assert response.json()["detail"] == "This token is read-only."


def test_it_needs_authentication(client, aplusb):
    assert client.get("/api/v1/problems/").status_code == 401
    assert client.get("/api/v1/problems/").json()["code"] == "not_authenticated"


def test_it_shows_public_problem_fields_and_samples_only(alice_key, aplusb):
    from problems.services import problem_upsert

    problem_upsert(slug="secret", title="Secret", statement="x", is_visible=False)
    listed = api(alice_key).get("/api/v1/problems/").json()
    assert [p["slug"] for p in listed["results"]] == ["aplusb"]
    detail = api(alice_key).get("/api/v1/problems/aplusb/").json()
    assert detail["samples"] == [{"input": "1 2\n", "answer": "3\n"}]
    assert "10 -4" not in str(detail)  # hidden tests never leave the server
    assert api(alice_key).get("/api/v1/problems/secret/").status_code == 404


def test_it_creates_lists_and_retrieves_own_submissions(alice_key, bob_key, staff_key, aplusb):
    created = submit(api(alice_key))
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["problem"], body["language"], body["results"]) == (
        "queued",
        "aplusb",
        "py3",
        [],
    )
    submit(api(bob_key))
    mine = api(alice_key).get("/api/v1/submissions/").json()["results"]
    assert [s["user"] for s in mine] == ["alice"]
    assert len(api(staff_key).get("/api/v1/submissions/").json()["results"]) == 2
    assert api(bob_key).get(f"/api/v1/submissions/{body['id']}/").status_code == 404
    assert api(alice_key).get(f"/api/v1/submissions/{body['id']}/").json()["source"] == AB


def test_it_filters_and_pages_with_a_cursor(alice_key, aplusb):
    for _ in range(3):
        submit(api(alice_key))
    first = api(alice_key).get("/api/v1/submissions/?page_size=2&problem=aplusb&status=queued").json()
    assert len(first["results"]) == 2 and first["next"]
    second = api(alice_key).get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert api(alice_key).get("/api/v1/submissions/?problem=other").json()["results"] == []
    bad = api(alice_key).get("/api/v1/submissions/?verdict=nope")
    assert bad.status_code == 400 and "verdict" in bad.json()["fields"]


def test_it_answers_rejections_in_one_error_shape(alice_key, aplusb):
    response = submit(api(alice_key), source="   ")
    assert response.status_code == 422
    assert response.json() == {"detail": "The source is empty.", "code": "rejected", "fields": {}}
    missing = api(alice_key).post("/api/v1/submissions/", {}, content_type="application/json")
    assert missing.status_code == 400 and set(missing.json()["fields"]) == {"problem", "language", "source"}
    assert submit(api(alice_key), problem="nope").json()["code"] == "not_found"


def test_it_caps_request_sizes(alice_key, aplusb, settings):
    response = submit(api(alice_key), source="#" * (3 * settings.SUBMISSION_MAX_SOURCE_BYTES))
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_it_rate_limits_writes_per_user_with_retry_after(alice_key, aplusb, settings, rate_limits):
    settings.API_WRITE_RATE = "3/m"
    codes = [submit(api(alice_key)).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    limited = submit(api(alice_key))
    assert limited.json()["code"] == "throttled" and 1 <= int(limited["Retry-After"]) <= 60
    assert api(alice_key).get("/api/v1/submissions/").status_code == 200  # reads are not limited
    rate_limits.advance(60)
    assert submit(api(alice_key)).status_code == 201


def test_it_rate_limits_writes_per_address(alice_key, bob_key, aplusb, settings, rate_limits):
    settings.API_WRITE_RATE_IP = "2/m"
    assert [submit(api(key)).status_code for key in (alice_key, bob_key, bob_key)] == [201, 201, 429]


def test_it_lets_only_staff_rejudge(alice_key, staff_key, aplusb):
    from judge.models import Submission

    submission_id = submit(api(alice_key)).json()["id"]
    Submission.objects.filter(pk=submission_id).update(status="done", verdict="WA")
    assert api(alice_key).post(f"/api/v1/submissions/{submission_id}/rejudge/").status_code == 403
    response = api(staff_key).post(f"/api/v1/submissions/{submission_id}/rejudge/")
    assert response.status_code == 202 and response.json() == {"queued": True}
    assert Submission.objects.get(pk=submission_id).status == "queued"


def test_it_serves_the_schema_and_docs_from_local_assets(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200 and b"/api/v1/submissions/" in schema.content
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower()
    assert client.get("/api/v1/redoc/").status_code == 200
