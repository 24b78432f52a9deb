"""The API tokens section of a user's own profile page: shown to its owner alone, a key shown once at
creation and working at once on both APIs, revoking, and every refusal as a form error or a 404."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from api.tokens import (
    MAX_TOKENS_PER_USER,
    TOKEN_NAME_REQUIRED,
    TOKEN_NAME_TOO_LONG,
    TOO_MANY_TOKENS,
    TokenRejected,
    token_create,
)

pytestmark = pytest.mark.django_db

CREATE = reverse("token_create")
SECTION = 'id="api-tokens"'


def profile(client: Client, username: str = "alice") -> str:
    response = client.get(reverse("profile", args=[username]))
    assert response.status_code == 200
    return response.content.decode()


def create(client: Client, name: str = "laptop", scope: str = "write"):
    return client.post(CREATE, {"name": name, "scope": scope})


def shown_key(page: str) -> str:
    match = re.search(r'id="new-key-value" class="key" value="([^"]+)"', page)
    assert match, "no key on the page"
    return match.group(1)


def row(page: str, token: ApiToken) -> str:
    match = re.search(rf'<tr data-token="{token.pk}".*?</tr>', page, re.S)
    assert match, f"no row of token {token.pk}"
    return match.group(0)


def revoke_url(token: ApiToken) -> str:
    return reverse("token_revoke", args=[token.pk])


def v1_status(key: str) -> int:
    return Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/submissions/").status_code


def judge0_status(key: str) -> int:
    return Client(HTTP_X_AUTH_TOKEN=key).get("/judge0/languages").status_code


def test_it_shows_the_section_to_the_profiles_owner_only(client, alice, bob):
    token_create(user=alice, name="alice-ci")
    token_create(user=bob, name="bob-laptop")
    assert SECTION not in profile(client)  # a visitor
    client.force_login(bob)
    page = profile(client)
    assert SECTION not in page and "alice-ci" not in page
    own = profile(client, "bob")
    assert SECTION in own and "bob-laptop" in own
    client.force_login(alice)
    page = profile(client)
    assert SECTION in page and "alice-ci" in page and "bob-laptop" not in page


def test_it_lists_the_owners_tokens(client, alice):
    reader, _ = token_create(user=alice, name="reader", scope="read")
    writer, _ = token_create(user=alice, name="grader")
    ApiToken.objects.filter(pk=writer.pk).update(last_used_at="2030-01-02T03:04:00Z")
    client.force_login(alice)
    page = profile(client)
    rows = re.findall(r'<tr data-token="(\d+)".*?</tr>', page, re.S)
    assert rows == [str(writer.pk), str(reader.pk)]  # newest first
    reader_row = row(page, reader)
    assert f"<code>{reader.prefix}…</code>" in reader_row
    assert "Read only" in reader_row and ">never<" in reader_row
    writer_row = row(page, writer)
    assert "Read and write" in writer_row and "2030-01-02 03:04" in writer_row
    assert 'name="csrfmiddlewaretoken"' in writer_row and revoke_url(writer) in writer_row


def test_it_shows_a_new_key_once_and_the_key_works_on_both_apis(client, alice, languages):
    client.force_login(alice)
    response = create(client, "laptop")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    key = shown_key(page)
    assert "it will not be shown again" in page
    assert f'curl -H "Authorization: Token {key}" http://testserver/api/v1/submissions/' in page
    assert f'curl -H "X-Auth-Token: {key}" http://testserver/judge0/languages' in page
    token = ApiToken.objects.get(user=alice)
    assert (token.name, token.scope, token.prefix) == ("laptop", "write", key[:8])
    assert token.key_hash != key and key not in str(ApiToken.objects.values().get())  # only a hash kept
    assert f'<tr data-token="{token.pk}" class="is-new">' in page
    assert key not in profile(client)  # never again
    assert v1_status(key) == 200
    assert judge0_status(key) == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_read_only_token_cannot_submit(client, alice, aplusb):
    client.force_login(alice)
    key = shown_key(create(client, "reader", "read").content.decode())
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    body = {"problem": "aplusb", "language": "py3", "source": "print(1)"}
    assert api.post("/api/v1/submissions/", body, content_type="application/json").status_code == 403


def test_revoking_redirects_to_the_profile_and_the_key_stops_working(client, alice, languages):
    client.force_login(alice)
    key = shown_key(create(client, "laptop").content.decode())
    token = ApiToken.objects.get(user=alice)
    response = client.post(revoke_url(token))
    assert response.status_code == 302 and response["Location"] == reverse("profile", args=["alice"])
    page = profile(client)
    assert "Token “laptop” revoked" in page and f'data-token="{token.pk}"' not in page
    assert not ApiToken.objects.exists()
    assert v1_status(key) == 401
    assert judge0_status(key) == 401


def test_revoking_another_users_token_is_a_404(client, alice, bob, languages):
    token, key = token_create(user=bob, name="bob-laptop")
    client.force_login(alice)
    assert client.post(revoke_url(token)).status_code == 404
    assert client.post(reverse("token_revoke", args=[token.pk + 1000])).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert v1_status(key) == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "scope": "write"}, TOKEN_NAME_REQUIRED),
        ({"name": "   ", "scope": "write"}, TOKEN_NAME_REQUIRED),
        ({"name": "x" * 101, "scope": "write"}, TOKEN_NAME_TOO_LONG),
        ({"name": "ok", "scope": "admin"}, "Select a valid choice."),
        ({"scope": "write"}, TOKEN_NAME_REQUIRED),
    ],
)
def test_it_shows_what_is_wrong_as_form_errors(client, alice, data, message):
    client.force_login(alice)
    response = client.post(CREATE, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="errorlist"' in page and message.replace("'", "&#x27;") in page
    assert 'aria-invalid="true"' in page
    assert 'id="new-key' not in page and not ApiToken.objects.exists()


def test_the_service_refuses_what_the_form_would(alice):
    for name in ("", "  ", "x" * 101):
        with pytest.raises(TokenRejected):
            token_create(user=alice, name=name)
    with pytest.raises(TokenRejected):
        token_create(user=alice, name="ok", scope="admin")
    assert not ApiToken.objects.exists()


def test_it_caps_the_tokens_of_a_user(client, alice, bob):
    for i in range(MAX_TOKENS_PER_USER):
        token_create(user=alice, name=f"t{i}")
    token_create(user=bob, name="bob's own")  # not counted against alice's
    client.force_login(alice)
    response = create(client, "one too many")
    assert response.status_code == 400
    assert TOO_MANY_TOKENS in response.content.decode()
    assert ApiToken.objects.filter(user=alice).count() == MAX_TOKENS_PER_USER
    # The REST API refuses the same, in its own error shape.
    rest = client.post("/api/v1/tokens/", {"name": "x"}, content_type="application/json")
    assert rest.status_code == 422 and rest.json()["detail"] == TOO_MANY_TOKENS
    # One revoked, one can be created again.
    client.post(revoke_url(ApiToken.objects.filter(user=alice)[0]))
    assert create(client, "room again").status_code == 200


def test_the_forms_accept_posts_only(client, alice):
    token, _ = token_create(user=alice, name="laptop")
    client.force_login(alice)
    assert client.get(CREATE).status_code == 405
    assert client.get(revoke_url(token)).status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_visitor_is_sent_to_log_in(client, alice):
    token, _ = token_create(user=alice, name="laptop")
    for url in (CREATE, revoke_url(token)):
        response = client.post(url, {"name": "x", "scope": "write"})
        assert response.status_code == 302 and response["Location"] == reverse("login")
    assert ApiToken.objects.count() == 1


def test_the_forms_need_the_csrf_token(alice):
    token, _ = token_create(user=alice, name="laptop")
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(CREATE, {"name": "x", "scope": "write"}).status_code == 403
    assert client.post(revoke_url(token)).status_code == 403
    assert ApiToken.objects.count() == 1


def test_creating_tokens_is_rate_limited(client, alice, settings, rate_limits):
    settings.API_TOKEN_CREATE_RATE = "3/m"
    client.force_login(alice)
    assert [create(client, f"t{i}").status_code for i in range(3)] == [200] * 3
    response = create(client, "t3")
    assert response.status_code == 400 and "creating tokens too fast" in response.content.decode()
    assert ApiToken.objects.count() == 3
    rate_limits.advance(60)
    assert create(client, "t4").status_code == 200
