"""Create the demo staff (one per role). Idempotent; refused where demo data is not allowed."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_USERS

DEMO_REFUSED = (
    "Demo data is switched off in these settings (DEMO_DATA_ALLOWED is false). "
    "Production never gets demo users."
)


class Command(BaseCommand):
    help = "Create one demo user per staff role and print their sign-ins."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError(DEMO_REFUSED)
        User = get_user_model()
        created = 0
        with transaction.atomic():
            for demo in DEMO_USERS:
                user, was_created = User.objects.get_or_create(
                    username=demo.username,
                    defaults={
                        "first_name": demo.first_name,
                        "last_name": demo.last_name,
                        "email": f"{demo.username}@picture-desk.example",
                        "is_staff": demo.is_staff,
                        "is_superuser": demo.is_staff,
                    },
                )
                if was_created:
                    user.set_password(demo.password)
                    user.save(update_fields=["password"])
                    created += 1
                if demo.role:
                    user.groups.add(Group.objects.get(name=str(demo.role)))
        self.stdout.write(f"Demo users: {created} created, {len(DEMO_USERS) - created} already there.")
        for demo in DEMO_USERS:
            role = str(demo.role) if demo.role else "Admin (staff)"
            self.stdout.write(f"  {role:<14} {demo.username:<11} / {demo.password}")
