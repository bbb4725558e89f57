from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Approvals"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from integration.models import OutboxMessage
        from integration.services.outbox_delivery import register_outbox_handler
        from integration.title_page_sections import TitlePanel, register_title_panel

        from .defaults import restore_defaults_after_flush
        from .models import Workflow, WorkflowStep
        from .panels import title_panel_context
        from .selectors import forget_step_group_ids
        from .services.notifications import notification_outbox_handler

        post_migrate.connect(restore_defaults_after_flush, sender=self, dispatch_uid="approvals-defaults")
        for model in (Workflow, WorkflowStep):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_step_group_ids, sender=model, dispatch_uid=f"step-groups-{model.__name__}"
                )
        register_title_panel(
            TitlePanel(
                name="approvals", template="approvals/title_panel.html", order=50, context=title_panel_context
            )
        )
        # Decisions' emails and in-app notices are outbox rows: delivered like the writes to Consonance.
        register_outbox_handler(OutboxMessage.Kind.NOTIFICATION, notification_outbox_handler)
