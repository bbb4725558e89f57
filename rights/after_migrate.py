"""What the rights app puts back after every `migrate` and `flush` (post_migrate, sender rights).

- The daily expiry watch schedule (rights/schedules.py), never a second one.
- The roles' rights permissions. approvals puts the roles back after a flush (every transactional
  test ends with one), but its receiver runs before the rights app's permissions are created again,
  so the rights codenames of accounts/roles.py are granted here, once they exist.
"""


def restore_after_migrate(sender, apps=None, using="default", **kwargs) -> None:
    from accounts.roles import ROLE_PERMISSIONS

    from .schedules import ensure_schedules

    if apps is None:  # `flush` sends post_migrate without the migration state
        from django.apps import apps
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    for role, names in ROLE_PERMISSIONS.items():
        codenames = [name.split(".", 1)[1] for name in names if name.startswith("rights.")]
        if not codenames:
            continue
        group, _ = Group.objects.using(using).get_or_create(name=str(role))
        group.permissions.add(
            *Permission.objects.using(using).filter(content_type__app_label="rights", codename__in=codenames)
        )
    try:
        schedule_model = apps.get_model("django_q", "Schedule")
    except LookupError:  # django_q not migrated yet
        return
    ensure_schedules(schedule_model, using=using)
