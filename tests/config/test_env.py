import os
import secrets

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_secret,
    env_secret_optional,
    url_with_password,
)


def test_it_reads_booleans(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", True) is True


def test_it_rejects_a_bad_boolean_naming_the_variable(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='maybe'"):
        env_bool("X_FLAG", False)


def test_it_rejects_a_bad_integer(monkeypatch):
    monkeypatch.setenv("X_NUM", "12abc")
    with pytest.raises(ImproperlyConfigured, match=r"X_NUM='12abc'.*whole number"):
        env_int("X_NUM", 1)


def test_it_enforces_a_minimum(monkeypatch):
    monkeypatch.setenv("X_NUM", "3")
    with pytest.raises(ImproperlyConfigured, match="at least 8"):
        env_int("X_NUM", 64, minimum=8)
    monkeypatch.setenv("X_FLOAT", "0.01")
    with pytest.raises(ImproperlyConfigured, match="X_FLOAT"):
        env_float("X_FLOAT", 0.5, minimum=0.05)


def test_it_rejects_a_bad_float(monkeypatch):
    monkeypatch.setenv("X_FLOAT", "fast")
    with pytest.raises(ImproperlyConfigured, match="X_FLOAT='fast'"):
        env_float("X_FLOAT", 0.5)


def test_it_rejects_an_unknown_choice(monkeypatch):
    monkeypatch.setenv("X_RUNTIME", "kata")
    with pytest.raises(ImproperlyConfigured, match=r"X_RUNTIME='kata'.*runc, runsc"):
        env_choice("X_RUNTIME", "runc", ("runc", "runsc"))


def test_it_splits_lists(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.example, b.example,")
    assert env_list("X_HOSTS", []) == ["a.example", "b.example"]


def test_it_parses_a_postgres_url():
    db = database_from_url("postgres://judge:p%40ss@db.internal:5433/rce")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "judge",
        "p@ss",
        "db.internal",
        "5433",
        "rce",
    )


def test_it_rejects_other_database_urls():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL='mysql://x/y'"):
        database_from_url("mysql://x/y")
    with pytest.raises(ImproperlyConfigured, match="names no database"):
        database_from_url("postgres://host/")


def test_it_generates_a_secret_once(tmp_path, monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    path = tmp_path / "secret"
    first = env_secret("X_SECRET", path)
    assert len(first) > 40 and env_secret("X_SECRET", path) == first
    assert path.stat().st_mode & 0o777 == 0o600


def test_it_reads_a_secret_file(tmp_path, monkeypatch):
    secret = tmp_path / "s"
    secret.write_text("from-file\n")
    monkeypatch.delenv("X_SECRET", raising=False)
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET", tmp_path / "unused") == "from-file"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="X_SECRET_FILE"):
        env_secret("X_SECRET", tmp_path / "unused")


def test_it_creates_the_secret_file_private_whatever_the_umask(tmp_path, monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    old = os.umask(0)
    try:
        env_secret("X_SECRET", tmp_path / "var" / "secret")
    finally:
        os.umask(old)
    assert (tmp_path / "var" / "secret").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in (tmp_path / "var").iterdir()] == ["secret"]  # no temporary file left


def test_it_keeps_the_secret_of_a_process_that_created_it_at_the_same_time(tmp_path, monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    path = tmp_path / "secret"
    generate = secrets.token_urlsafe

    def racing(n):
        # Another process starting at the same moment writes its key between our check and our write.
        if not path.exists():
            path.write_text("theirs-" + generate(n))
        return generate(n)

    monkeypatch.setattr(secrets, "token_urlsafe", racing)
    ours = env_secret("X_SECRET", path)

    theirs = path.read_text()
    assert theirs.startswith("theirs-") and ours == theirs


def test_it_refuses_an_empty_secret_file(tmp_path, monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    (tmp_path / "secret").write_text("\n")
    with pytest.raises(ImproperlyConfigured, match="is empty"):
        env_secret("X_SECRET", tmp_path / "secret")


def test_it_puts_a_password_from_a_secret_file_into_a_url(tmp_path, monkeypatch):
    (tmp_path / "pw").write_text("p@ss/word:x\n")
    monkeypatch.delenv("X_PASSWORD", raising=False)
    monkeypatch.setenv("X_PASSWORD_FILE", str(tmp_path / "pw"))

    url = url_with_password("redis://redis:6379", env_secret_optional("X_PASSWORD"))

    assert url == "redis://:p%40ss%2Fword%3Ax@redis:6379"
    db = database_from_url(url_with_password("postgres://rce@postgres:5432/rce", "p@ss/word:x"))
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["NAME"]) == ("rce", "p@ss/word:x", "postgres", "rce")


def test_it_leaves_urls_alone_without_a_password(monkeypatch):
    monkeypatch.delenv("X_PASSWORD", raising=False)
    monkeypatch.delenv("X_PASSWORD_FILE", raising=False)
    assert env_secret_optional("X_PASSWORD") == ""
    assert url_with_password("redis://127.0.0.1:6379", "") == "redis://127.0.0.1:6379"
    assert url_with_password("", "secret") == ""
