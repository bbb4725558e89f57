"""Clearance checks: a planned event judged against every licensed picture of the title it touches.

`clearance_check` validates the event (`ClearanceEvent`, as the page or API sends it), judges each
picture with the rules of `rights/clearance_rules.py`, and saves the check with one result per picture
in one transaction. It runs a fixed number of queries whatever the number of licences: the licences,
their products, usages and usage products, and the copies printed so far, each in one query.

Which pictures an event touches: a reprint (or a new territory for named products) touches the
pictures used in those products (a usage that names no product is in every product); a new format or
an ebook or audio edition touches every picture in use in the title, since the question is whether
they may go into it. Superseded licences, and licences whose every usage is superseded, are replaced
pictures and touch nothing.

`clearance_record_printing` adds a cleared reprint's quantity to the usages (a Printing per picture),
once per check, after judging the reprint again with the licences locked: two reprints recorded at the
same time cannot pass a print-run cap together, and terms shortened since the check are noticed.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Prefetch, Sum
from django.utils import formats, timezone

from approvals.inputs import PRODUCTS_MAX, TERRITORIES_MAX
from approvals.models.requests import Channel
from config.inputs import INTEGER_MAX
from integration.models import Product, Title
from integration.territories import WORLD, territory_codes, unknown_territories, unknown_territories_message

from ..clearance_errors import ClearanceInvalid, ClearanceRefused
from ..clearance_rules import Finding, LicenceFacts, PlannedEvent, ProductRef, findings, is_go
from ..errors import NOT_PERMITTED, RightsNotPermitted
from ..models import ClearanceCheck, ClearanceResult, Licence, LicenceEvent, Printing, Usage, Verdict
from .usage_reports import printing_usage_enqueue

RUN_PERMISSION = "rights.add_clearancecheck"
VIEW_PERMISSION = "rights.view_clearancecheck"
PRINTING_PERMISSION = "rights.add_printing"
NOTE_MAX = 500
# A plan further ahead than this is a typing mistake, not a plan.
PLANNED_YEARS_MAX = 50

Kind = ClearanceCheck.Kind
# Events about a new form of the book: every picture in use is asked about, whatever products it names.
WHOLE_TITLE_KINDS = (Kind.NEW_PRODUCT, Kind.EDITION)
# ONIX product forms delivered as files (ebooks E*, downloadable and online audio).
DIGITAL_AUDIO_FORMS = ("AJ", "AN")


@dataclass(frozen=True)
class ClearanceEvent:
    """The planned event as a person describes it; `clearance_check` validates and completes it.

    Territories left empty are those the products are for sale in (WORLD when one sells worldwide);
    channels are implied by the event (a reprint is print, an ebook or audio edition digital, a new
    product its format's) and any given here are checked as well.
    """

    kind: str
    planned_on: dt.date | None
    products: tuple[Product, ...] = ()
    quantity: int | None = None
    territories: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    note: str = ""


@dataclass
class PictureJudgement:
    licence: Licence
    usage: Usage | None
    facts: LicenceFacts
    findings: list[Finding] = field(default_factory=list)

    @property
    def go(self) -> bool:
        return is_go(self.findings)


# --- the event ---------------------------------------------------------------------------------------


def is_digital(product: Product) -> bool:
    form = product.onix_form_code.upper()
    return product.kind.startswith("Electronic") or form.startswith("E") or form in DIGITAL_AUDIO_FORMS


def _sales_territories(products) -> tuple[str, ...]:
    if any(p.for_sale_worldwide for p in products):
        return (WORLD,)
    codes: list[str] = []
    for product in products:
        codes.extend(product.for_sale_countries or [])
    return territory_codes(codes)


def _implied_channels(kind: str, products) -> set[str]:
    if kind == Kind.REPRINT:
        return {Channel.PRINT}
    if kind == Kind.EDITION:
        return {Channel.DIGITAL}
    if kind == Kind.NEW_PRODUCT:
        return {Channel.DIGITAL if is_digital(p) else Channel.PRINT for p in products}
    return set()


def planned_event(event: ClearanceEvent, *, title: Title, today: dt.date) -> PlannedEvent:
    """The event validated and completed; ClearanceInvalid (naming the field) when it makes no sense."""
    if event.kind not in Kind.values:
        raise ClearanceInvalid("Choose what is planned from the list.", field="kind")
    kind = Kind(event.kind)
    if event.planned_on is None:
        raise ClearanceInvalid("Give the date the event is planned for.", field="planned_on")
    if event.planned_on < today:
        raise ClearanceInvalid(
            "The planned date is in the past: a clearance check is for an event to come.", field="planned_on"
        )
    if event.planned_on.year > today.year + PLANNED_YEARS_MAX:
        raise ClearanceInvalid(
            f"Plan at most {PLANNED_YEARS_MAX} years ahead; check the year.", field="planned_on"
        )

    products = tuple(sorted(set(event.products), key=lambda p: p.pk))
    if len(products) > PRODUCTS_MAX:
        raise ClearanceInvalid(f"At most {PRODUCTS_MAX} products in one check.", field="products")
    for product in products:
        if product.title_id != title.pk:
            raise ClearanceInvalid(f"Product {product.isbn13} is not one of {title}.", field="products")
    if kind in (Kind.REPRINT, Kind.NEW_PRODUCT) and not products:
        raise ClearanceInvalid(
            f"Choose the product{'s' if kind == Kind.REPRINT else ''} the {kind.label.lower()} is for.",
            field="products",
        )

    quantity = None
    if kind == Kind.REPRINT:
        if event.quantity is None or not 1 <= event.quantity <= INTEGER_MAX:
            raise ClearanceInvalid("Give the number of copies to print, at least 1.", field="quantity")
        quantity = event.quantity

    if len(event.territories) > TERRITORIES_MAX:
        raise ClearanceInvalid(f"At most {TERRITORIES_MAX} territories.", field="territories")
    territories = territory_codes(event.territories)
    if unknown := unknown_territories(territories):
        raise ClearanceInvalid(unknown_territories_message(unknown), field="territories")
    if not territories:
        if kind == Kind.NEW_TERRITORY:
            raise ClearanceInvalid(
                "Name the new territories: ISO country codes such as FR, or WORLD.", field="territories"
            )
        territories = _sales_territories(products)
    territories = (WORLD,) if WORLD in territories else tuple(sorted(territories))

    given = tuple(event.channels)
    if any(c not in Channel.values for c in given):
        raise ClearanceInvalid("Unknown channel; choose from the list.", field="channels")
    wanted = set(given) | _implied_channels(kind, products)
    channels = tuple(c for c in Channel.values if c in wanted)

    if len(event.note.strip()) > NOTE_MAX:
        raise ClearanceInvalid(f"At most {NOTE_MAX} characters.", field="note")
    return PlannedEvent(
        kind=kind.value,
        kind_label=kind.label,
        planned_on=event.planned_on,
        products=tuple(ProductRef.of(p) for p in products),
        quantity=quantity,
        territories=territories,
        channels=channels,
    )


def event_of(check: ClearanceCheck) -> PlannedEvent:
    """The event a saved check judged, as it was saved (already validated)."""
    return PlannedEvent(
        kind=check.kind,
        kind_label=check.get_kind_display(),
        planned_on=check.planned_on,
        products=tuple(ProductRef.of(p) for p in sorted(check.products.all(), key=lambda p: p.pk)),
        quantity=check.quantity,
        territories=tuple(check.territories),
        channels=tuple(check.channels),
    )


# --- judging the pictures ----------------------------------------------------------------------------


def _touched(licence: Licence, event: PlannedEvent) -> tuple[bool, list[Usage]]:
    """Whether the event touches this licensed picture, and the usages it touches."""
    usages = list(licence.usages.all())
    live = [u for u in usages if u.status != Usage.Status.SUPERSEDED]
    if usages and not live:
        return False, []
    if event.kind in WHOLE_TITLE_KINDS or not event.products:
        return True, live
    wanted = {p.id for p in event.products}
    if not usages:
        return bool(wanted & {p.pk for p in licence.products.all()}), []
    hit = [u for u in live if not u.products.all() or wanted & {p.pk for p in u.products.all()}]
    return bool(hit), hit


def facts_of(licence: Licence, usages: list[Usage], *, printed: int) -> LicenceFacts:
    asset = licence.asset
    placements = tuple(dict.fromkeys(u.placement for u in usages)) or (licence.request.placement,)
    return LicenceFacts(
        status=licence.status,
        withdrawn_on=timezone.localdate(asset.withdrawn_at) if asset.withdrawn_at else None,
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        perpetual=licence.perpetual,
        territories=tuple(licence.territories),
        channels=tuple(licence.channels),
        products=tuple(ProductRef.of(p) for p in sorted(licence.products.all(), key=lambda p: p.pk)),
        print_run_cap=licence.print_run_cap,
        printed=printed,
        editorial_use_only=asset.is_editorial_use_only,
        confirmed=licence.is_confirmed,
        placements=placements,
    )


def judge(
    title_id: int, event: PlannedEvent, *, today: dt.date, licence_ids: list[int] | None = None
) -> list[PictureJudgement]:
    """Every licensed picture of the title the event touches, judged; five queries in all."""
    licences = (
        Licence.objects.filter(title_id=title_id)
        .exclude(status=Licence.Status.SUPERSEDED)
        .select_related("asset", "request")
        .prefetch_related(
            "products",
            Prefetch(
                "usages", queryset=Usage.objects.prefetch_related("products").order_by("created_at", "id")
            ),
        )
        .order_by("id")
    )
    if licence_ids is not None:
        licences = licences.filter(pk__in=licence_ids)
    licences = list(licences)
    printings = Printing.objects.filter(usage__licence__title_id=title_id)
    if licence_ids is not None:
        printings = printings.filter(usage__licence__in=licence_ids)
    printed = dict(
        printings.values("usage__licence")
        .annotate(copies=Sum("quantity"))
        .values_list("usage__licence", "copies")
    )
    judged = []
    for licence in licences:
        touched, usages = _touched(licence, event)
        if not touched:
            continue
        facts = facts_of(licence, usages, printed=printed.get(licence.pk, 0))
        active = [u for u in usages if u.status == Usage.Status.ACTIVE]
        judged.append(
            PictureJudgement(
                licence=licence,
                usage=active[0] if active else None,
                facts=facts,
                findings=findings(facts, event, today=today),
            )
        )
    return judged


# --- the services --------------------------------------------------------------------------------------


def clearance_check(
    *, title: Title, event: ClearanceEvent, by, now: dt.datetime | None = None
) -> ClearanceCheck:
    """Judge `event` against every licensed picture of `title` it touches, and save the check."""
    now = now or timezone.now()
    if not by.has_perm(RUN_PERMISSION):
        raise RightsNotPermitted(NOT_PERMITTED.format(action="run clearance checks (Rights can)"))
    today = timezone.localdate(now)
    planned = planned_event(event, title=title, today=today)
    judged = judge(title.pk, planned, today=today)
    blocked = sum(1 for j in judged if not j.go)
    with transaction.atomic():
        check = ClearanceCheck.objects.create(
            title=title,
            kind=planned.kind,
            quantity=planned.quantity,
            territories=list(planned.territories),
            channels=list(planned.channels),
            planned_on=planned.planned_on,
            note=event.note.strip(),
            verdict=Verdict.NO_GO if blocked else Verdict.GO,
            pictures_checked=len(judged),
            pictures_blocked=blocked,
            checked_by=by,
            checked_at=now,
        )
        if planned.products:
            check.products.set([p.id for p in planned.products])
        ClearanceResult.objects.bulk_create(
            ClearanceResult(
                clearance_check=check,
                licence=j.licence,
                usage=j.usage,
                verdict=Verdict.GO if j.go else Verdict.NO_GO,
                reasons=[f.as_dict() for f in j.findings],
                terms=j.facts.as_dict(),
            )
            for j in judged
        )
    return check


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j M Y H:i")


def _lock_licences(ids: list[int]) -> None:
    """Hold the licences until commit (PostgreSQL); SQLite's IMMEDIATE transactions serialise writers."""
    if ids and connection.features.has_select_for_update:
        list(Licence.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))


def clearance_record_printing(*, check: ClearanceCheck, by, now: dt.datetime | None = None) -> list[Printing]:
    """Record a cleared reprint: its quantity as a printing of each picture's usage, once per check."""
    now = now or timezone.now()
    if not by.has_perm(PRINTING_PERMISSION):
        raise RightsNotPermitted(NOT_PERMITTED.format(action="record printings (Rights can)"))
    check = ClearanceCheck.objects.select_related("title").prefetch_related("products").get(pk=check.pk)
    if check.kind != Kind.REPRINT:
        raise ClearanceRefused("Only a reprint's check records a printing.")
    if check.verdict != Verdict.GO:
        raise ClearanceRefused(
            "This reprint is not cleared. Fix what blocks it, run the check again, and record the printing "
            "from a check that says go."
        )
    if check.printing_recorded_at is not None:
        raise ClearanceRefused(f"This printing was already recorded on {_when(check.printing_recorded_at)}.")
    event = event_of(check)
    with transaction.atomic():
        claimed = ClearanceCheck.objects.filter(pk=check.pk, printing_recorded_at__isnull=True).update(
            printing_recorded_at=now, printing_recorded_by=by
        )
        if not claimed:
            raise ClearanceRefused("Someone else recorded this printing a moment ago.")
        licence_ids = list(check.results.values_list("licence_id", flat=True))
        _lock_licences(licence_ids)
        # Judged again as of the planned day at the latest: recording a printing after it happened
        # does not make a licence that covered it look expired.
        today = min(timezone.localdate(now), check.planned_on)
        judged = judge(check.title_id, event, today=today, licence_ids=licence_ids)
        blocked = [j for j in judged if not j.go]
        if blocked:
            reasons = " ".join(
                f"Licence #{j.licence.pk}: {f.message}" for j in blocked for f in j.findings if f.blocking
            )
            raise ClearanceRefused(
                f"Since this check the reprint is no longer cleared. {reasons} Run the check again."
            )
        printings = []
        for j in judged:
            if j.usage is None:
                continue
            printing = Printing.objects.create(
                usage=j.usage,
                quantity=check.quantity,
                printed_on=check.planned_on,
                note=f"Reprint cleared by clearance check #{check.pk}.",
                created_by=by,
                created_at=now,
            )
            printings.append(printing)
            printing_usage_enqueue(printing, now=now)  # to Getty when its agreement asks, on its date
            LicenceEvent.objects.create(
                licence=j.licence,
                kind=LicenceEvent.Kind.USAGE_RECORDED,
                actor=by,
                reason=f"Reprint of {check.quantity:,} copies, cleared by clearance check #{check.pk}.",
                details={
                    "usage": j.usage.pk,
                    "printing": {"quantity": check.quantity, "date": check.planned_on.isoformat()},
                    "clearance_check": check.pk,
                    "printed_before": j.facts.printed,
                },
                created_at=now,
            )
    return printings
