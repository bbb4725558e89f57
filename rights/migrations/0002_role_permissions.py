from django.db import migrations

from accounts.roles import grant_role_permissions


class Migration(migrations.Migration):
    """Production licenses, Legal confirms terms, Rights owns the licence records (accounts/roles.py)."""

    dependencies = [
        ("rights", "0001_licences"),
        ("accounts", "0001_roles"),
    ]

    operations = [migrations.RunPython(grant_role_permissions, migrations.RunPython.noop)]
