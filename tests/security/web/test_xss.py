"""Markup put where users or authors write text comes back escaped (or sanitized, for Markdown)."""

import pytest
from django.urls import reverse

from judge.models import Submission
from judge.services import submission_create
from problems.services import problem_upsert
from tests.security.web.payloads import IMG, PAYLOADS, SCRIPT, escaped

pytestmark = pytest.mark.django_db

AB_OK = "print(1)\n"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_problem_title_is_escaped_in_the_list_and_on_its_page(client, languages, payload):
    problem_upsert(slug="xss", title=f"T {payload}", statement="x", is_visible=True)
    for url in (reverse("problem_list"), reverse("problem_detail", args=["xss"])):
        page = client.get(url).content.decode()
        assert payload not in page and escaped(payload) in page


def test_a_statement_is_sanitized(client, languages):
    statement = (
        f'{SCRIPT}\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)> $x$ [y](https://a "$m$ {IMG}")'
    )
    problem_upsert(slug="xss", title="T", statement=statement, is_visible=True)
    page = client.get(reverse("problem_detail", args=["xss"])).content.decode()
    assert "<script>alert" not in page
    assert "onerror=" not in page.replace("onerror=alert(1)&gt;", "")
    assert 'href="javascript:' not in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_user_name_is_escaped(client, django_user_model, aplusb, payload):
    user = django_user_model.objects.create_user(f"u{PAYLOADS.index(payload)}", password="pw")
    user.first_name = payload
    user.save()
    aplusb.authors.add(user)
    page = client.get(reverse("problem_detail", args=[aplusb.slug])).content.decode()
    assert payload not in page and escaped(payload) in page


@pytest.mark.parametrize("field", ["compile_output", "feedback"])
def test_compile_output_and_feedback_are_escaped(client, alice, aplusb, judge_queue, field):
    submission = submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_OK)
    Submission.objects.filter(pk=submission.pk).update(status="done", verdict="CE", **{field: SCRIPT})
    client.force_login(alice)
    page = client.get(reverse("submission_detail", args=[submission.pk])).content.decode()
    assert SCRIPT not in page and escaped(SCRIPT) in page


def test_program_output_is_served_as_json_never_as_a_page(client, alice, languages, monkeypatch):
    from api.v1 import views as apis

    result = {"id": "r", "status": "done", "result": {"verdict": "AC", "stdout": SCRIPT, "stderr": IMG}}
    monkeypatch.setattr(apis, "custom_run_get", lambda **kwargs: result)
    client.force_login(alice)
    response = client.get(reverse("v1_run_detail", args=["r"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["result"]["stdout"] == SCRIPT


def test_every_page_forbids_inline_script(client, aplusb):
    policy = client.get(reverse("problem_detail", args=[aplusb.slug]))["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
