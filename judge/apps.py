from django.apps import AppConfig


class JudgeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "judge"

    def ready(self) -> None:
        from common.worker_hooks import register_recovery
        from judge.outages import rejudge_after_outage_if_healthy
        from judge.services import submission_recover

        register_recovery("lost submissions", submission_recover)
        register_recovery("judgements lost to an outage", rejudge_after_outage_if_healthy)
        self._close_sockets_on_access_changes()

    def _close_sockets_on_access_changes(self) -> None:
        from django.contrib.auth.models import Group, User
        from django.contrib.auth.signals import user_logged_out
        from django.db.models.signals import m2m_changed, post_save

        from judge import sockets
        from problems.models import Problem

        user_logged_out.connect(sockets.on_logged_out, dispatch_uid="judge.sockets.logout")
        post_save.connect(sockets.on_user_saved, sender=User, dispatch_uid="judge.sockets.user")
        for through in (
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
            Problem.authors.through,
        ):
            m2m_changed.connect(
                sockets.on_m2m_changed, sender=through, dispatch_uid=f"judge.sockets.{through.__name__}"
            )
