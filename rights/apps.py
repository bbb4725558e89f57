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
