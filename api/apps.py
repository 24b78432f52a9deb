from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    label = "api"
    verbose_name = "APIs (v1 and Judge0-compatible)"

    def ready(self) -> None:
        from accounts.hooks import register_profile_section
        from api import schema  # noqa: F401 - registers the token scheme with the OpenAPI generator
        from api.judge0.runs import judge0_recover
        from api.judge0.services import judge0_runs_in_flight
        from api.pages import SECTION, tokens_section
        from common.worker_hooks import register_recovery
        from judge.hooks import register_work_in_flight

        register_recovery("lost Judge0 runs", judge0_recover)
        # Judge0 runs count against the cap on work in flight of submissions and runs too.
        register_work_in_flight(judge0_runs_in_flight)
        # A user's own profile page lists their tokens, with the forms to create and revoke them.
        register_profile_section(SECTION, tokens_section)
