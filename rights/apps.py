from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "rights"
    verbose_name = "Rights and licences"

    def ready(self):
        from integration.title_page_sections import TitlePanel, register_title_panel

        from .clearance_panel import title_rights_panel_context

        register_title_panel(
            TitlePanel(
                name="rights",
                template="rights/clearance/title_panel.html",
                order=60,
                context=title_rights_panel_context,
            )
        )
