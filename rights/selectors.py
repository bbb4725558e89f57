"""Reads of the rights pages: one query per list, related rows fetched with the page."""

from django.db.models import Count, Prefetch, Q

from integration.models import OutboxMessage

from .models import Licence, LicenceEvent, Printing, Usage
from .services.permission_write import natural_key
from .services.supporting_resource import SOURCE_TYPE as LICENCE_SOURCE


def licence_list(*, status: str = ""):
    licences = Licence.objects.select_related("asset", "title", "download").order_by("-created_at", "-id")
    return licences.filter(status=status) if status else licences


def licence_counts() -> dict[str, int]:
    """Licences per status, every status present (zero when none)."""
    counts = dict(Licence.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {value: counts.get(value, 0) for value in Licence.Status.values}


def licence_page(pk: int) -> Licence | None:
    return (
        Licence.objects.select_related(
            "asset",
            "title",
            "download",
            "request",
            "legal_confirmed_by",
            "licensed_by",
            "download__started_by",
        )
        .prefetch_related(
            "products",
            Prefetch(
                "events", queryset=LicenceEvent.objects.select_related("actor").order_by("created_at", "id")
            ),
            Prefetch(
                "usages",
                queryset=Usage.objects.select_related("title").prefetch_related(
                    "products", Prefetch("printings", queryset=Printing.objects.order_by("printed_on", "id"))
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def licence_writes(licence: Licence) -> list[OutboxMessage]:
    """The writes of the licence's permission, and those the licence caused (its supporting resource,
    the to-do's file, usage reports to Getty), newest first."""
    caused = Q(
        source_type=LICENCE_SOURCE,
        source_id=licence.pk,
        target__in=(OutboxMessage.Target.CONSONANCE, OutboxMessage.Target.GETTY),
    )
    return list(
        OutboxMessage.objects.filter(Q(natural_key=natural_key(licence)) | caused).order_by("-id")[:10]
    )


def usage_list():
    """Usages, newest first, with their products and printings (one query each for a page)."""
    return Usage.objects.prefetch_related(
        "products", Prefetch("printings", queryset=Printing.objects.order_by("printed_on", "id"))
    ).order_by("-created_at", "-id")
