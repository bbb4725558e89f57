"""`manage.py sync_titles [--full]`: mirror Consonance works now, with a progress bar and a summary."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from integration.models import SyncRun
from integration.services.title_sync import title_sync_run


class Command(BaseCommand):
    help = (
        "Sync titles from Consonance: works changed since the last successful sync (minus a safety "
        "margin), or everything with --full (which also marks titles Consonance no longer has as inactive)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="Read every work, and deactivate titles that are gone."
        )

    def handle(self, *args, full: bool = False, **options):
        # The bar goes to stderr so the summary on stdout stays clean for scripts.
        with tqdm(unit=" works", desc="Syncing titles", disable=options["verbosity"] == 0) as bar:
            run = title_sync_run(full=full, progress=bar.update)
        seconds = (run.finished_at - run.started_at).total_seconds()
        if run.status == SyncRun.Status.FAILED:
            kept = (
                "Titles synced before are unchanged."
                if run.pages == 0
                else f"The {run.pages} pages read before the failure are saved; no title was deactivated."
            )
            raise CommandError(
                f"{run.get_kind_display()} title sync failed after {run.pages} pages: {run.error}\n{kept}"
            )
        since = f" changed since {run.changed_since:%Y-%m-%d}" if run.changed_since else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.get_kind_display()} title sync finished in {seconds:.1f} s: "
                f"{run.works_seen} works{since} in {run.pages} pages; "
                f"{run.titles_created} titles created, {run.titles_updated} updated, "
                f"{run.titles_deactivated} deactivated; {run.products_seen} products."
            )
        )
        if run.notes:
            self.stdout.write(self.style.WARNING(run.notes))
