from django.apps import AppConfig


class JudgeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "judge"

    def ready(self) -> None:
        from common.worker_hooks import register_recovery
        from judge.services import rejudge_after_outage_if_healthy, submission_recover

        register_recovery("lost submissions", submission_recover)
        register_recovery("judgements lost to an outage", rejudge_after_outage_if_healthy)
