"""Typed readers of the environment that fail loudly, naming the variable."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"Unexpected value {name}={raw!r}: use one of true/false, 1/0, yes/no, on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"Unexpected value {name}={raw!r}: expected a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"Unexpected value {name}={raw!r}: must be at least {minimum}")
    return value


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"Unexpected value {name}={raw!r}: expected a number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"Unexpected value {name}={raw!r}: must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"Unexpected value {name}={value!r}: expected one of {', '.join(choices)}")
    return value


def env_secret_optional(name: str) -> str:
    """A secret from NAME or from the file named by NAME_FILE (Docker secrets); "" when neither is set."""
    value = os.environ.get(name)
    if value:
        return value
    path_name = os.environ.get(f"{name}_FILE")
    if not path_name:
        return ""
    try:
        return Path(path_name).read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"Cannot read {name}_FILE={path_name!r}: {exc}") from None


def url_with_password(url: str, password: str) -> str:
    """The URL with this password (kept if empty), so that secrets need not be written into URLs."""
    if not password or not url:
        return url
    parts = urlsplit(url)
    user = quote(unquote(parts.username or ""), safe="")
    host = parts.hostname or ""
    netloc = f"{user}:{quote(password, safe='')}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def env_secret(name: str, fallback_file: Path) -> str:
    """A secret from NAME, from the file named by NAME_FILE (Docker secrets), or generated once locally."""
    value = env_secret_optional(name)
    if value:
        return value
    if not fallback_file.exists():
        _create_secret_file(fallback_file, secrets.token_urlsafe(50))
    value = fallback_file.read_text().strip()
    if not value:
        raise ImproperlyConfigured(f"{fallback_file} is empty: remove it to have {name} generated again")
    return value


def _create_secret_file(path: Path, value: str) -> None:
    """Write the secret to a new file of mode 0600 (O_CREAT|O_EXCL), then link it into place, which
    fails if another process got there first: every process then reads the same, complete secret."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as file:
            file.write(value)
            file.flush()
            os.fsync(file.fileno())
        os.link(temporary, path)
    except FileExistsError:
        pass  # another process created it between our check and now: use theirs
    finally:
        os.unlink(temporary)


def database_from_url(url: str, *, variable: str = "DATABASE_URL") -> dict[str, object]:
    """Django DATABASES entry for a postgres:// URL (psycopg 3)."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(
            f"Unexpected value {variable}={url!r}: only postgres:// URLs are supported"
        )
    name = parts.path.lstrip("/")
    if not name:
        raise ImproperlyConfigured(f"Unexpected value {variable}={url!r}: the URL names no database")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(name),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
    }
