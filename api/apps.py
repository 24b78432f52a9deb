from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    label = "api"
    verbose_name = "APIs (v1 and Judge0-compatible)"

    def ready(self) -> None:
        from api import schema  # noqa: F401 - registers the token scheme with the OpenAPI generator
