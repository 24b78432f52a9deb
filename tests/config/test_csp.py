"""A Content Security Policy on every page, and no page that would need inline script under it."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from judge.models import Language, Submission

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class InlineScript(HTMLParser):
    """Script run from the HTML itself: <script> without src (JSON data blocks aside), on* handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not values.get("src") and values.get("type") != "application/json":
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        self.found += [f"{name} on <{tag}>" for name in values if name.startswith("on")]
        self.found += [f"javascript: URL on <{tag}>" for v in values.values() if "javascript:" in (v or "")]


def assert_strict(response) -> None:
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    if response.get("Content-Type", "").startswith("text/html"):
        parser = InlineScript()
        parser.feed(response.content.decode())
        assert not parser.found, f"{response.request['PATH_INFO']}: {parser.found}"


@pytest.fixture
def submission(alice, aplusb):
    return Submission.objects.create(
        user=alice,
        problem=aplusb,
        language=Language.objects.get(key="py3"),
        source="print(sum(map(int, input().split())))",
    )


def test_it_sends_a_strict_policy_on_public_pages(client, aplusb):
    for url in [
        reverse("problem_list"),
        reverse("problem_detail", args=[aplusb.slug]),
        reverse("login"),
        reverse("admin:login"),
        "/no-such-page/",
    ]:
        assert_strict(client.get(url))


def test_it_sends_a_strict_policy_on_a_users_pages(client, alice, aplusb, submission):
    client.force_login(alice)
    for url in [
        reverse("problem_list"),
        reverse("problem_detail", args=[aplusb.slug]),
        reverse("submission_list"),
        reverse("submission_detail", args=[submission.pk]),
        reverse("v1_run_list"),
    ]:
        assert_strict(client.get(url))
    assert_strict(client.post(reverse("submit", args=[aplusb.slug]), {"language": "py3", "source": " "}))


def test_it_sends_a_strict_policy_on_the_owners_profile_with_api_tokens(client, alice):
    from api.tokens import token_create

    token_create(user=alice, name="laptop")
    client.force_login(alice)
    assert_strict(client.get(reverse("profile", args=["alice"])))
    created = client.post(reverse("token_create"), {"name": "ci", "scope": "read"})
    assert 'id="new-key-value"' in created.content.decode()
    assert_strict(created)
    assert_strict(client.post(reverse("token_create"), {"name": "", "scope": "read"}))


def test_it_sends_a_strict_policy_on_staff_pages(admin_client, aplusb, submission):
    for url in [
        reverse("admin:index"),
        reverse("admin:problems_problem_changelist"),
        reverse("admin:problems_problem_add"),
        reverse("admin:problems_problem_change", args=[aplusb.pk]),
        reverse("admin:problems_problem_testdata", args=[aplusb.pk]),
        reverse("admin:problems_problem_verification", args=[aplusb.pk]),
        reverse("admin:judge_submission_changelist"),
        reverse("admin:judge_submission_change", args=[submission.pk]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[submission.user_id]),
        "/django-rq/",
        "/django-rq/queues/0/",
        "/django-rq/queues/0/finished/",
        "/django-rq/queues/0/failed/",
        "/django-rq/queues/0/started/",
        "/django-rq/queues/0/deferred/",
        "/django-rq/queues/0/scheduled/",
        "/django-rq/workers/0/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)
