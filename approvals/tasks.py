"""django-q2 entry points: take ids, load, call a service."""

from django_q.tasks import async_task

from .services.notifications import notifications_deliver_for_event, notifications_send_overdue_digest


def queue_event_notifications(event_ids: list[int]) -> None:
    """Called from transaction.on_commit: one delivery task per event."""
    for event_id in event_ids:
        async_task(
            "approvals.tasks.deliver_event_notifications", event_id, task_name=f"approval-event-{event_id}"
        )


def deliver_event_notifications(event_id: int) -> int:
    return notifications_deliver_for_event(event_id=event_id)


def send_overdue_digest() -> int:
    return notifications_send_overdue_digest()
