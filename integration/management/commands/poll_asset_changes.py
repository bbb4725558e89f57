"""`manage.py poll_asset_changes`: run the withdrawal watch now (what its schedule runs), with a summary."""

from django.core.management.base import BaseCommand, CommandError

from integration.getty.errors import GettyError
from integration.services.asset_changes import asset_changes_poll


class Command(BaseCommand):
    help = (
        "Receive, process and confirm Getty's pending asset-change sets (withdrawals) now: the withdrawn "
        "pictures, their licences and usages are marked, and each set is confirmed after it committed."
    )

    def handle(self, *args, **options):
        try:
            summary = asset_changes_poll()
        except GettyError as exc:
            raise CommandError(f"Getty could not be asked for its asset changes: {exc}") from exc
        received, withdrawn = summary.sets_received, summary.assets_withdrawn
        message = (
            f"{received} change set{'' if received == 1 else 's'} received, {summary.sets_processed} "
            f"processed, {summary.sets_confirmed} confirmed; {withdrawn} "
            f"picture{'' if withdrawn == 1 else 's'} withdrawn."
        )
        if summary.sets_failed:
            raise CommandError(
                f"{message} {summary.sets_failed} failed and stay unconfirmed (the next poll tries them "
                f"again): {'; '.join(summary.errors)}"
            )
        self.stdout.write(self.style.SUCCESS(message))
