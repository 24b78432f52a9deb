from django.apps import AppConfig


class StaticanalysisConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "staticanalysis"
