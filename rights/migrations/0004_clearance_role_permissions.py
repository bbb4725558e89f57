from django.db import migrations

from accounts.roles import grant_role_permissions


class Migration(migrations.Migration):
    """Rights runs clearance checks and records cleared printings; every licence reader reads checks and
    expiry alerts (accounts/roles.py)."""

    dependencies = [
        ("rights", "0003_clearance_checks_and_expiry_alerts"),
        ("accounts", "0001_roles"),
    ]

    operations = [migrations.RunPython(grant_role_permissions, migrations.RunPython.noop)]
