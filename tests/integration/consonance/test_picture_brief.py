"""The client's [extension] picture brief against the Consonance sandbox over a real socket."""

import pytest

from integration.consonance.client import ConsonanceClient
from integration.consonance.errors import ConsonanceRejected
from integration.consonance.extension import BriefReferenceImage, PictureBriefInput


@pytest.fixture
def client(consonance):
    with ConsonanceClient(max_retries=3, backoff=0.01) as client:
        yield client


@pytest.fixture
def work_id(consonance):
    return consonance.app.work_ids()[4]


def harbour_brief(work_id: int, **changes) -> PictureBriefInput:
    values = {
        "work_id": work_id,
        "visual_themes": ["Stormy coast", "Lighthouse"],
        "reference_images": [
            BriefReferenceImage("getty:1400000001", "https://media.example.com/1400000001/comp.jpg", "Mood"),
            BriefReferenceImage("getty:1400000002", "https://media.example.com/1400000002/comp.jpg"),
        ],
    }
    return PictureBriefInput(**{**values, **changes})


def test_update_picture_brief_lands_in_consonance_and_reads_back(consonance, client, work_id):
    sent = client.update_picture_brief(harbour_brief(work_id))
    read = client.picture_brief(work_id)

    assert sent.work_id == work_id
    assert sent.visual_themes == ["Stormy coast", "Lighthouse"]
    assert sent.reference_images == [
        BriefReferenceImage("getty:1400000001", "https://media.example.com/1400000001/comp.jpg", "Mood"),
        BriefReferenceImage("getty:1400000002", "https://media.example.com/1400000002/comp.jpg", ""),
    ]
    assert sent.updated_at is not None
    assert read == sent
    [stored] = consonance.app.picture_briefs()
    assert stored["workId"] == work_id
    assert stored["referenceImages"][1]["caption"] is None


def test_the_outbox_payload_form_is_sent_as_is(consonance, client, work_id):
    payload = harbour_brief(work_id).to_graphql()

    brief = client.update_picture_brief(payload)

    assert payload == {
        "workId": work_id,
        "visualThemes": ["Stormy coast", "Lighthouse"],
        "referenceImages": [
            {
                "externalRef": "getty:1400000001",
                "url": "https://media.example.com/1400000001/comp.jpg",
                "caption": "Mood",
            },
            {
                "externalRef": "getty:1400000002",
                "url": "https://media.example.com/1400000002/comp.jpg",
                "caption": None,
            },
        ],
    }
    assert len(brief.reference_images) == 2


def test_a_later_brief_replaces_the_whole_brief(consonance, client, work_id):
    client.update_picture_brief(harbour_brief(work_id))

    client.update_picture_brief(harbour_brief(work_id, visual_themes=[], reference_images=[]))

    assert client.picture_brief(work_id).visual_themes == []
    assert client.picture_brief(work_id).reference_images == []
    assert [(m["operation"], m["created"]) for m in consonance.app.mutation_log()] == [
        ("updatePictureBrief", True),
        ("updatePictureBrief", False),
    ]


def test_a_work_without_a_brief_reads_as_none(consonance, client, work_id):
    assert client.picture_brief(work_id) is None
    assert client.picture_brief(1) is None  # no such work


def test_a_refused_brief_raises_with_consonance_field_errors_and_changes_nothing(consonance, client, work_id):
    client.update_picture_brief(harbour_brief(work_id))
    bad = harbour_brief(work_id, reference_images=[BriefReferenceImage("getty:9", "javascript:alert(1)", "")])

    with pytest.raises(ConsonanceRejected, match="http or https") as refused:
        client.update_picture_brief(bad)

    assert refused.value.errors[0]["field"] == "referenceImages"
    assert len(client.picture_brief(work_id).reference_images) == 2
    assert consonance.app.total_calls("/graphql") == 3  # a refusal is not retried


def test_a_brief_for_a_work_consonance_does_not_have_is_refused(consonance, client):
    with pytest.raises(ConsonanceRejected, match="Work 1 does not exist"):
        client.update_picture_brief(harbour_brief(1))


@pytest.mark.parametrize("fault", [{"kind": "drop"}, {"kind": "status", "status": 502}])
def test_after_an_unknown_outcome_the_brief_is_sent_again_and_held_once(consonance, client, work_id, fault):
    kind = fault.pop("kind")
    consonance.app.faults.add(kind, path_prefix="/graphql", after=True, **fault)

    brief = client.update_picture_brief(harbour_brief(work_id))

    assert brief.visual_themes == ["Stormy coast", "Lighthouse"]
    assert [m["created"] for m in consonance.app.mutation_log()] == [True, False]
    assert consonance.app.records_per_key()["pictureBrief"] == {str(work_id): 1}
