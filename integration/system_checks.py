"""Django system checks of the integration's settings (run by `manage.py check` and at start-up)."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def outbox_lease_outlasts_a_send(app_configs=None, **kwargs) -> list:
    """A claimed outbox row must stay its worker's for at least twice the longest send (the client's
    timeout times its tries, times the calls of one send): a worker sends only while half its lease is
    left, and a lease shorter than a send lets a second worker send the same row, or the next state of
    its record, meanwhile. The longest send to Consonance is a supporting resource's (a read of the
    work's resources, then a create or an update); to Getty, a usage batch after a token call."""
    tries = settings.OUTBOX_CLIENT_RETRIES + 1
    consonance_send = 2 * settings.CONSONANCE_TIMEOUT_SECONDS * tries
    getty_send = settings.GETTY_TIMEOUT_SECONDS * (tries + 1)
    longest_send = max(consonance_send, getty_send)
    if settings.OUTBOX_LEASE_SECONDS >= 2 * longest_send:
        return []
    return [
        Warning(
            f"OUTBOX_LEASE_SECONDS ({settings.OUTBOX_LEASE_SECONDS}) is less than twice the longest send "
            f"({longest_send:g} s: to Consonance two calls of CONSONANCE_TIMEOUT_SECONDS × "
            f"(OUTBOX_CLIENT_RETRIES + 1), to Getty GETTY_TIMEOUT_SECONDS × (OUTBOX_CLIENT_RETRIES + 2)).",
            hint="Raise OUTBOX_LEASE_SECONDS, or lower the timeout or the client's retries.",
            id="integration.W001",
        )
    ]
