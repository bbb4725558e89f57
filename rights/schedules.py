"""The django-q2 schedules of the rights app, kept in step with settings (idempotent).

Created after every `migrate` (post_migrate, connected in RightsConfig.ready), the same way
integration/schedules.py keeps its own: by name, never a second one.
"""

from integration.schedules import DAILY, _ensure

EXPIRY_SCHEDULE = "Licence expiry watch"
EXPIRY_FUNC = "rights.tasks.watch_expiries"
# Queues Getty usage reports of printings on their date (services/usage_reports.py).
USAGE_REPORT_SCHEDULE = "Getty usage reports"
USAGE_REPORT_FUNC = "rights.tasks.report_due_usages"


def ensure_schedules(schedule_model=None, using: str = "default") -> None:
    """Create or update the daily expiry watch and usage reports; `schedule_model` may be django_q's
    historical model."""
    if schedule_model is None:
        from django_q.models import Schedule as schedule_model
    _ensure(
        schedule_model,
        using,
        EXPIRY_SCHEDULE,
        {"func": EXPIRY_FUNC, "schedule_type": DAILY, "repeats": -1},
    )
    _ensure(
        schedule_model,
        using,
        USAGE_REPORT_SCHEDULE,
        {"func": USAGE_REPORT_FUNC, "schedule_type": DAILY, "repeats": -1},
    )


def ensure_schedules_after_migrate(sender, apps=None, using="default", **kwargs) -> None:
    if apps is None:  # `flush` sends post_migrate without the migration state
        from django.apps import apps
    try:
        schedule_model = apps.get_model("django_q", "Schedule")
    except LookupError:  # django_q not migrated yet
        return
    ensure_schedules(schedule_model, using=using)
