from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "rights"
    verbose_name = "Rights and licences"

    def ready(self):
        from django.db.models.signals import post_migrate

        from approvals.defaults import restore_defaults_after_flush
        from integration.models import OutboxMessage
        from integration.services.outbox_delivery import register_outbox_handler
        from integration.title_page_sections import TitlePanel, register_title_panel

        from .clearance_panel import title_rights_panel_context
        from .schedules import ensure_schedules_after_migrate
        from .services.notices import deliver_notice

        # After a flush, approvals puts the roles back before this app's permissions exist again
        # (post_migrate runs app by app): give the roles their rights permissions once they do.
        post_migrate.connect(
            restore_defaults_after_flush, sender=self, dispatch_uid="rights-role-permissions"
        )
        # The daily expiry watch, created or updated after every migrate (never a second one).
        post_migrate.connect(ensure_schedules_after_migrate, sender=self, dispatch_uid="rights-schedules")
        # Rights' notices (expiry warnings, withdrawal notices) are outbox rows of rights' own kind;
        # approvals' event emails ("notification") are approvals' alone.
        register_outbox_handler(OutboxMessage.Kind.LICENCE_NOTICE, deliver_notice)

        register_title_panel(
            TitlePanel(
                name="rights",
                template="rights/clearance/title_panel.html",
                order=60,
                context=title_rights_panel_context,
            )
        )

        # Getty's withdrawals: integration stamps the assets and calls this hook in the change set's
        # transaction (rights/services/withdrawals.py).
        from integration.services.asset_changes import register_withdrawal_hook

        from .services.withdrawals import licences_withdraw_for_assets

        register_withdrawal_hook("rights", licences_withdraw_for_assets)

        from .services.licence_ended import register_licence_ended_hook
        from .services.supporting_resource import licence_resource_ended

        # A withdrawn or superseded licence's supporting resource goes back to DRAFT in Consonance.
        register_licence_ended_hook("supporting_resource_draft", licence_resource_ended)

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
