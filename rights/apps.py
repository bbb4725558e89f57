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
        from integration.title_page_sections import TitlePanel, register_title_panel

        from .export_panel import title_exports_panel_context

        # The title's permissions log and evidence pack, under its licensed pictures.
        register_title_panel(
            TitlePanel(
                name="rights-exports",
                template="rights/title_exports_panel.html",
                order=65,
                context=title_exports_panel_context,
            )
        )
