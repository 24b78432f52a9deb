from django.apps import AppConfig


class CommonConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "common"

    def ready(self) -> None:
        from common.sandboxing import container_reaper
        from common.worker_hooks import register_service

        # Every worker may run sandboxes: each reaps the containers of workers that died.
        register_service("sandbox container reaper", container_reaper)
