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
