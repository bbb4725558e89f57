from django.apps import AppConfig


class IntegrationConfig(AppConfig):
    name = "integration"
    verbose_name = "Consonance and Getty"

    def ready(self):
        from django.db.models.signals import post_migrate

        from config import sqlite_limits
        from integration import (
            picture_sections,
            system_checks,  # noqa: F401 - registers the checks
        )
        from integration.schedules import ensure_schedules_after_migrate

        # The title sync writes a page in a fixed number of statements (see config/sqlite_limits.py).
        sqlite_limits.connect()
        picture_sections.register()
        from integration.services import consonance_writes, supporting_resource_writes, usage_report_writes

        consonance_writes.register()
        supporting_resource_writes.register()
        usage_report_writes.register()
        post_migrate.connect(
            ensure_schedules_after_migrate, sender=self, dispatch_uid="integration-schedules"
        )
