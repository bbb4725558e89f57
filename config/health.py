"""`/healthz`: public, cheap, says whether the database and the task broker answer."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # noqa: BLE001 - any failure means "not ok" here
        return False


def _broker_ok() -> bool:
    try:
        from django_q.brokers import get_broker

        return bool(get_broker().ping())
    except Exception:  # noqa: BLE001
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "degraded",
        "database": "ok" if checks["database"] else "unavailable",
        "broker": "ok" if checks["broker"] else "unavailable",
        "broker_kind": "redis" if settings.Q_REDIS_URL else "orm",
    }
    return JsonResponse(body, status=200 if healthy else 503)
