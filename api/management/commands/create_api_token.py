from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.models import TokenScope
from api.tokens import TokenRejected, token_create


class Command(BaseCommand):
    help = "Issue an API token for a user and print its key (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--scope", choices=[s.value for s in TokenScope], default=TokenScope.WRITE.value)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        try:
            _, key = token_create(user=user, name=options["name"], scope=options["scope"])
        except TokenRejected as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(key)
