from __future__ import annotations

import json
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from judge.services import language_sync
from problems.demo import DEMO_PROBLEMS
from problems.services import problem_set_labels, problem_set_tests, problem_upsert


class Command(BaseCommand):
    help = "Load the demo problems and the demo users (admin, alice); prints their logins."

    def handle(self, *args: Any, **options: Any) -> None:
        language_sync()
        for demo in DEMO_PROBLEMS:
            problem = problem_upsert(
                slug=demo.slug,
                title=demo.title,
                statement=demo.statement,
                time_limit_ms=demo.time_limit_ms,
                memory_limit_kb=demo.memory_limit_kb,
                is_visible=True,
            )
            problem_set_labels(problem=problem, tags=list(demo.tags), difficulty=demo.difficulty)
            if not problem.test_cases.exists():
                problem_set_tests(problem=problem, cases=demo.cases())
        logins = self._logins()
        if options["verbosity"] >= 1:
            for username, password in logins.items():
                self.stdout.write(f"login: {username} / {password}")

    def _logins(self) -> dict[str, str]:
        """Demo users get random passwords, made once and kept in var/ (never committed)."""
        path = settings.VAR_DIR / "demo_logins.json"
        logins: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
        users = get_user_model().objects
        for username, is_staff in (("admin", True), ("alice", False)):
            if username in logins and users.filter(username=username).exists():
                continue
            logins[username] = secrets.token_urlsafe(9)
            user = users.filter(username=username).first() or users.model(username=username)
            user.is_staff = user.is_superuser = is_staff
            user.set_password(logins[username])
            user.save()
        path.write_text(json.dumps(logins, indent=2))
        path.chmod(0o600)
        return logins
