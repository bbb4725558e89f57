"""Serve the Consonance and Getty sandboxes on localhost until interrupted."""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from sandboxes.server import RunningSandbox, SandboxApp, make_server, start_serving


class Command(BaseCommand):
    help = "Serve the Consonance (GraphQL) and Getty (REST v3) sandboxes on localhost."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--consonance-port", type=int, default=8702)
        parser.add_argument("--consonance-key", default="sandbox-consonance-key-000000000")
        parser.add_argument(
            "--works", type=int, default=300, help="Works in the generated Consonance catalogue."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the generated catalogues.")
        parser.add_argument(
            "--consonance-page-size",
            type=int,
            default=100,
            help="Most works (or products) one Consonance query returns; clients page with `after`.",
        )
        # Getty sandbox (defaults match config/settings/local.py).
        parser.add_argument("--getty-port", type=int, default=8701)
        parser.add_argument("--getty-key", default="sandbox-getty-key")
        parser.add_argument("--getty-secret", default="sandbox-getty-secret")
        parser.add_argument("--getty-username", default="demo")
        parser.add_argument("--getty-password", default="demo-password")
        parser.add_argument(
            "--getty-require-user-token",
            action="store_true",
            help="Downloads and download history need a user (password-grant) token, not an app token.",
        )
        parser.add_argument("--getty-assets", type=int, default=5000, help="Assets in the Getty catalogue.")
        parser.add_argument(
            "--getty-qps", type=float, default=None, help="Queries per second the key may make."
        )

    def handle(self, *args, **options):
        from sandboxes.consonance.app import ConsonanceSandbox
        from sandboxes.getty.app import GettySandbox

        if options["works"] < 1 or options["consonance_page_size"] < 1:
            raise CommandError("--works and --consonance-page-size must be at least 1.")
        consonance = ConsonanceSandbox(
            api_key=options["consonance_key"],
            works=options["works"],
            seed=options["seed"],
            page_size=options["consonance_page_size"],
        )
        # No base_url: display and download URIs take their origin from each request's Host header.
        getty = GettySandbox(
            api_key=options["getty_key"],
            api_secret=options["getty_secret"],
            username=options["getty_username"],
            password=options["getty_password"],
            require_user_token=options["getty_require_user_token"],
            qps_limit=options["getty_qps"],
            assets=options["getty_assets"],
            seed=options["seed"],
        )
        consonance_running, getty_running = self._serve(
            options["host"],
            [
                ("Consonance", consonance, options["consonance_port"], "--consonance-port"),
                ("Getty", getty, options["getty_port"], "--getty-port"),
            ],
        )
        counts = consonance.state.counts()
        self.stdout.write(
            f"Consonance sandbox: POST {consonance_running.url}/graphql ({counts['works']} works, "
            f"{counts['products']} products, {options['consonance_page_size']} per page); "
            f"what was written: {consonance_running.url}/"
        )
        self.stdout.write(
            f"Getty sandbox: {getty_running.url}/v3 and {getty_running.url}/oauth2/token "
            f"({options['getty_assets']} assets, key {options['getty_key']}); "
            f"what was downloaded and reported: {getty_running.url}/"
        )

        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            consonance_running.stop()
            getty_running.stop()

    @staticmethod
    def _serve(host: str, sandboxes: list[tuple[str, SandboxApp, int, str]]) -> list[RunningSandbox]:
        """Bind every port before serving any, so that a taken port leaves nothing running."""
        bound, refused = [], []
        for name, app, port, flag in sandboxes:
            try:
                bound.append((app, make_server(app, host, port)))
            except OSError as exc:
                reason = exc.strerror or str(exc)
                refused.append(
                    f"Cannot serve the {name} sandbox on port {port} ({reason}); choose another with {flag}"
                )
        if refused:
            for _, server in bound:
                server.server_close()
            raise CommandError("; ".join(refused) + ".")
        return [start_serving(app, server) for app, server in bound]
