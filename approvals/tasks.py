"""django-q2 entry points: take ids, load, call a service.

Emails of decisions are not queued here: they go through the outbox (see services/notifications.py).
"""

from .services.notifications import notifications_send_overdue_digest


def send_overdue_digest() -> int:
    return notifications_send_overdue_digest()
