from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "problems"

    def ready(self) -> None:
        from common.worker_hooks import register_recovery
        from problems.services import verification_recover

        register_recovery("verification runs", verification_recover)
