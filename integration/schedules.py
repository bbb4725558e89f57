"""The django-q2 schedules of the integration app, kept in step with settings (idempotent)."""

from django.conf import settings

TITLE_SYNC_SCHEDULE = "Incremental title sync"
TITLE_SYNC_FUNC = "integration.tasks.sync_titles"
MINUTES = "I"  # django_q.models.Schedule.MINUTES; spelled out so historical models can use it


def ensure_schedules(schedule_model=None, using: str = "default") -> None:
    """Create or update the incremental title sync schedule; never make a second one.

    `schedule_model` is django_q's Schedule, or its historical version inside a migration.
    """
    if schedule_model is None:
        from django_q.models import Schedule as schedule_model
    minutes = max(1, int(settings.SYNC_INTERVAL_MINUTES))
    schedules = list(schedule_model.objects.using(using).filter(name=TITLE_SYNC_SCHEDULE).order_by("id"))
    for extra in schedules[1:]:
        extra.delete()
    if not schedules:
        schedule_model.objects.using(using).create(
            name=TITLE_SYNC_SCHEDULE, func=TITLE_SYNC_FUNC, schedule_type=MINUTES, minutes=minutes, repeats=-1
        )
        return
    schedule = schedules[0]
    wanted = {"func": TITLE_SYNC_FUNC, "schedule_type": MINUTES, "minutes": minutes, "repeats": -1}
    changed = [name for name, value in wanted.items() if getattr(schedule, name) != value]
    if changed:
        for name in changed:
            setattr(schedule, name, wanted[name])
        schedule.save(using=using, update_fields=changed)


def ensure_schedules_after_migrate(sender, apps=None, using="default", **kwargs) -> None:
    """After every `migrate` (and `flush`): follow a changed SYNC_INTERVAL_MINUTES without a migration."""
    if apps is None:  # `flush` sends post_migrate without the migration state
        from django.apps import apps
    try:
        schedule_model = apps.get_model("django_q", "Schedule")
    except LookupError:  # django_q not migrated yet (e.g. `migrate integration` alone)
        return
    ensure_schedules(schedule_model, using=using)
