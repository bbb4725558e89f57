from django.db import migrations

from approvals.defaults import ensure_digest_schedule

DIGEST_FUNC = "approvals.tasks.send_overdue_digest"


def create_schedule(apps, schema_editor):
    # Keyed by name so running the migration again (or on a copied database) never adds a second one.
    ensure_digest_schedule(apps)


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=DIGEST_FUNC).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0002_default_workflow_and_role_permissions"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
