from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Approvals"

    def ready(self):
        from integration.title_panels import TitlePanel, register_title_panel

        from .panels import title_panel_context

        register_title_panel(
            TitlePanel(
                name="approvals", template="approvals/title_panel.html", order=50, context=title_panel_context
            )
        )
