"""`manage.py sync_titles [--full [--allow-mass-deactivation]]`: mirror Consonance works now, with a progress
bar and a summary."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from integration.models import SyncRun
from integration.services.title_sync import SyncAlreadyRunning, title_sync_run


class Command(BaseCommand):
    help = (
        "Sync titles from Consonance: works changed since the last successful sync (minus a safety "
        "margin), or everything with --full (which also marks titles Consonance no longer has as inactive)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="Read every work, and deactivate titles that are gone."
        )
        parser.add_argument(
            "--allow-mass-deactivation",
            action="store_true",
            help="With --full: deactivate the missing titles even when they are more than "
            "SYNC_MAX_DEACTIVATION_SHARE of the active ones (Consonance really dropped them).",
        )

    def handle(self, *args, full: bool = False, allow_mass_deactivation: bool = False, **options):
        if allow_mass_deactivation and not full:
            raise CommandError("--allow-mass-deactivation only means something with --full.")
        # The bar goes to stderr so the summary on stdout stays clean for scripts.
        try:
            with tqdm(unit=" works", desc="Syncing titles", disable=options["verbosity"] == 0) as bar:
                run = title_sync_run(
                    full=full, progress=bar.update, allow_mass_deactivation=allow_mass_deactivation
                )
        except SyncAlreadyRunning as exc:
            raise CommandError(
                f"A {exc.run.get_kind_display().lower()} title sync is already running "
                f"(started {exc.run.started_at:%Y-%m-%d %H:%M} UTC); try again once it has finished."
            ) from exc
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
        if run.deactivation_note:
            style = self.style.WARNING if run.deactivation_refused else self.style.SUCCESS
            self.stdout.write(style(run.deactivation_note))
