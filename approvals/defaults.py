"""The default workflow, Editorial → Legal → Production, used by its data migration and by tests
that need it back after a transactional flush."""

# Editorial signs off by submitting when the requester is an editor; Marketing submissions need it.
DEFAULT_WORKFLOW_NAME = "Editorial → Legal → Production"
DEFAULT_STEPS = [
    # name, group, condition, deadline days, days before publication
    ("Editorial", "Editorial", "requester_outside_group", 2, None),
    ("Legal", "Legal", "always", 3, 30),
    ("Production", "Production", "always", 3, 21),
]


def create_default_workflow(apps, schema_editor=None):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("approvals", "Workflow")
    WorkflowStep = apps.get_model("approvals", "WorkflowStep")
    if Workflow.objects.filter(is_default=True).exists():
        return
    workflow = Workflow.objects.create(name=DEFAULT_WORKFLOW_NAME, is_default=True)
    for position, (name, group_name, condition, days, before_publication) in enumerate(DEFAULT_STEPS, 1):
        group, _ = Group.objects.get_or_create(name=group_name)
        WorkflowStep.objects.create(
            workflow=workflow,
            position=position,
            name=name,
            group=group,
            condition=condition,
            deadline_days=days,
            days_before_publication=before_publication,
        )


DIGEST_SCHEDULE_NAME = "Approvals: daily overdue digest"
DIGEST_FUNC = "approvals.tasks.send_overdue_digest"


def ensure_digest_schedule(apps) -> None:
    """One daily digest schedule, keyed by name, whatever ran before."""
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=DIGEST_SCHEDULE_NAME, defaults={"func": DIGEST_FUNC, "schedule_type": "D", "repeats": -1}
    )


def restore_defaults_after_flush(sender, apps=None, using="default", **kwargs) -> None:
    """post_migrate: `flush` (every transactional test ends with one) empties the tables the data
    migrations filled; put the roles, the default workflow and the digest schedule back.

    Runs after auth's own receiver created the permissions, so the roles get theirs again.
    """
    from accounts.roles import ROLE_PERMISSIONS

    if apps is None:  # `flush` sends post_migrate without the migration state
        from django.apps import apps
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        apps.get_model("approvals", "Workflow")
    except LookupError:  # a partial migrate: approvals not there yet
        return
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=str(role))
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(
                *Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename)
            )
    create_default_workflow(apps)
    try:
        ensure_digest_schedule(apps)
    except LookupError:
        pass
