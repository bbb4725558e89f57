"""Reads of the clearance pages and API: a check with its results in a fixed number of queries, and
where each blocking reason's fix is (by URL name: the licence page, or its replacement search)."""

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.urls import reverse

from .clearance_rules import Fix
from .models import ClearanceCheck, ClearanceResult, Verdict

FIX_LABELS = {
    Fix.TERMS: "Renew or extend the terms",
    Fix.REPLACE: "Find a replacement",
}


def check_page(pk: int) -> ClearanceCheck | None:
    results = (
        ClearanceResult.objects.select_related("licence__asset", "usage")
        .annotate(
            blocked_first=Case(
                When(verdict=Verdict.NO_GO, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("blocked_first", "licence_id")
    )
    return (
        ClearanceCheck.objects.select_related("title", "checked_by", "printing_recorded_by")
        .prefetch_related("products", Prefetch("results", queryset=results))
        .filter(pk=pk)
        .first()
    )


def recent_checks(*, title_id: int | None = None):
    checks = ClearanceCheck.objects.select_related("title", "checked_by").order_by("-checked_at", "-id")
    return checks.filter(title_id=title_id) if title_id else checks


def fix_url(fix: str, *, licence_id: int, title_id: int) -> str:
    if fix == Fix.TERMS:
        return reverse("rights:licence-detail", args=[licence_id])
    if fix == Fix.REPLACE:
        # "Find a replacement": Getty's similar pictures, chosen as the licence's replacement.
        return reverse("rights:replacement-find", args=[licence_id])
    return ""


def reasons_of(result: ClearanceResult, *, title_id: int) -> list[dict]:
    """The result's reasons, each with the link and words of what fixes it."""
    return [
        {
            **reason,
            "fix_url": fix_url(reason.get("fix", ""), licence_id=result.licence_id, title_id=title_id),
            "fix_label": FIX_LABELS.get(reason.get("fix", ""), ""),
        }
        for reason in result.reasons
    ]
