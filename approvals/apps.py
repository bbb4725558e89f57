from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Approvals"

    def ready(self):
        from django.db.models.signals import post_migrate

        from integration.title_page_sections import TitlePanel, register_title_panel

        from .defaults import restore_defaults_after_flush
        from .panels import title_panel_context

        post_migrate.connect(restore_defaults_after_flush, sender=self, dispatch_uid="approvals-defaults")
        register_title_panel(
            TitlePanel(
                name="approvals", template="approvals/title_panel.html", order=50, context=title_panel_context
            )
        )
