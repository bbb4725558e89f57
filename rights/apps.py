from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "rights"
    verbose_name = "Rights and licences"

    def ready(self):
        from django.db.models.signals import post_migrate

        from approvals.defaults import restore_defaults_after_flush

        # After a flush, approvals puts the roles back before this app's permissions exist again
        # (post_migrate runs app by app): give the roles their rights permissions once they do.
        post_migrate.connect(
            restore_defaults_after_flush, sender=self, dispatch_uid="rights-role-permissions"
        )
        from .usage_schedule import ensure_usage_report_schedule_after_migrate

        # The daily schedule that queues Getty usage reports on their date.
        post_migrate.connect(
            ensure_usage_report_schedule_after_migrate, sender=self, dispatch_uid="rights-usage-schedule"
        )
