import pytest
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_signs_up_and_logs_the_new_user_in(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "carol",
            "email": "c@example.com",
            "password1": "a-Long-pass-123",
            "password2": "a-Long-pass-123",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(username="carol")
    assert not user.is_staff and user.check_password("a-Long-pass-123")
    assert "carol" in client.get(reverse("home")).content.decode()


def test_it_returns_to_a_safe_next_page_only(client, aplusb):
    data = {"username": "dave", "password1": "a-Long-pass-123", "password2": "a-Long-pass-123"}
    response = client.post(reverse("signup"), {**data, "next": "/problems/aplusb/"})
    assert response["Location"] == "/problems/aplusb/"
    client.logout()
    data["username"] = "erin"
    response = client.post(reverse("signup"), {**data, "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_it_explains_what_is_wrong_with_a_sign_up(client, alice):
    response = client.post(
        reverse("signup"), {"username": "alice", "password1": "short", "password2": "other"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "already exists" in page and "match" in page


def test_it_changes_a_password(client, alice):
    client.force_login(alice)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "alice-password",
            "new_password1": "New-pass-4567",
            "new_password2": "New-pass-4567",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("New-pass-4567")


def test_a_profile_of_an_unknown_user_is_a_404(client):
    assert client.get(reverse("profile", args=["nobody"])).status_code == 404
