from django.db import migrations

DIGEST_FUNC = "approvals.tasks.send_overdue_digest"


def create_schedule(apps, schema_editor):
    # Keyed by name so running the migration again (or on a copied database) never adds a second one.
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="Approvals: daily overdue digest",
        defaults={"func": DIGEST_FUNC, "schedule_type": "D", "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=DIGEST_FUNC).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0002_default_workflow_and_role_permissions"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
