"""The terms of a licence: Legal confirms them, Rights keeps them up to date.

One service for both. Legal's save confirms the terms (legal_confirmed_at/by). A change by someone who
cannot confirm (Rights) is recorded and leaves the terms waiting for Legal's confirmation again. Every
save that changes something writes one event with what changed (before, after) and why, recomputes the
status from the end date, and queues the updated permission to Consonance in the same transaction.
"""

import datetime as dt
from dataclasses import dataclass, fields, replace
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from approvals.models.requests import Channel, Currency
from config.inputs import INTEGER_MAX
from integration.models import Product
from integration.territories import WORLD, territory_codes, unknown_territories, unknown_territories_message

from ..errors import (
    FINAL_LICENCE,
    LICENCE_CHANGED,
    NOT_PERMITTED,
    LicenceChanged,
    RightsNotPermitted,
    TermsInvalid,
)
from ..models import Licence, LicenceEvent
from ..status import status_on
from .licence_writes import licence_terms_writes
from .permission_write import permission_enqueue

CONFIRM_PERMISSION = "rights.confirm_licence_terms"
CHANGE_PERMISSION = "rights.change_licence"
REFERENCE_MAX, CREDIT_MAX, NOTES_MAX, REASON_MAX = 100, 300, 4000, 2000
FEE_MAX = Decimal("99999999.99")


@dataclass(frozen=True)
class LicenceTerms:
    territories: tuple[str, ...]
    channels: tuple[str, ...] = ()
    products: tuple[Product, ...] = ()
    print_run_cap: int | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    perpetual: bool = False
    fee: Decimal | None = None
    fee_currency: str = Currency.GBP
    licence_reference: str = ""
    credit_line: str = ""
    notes: str = ""

    @classmethod
    def of(cls, licence: Licence) -> "LicenceTerms":
        return cls(
            territories=tuple(licence.territories),
            channels=tuple(licence.channels),
            products=tuple(sorted(licence.products.all(), key=lambda p: p.pk)),
            print_run_cap=licence.print_run_cap,
            valid_from=licence.valid_from,
            valid_until=licence.valid_until,
            perpetual=licence.perpetual,
            fee=licence.fee,
            fee_currency=licence.fee_currency,
            licence_reference=licence.licence_reference,
            credit_line=licence.credit_line,
            notes=licence.notes,
        )

    def normalised(self, licence: Licence) -> "LicenceTerms":
        """The same terms, cleaned; TermsInvalid (naming the field) for terms that make no sense."""
        territories = territory_codes(self.territories)
        if not territories:
            raise TermsInvalid(
                "Name at least one territory: ISO country codes such as GB, or WORLD.", field="territories"
            )
        unknown = unknown_territories(territories)
        if unknown:
            raise TermsInvalid(unknown_territories_message(unknown), field="territories")
        territories = (WORLD,) if WORLD in territories else tuple(sorted(territories))
        known_channels = set(Channel.values)
        channels = tuple(dict.fromkeys(c for c in self.channels))
        if any(c not in known_channels for c in channels):
            raise TermsInvalid("Unknown channel; choose from the list.", field="channels")
        for product in self.products:
            if product.title_id != licence.title_id:
                raise TermsInvalid(
                    f"Product {product.isbn13} is not one of {licence.title}.", field="products"
                )
        if self.print_run_cap is not None and not 1 <= self.print_run_cap <= INTEGER_MAX:
            raise TermsInvalid("The print-run cap is a number of copies, at least 1.", field="print_run_cap")
        if self.perpetual and self.valid_until:
            raise TermsInvalid(
                "A perpetual licence has no end date: clear one or the other.", field="valid_until"
            )
        if not self.perpetual and not self.valid_until:
            raise TermsInvalid(
                "Give the last day the licence covers, or mark it perpetual.", field="valid_until"
            )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise TermsInvalid("The licence ends before it starts.", field="valid_until")
        if self.fee is not None and not (Decimal(0) <= self.fee <= FEE_MAX):
            raise TermsInvalid("The fee is an amount of at least 0.", field="fee")
        if self.fee_currency not in Currency.values:
            raise TermsInvalid("Choose the fee's currency from the list.", field="fee_currency")
        for name, limit in (
            ("licence_reference", REFERENCE_MAX),
            ("credit_line", CREDIT_MAX),
            ("notes", NOTES_MAX),
        ):
            if len(getattr(self, name).strip()) > limit:
                raise TermsInvalid(f"At most {limit:,} characters.", field=name)
        return replace(
            self,
            territories=territories,
            channels=tuple(sorted(channels)),
            products=tuple(sorted(set(self.products), key=lambda p: p.pk)),
            licence_reference=self.licence_reference.strip(),
            credit_line=self.credit_line.strip(),
            notes=self.notes.strip(),
        )


def _plain(value):
    """A term as the event's JSON keeps it."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Product):
        return value.isbn13 or f"product {value.pk}"
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return value


def _changes(before: LicenceTerms, after: LicenceTerms) -> dict:
    return {
        f.name: [_plain(getattr(before, f.name)), _plain(getattr(after, f.name))]
        for f in fields(LicenceTerms)
        if getattr(before, f.name) != getattr(after, f.name)
    }


def licence_set_terms(
    *,
    licence: Licence,
    terms: LicenceTerms,
    actor,
    confirm: bool,
    reason: str = "",
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Licence:
    """Save `terms` on `licence` (confirming them when `confirm`); see the module docstring."""
    now = now or timezone.now()
    if confirm and not actor.has_perm(CONFIRM_PERMISSION):
        raise RightsNotPermitted(NOT_PERMITTED.format(action="confirm licence terms (Legal can)"))
    if not (actor.has_perm(CHANGE_PERMISSION) or actor.has_perm(CONFIRM_PERMISSION)):
        raise RightsNotPermitted(NOT_PERMITTED.format(action="change licence terms (Legal and Rights can)"))
    licence = Licence.objects.select_related("asset", "title", "request").get(pk=licence.pk)
    if expected_version is not None and licence.version != expected_version:
        raise LicenceChanged(LICENCE_CHANGED)
    if licence.status in Licence.FINAL_STATUSES:
        raise TermsInvalid(FINAL_LICENCE.format(status=licence.get_status_display().lower()))
    terms = terms.normalised(licence)
    changes = _changes(LicenceTerms.of(licence), terms)
    if not changes and not confirm:
        return licence
    status = status_on(
        current=licence.status,
        valid_until=terms.valid_until,
        perpetual=terms.perpetual,
        today=timezone.localdate(now),
    )
    if confirm:
        confirmed_at, confirmed_by = now, actor
    elif changes:
        confirmed_at, confirmed_by = None, None  # changed terms wait for Legal again
    else:
        confirmed_at, confirmed_by = licence.legal_confirmed_at, licence.legal_confirmed_by
    values = {f.name: getattr(terms, f.name) for f in fields(LicenceTerms) if f.name != "products"}
    values.update(territories=list(terms.territories), channels=list(terms.channels))
    with transaction.atomic():
        saved = Licence.objects.filter(pk=licence.pk, version=licence.version).update(
            **values,
            status=status,
            legal_confirmed_at=confirmed_at,
            legal_confirmed_by=confirmed_by,
            updated_at=now,
            version=F("version") + 1,
        )
        if not saved:
            raise LicenceChanged(LICENCE_CHANGED)
        licence.products.set(terms.products)
        reason = reason.strip()[:REASON_MAX]
        LicenceEvent.objects.create(
            licence=licence,
            kind=LicenceEvent.Kind.TERMS_CONFIRMED if confirm else LicenceEvent.Kind.TERMS_CHANGED,
            actor=actor,
            reason=reason
            or ("Terms confirmed." if confirm else "Terms changed; waiting for Legal to confirm."),
            details={"changes": changes},
            created_at=now,
        )
        if status != licence.status:
            LicenceEvent.objects.create(
                licence=licence,
                kind=LicenceEvent.Kind.STATUS_CHANGED,
                actor=actor,
                reason="The end date changed.",
                details={"from": licence.status, "to": status},
                created_at=now,
            )
        licence.refresh_from_db()
        permission_enqueue(licence, now=now)
        licence_terms_writes(licence, now=now)
    return licence
