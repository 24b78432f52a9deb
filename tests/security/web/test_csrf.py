"""Every form and every session-authenticated write refuses a request without a CSRF token: 403 and
Django's reason (or DRF's message), nothing changed."""

import pytest
from django.test import Client
from django.urls import reverse

from judge.models import Submission

pytestmark = pytest.mark.django_db

AB_OK = "print(1)\n"


@pytest.fixture
def csrf_client(alice) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client


def test_the_submit_form_needs_a_token(csrf_client, aplusb):
    response = csrf_client.post(reverse("submit", args=[aplusb.slug]), {"language": "py3", "source": AB_OK})
    assert response.status_code == 403 and b"CSRF verification failed" in response.content
    assert not Submission.objects.exists()


def test_logout_needs_a_token(csrf_client):
    response = csrf_client.post(reverse("logout"))
    assert response.status_code == 403
    assert csrf_client.get(reverse("submission_list")).status_code == 200  # still signed in


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_login_forms_need_a_token(db, alice, url):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"username": "alice", "password": "alice-password"})
    assert response.status_code == 403 and "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("v1_run_list", {"language": "py3", "source_code": AB_OK, "stdin": ""}),
        ("v1_submission_list", {"problem": "aplusb", "language": "py3", "source": AB_OK}),
        ("v1_token_list", {"name": "stolen"}),
    ],
)
def test_api_writes_with_a_session_need_a_token(csrf_client, aplusb, url, body):
    response = csrf_client.post(reverse(url), body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF Failed" in response.json()["detail"]
    assert not Submission.objects.exists()


def test_admin_actions_need_a_token(staff, alice, aplusb, judge_queue):
    from judge.services import submission_create

    submission = submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_OK)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    data = {"action": "rejudge", "_selected_action": [submission.pk]}
    assert client.post(reverse("admin:judge_submission_changelist"), data).status_code == 403
