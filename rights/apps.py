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
        # Getty's withdrawals: integration stamps the assets and calls this hook in the change set's
        # transaction; licence notices (emails and in-app) ride the outbox like approvals' notifications.
        from integration.models import OutboxMessage
        from integration.services.asset_changes import register_withdrawal_hook
        from integration.services.outbox_delivery import register_outbox_handler

        from .services.licence_notices import licence_notice_outbox_handler
        from .services.withdrawals import licences_withdraw_for_assets

        register_withdrawal_hook("rights", licences_withdraw_for_assets)
        register_outbox_handler(OutboxMessage.Kind.LICENCE_NOTICE, licence_notice_outbox_handler)
