from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "rights"
    verbose_name = "Rights and licences"

    def ready(self):
        from django.db.models.signals import post_migrate

        from integration.models import OutboxMessage
        from integration.services.outbox_delivery import register_outbox_handler
        from integration.title_page_sections import TitlePanel, register_title_panel

        from .after_migrate import restore_after_migrate
        from .clearance_panel import title_rights_panel_context
        from .services.notices import deliver_notice

        # The daily expiry watch and the roles' rights permissions, back after every migrate and flush.
        post_migrate.connect(restore_after_migrate, sender=self, dispatch_uid="rights-after-migrate")
        # Notices to a group (expiry warnings to Rights) are outbox rows of kind "notification".
        register_outbox_handler(OutboxMessage.Kind.NOTIFICATION, deliver_notice)

        register_title_panel(
            TitlePanel(
                name="rights",
                template="rights/clearance/title_panel.html",
                order=60,
                context=title_rights_panel_context,
            )
        )
