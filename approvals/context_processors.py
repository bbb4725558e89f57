"""The unread-notification count in the page header."""

from django.urls import reverse

from .selectors import unread_notification_count


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notifications_link": {
            "url": reverse("approvals:notifications"),
            "unread": unread_notification_count(user),
        }
    }
