"""The sandbox's mutations: check the input like a careful server would, then store it in the state.

Each function takes the mutation's `input` as graphql-core passes it (only the keys the client sent) and
returns the payload. Invalid input changes nothing and answers `errors: [{field, message}]` in the payload,
never an exception. A mutation that takes effect is noted in the state's record of mutations.
"""

import re
import secrets
from urllib.parse import quote, urlsplit

from .state import SandboxState

MAX_TEXT = 2000
MAX_REF = 255
TERRITORY_TOKEN = re.compile(r"^(WORLD|ROW|ECZ|[A-Z]{2}(-[A-Z0-9]{1,3})?)$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_UPLOAD_BYTES = 25 * 1024 * 1024


def _error(field: str | None, message: str) -> dict:
    return {"field": field, "message": message}


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _check_texts(data: dict, names: tuple[str, ...], errors: list[dict]) -> None:
    for name in names:
        value = data.get(name)
        if value is not None and len(value) > MAX_TEXT:
            errors.append(_error(name, f"{name} is longer than {MAX_TEXT} characters."))


def _check_products(state: SandboxState, work_id: int, product_ids, errors: list[dict]) -> None:
    if not product_ids:
        return
    own = {product["id"] for product in state.works[work_id]["products"]}
    foreign = sorted(set(product_ids) - own)
    if foreign:
        listed = ", ".join(str(product_id) for product_id in foreign)
        errors.append(_error("productIds", f"Products {listed} do not belong to work {work_id}."))


def create_supporting_resource(state: SandboxState, data: dict, *, base_url: str) -> dict:
    payload = {
        "clientMutationId": data.get("clientMutationId"),
        "supportingResource": None,
        "presignedUrl": None,
    }
    errors: list[dict] = []
    work_id = data["workId"]
    remote_url, file_name = data.get("imageRemoteUrl"), data.get("resourceFileName")
    with state.lock:
        if work_id not in state.works:
            return {**payload, "errors": [_error("workId", f"Work {work_id} does not exist.")]}
        if bool(remote_url) == bool(file_name):
            errors.append(
                _error("imageRemoteUrl", "Give either imageRemoteUrl or resourceFileName, not both.")
            )
        elif remote_url and not _is_web_url(remote_url):
            errors.append(_error("imageRemoteUrl", "imageRemoteUrl must be an http or https URL."))
        elif file_name and ("/" in file_name or "\\" in file_name or len(file_name) > MAX_REF):
            errors.append(_error("resourceFileName", "resourceFileName must be a plain file name."))
        if data.get("productIds") and data.get("linkToAllProducts"):
            errors.append(_error("productIds", "Give productIds or linkToAllProducts, not both."))
        _check_products(state, work_id, data.get("productIds"), errors)
        _check_texts(data, ("caption", "copyright", "requiredCredit"), errors)
        if len(data.get("externalRef") or "") > MAX_REF:
            errors.append(_error("externalRef", f"externalRef is longer than {MAX_REF} characters."))
        if errors:
            return {**payload, "errors": errors}

        work = state.works[work_id]
        resource_id = state.next_resource_id
        state.next_resource_id += 1
        if data.get("linkToAllProducts"):
            product_ids = [product["id"] for product in work["products"]]
        else:
            product_ids = list(dict.fromkeys(data.get("productIds") or []))
        now = state.now()
        resource = {
            "id": resource_id,
            "caption": data.get("caption"),
            "copyright": data.get("copyright"),
            "copyrightHolder": None,
            "requiredCredit": data.get("requiredCredit"),
            "resourceVariant": data.get("resourceVariant"),
            "status": data.get("status") or "DRAFT",
            "productIds": product_ids,
            "url": remote_url,
            "filename": (file_name or urlsplit(remote_url).path.rsplit("/", 1)[-1] or "image.jpg"),
            "width": None,
            "height": None,
            "fileSize": None,
            "imageContentType": "image/jpeg" if remote_url else None,
            # A file to upload is "processing" until it has been PUT to the presigned URL.
            "isProcessing": bool(file_name),
            "createdAt": now,
            "updatedAt": now,
            "externalRef": data.get("externalRef"),
            "onixContentAudienceCode": data.get("onixContentAudienceCode"),
            "_workId": work_id,
            "_uploadToken": secrets.token_urlsafe(16) if file_name else None,
        }
        if data.get("unlinkPrevious") and product_ids:
            _unlink_previous(state, resource)
        state.resources[resource_id] = resource
        state.resources_by_work[work_id] = (*state.resources_by_work.get(work_id, ()), resource_id)
        state.written_resource_ids.append(resource_id)
        state.log_mutation(
            "createSupportingResource",
            str(resource_id),
            created=True,
            work_id=work_id,
            external_ref=resource["externalRef"],
        )
        presigned = None
        if file_name:
            presigned = (
                f"{base_url}/uploads/{resource_id}/{quote(file_name)}?token={resource['_uploadToken']}"
            )
        return {**payload, "supportingResource": resource, "presignedUrl": presigned, "errors": []}


def _unlink_previous(state: SandboxState, new: dict) -> None:
    """Take the new resource's products away from older resources of the same variant on the same work."""
    taken = set(new["productIds"])
    for old in state.resources_of_work(new["_workId"]):
        if old["resourceVariant"] == new["resourceVariant"] and taken & set(old["productIds"]):
            kept = [product_id for product_id in old["productIds"] if product_id not in taken]
            _replace_resource(state, {**old, "productIds": kept, "updatedAt": new["updatedAt"]})


def _replace_resource(state: SandboxState, resource: dict) -> None:
    state.resources[resource["id"]] = resource
    if resource["id"] not in state.written_resource_ids:
        state.written_resource_ids.append(resource["id"])


def update_supporting_resource(state: SandboxState, data: dict) -> dict:
    payload = {"clientMutationId": data.get("clientMutationId"), "supportingResource": None}
    with state.lock:
        resource = state.resources.get(data["id"])
        if resource is None or resource["_workId"] not in state.works:
            return {**payload, "errors": [_error("id", f"Supporting resource {data['id']} does not exist.")]}
        errors: list[dict] = []
        _check_products(state, resource["_workId"], data.get("productIds"), errors)
        _check_texts(data, ("caption", "copyright", "requiredCredit"), errors)
        if "status" in data and data["status"] is None:
            errors.append(_error("status", "status cannot be empty."))
        if errors:
            return {**payload, "errors": errors}
        changes = {
            name: data[name] for name in ("caption", "copyright", "requiredCredit", "status") if name in data
        }
        if "productIds" in data:
            changes["productIds"] = list(dict.fromkeys(data["productIds"] or []))
        updated = {**resource, **changes, "updatedAt": state.now()}
        _replace_resource(state, updated)
        state.log_mutation(
            "updateSupportingResource",
            str(updated["id"]),
            created=False,
            work_id=updated["_workId"],
            external_ref=updated.get("externalRef"),
        )
        return {**payload, "supportingResource": updated, "errors": []}


def store_upload(
    state: SandboxState, resource_id: int, *, token: str, body: bytes, content_type: str, base_url: str
) -> str | None:
    """Accept a PUT to a presigned URL; return an error message, or None when stored."""
    with state.lock:
        resource = state.resources.get(resource_id)
        if resource is None or not resource.get("_uploadToken") or token != resource["_uploadToken"]:
            return "This upload URL is not valid."
        if len(body) > MAX_UPLOAD_BYTES:
            return "The file is too large."
        state.uploads[resource_id] = body
        _replace_resource(
            state,
            {
                **resource,
                "url": f"{base_url}/uploads/{resource_id}/{quote(resource['filename'])}",
                "fileSize": len(body),
                "imageContentType": content_type or "application/octet-stream",
                "isProcessing": False,
                "updatedAt": state.now(),
            },
        )
        return None
