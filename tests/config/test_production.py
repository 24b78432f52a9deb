"""Production settings: `check --deploy` clean, passwords validated and hashed with Argon2, logins
throttled."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

import config.settings as configured
from common.throttling import LOGIN_THROTTLED

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RCE_", "DJANGO_"))}
    env.update(
        RCE_HTTPS="true",
        RCE_SECRET_KEY=secrets.token_urlsafe(50),
        RCE_ALLOWED_HOSTS="judge.example.org",
        RCE_CSRF_TRUSTED_ORIGINS="https://judge.example.org",
        RCE_VAR_DIR=str(tmp_path / "var"),
        RCE_REDIS_DB_BASE=os.environ.get("RCE_REDIS_DB_BASE", "8"),
    )
    return env


def test_it_passes_the_deployment_checks_in_production_mode(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=production_env(tmp_path),
        cwd=ROOT,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_trusts_the_proxys_scheme_and_secures_cookies_in_production_mode(tmp_path):
    script = (
        "from django.conf import settings as s;"
        "print(s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        capture_output=True,
        text=True,
        env=production_env(tmp_path),
        cwd=ROOT,
        timeout=120,
        check=True,
    )

    assert result.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https') True True True True"


def test_it_validates_passwords_with_djangos_four_validators():
    names = [v["NAME"].rsplit(".", 1)[1] for v in configured.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    for weak in ("password123", "12345678901", "short"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("correct horse battery staple")


def test_it_hashes_passwords_with_argon2():
    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert make_password("secret", hasher="argon2").startswith("argon2$argon2id$")


@pytest.fixture
def throttling(settings):
    settings.RATELIMIT_ENABLE = True
    settings.LOGIN_RATE = "5/m"
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_it_throttles_password_guessing_with_a_clear_message(client, alice, throttling, url_name):
    url = reverse(url_name)
    for _ in range(5):
        response = client.post(url, {"username": "alice", "password": "wrong"})
        assert response.status_code == 200

    blocked = client.post(url, {"username": "alice", "password": "alice-password"})

    assert blocked.status_code == 429
    assert LOGIN_THROTTLED in blocked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_it_throttles_one_username_from_many_addresses(client, alice, throttling):
    for n in range(5):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"}, REMOTE_ADDR=f"10.0.0.{n}")

    blocked = client.post(reverse("login"), {"username": "alice", "password": "x"}, REMOTE_ADDR="10.0.1.1")
    other = client.post(reverse("login"), {"username": "bob", "password": "x"}, REMOTE_ADDR="10.0.1.2")

    assert blocked.status_code == 429
    assert other.status_code == 200


@pytest.mark.django_db
def test_it_lets_a_login_through_below_the_limit(client, alice, throttling):
    client.post(reverse("login"), {"username": "alice", "password": "wrong"})

    response = client.post(reverse("login"), {"username": "alice", "password": "alice-password"})

    assert response.status_code == 302


def test_it_redirects_plain_http_but_not_prometheus_scrapes_in_production_mode(tmp_path):
    script = (
        "from django.test import Client; c = Client(HTTP_HOST='web');"
        "print(c.get('/').status_code, c.get('/metrics').status_code,"
        " c.get('/accounts/login/', HTTP_X_FORWARDED_PROTO='https').status_code)"
    )
    env = {**production_env(tmp_path), "RCE_ALLOWED_HOSTS": "judge.example.org,web"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )

    assert result.stdout.strip().splitlines()[-1] == "301 200 200"
