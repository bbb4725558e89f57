"""The sandbox's [extension] picture brief: replaced whole, read on the work, checked, shown on its page."""

import pytest
import requests

from sandboxes.consonance.extension_writes import MAX_BRIEF_IMAGES, MAX_BRIEF_THEMES, MAX_THEME

from .graphql import data

UPDATE_BRIEF = """
mutation($input: UpdatePictureBriefInput!) {
  updatePictureBrief(input: $input) {
    clientMutationId
    pictureBrief { visualThemes referenceImages { externalRef url caption } updatedAt }
    errors { field message }
  }
}
"""
BRIEF_OF_WORK = """
query($id: Int) {
  work(workSearch: {idEq: $id}) { pictureBrief { visualThemes referenceImages { externalRef } } }
}
"""


def image(n: int, **changes) -> dict:
    return {"externalRef": f"getty:{n}", "url": f"https://media.example.com/{n}/comp.jpg", **changes}


def brief_input(work_id: int, **changes) -> dict:
    return {
        "workId": work_id,
        "visualThemes": ["Stormy coast", "Lighthouse"],
        "referenceImages": [image(1, caption="Harbour wall in rain"), image(2)],
        **changes,
    }


def update(consonance, values: dict) -> dict:
    return data(consonance, UPDATE_BRIEF, {"input": values})["updatePictureBrief"]


@pytest.fixture
def work_id(consonance):
    return consonance.app.work_ids()[7]


def test_a_work_has_no_brief_until_one_is_written(consonance, work_id):
    assert data(consonance, BRIEF_OF_WORK, {"id": work_id})["work"] == {"pictureBrief": None}


def test_update_stores_the_brief_and_the_work_shows_it(consonance, work_id):
    payload = update(consonance, brief_input(work_id, clientMutationId="outbox-3"))

    assert payload["errors"] == []
    assert payload["clientMutationId"] == "outbox-3"
    assert payload["pictureBrief"]["visualThemes"] == ["Stormy coast", "Lighthouse"]
    assert payload["pictureBrief"]["referenceImages"] == [
        {
            "externalRef": "getty:1",
            "url": "https://media.example.com/1/comp.jpg",
            "caption": "Harbour wall in rain",
        },
        {"externalRef": "getty:2", "url": "https://media.example.com/2/comp.jpg", "caption": None},
    ]
    assert payload["pictureBrief"]["updatedAt"]
    assert data(consonance, BRIEF_OF_WORK, {"id": work_id})["work"]["pictureBrief"] == {
        "visualThemes": ["Stormy coast", "Lighthouse"],
        "referenceImages": [{"externalRef": "getty:1"}, {"externalRef": "getty:2"}],
    }


def test_a_second_update_replaces_the_whole_brief(consonance, work_id):
    update(consonance, brief_input(work_id))

    update(consonance, brief_input(work_id, visualThemes=["Night"], referenceImages=[image(2)]))

    [stored] = consonance.app.picture_briefs()
    assert stored["visualThemes"] == ["Night"]
    assert [i["externalRef"] for i in stored["referenceImages"]] == ["getty:2"]


def test_themes_and_refs_are_stored_trimmed(consonance, work_id):
    payload = update(
        consonance,
        brief_input(
            work_id, visualThemes=["  Stormy   coast "], referenceImages=[image(1, externalRef=" getty:1 ")]
        ),
    )

    assert payload["pictureBrief"]["visualThemes"] == ["Stormy coast"]
    assert payload["pictureBrief"]["referenceImages"][0]["externalRef"] == "getty:1"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"visualThemes": ["Sea", " "]}, "visualThemes", "cannot be empty"),
        ({"visualThemes": ["x" * (MAX_THEME + 1)]}, "visualThemes", f"at most {MAX_THEME} characters"),
        ({"visualThemes": ["Sea", "SEA"]}, "visualThemes", "more than once"),
        (
            {"visualThemes": [f"theme {n}" for n in range(MAX_BRIEF_THEMES + 1)]},
            "visualThemes",
            f"at most {MAX_BRIEF_THEMES} visual themes",
        ),
        ({"referenceImages": [image(1, externalRef="")]}, "referenceImages", "needs an externalRef"),
        ({"referenceImages": [image(1, externalRef="g" * 256)]}, "referenceImages", "at most 255 characters"),
        ({"referenceImages": [image(1), image(1)]}, "referenceImages", "getty:1 more than once"),
        ({"referenceImages": [image(1, url="javascript:alert(1)")]}, "referenceImages", "http or https"),
        ({"referenceImages": [image(1, url="https://")]}, "referenceImages", "http or https"),
        (
            {"referenceImages": [image(1, url="https://example.com/" + "a" * 2000)]},
            "referenceImages",
            "at most 2000 characters",
        ),
        ({"referenceImages": [image(1, caption="c" * 2001)]}, "referenceImages", "caption"),
        (
            {"referenceImages": [image(n) for n in range(MAX_BRIEF_IMAGES + 1)]},
            "referenceImages",
            f"at most {MAX_BRIEF_IMAGES} reference images",
        ),
    ],
)
def test_bad_input_is_a_field_error_and_changes_nothing(consonance, work_id, changes, field, message):
    update(consonance, brief_input(work_id))

    payload = update(consonance, brief_input(work_id, **changes))

    assert payload["pictureBrief"] is None
    assert [error["field"] for error in payload["errors"]] == [field]
    assert message in payload["errors"][0]["message"]
    [stored] = consonance.app.picture_briefs()
    assert stored["visualThemes"] == ["Stormy coast", "Lighthouse"]
    assert len(consonance.app.mutation_log()) == 1


def test_an_unknown_or_removed_work_is_a_field_error(consonance, work_id):
    consonance.app.remove_work(work_id)

    unknown = update(consonance, brief_input(1))
    removed = update(consonance, brief_input(work_id))

    assert unknown["errors"] == [{"field": "workId", "message": "Work 1 does not exist."}]
    assert removed["errors"][0]["field"] == "workId"
    assert consonance.app.picture_briefs() == []


def test_the_whole_brief_is_required(consonance, work_id):
    response = requests.post(
        f"{consonance.url}/graphql",
        json={"query": UPDATE_BRIEF, "variables": {"input": {"workId": work_id, "visualThemes": ["Sea"]}}},
        headers={"Authorization": f"Bearer {consonance.app.api_key}"},
        timeout=5,
    )

    assert "referenceImages" in response.json()["errors"][0]["message"]
    assert consonance.app.picture_briefs() == []


def test_the_page_shows_each_works_brief_escaped(consonance, work_id):
    update(
        consonance,
        brief_input(
            work_id,
            visualThemes=["<b>Storm</b> & sea"],
            referenceImages=[image(7, caption="<script>x</script>")],
        ),
    )

    page = requests.get(f"{consonance.url}/", timeout=5).text

    assert "Picture briefs (1)" in page
    assert "&lt;b&gt;Storm&lt;/b&gt; &amp; sea" in page
    link = '<a href="https://media.example.com/7/comp.jpg" rel="noreferrer">'
    assert f"{link}getty:7: &lt;script&gt;x&lt;/script&gt;</a>" in page
    assert "<script>" not in page


def test_the_page_says_when_no_brief_was_written(consonance):
    assert "No picture briefs written yet." in requests.get(f"{consonance.url}/", timeout=5).text


def test_written_lists_briefs_and_reset_forgets_them(consonance, work_id):
    update(consonance, brief_input(work_id))

    written = requests.get(f"{consonance.url}/_sandbox/written", timeout=5).json()
    consonance.app.reset()

    assert [b["workId"] for b in written["pictureBriefs"]] == [work_id]
    assert consonance.app.picture_briefs() == []
    assert data(consonance, BRIEF_OF_WORK, {"id": work_id})["work"] == {"pictureBrief": None}
