from typing import Any

from django.core.management.base import BaseCommand

from judge.services import language_sync


class Command(BaseCommand):
    help = "Make the Language table match the sandbox's language registry."

    def handle(self, *args: Any, **options: Any) -> None:
        for language in language_sync():
            self.stdout.write(f"{language.key}: {language.name}")
