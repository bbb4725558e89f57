"""Replacing a licensed picture: Getty's similar pictures, the approval request of the one chosen, and
the old licence superseded once the new picture is licensed.

1. `replacement_candidates`: Getty's similar pictures (GET /v3/images/{id}/similar), royalty-free first
   (they license for every permitted use, without a term to watch). Getty no longer serves a withdrawn
   picture, nor pictures similar to it: then the candidates come from a search of the same family
   with the picture's own subject keywords, and the page says so.
2. `replacement_choose`: the chosen picture is put on the title's shortlist (approvals submits only
   shortlisted pictures) and submitted for approval with the intended use of the old request (the page
   prefills it; the person may change it), and a Replacement row links the new request to the old
   licence, all in one transaction. Approvals never learns about licences (import contracts).
3. `replacement_supersede`: called when a licence is created (licence_records.licence_create, in its
   transaction); if its request is a replacement, the old licence and its usages become superseded,
   with an event, and the old permission is written again (Consonance: WITHDRAWN).
"""

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from approvals.models import ApprovalRequest
from approvals.services import IntendedUse, request_submit
from integration.getty.client import GettyClient
from integration.getty.errors import GettyNotFound
from integration.getty.types import GettyImage
from integration.models import Asset, ShortlistItem
from integration.services.shortlists import ShortlistError, shortlist_add
from integration.tasks import enqueue_keep_searched_assets

from ..errors import NOT_PERMITTED, RightsError, RightsNotPermitted
from ..models import Licence, LicenceEvent, Replacement, Usage
from .licence_ended import licence_ended
from .permission_write import permission_enqueue

FIND_PERMISSION = "rights.find_replacement"
CHOOSE_PERMISSION = "rights.add_replacement"
CANDIDATES_PER_PAGE = 30
ROYALTY_FREE = Asset.LicenseModel.ROYALTY_FREE
Status = Licence.Status

ALREADY_SUPERSEDED = "Licence #{pk} is already superseded: its picture was replaced."
SAME_PICTURE = "That is the picture being replaced; choose another one."
CANDIDATE_WITHDRAWN = "Getty withdrew {getty_id} too; choose another picture."
REPLACEMENT_OPEN = (
    "Request #{request} already proposes a replacement for this licence ({status}). Wait for its "
    "decision, or withdraw it first."
)
# A replacement whose request is still going (or approved, waiting to be licensed) blocks another.
OPEN_REQUEST_STATUSES = (*ApprovalRequest.ACTIVE_STATUSES, ApprovalRequest.Status.APPROVED)


class ReplacementRefused(RightsError):
    """The replacement cannot be chosen as asked (the licence was replaced, the same picture, ...)."""


@dataclass(frozen=True)
class Candidates:
    licence: Licence
    images: list[GettyImage]
    result_count: int
    page: int
    similar: bool  # False: Getty no longer serves the picture; these come from a search of its subject
    phrase: str = ""

    @property
    def has_next(self) -> bool:
        return self.page * CANDIDATES_PER_PAGE < self.result_count


@contextmanager
def _getty(client: GettyClient | None):
    if client is not None:
        yield client
        return
    with GettyClient.from_settings() as made:
        yield made


def ensure_may_find(actor) -> None:
    if not actor.has_perm(FIND_PERMISSION):
        raise RightsNotPermitted(NOT_PERMITTED.format(action="look for replacement pictures"))


def ensure_may_choose(actor) -> None:
    if not actor.has_perm(CHOOSE_PERMISSION):
        raise RightsNotPermitted(
            NOT_PERMITTED.format(action="choose a replacement picture (Editorial and Marketing can)")
        )


def ensure_replaceable(licence: Licence) -> None:
    if licence.status == Status.SUPERSEDED:
        raise ReplacementRefused(ALREADY_SUPERSEDED.format(pk=licence.pk))


def subject_phrase(asset: Asset) -> str:
    """The picture's subject in two words Getty can search: its first specific keywords, else its title."""
    specific = [
        k.get("text", "") for k in asset.keywords if isinstance(k, dict) and k.get("type") == "Specific"
    ]
    words = [w for w in specific if w][:2] or [
        k.get("text", "") for k in asset.keywords if isinstance(k, dict)
    ][:1]
    return " ".join(words).strip().lower() or " ".join(asset.title.split()[:2]).lower()


def royalty_free_first(images: list[GettyImage]) -> list[GettyImage]:
    """Royalty-free pictures first, each group in Getty's order (a stable sort)."""
    return sorted(images, key=lambda image: image.license_model != ROYALTY_FREE)


def replacement_candidates(
    *, licence: Licence, actor, page: int = 1, client: GettyClient | None = None
) -> Candidates:
    """One page of pictures that could replace the licence's, royalty-free first (see the module)."""
    ensure_may_find(actor)
    ensure_replaceable(licence)
    asset = licence.asset
    phrase = ""
    with _getty(client) as getty:
        try:
            result = getty.similar_images(asset.getty_id, page=page, page_size=CANDIDATES_PER_PAGE)
            similar = True
        except GettyNotFound:
            phrase = subject_phrase(asset)
            params = {"phrase": phrase, "page": str(page), "page_size": str(CANDIDATES_PER_PAGE)}
            result = getty.search_images(family=asset.asset_family or "creative", params=params)
            similar = False
    withdrawn = set(
        Asset.objects.filter(
            getty_id__in=[i.id for i in result.images], withdrawn_at__isnull=False
        ).values_list("getty_id", flat=True)
    )
    images = [i for i in result.images if i.id and i.id != asset.getty_id and i.id not in withdrawn]
    enqueue_keep_searched_assets(images=images)  # the chosen one opens from our own row
    return Candidates(
        licence=licence,
        images=royalty_free_first(images),
        result_count=result.result_count,
        page=page,
        similar=similar,
        phrase=phrase,
    )


def open_replacement(licence: Licence) -> Replacement | None:
    """The replacement of this licence still in approval (or approved, not licensed yet), if any."""
    return (
        Replacement.objects.filter(
            licence=licence, completed_at__isnull=True, request__status__in=OPEN_REQUEST_STATUSES
        )
        .select_related("request")
        .first()
    )


def intended_use_of(approval_request: ApprovalRequest) -> IntendedUse:
    """The old request's intended use, as the replacement starts from it."""
    return IntendedUse(
        title=approval_request.title,
        placement=approval_request.placement,
        products=tuple(approval_request.products.all()),
        channels=tuple(approval_request.channels),
        territories=tuple(approval_request.territories),
        print_run=approval_request.print_run,
        period_start=approval_request.period_start,
        period_end=approval_request.period_end,
        fee=approval_request.fee,
        fee_currency=approval_request.fee_currency,
        consonance_todo_id=approval_request.consonance_todo_id,
    )


def replacement_choose(
    *,
    licence: Licence,
    asset: Asset,
    actor,
    use: IntendedUse | None = None,
    now: dt.datetime | None = None,
) -> Replacement:
    """Submit `asset` for approval as the replacement of `licence` (see the module docstring).

    `use` defaults to the old request's intended use; its title is always the licence's.
    """
    now = now or timezone.now()
    ensure_may_choose(actor)
    licence = Licence.objects.select_related("request__title", "asset", "title").get(pk=licence.pk)
    ensure_replaceable(licence)
    if asset.pk == licence.asset_id:
        raise ReplacementRefused(SAME_PICTURE)
    if asset.withdrawn_at is not None:
        raise ReplacementRefused(CANDIDATE_WITHDRAWN.format(getty_id=asset.getty_id))
    existing = open_replacement(licence)
    if existing is not None:
        raise ReplacementRefused(
            REPLACEMENT_OPEN.format(
                request=existing.request_id, status=existing.request.get_status_display().lower()
            )
        )
    use = use or intended_use_of(licence.request)
    if use.title.pk != licence.title_id:
        use = IntendedUse(**{**use.__dict__, "title": licence.title})
    with transaction.atomic():
        if not ShortlistItem.objects.filter(title_id=licence.title_id, asset=asset).exists():
            try:
                shortlist_add(
                    title=licence.title,
                    asset=asset,
                    user=actor,
                    note=f"Replacement for licence #{licence.pk} ({licence.asset.getty_id}).",
                    now=now,
                )
            except ShortlistError:
                pass  # someone shortlisted it at the same moment: it is on the shortlist either way
        approval_request = request_submit(asset=asset, use=use, requester=actor, now=now)
        return Replacement.objects.create(
            licence=licence,
            request=approval_request,
            licence_status=licence.status,
            chosen_by=actor,
            created_at=now,
        )


def replacement_supersede(new_licence: Licence, *, actor, now: dt.datetime) -> Replacement | None:
    """If `new_licence` licenses a replacement, supersede the old licence and its usages.

    Call inside the transaction that creates `new_licence`. The old licence changes once (a
    compare-and-set on its status); its permission is written again with the superseded status.
    """
    replacement = (
        Replacement.objects.filter(request_id=new_licence.request_id, completed_at__isnull=True)
        .select_related("licence")
        .first()
    )
    if replacement is None:
        return None
    claimed = Replacement.objects.filter(pk=replacement.pk, completed_at__isnull=True).update(
        new_licence=new_licence, completed_at=now
    )
    if not claimed:
        return None
    old = replacement.licence
    before = old.status
    changed = (
        Licence.objects.filter(pk=old.pk)
        .exclude(status=Status.SUPERSEDED)
        .update(status=Status.SUPERSEDED, updated_at=now, version=F("version") + 1)
    )
    if changed:
        usages = list(
            Usage.objects.filter(licence=old)
            .exclude(status=Usage.Status.SUPERSEDED)
            .values_list("pk", flat=True)
        )
        Usage.objects.filter(pk__in=usages).update(status=Usage.Status.SUPERSEDED)
        LicenceEvent.objects.create(
            licence=old,
            kind=LicenceEvent.Kind.STATUS_CHANGED,
            actor=actor,
            reason=(
                f"Replaced by Getty picture {new_licence.asset.getty_id} (licence #{new_licence.pk}, "
                f"request #{new_licence.request_id}). "
                f"{len(usages)} usage{'s' if len(usages) != 1 else ''} marked superseded."
            ),
            details={
                "from": before,
                "to": Status.SUPERSEDED,
                "replacement_licence": new_licence.pk,
                "replacement_request": new_licence.request_id,
                "usages": usages,
            },
            created_at=now,
        )
        old.refresh_from_db()
        permission_enqueue(old, now=now)
        licence_ended(old, now=now)  # e.g. the supporting resource back to DRAFT (licence_ended.py)
    replacement.refresh_from_db()
    return replacement
