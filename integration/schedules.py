"""The django-q2 schedules of the integration app, kept in step with settings (idempotent)."""

from django.conf import settings

TITLE_SYNC_SCHEDULE = "Incremental title sync"
TITLE_SYNC_FUNC = "integration.tasks.sync_titles"
OUTBOX_SCHEDULE = "Outbox delivery"
OUTBOX_FUNC = "integration.tasks.deliver_due_outbox"
RECONCILIATION_SCHEDULE = "Consonance reconciliation"
RECONCILIATION_FUNC = "integration.tasks.reconcile_consonance"
ASSET_CHANGES_SCHEDULE = "Getty asset changes (withdrawals)"
ASSET_CHANGES_FUNC = "integration.tasks.poll_asset_changes"
MINUTES = "I"  # django_q.models.Schedule.MINUTES; spelled out so historical models can use it
DAILY = "D"  # django_q.models.Schedule.DAILY


def ensure_schedules(schedule_model=None, using: str = "default") -> None:
    """Create or update the integration's schedules; never make a second one of any.

    The incremental title sync (every SYNC_INTERVAL_MINUTES), the outbox delivery (every minute) and
    the nightly Consonance reconciliation. `schedule_model` is django_q's Schedule, or its historical
    version inside a migration.
    """
    if schedule_model is None:
        from django_q.models import Schedule as schedule_model
    minutes = max(1, int(settings.SYNC_INTERVAL_MINUTES))
    _ensure(
        schedule_model,
        using,
        TITLE_SYNC_SCHEDULE,
        {"func": TITLE_SYNC_FUNC, "schedule_type": MINUTES, "minutes": minutes, "repeats": -1},
    )
    _ensure(
        schedule_model,
        using,
        OUTBOX_SCHEDULE,
        {"func": OUTBOX_FUNC, "schedule_type": MINUTES, "minutes": 1, "repeats": -1},
    )
    _ensure(
        schedule_model,
        using,
        RECONCILIATION_SCHEDULE,
        {"func": RECONCILIATION_FUNC, "schedule_type": DAILY, "repeats": -1},
    )
    # Getty's withdrawal notices, every GETTY_ASSET_CHANGES_INTERVAL_MINUTES.
    _ensure(
        schedule_model,
        using,
        ASSET_CHANGES_SCHEDULE,
        {
            "func": ASSET_CHANGES_FUNC,
            "schedule_type": MINUTES,
            "minutes": max(1, int(settings.GETTY_ASSET_CHANGES_INTERVAL_MINUTES)),
            "repeats": -1,
        },
    )


def _ensure(schedule_model, using: str, name: str, wanted: dict) -> None:
    schedules = list(schedule_model.objects.using(using).filter(name=name).order_by("id"))
    for extra in schedules[1:]:
        extra.delete()
    if not schedules:
        schedule_model.objects.using(using).create(name=name, **wanted)
        return
    schedule = schedules[0]
    changed = [field for field, value in wanted.items() if getattr(schedule, field) != value]
    if changed:
        for field in changed:
            setattr(schedule, field, wanted[field])
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
