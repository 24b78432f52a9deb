from django.apps import AppConfig


class StaticanalysisConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "staticanalysis"

    def ready(self) -> None:
        from common.worker_hooks import register_recovery
        from judge.hooks import register_submission_created, register_submission_page_context
        from staticanalysis.selectors import findings_page_context
        from staticanalysis.services import enqueue_screening, screening_recover

        # Every new submission is screened, in parallel with its judging.
        register_submission_created(enqueue_screening)
        register_submission_page_context(findings_page_context)
        register_recovery("lost screenings", screening_recover)
