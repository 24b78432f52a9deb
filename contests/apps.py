from django.apps import AppConfig


class ContestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contests"

    def ready(self) -> None:
        from contests.services import contest_submission_judged
        from judge.hooks import register_submission_judged

        # A verdict reaches the contest board: judge knows nothing of contests.
        register_submission_judged(contest_submission_judged)
