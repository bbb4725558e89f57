"""The licence reaches Consonance: the request's picture permission, GRANTED with the licence terms."""

import pytest

from integration.models import OutboxMessage
from rights.services import LicenceTerms, LicenseOrder, licence_set_terms, picture_license

pytestmark = pytest.mark.django_db


def permission_in_consonance(consonance, ref: str) -> dict:
    state = consonance.app.state
    return state.permissions[state.permission_ids_by_ref[ref]]


def test_the_permission_is_granted_in_consonance_with_the_terms_legal_confirmed(
    getty, consonance, consonance_title, make_approved, people, django_capture_on_commit_callbacks
):
    approved = make_approved(title=consonance_title, print_run=2500)
    ref = f"getty:{approved.asset.getty_id}:{approved.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        licence = picture_license(
            approval_request=approved, order=LicenseOrder("40101"), actor=people.pat
        ).licence

    message = OutboxMessage.objects.get(natural_key=f"permission:{ref}")
    assert message.status == OutboxMessage.Status.SENT, message.last_error
    granted = permission_in_consonance(consonance, ref)
    assert granted["status"] == "GRANTED" and granted["workId"] == consonance_title.consonance_id
    assert granted["printRunCap"] == 500_000 and granted["agreementName"] == licence.agreement_name
    assert sorted(granted["productIds"]) == sorted(p.consonance_id for p in consonance_title.products.all())

    terms = LicenceTerms.of(licence)
    terms = LicenceTerms(**{**terms.__dict__, "licence_reference": "GI-RF-77", "print_run_cap": 20_000})
    with django_capture_on_commit_callbacks(execute=True):
        licence_set_terms(licence=licence, terms=terms, actor=people.lena, confirm=True)

    updated = permission_in_consonance(consonance, ref)
    assert (updated["licenceReference"], updated["printRunCap"]) == ("GI-RF-77", 20_000)
    assert len([p for p in consonance.app.state.permissions.values() if p["externalRef"] == ref]) == 1
