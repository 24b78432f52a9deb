from django.apps import AppConfig


class ContestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contests"

    def ready(self) -> None:
        from contests.selectors import home_contests
        from contests.services import contest_submission_judged
        from judge.hooks import register_home_page_context, register_submission_judged

        # A verdict reaches the contest board: judge knows nothing of contests.
        register_submission_judged(contest_submission_judged)
        # The home page lists running and upcoming contests.
        register_home_page_context(home_contests)
