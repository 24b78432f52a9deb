"""What `docker build` may copy into the application image, and what git may commit from deploy/."""

import fnmatch
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dockerignore_patterns() -> list[str]:
    path = ROOT / ".dockerignore"
    assert path.is_file(), "deploy/Dockerfile copies the whole tree: it needs a .dockerignore"
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _match(pattern: str, path: str) -> bool:
    """Docker's rule: a pattern matches a path or any of its parent directories."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(_fnmatch_path(pattern.strip("/"), prefix) for prefix in prefixes)


def _fnmatch_path(pattern: str, path: str) -> bool:
    """fnmatch where `*` stays within one path element and `**/` spans any number of them."""
    pattern_parts, path_parts = pattern.split("/"), path.split("/")

    def match(i: int, j: int) -> bool:
        if i == len(pattern_parts):
            return j == len(path_parts)
        if pattern_parts[i] == "**":
            return any(match(i + 1, k) for k in range(j, len(path_parts) + 1))
        return (
            j < len(path_parts)
            and fnmatch.fnmatchcase(path_parts[j], pattern_parts[i])
            and match(i + 1, j + 1)
        )

    return match(0, 0)


def excluded(path: str) -> bool:
    verdict = False
    for pattern in dockerignore_patterns():
        if pattern.startswith("!"):
            if _match(pattern[1:], path):
                verdict = False
        elif _match(pattern, path):
            verdict = True
    return verdict


@pytest.mark.parametrize(
    "path",
    [
        "var/secret_key",
        "var/db.sqlite3",
        "var/demo_logins.json",
        "var/testdata/ab/abcdef",
        "var/e2e/secret_key",
        ".venv/bin/python",
        "node_modules/katex/package.json",
        ".git",
        ".git/config",
        "deploy/secrets/rce_secret_key",
        "deploy/secrets/postgres_password",
        "deploy/secrets/tls.key",
        "judge/__pycache__/models.cpython-311.pyc",
        ".env",
    ],
)
def test_it_keeps_local_state_and_secrets_out_of_the_image(path):
    assert excluded(path)


@pytest.mark.parametrize(
    "path",
    [
        "manage.py",
        "requirements.txt",
        "config/settings.py",
        "judge/models.py",
        "sandbox/runner/runner.py",
        "templates/base.html",
        "static/js/problem.js",
        "static/vendor/katex/katex.min.js",
        "static/vendor/monaco/editor.js",
        "static/vendor/monaco/editor.worker.js",
        "deploy/Dockerfile",
    ],
)
def test_it_copies_what_the_application_needs(path):
    assert not excluded(path)


def test_it_keeps_deployment_secrets_out_of_git():
    def ignored(path: str) -> bool:
        result = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
        return result.returncode == 0

    for name in (
        "rce_secret_key",
        "postgres_password",
        "redis_password",
        "grafana_admin_password",
        "tls.key",
    ):
        assert ignored(f"deploy/secrets/{name}"), name
    assert not ignored("deploy/secrets/README.md")
    assert (ROOT / "deploy" / "secrets" / "README.md").is_file()
