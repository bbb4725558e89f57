"""Rights' notices already queued as outbox rows of kind "notification" move to their own kind.

Until now rights' notices (expiry warnings, withdrawal notices: natural key "notice:<key>") shared the
"notification" kind with approvals' event emails ("event:<id>"). Approvals now alone delivers
"notification" rows, so a notice still waiting there would go dead as "names no approval event":
every such row, waiting or done, becomes "licence_notice" (its pages and history stay together).
"""

from django.db import migrations

NOTICE_KEYS = "notice:"


def notices_to_licence_notice(apps, schema_editor):
    OutboxMessage = apps.get_model("integration", "OutboxMessage")
    OutboxMessage.objects.filter(kind="notification", natural_key__startswith=NOTICE_KEYS).update(
        kind="licence_notice"
    )


def notices_back_to_notification(apps, schema_editor):
    OutboxMessage = apps.get_model("integration", "OutboxMessage")
    OutboxMessage.objects.filter(kind="licence_notice").update(kind="notification")


class Migration(migrations.Migration):
    dependencies = [
        ("rights", "0007_licence_expiry_scan_index"),
        ("integration", "0010_outbox_licence_notice_kind"),
    ]

    operations = [migrations.RunPython(notices_to_licence_notice, notices_back_to_notification)]
