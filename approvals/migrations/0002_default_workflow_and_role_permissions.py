from django.db import migrations

from accounts.roles import grant_role_permissions
from approvals.defaults import create_default_workflow


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0001_approval_workflows"),
        ("accounts", "0001_roles"),
    ]

    operations = [
        migrations.RunPython(create_default_workflow, migrations.RunPython.noop),
        migrations.RunPython(grant_role_permissions, migrations.RunPython.noop),
    ]
