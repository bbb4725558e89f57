"""The daily schedule that queues Getty usage reports on their date (see services/usage_reports.py).

Created or updated after every `migrate` (post_migrate, connected in RightsConfig.ready), by name,
never a second one, the way integration/schedules.py keeps its own.
"""

from integration.schedules import DAILY, _ensure

USAGE_REPORT_SCHEDULE = "Getty usage reports"
USAGE_REPORT_FUNC = "rights.tasks.report_due_usages"


def ensure_usage_report_schedule(schedule_model=None, using: str = "default") -> None:
    if schedule_model is None:
        from django_q.models import Schedule as schedule_model
    _ensure(
        schedule_model,
        using,
        USAGE_REPORT_SCHEDULE,
        {"func": USAGE_REPORT_FUNC, "schedule_type": DAILY, "repeats": -1},
    )


def ensure_usage_report_schedule_after_migrate(sender, apps=None, using="default", **kwargs) -> None:
    if apps is None:  # `flush` sends post_migrate without the migration state
        from django.apps import apps
    try:
        schedule_model = apps.get_model("django_q", "Schedule")
    except LookupError:  # django_q not migrated yet
        return
    ensure_usage_report_schedule(schedule_model, using=using)
