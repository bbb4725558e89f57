"""Where a loopback delivery host may come from: only the local and test settings, never production."""

import json
import os
import subprocess
import sys

from django.conf import settings as django_settings

PRINT_POLICY = (
    "import django; django.setup(); from django.conf import settings as s; import json; "
    "print(json.dumps([s.GETTY_DELIVERY_HOSTS, s.GETTY_DELIVERY_INTERNAL_HOSTS, "
    "s.GETTY_DELIVERY_REQUIRE_HTTPS]))"
)


def policy_under(settings_module: str, **env) -> list:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GETTY_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": settings_module,
        **env,
    }
    answer = subprocess.run(
        [sys.executable, "-c", PRINT_POLICY],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(answer.stdout.strip().splitlines()[-1])


def test_production_fetches_over_https_from_public_addresses_whatever_the_environment_says():
    hosts, internal, https = policy_under(
        "config.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="picture-desk.example",
        DATABASE_URL="sqlite:///var/never-opened.sqlite3",
        SITE_URL="https://picture-desk.example",
        CONSONANCE_URL="https://web.consonance.app",
        CONSONANCE_API_KEY="k" * 32,
        GETTY_API_URL="http://127.0.0.1:8701/v3",
        GETTY_AUTH_URL="http://127.0.0.1:8701/oauth2/token",
        GETTY_API_KEY="key",
        GETTY_API_SECRET="secret",
        GETTY_DELIVERY_HOSTS="delivery.gettyimages.com,127.0.0.1",
    )
    assert hosts == ["delivery.gettyimages.com", "127.0.0.1"] and internal == [] and https is True


def test_local_settings_name_the_sandbox_host_and_only_when_it_is_this_machine():
    hosts, internal, https = policy_under("config.settings.local")
    assert "127.0.0.1" in hosts and internal == ["127.0.0.1"] and https is False
    hosts, internal, https = policy_under(
        "config.settings.local",
        GETTY_API_URL="https://api.gettyimages.com/v3",
        GETTY_AUTH_URL="https://authentication.gettyimages.com/oauth2/token",
    )
    assert hosts == ["delivery.gettyimages.com"] and internal == [] and https is True
