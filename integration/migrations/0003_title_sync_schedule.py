from django.db import migrations


def create_schedule(apps, schema_editor):
    from integration.schedules import ensure_schedules

    ensure_schedules(apps.get_model("django_q", "Schedule"), using=schema_editor.connection.alias)


def remove_schedule(apps, schema_editor):
    from integration.schedules import TITLE_SYNC_SCHEDULE

    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.using(schema_editor.connection.alias).filter(name=TITLE_SYNC_SCHEDULE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("integration", "0002_title_sync_fields"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
