from django.db import migrations

from accounts.roles import grant_role_permissions


class Migration(migrations.Migration):
    """Rights, Editorial and Marketing look for replacements; Editorial and Marketing choose one
    (accounts/roles.py)."""

    dependencies = [
        ("rights", "0005_replacements"),
        ("accounts", "0001_roles"),
    ]

    operations = [migrations.RunPython(grant_role_permissions, migrations.RunPython.noop)]
