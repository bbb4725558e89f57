"""The supporting-resource write against the Consonance sandbox: read first, update ours, create once.

These rows carry payloads as the rights app writes them; the licensing flow itself is tested in
tests/rights/test_supporting_resource.py.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from integration.models import OutboxMessage
from integration.services.outbox import OutboxWrite, outbox_enqueue, outbox_replay
from integration.services.outbox_delivery import outbox_deliver_due

pytestmark = pytest.mark.django_db

REF = "getty:1400000001:77"


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return default_storage.save("licences/1400000001/abc.jpg", ContentFile(b"\xff\xd8\xff\xe0 picture"))


@pytest.fixture
def a_work(consonance):
    work = consonance.app.state.works[consonance.app.work_ids()[5]]
    return work["id"], [p["id"] for p in work["products"]]


def payload(work_id: int, stored: str, **changes) -> dict:
    return {
        "workId": work_id,
        "externalRef": REF,
        "caption": "A lighthouse at dusk",
        "copyright": "Jane Doe (Getty Images, Stone)",
        "requiredCredit": "Jane Doe / Getty Images",
        "status": "APPROVED",
        "resourceVariant": "FRONT_COVER",
        "productIds": [],
        "linkToAllProducts": True,
        "file": {
            "storagePath": stored,
            "fileName": "GettyImages-1400000001.jpg",
            "contentType": "image/jpeg",
        },
        **changes,
    }


def send(data: dict) -> OutboxMessage:
    with transaction.atomic():
        message = outbox_enqueue(
            OutboxWrite(
                kind=OutboxMessage.Kind.SUPPORTING_RESOURCE, natural_key=f"resource:{REF}", payload=data
            )
        )
    outbox_deliver_due()
    message.refresh_from_db()
    return message


def ours(consonance) -> list[dict]:
    return [r for r in consonance.app.written_supporting_resources() if r["externalRef"] == REF]


def test_a_resent_resource_is_read_and_left_alone(consonance, a_work, stored):
    work_id, product_ids = a_work
    first = send(payload(work_id, stored))
    assert first.status == OutboxMessage.Status.SENT and first.last_response["action"] == "created"

    outbox_replay(message=first)
    outbox_deliver_due()

    again = OutboxMessage.objects.filter(natural_key=f"resource:{REF}").order_by("-id").first()
    assert again.pk != first.pk and again.last_response["action"] == "unchanged"
    [resource] = ours(consonance)
    assert sorted(resource["productIds"]) == sorted(product_ids)
    assert [m["operation"] for m in consonance.app.mutation_log() if m["externalRef"] == REF] == [
        "createSupportingResource"
    ]


def test_a_resource_linked_to_every_product_keeps_them_when_its_words_change(consonance, a_work, stored):
    work_id, product_ids = a_work
    send(payload(work_id, stored, productIds=product_ids[:1]))

    updated = send(payload(work_id, stored, productIds=product_ids[:1], requiredCredit="J. Doe / Getty"))

    assert updated.last_response["action"] == "updated" and updated.last_response["changed"] == [
        "required_credit"
    ]
    [resource] = ours(consonance)
    assert resource["requiredCredit"] == "J. Doe / Getty"
    assert sorted(resource["productIds"]) == sorted(product_ids)


def test_narrowed_products_and_a_draft_are_one_update(consonance, a_work, stored):
    work_id, product_ids = a_work
    send(payload(work_id, stored))

    drafted = send(
        payload(work_id, stored, status="DRAFT", linkToAllProducts=False, productIds=product_ids[:1])
    )

    assert drafted.last_response["changed"] == ["product_ids", "status"]
    [resource] = ours(consonance)
    assert (resource["status"], resource["productIds"]) == ("DRAFT", product_ids[:1])


def test_a_file_missing_from_storage_is_not_offered_to_consonance(consonance, a_work, stored):
    default_storage.delete(stored)

    message = send(payload(a_work[0], stored))

    assert message.status == OutboxMessage.Status.DEAD and "not in our storage" in message.last_error
    assert ours(consonance) == []


def test_a_work_consonance_does_not_have_is_a_dead_write_with_its_reason(consonance, stored):
    message = send(payload(999_999_999, stored))

    assert message.status == OutboxMessage.Status.DEAD
    assert "Work 999999999 does not exist" in message.last_error
