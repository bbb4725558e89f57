"""What clients write to the Consonance sandbox is stored, read back over GraphQL, and shown on its page."""

from concurrent.futures import ThreadPoolExecutor

import requests

from .graphql import all_works, data, post

CREATE = """
mutation($input: CreateSupportingResourceInput!) {
  createSupportingResource(input: $input) {
    clientMutationId presignedUrl
    supportingResource { id caption copyright requiredCredit status resourceVariant productIds url
                         isProcessing externalRef fileSize imageContentType }
    errors { field message }
  }
}
"""
UPDATE = """
mutation($input: UpdateSupportingResourceInput!) {
  updateSupportingResource(input: $input) {
    supportingResource { id caption status productIds }
    errors { field message }
  }
}
"""
UPSERT = """
mutation($input: PicturePermissionInput!) {
  upsertPicturePermission(input: $input) {
    created
    picturePermission { id workId externalRef rightsHolder licenceType status territoryIncluded channels
                        placement productIds validFrom validUntil fee { amount currencyCode }
                        approvalHistory { step decision by at } updatedAt }
    errors { field message }
  }
}
"""
ATTACH = """
mutation($input: AttachToTodoInput!) {
  attachToTodo(input: $input) {
    attachment { externalRef url label }
    todo { id attachments { externalRef url label } }
    errors { field message }
  }
}
"""
RESOURCES_OF_WORK = (
    "query($id: Int) { work(workSearch: {idEq: $id}) { supportingResources { id caption externalRef } } }"
)


def a_work(consonance, index: int = 5) -> dict:
    return all_works(consonance)[index]


def permission_input(work: dict, **changes) -> dict:
    return {
        "workId": work["id"],
        "externalRef": "getty:1234567:lic-88",
        "rightsHolder": "Getty Images / Jane Photographer",
        "licenceType": "RIGHTS_MANAGED",
        "status": "GRANTED",
        "territoryIncluded": "GB IE",
        "channels": ["PRINT", "EBOOK"],
        "placement": "FRONT_COVER",
        "productIds": [work["products"][0]["id"]],
        "validFrom": "2026-01-01",
        "validUntil": "2031-12-31",
        "fee": {"amount": "350.00", "currencyCode": "GBP"},
        "approvalHistory": [
            {"step": "Legal", "decision": "approved", "by": "lena", "at": "2026-11-20T10:00:00Z"}
        ],
        **changes,
    }


def test_created_supporting_resource_reads_back_on_its_work(consonance):
    work = a_work(consonance)
    product_id = work["products"][-1]["id"]

    payload = data(
        consonance,
        CREATE,
        {
            "input": {
                "clientMutationId": "outbox-17",
                "workId": work["id"],
                "caption": "Lighthouse at dusk",
                "copyright": "© Getty Images",
                "requiredCredit": "Jane Photographer / Getty Images",
                "imageRemoteUrl": "https://media.example.com/photos/1234567.jpg?s=2048",
                "status": "APPROVED",
                "resourceVariant": "FRONT_COVER",
                "productIds": [product_id],
                "externalRef": "getty:1234567:lic-88",
            }
        },
    )["createSupportingResource"]
    resource = payload["supportingResource"]
    on_work = data(consonance, RESOURCES_OF_WORK, {"id": work["id"]})["work"]["supportingResources"]

    assert payload["errors"] == []
    assert payload["clientMutationId"] == "outbox-17"
    assert resource["productIds"] == [product_id]
    assert resource["status"] == "APPROVED"
    assert {
        "id": resource["id"],
        "caption": "Lighthouse at dusk",
        "externalRef": "getty:1234567:lic-88",
    } in on_work
    [written] = consonance.app.written_supporting_resources()
    assert written["workId"] == work["id"]
    assert written["requiredCredit"] == "Jane Photographer / Getty Images"


def test_create_with_bad_input_answers_field_errors_and_stores_nothing(consonance):
    work = a_work(consonance)
    other = a_work(consonance, 6)

    unknown_work = data(
        consonance, CREATE, {"input": {"workId": 1, "imageRemoteUrl": "https://media.example.com/1.jpg"}}
    )["createSupportingResource"]
    foreign_product = data(
        consonance,
        CREATE,
        {
            "input": {
                "workId": work["id"],
                "imageRemoteUrl": "https://media.example.com/1.jpg",
                "productIds": [other["products"][0]["id"]],
            }
        },
    )["createSupportingResource"]
    no_image = data(consonance, CREATE, {"input": {"workId": work["id"], "caption": "x"}})[
        "createSupportingResource"
    ]

    assert unknown_work["errors"] == [{"field": "workId", "message": "Work 1 does not exist."}]
    assert foreign_product["errors"][0]["field"] == "productIds"
    assert no_image["errors"][0]["field"] == "imageRemoteUrl"
    assert all(p["supportingResource"] is None for p in (unknown_work, foreign_product, no_image))
    assert consonance.app.written_supporting_resources() == []


def test_resource_file_name_gives_a_presigned_url_to_put_the_file_to(consonance):
    work = a_work(consonance)
    payload = data(
        consonance,
        CREATE,
        {"input": {"workId": work["id"], "resourceFileName": "getty-1234567.jpg", "linkToAllProducts": True}},
    )["createSupportingResource"]
    resource_id = payload["supportingResource"]["id"]

    uploaded = requests.put(
        payload["presignedUrl"],
        data=b"\xff\xd8\xff fake jpeg",
        headers={"Content-Type": "image/jpeg"},
        timeout=5,
    )
    forged = requests.put(payload["presignedUrl"].split("?")[0] + "?token=guess", data=b"x", timeout=5)
    [written] = consonance.app.written_supporting_resources()

    assert payload["supportingResource"]["isProcessing"] is True
    assert payload["supportingResource"]["productIds"] == [product["id"] for product in work["products"]]
    assert uploaded.status_code == 200
    assert forged.status_code == 403
    assert written["id"] == resource_id
    assert written["isProcessing"] is False
    assert written["fileSize"] == len(b"\xff\xd8\xff fake jpeg")
    assert requests.get(written["url"], timeout=5).content == b"\xff\xd8\xff fake jpeg"


def test_update_supporting_resource_changes_only_what_was_sent(consonance):
    work = a_work(consonance)
    created = data(
        consonance,
        CREATE,
        {
            "input": {
                "workId": work["id"],
                "imageRemoteUrl": "https://media.example.com/9.jpg",
                "caption": "Draft",
            }
        },
    )["createSupportingResource"]["supportingResource"]

    updated = data(consonance, UPDATE, {"input": {"id": created["id"], "status": "APPROVED"}})
    missing = data(consonance, UPDATE, {"input": {"id": 1, "caption": "nothing"}})

    assert updated["updateSupportingResource"]["supportingResource"]["status"] == "APPROVED"
    assert updated["updateSupportingResource"]["supportingResource"]["caption"] == "Draft"
    assert missing["updateSupportingResource"]["errors"][0]["field"] == "id"
    assert [r["status"] for r in consonance.app.written_supporting_resources()] == ["APPROVED"]


def test_upsert_picture_permission_with_the_same_external_ref_updates_the_one_record(consonance):
    work = a_work(consonance)

    first = data(consonance, UPSERT, {"input": permission_input(work)})["upsertPicturePermission"]
    second = data(
        consonance, UPSERT, {"input": permission_input(work, status="WITHDRAWN", channels=["PRINT"])}
    )["upsertPicturePermission"]
    listed = data(
        consonance,
        "query($w: Int) { picturePermissions(workId: $w) { id externalRef status channels fee { amount } } }",
        {"w": work["id"]},
    )["picturePermissions"]

    assert first["errors"] == [] and first["created"] is True
    assert second["errors"] == [] and second["created"] is False
    assert second["picturePermission"]["id"] == first["picturePermission"]["id"]
    assert listed == [
        {
            "id": first["picturePermission"]["id"],
            "externalRef": "getty:1234567:lic-88",
            "status": "WITHDRAWN",
            "channels": ["PRINT"],
            "fee": {"amount": "350.00"},
        }
    ]
    [stored] = consonance.app.picture_permissions()
    assert stored["approvalHistory"][0]["step"] == "Legal"
    assert stored["territoryIncluded"] == "GB IE"


def test_upsert_picture_permission_refuses_bad_terms_without_storing(consonance):
    work = a_work(consonance)

    payload = data(
        consonance,
        UPSERT,
        {"input": permission_input(work, territoryIncluded="Great Britain", validUntil="2025-01-01")},
    )["upsertPicturePermission"]

    assert {error["field"] for error in payload["errors"]} == {"territoryIncluded", "validUntil"}
    assert payload["picturePermission"] is None
    assert consonance.app.picture_permissions() == []


def test_attach_to_todo_is_idempotent_on_todo_and_external_ref(consonance):
    work = a_work(consonance)
    todos = data(consonance, "query($w: Int!) { todos(workId: $w) { id kind dueDate } }", {"w": work["id"]})[
        "todos"
    ]
    jacket = next(todo for todo in todos if todo["kind"] == "JACKET")
    attachment = {
        "todoId": jacket["id"],
        "externalRef": "getty:1234567:lic-88",
        "url": "https://picture-desk.example.com/licences/88",
        "label": "Cover image",
    }

    data(consonance, ATTACH, {"input": attachment})
    again = data(consonance, ATTACH, {"input": {**attachment, "label": "Cover image (final)"}})[
        "attachToTodo"
    ]

    assert again["errors"] == []
    assert again["todo"]["attachments"] == [
        {
            "externalRef": "getty:1234567:lic-88",
            "url": "https://picture-desk.example.com/licences/88",
            "label": "Cover image (final)",
        }
    ]
    assert len(consonance.app.todo_attachments()) == 1
    assert consonance.app.todo_attachments()[0]["workId"] == work["id"]


def test_attach_to_an_unknown_todo_is_a_field_error(consonance):
    payload = data(
        consonance,
        ATTACH,
        {"input": {"todoId": 1, "externalRef": "getty:1:2", "url": "https://example.com/x"}},
    )["attachToTodo"]

    assert payload["errors"] == [{"field": "todoId", "message": "To-do 1 does not exist."}]


def test_reset_forgets_everything_written(consonance):
    work = a_work(consonance)
    data(consonance, UPSERT, {"input": permission_input(work)})
    data(
        consonance,
        CREATE,
        {"input": {"workId": work["id"], "imageRemoteUrl": "https://media.example.com/1.jpg"}},
    )

    reset = requests.post(f"{consonance.url}/_sandbox/reset", timeout=5)
    written = requests.get(f"{consonance.url}/_sandbox/written", timeout=5).json()

    assert reset.status_code == 204
    assert written["supportingResources"] == written["picturePermissions"] == written["todoAttachments"] == []
    assert data(consonance, RESOURCES_OF_WORK, {"id": work["id"]})["work"]["supportingResources"] == [
        {"id": r["id"], "caption": r["caption"], "externalRef": None} for r in work["supportingResources"]
    ]


def test_works_can_be_touched_and_removed_over_http(consonance):
    work_id = consonance.app.work_ids()[9]

    touched = requests.post(
        f"{consonance.url}/_sandbox/works/{work_id}/touch",
        json={"title": "Retitled", "on": "2026-11-01"},
        timeout=5,
    )
    since = data(consonance, '{ works(workSearch: {changedSince: "2026-11-01"}) { id title } }')["works"]
    removed = requests.delete(f"{consonance.url}/_sandbox/works/{work_id}", timeout=5)
    unknown = requests.delete(f"{consonance.url}/_sandbox/works/{work_id}", timeout=5)

    assert touched.status_code == 200
    assert since == [{"id": work_id, "title": "Retitled"}]
    assert removed.status_code == 204
    assert unknown.status_code == 404
    assert work_id not in consonance.app.work_ids()


def test_page_shows_written_resources_html_escaped_with_counts(consonance):
    work = a_work(consonance)
    data(
        consonance,
        CREATE,
        {
            "input": {
                "workId": work["id"],
                "imageRemoteUrl": "https://media.example.com/1.jpg",
                "caption": "<script>alert('x')</script> Harbour & Sea",
            }
        },
    )

    page = requests.get(f"{consonance.url}/", timeout=5)

    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Harbour &amp; Sea" in page.text
    assert "<script>" not in page.text
    assert "300 works" in page.text
    assert f"{work['id']}: " in page.text
    assert "https://media.example.com/1.jpg" in page.text


def test_page_shows_a_permissions_approval_history_and_the_todo_an_attachment_is_on(consonance):
    work = consonance.app.state.works[consonance.app.work_ids()[0]]
    todo = consonance.app.state.todos_of_work(work["id"])[1]
    history = [
        {"step": "Submission", "decision": "Submitted", "by": "Edith", "at": "2026-11-20T09:00:00Z"},
        {
            "step": "Legal",
            "decision": "Approved",
            "by": "Lena <Legal>",
            "at": "2026-11-20T10:00:00Z",
            "comment": "Fine & cleared",
        },
    ]
    permission = permission_input(work, approvalStatus="Approved: Legal", approvalHistory=history)
    data(consonance, UPSERT, {"input": permission})
    attachment = {
        "todoId": todo["id"],
        "externalRef": "getty:1234567:lic-88",
        "url": "https://pd.example/r/1",
    }
    data(consonance, ATTACH, {"input": {**attachment, "label": "Getty image 1234567"}})

    page = requests.get(f"{consonance.url}/", timeout=5).text

    assert '<td class="approval">Approved: Legal</td>' in page
    assert "<li>Submission: Submitted by Edith, 2026-11-20T09:00:00+00:00</li>" in page
    assert (
        "<li>Legal: Approved by Lena &lt;Legal&gt;, 2026-11-20T10:00:00+00:00: Fine &amp; cleared</li>"
        in page
    )
    assert f'<td class="to-do">{todo["id"]}: {todo["title"]}</td>' in page


def test_page_says_when_nothing_was_written(consonance):
    page = requests.get(f"{consonance.url}/", timeout=5)

    assert "No supporting resources written yet." in page.text
    assert "No picture permissions written yet." in page.text
    assert post(consonance, "{ works { id } }").status_code == 200


def test_concurrent_upserts_of_one_external_ref_make_one_record(consonance):
    work = a_work(consonance)

    def upsert(index: int) -> dict:
        payload = post(consonance, UPSERT, {"input": permission_input(work, caption=f"try {index}")}).json()
        return payload["data"]["upsertPicturePermission"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(upsert, range(16)))

    assert all(result["errors"] == [] for result in results)
    assert sum(result["created"] for result in results) == 1
    assert len({result["picturePermission"]["id"] for result in results}) == 1
    assert len(consonance.app.picture_permissions()) == 1
