"""Reads of the clearance pages and API: a check with its results in a fixed number of queries, and
where each blocking reason's fix is (by URL name: the licence page, or its replacement search)."""

from django.db.models import Case, Count, IntegerField, Max, Prefetch, Value, When
from django.urls import reverse
from django.utils.functional import cached_property

from .clearance_rules import Fix
from .models import ClearanceCheck, ClearanceResult, Verdict

FIX_LABELS = {
    Fix.TERMS: "Renew or extend the terms",
    Fix.REPLACE: "Find a replacement",
}
# What a result row shows of its picture (the asset's JSON fields and raw answer stay unread).
ROW_ASSET_FIELDS = ("thumb_url", "title", "getty_id")


def check_page(pk: int) -> ClearanceCheck | None:
    """The check with what the page shows around its results; the results are `CheckRows(check)`."""
    return (
        ClearanceCheck.objects.select_related("title", "checked_by", "printing_recorded_by")
        .prefetch_related("products")
        .filter(pk=pk)
        .first()
    )


def check_with_results(pk: int) -> ClearanceCheck | None:
    """The check with its results (blocked first) in a fixed number of queries, for the API."""
    return (
        ClearanceCheck.objects.select_related("title", "checked_by", "printing_recorded_by")
        .prefetch_related("products", Prefetch("results", queryset=_results()))
        .filter(pk=pk)
        .first()
    )


class CheckRows:
    """The rows of a saved check's results table, loaded only when first iterated.

    A saved check is a snapshot (its results, reasons and judged terms never change), so the page keeps
    the drawn table in the fragments cache under `stamp`; a page whose table is kept never loads the
    results (some 2,000 objects for a title with 500 licences). The stamp covers what a row shows that
    can still change: the picture (a refetch from Getty changes its title and thumbnail, and stamps
    `fetched_at`), the usage (set to null if it goes), and whether the printing was recorded.
    """

    def __init__(self, check: ClearanceCheck):
        self.check = check
        self._rows: list[dict] | None = None

    @cached_property
    def stamp(self) -> str:
        moved = ClearanceResult.objects.filter(clearance_check_id=self.check.pk).aggregate(
            fetched=Max("licence__asset__fetched_at"), usages=Count("usage_id"), results=Count("id")
        )
        fetched = moved["fetched"].isoformat() if moved["fetched"] else "-"
        printed = self.check.printing_recorded_at.isoformat() if self.check.printing_recorded_at else "-"
        return f"{self.check.pk}|{printed}|{fetched}|{moved['usages']}|{moved['results']}"

    def _load(self) -> list[dict]:
        if self._rows is None:
            title_id = self.check.title_id
            self._rows = [
                {"result": result, "reasons": reasons_of(result, title_id=title_id)}
                for result in _results().filter(clearance_check_id=self.check.pk)
            ]
        return self._rows

    def __iter__(self):
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())

    def __bool__(self) -> bool:
        return bool(self._load())


def _results():
    """Results blocked first, with only the fields a row shows."""
    return (
        ClearanceResult.objects.select_related("licence__asset", "usage")
        .only(
            "clearance_check_id",
            "verdict",
            "reasons",
            "terms",
            "licence_id",
            "usage_id",
            "licence__asset_id",
            *(f"licence__asset__{name}" for name in ROW_ASSET_FIELDS),
            "usage__placement",
        )
        .annotate(
            blocked_first=Case(
                When(verdict=Verdict.NO_GO, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("blocked_first", "licence_id")
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
