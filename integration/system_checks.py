"""Django system checks of the integration's settings (run by `manage.py check` and at start-up)."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def outbox_lease_outlasts_a_send(app_configs=None, **kwargs) -> list:
    """A claimed outbox row must stay its worker's for at least twice the longest send (the client's
    timeout times its tries): a worker sends only while half its lease is left, and a lease shorter than
    a send lets a second worker send the same row, or the next state of its record, meanwhile."""
    longest_send = settings.CONSONANCE_TIMEOUT_SECONDS * (settings.OUTBOX_CLIENT_RETRIES + 1)
    if settings.OUTBOX_LEASE_SECONDS >= 2 * longest_send:
        return []
    return [
        Warning(
            f"OUTBOX_LEASE_SECONDS ({settings.OUTBOX_LEASE_SECONDS}) is less than twice the longest send to "
            f"Consonance ({longest_send:g} s: CONSONANCE_TIMEOUT_SECONDS × (OUTBOX_CLIENT_RETRIES + 1)).",
            hint="Raise OUTBOX_LEASE_SECONDS, or lower the timeout or the client's retries.",
            id="integration.W001",
        )
    ]
