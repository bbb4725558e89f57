"""[extension] mutations: picture permissions (upsert keyed by externalRef), to-do attachments and briefs.

Consonance does not document either; these are our proposal from shared/contracts/CONSONANCE.md, kept in
this one module (and Part 2 of schema.graphql) so they can change in one place.
"""

import copy
from datetime import date
from decimal import Decimal, InvalidOperation

from .state import SandboxState, attachment_key
from .writes import CURRENCY, MAX_REF, MAX_TEXT, TERRITORY_TOKEN, _check_products, _error, _is_web_url

PERMISSION_TEXTS = (
    "rightsHolder",
    "requiredCredit",
    "caption",
    "altText",
    "agreementName",
    "licenceReference",
    "territoryIncluded",
    "territoryExcluded",
    "approvalStatus",
    "restrictions",
)
PERMISSION_FIELDS = (
    *PERMISSION_TEXTS,
    "supportingResourceId",
    "licenceType",
    "fee",
    "channels",
    "placement",
    "productIds",
    "printRunCap",
    "validFrom",
    "validUntil",
    "status",
    "approvalHistory",
)
LIST_FIELDS = ("channels", "productIds", "approvalHistory")


def _check_territory(name: str, value: str | None, errors: list[dict]) -> None:
    if not value:
        return
    tokens = value.split()
    bad = [token for token in tokens if not TERRITORY_TOKEN.match(token)]
    if bad:
        errors.append(
            _error(name, f"{name} has codes that are not ISO 3166-1 or ONIX regions: {' '.join(bad)}.")
        )
    elif "WORLD" in tokens and len(tokens) > 1:
        errors.append(_error(name, f"{name}: WORLD cannot be combined with other codes."))


def _check_permission(state: SandboxState, data: dict, errors: list[dict]) -> None:
    work_id = data["workId"]
    ref = (data.get("externalRef") or "").strip()
    if not ref:
        errors.append(_error("externalRef", "externalRef is required."))
    elif len(ref) > MAX_REF:
        errors.append(_error("externalRef", f"externalRef is longer than {MAX_REF} characters."))
    if not (data.get("rightsHolder") or "").strip():
        errors.append(_error("rightsHolder", "rightsHolder is required."))
    for name in PERMISSION_TEXTS:
        if len(data.get(name) or "") > MAX_TEXT:
            errors.append(_error(name, f"{name} is longer than {MAX_TEXT} characters."))
    resource_id = data.get("supportingResourceId")
    if resource_id is not None:
        resource = state.resources.get(resource_id)
        if resource is None or resource["_workId"] != work_id:
            errors.append(
                _error(
                    "supportingResourceId", f"Supporting resource {resource_id} is not one of work {work_id}."
                )
            )
    _check_products(state, work_id, data.get("productIds"), errors)
    _check_territory("territoryIncluded", data.get("territoryIncluded"), errors)
    _check_territory("territoryExcluded", data.get("territoryExcluded"), errors)
    if data.get("printRunCap") is not None and data["printRunCap"] < 1:
        errors.append(_error("printRunCap", "printRunCap must be a positive number of copies."))
    valid_from, valid_until = data.get("validFrom"), data.get("validUntil")
    if isinstance(valid_from, date) and isinstance(valid_until, date) and valid_until < valid_from:
        errors.append(_error("validUntil", "validUntil is before validFrom."))
    fee = data.get("fee")
    if fee is not None:
        try:
            amount = Decimal(fee["amount"])
        except (InvalidOperation, TypeError):
            amount = None
        if amount is None or not amount.is_finite() or amount < 0:
            errors.append(_error("fee", 'fee.amount must be a decimal number of at least 0, e.g. "250.00".'))
        if not CURRENCY.match(fee.get("currencyCode") or ""):
            errors.append(_error("fee", "fee.currencyCode must be an ISO 4217 code such as GBP."))
    for note in data.get("approvalHistory") or []:
        if not note["step"].strip() or not note["decision"].strip():
            errors.append(_error("approvalHistory", "Each approval note needs a step and a decision."))
            break


def upsert_picture_permission(state: SandboxState, data: dict) -> dict:
    payload = {"clientMutationId": data.get("clientMutationId"), "picturePermission": None, "created": False}
    work_id = data["workId"]
    with state.lock:
        if work_id not in state.works:
            return {**payload, "errors": [_error("workId", f"Work {work_id} does not exist.")]}
        errors: list[dict] = []
        _check_permission(state, data, errors)
        ref = (data.get("externalRef") or "").strip()
        existing_id = state.permission_ids_by_ref.get(ref)
        existing = state.permissions.get(existing_id) if existing_id else None
        if existing and existing["workId"] != work_id:
            errors.append(
                _error("workId", f"externalRef {ref} already belongs to work {existing['workId']}.")
            )
        if errors:
            return {**payload, "errors": errors}

        changes = {name: copy.deepcopy(data[name]) for name in PERMISSION_FIELDS if name in data}
        for name in LIST_FIELDS:
            if name in changes and changes[name] is None:
                changes[name] = []
        if existing is None:
            permission = {name: [] if name in LIST_FIELDS else None for name in PERMISSION_FIELDS}
            permission.update(id=state.next_permission_id, workId=work_id, externalRef=ref)
            state.next_permission_id += 1
        else:
            permission = dict(existing)
        permission.update(changes, updatedAt=state.now())
        # Keep the record in the order last written, for the page that shows the most recent first.
        state.permissions.pop(permission["id"], None)
        state.permissions[permission["id"]] = permission
        state.permission_ids_by_ref[ref] = permission["id"]
        state.log_mutation(
            "upsertPicturePermission", ref, created=existing is None, work_id=work_id, external_ref=ref
        )
        return {**payload, "picturePermission": permission, "created": existing is None, "errors": []}


def attach_to_todo(state: SandboxState, data: dict) -> dict:
    payload = {"clientMutationId": data.get("clientMutationId"), "todo": None, "attachment": None}
    todo_id = data["todoId"]
    ref = (data.get("externalRef") or "").strip()
    with state.lock:
        todo = state.todos.get(todo_id)
        if todo is None or todo["workId"] not in state.works:
            return {**payload, "errors": [_error("todoId", f"To-do {todo_id} does not exist.")]}
        errors: list[dict] = []
        if not ref:
            errors.append(_error("externalRef", "externalRef is required."))
        elif len(ref) > MAX_REF:
            errors.append(_error("externalRef", f"externalRef is longer than {MAX_REF} characters."))
        if not _is_web_url(data.get("url") or "") or len(data["url"]) > MAX_TEXT:
            errors.append(_error("url", "url must be an http or https URL."))
        if len(data.get("label") or "") > MAX_REF:
            errors.append(_error("label", f"label is longer than {MAX_REF} characters."))
        if errors:
            return {**payload, "errors": errors}
        key = (todo_id, ref)
        existing = state.attachments.get(key)
        attachment = {
            "externalRef": ref,
            "url": data["url"],
            # Left out, the label stays as it was: a retry with less detail must not erase it.
            "label": data["label"] if "label" in data else (existing or {}).get("label"),
            "createdAt": existing["createdAt"] if existing else state.now(),
        }
        state.attachments[key] = attachment
        state.log_mutation(
            "attachToTodo",
            attachment_key(todo_id, ref),
            created=existing is None,
            work_id=todo["workId"],
            external_ref=ref,
        )
        return {**payload, "todo": todo, "attachment": attachment, "errors": []}


# A brief is a working list, not an archive: generous bounds, but bounds.
MAX_BRIEF_THEMES = 100
MAX_THEME = 100
MAX_BRIEF_IMAGES = 200


def _check_brief(data: dict, errors: list[dict]) -> tuple[list[str], list[dict]]:
    """The brief's themes and images as stored (texts trimmed), with every problem added to `errors`."""
    themes = [" ".join(theme.split()) for theme in data.get("visualThemes") or []]
    if len(themes) > MAX_BRIEF_THEMES:
        errors.append(_error("visualThemes", f"A brief holds at most {MAX_BRIEF_THEMES} visual themes."))
    if any(not theme for theme in themes):
        errors.append(_error("visualThemes", "A visual theme cannot be empty."))
    if any(len(theme) > MAX_THEME for theme in themes):
        errors.append(_error("visualThemes", f"A visual theme is at most {MAX_THEME} characters."))
    folded = [theme.casefold() for theme in themes]
    repeated = sorted({theme for theme, fold in zip(themes, folded, strict=True) if folded.count(fold) > 1})
    if repeated:
        errors.append(_error("visualThemes", f"visualThemes lists {', '.join(repeated)} more than once."))

    images = []
    for image in data.get("referenceImages") or []:
        images.append(
            {
                "externalRef": (image.get("externalRef") or "").strip(),
                "url": (image.get("url") or "").strip(),
                "caption": image.get("caption"),
            }
        )
    if len(images) > MAX_BRIEF_IMAGES:
        errors.append(
            _error("referenceImages", f"A brief holds at most {MAX_BRIEF_IMAGES} reference images.")
        )
    refs = [image["externalRef"] for image in images]
    if any(not ref for ref in refs):
        errors.append(_error("referenceImages", "Each reference image needs an externalRef."))
    if any(len(ref) > MAX_REF for ref in refs):
        errors.append(_error("referenceImages", f"An externalRef is at most {MAX_REF} characters."))
    doubled = sorted({ref for ref in refs if ref and refs.count(ref) > 1})
    if doubled:
        errors.append(
            _error("referenceImages", f"referenceImages lists {', '.join(doubled)} more than once.")
        )
    bad_urls = [image["externalRef"] or "?" for image in images if not _is_web_url(image["url"])]
    if bad_urls:
        errors.append(
            _error("referenceImages", f"url must be an http or https URL (for {', '.join(bad_urls[:5])}).")
        )
    if any(len(image["url"]) > MAX_TEXT for image in images):
        errors.append(_error("referenceImages", f"A url is at most {MAX_TEXT} characters."))
    if any(len(image["caption"] or "") > MAX_TEXT for image in images):
        errors.append(_error("referenceImages", f"A caption is at most {MAX_TEXT} characters."))
    return themes, images


def update_picture_brief(state: SandboxState, data: dict) -> dict:
    """Replace the work's whole brief: sending the latest state again is always safe."""
    payload = {"clientMutationId": data.get("clientMutationId"), "pictureBrief": None}
    work_id = data["workId"]
    with state.lock:
        if work_id not in state.works:
            return {**payload, "errors": [_error("workId", f"Work {work_id} does not exist.")]}
        errors: list[dict] = []
        themes, images = _check_brief(data, errors)
        if errors:
            return {**payload, "errors": errors}
        created = work_id not in state.briefs
        brief = {
            "workId": work_id,
            "visualThemes": themes,
            "referenceImages": images,
            "updatedAt": state.now(),
        }
        # Kept in the order last written, for the page.
        state.briefs.pop(work_id, None)
        state.briefs[work_id] = brief
        state.log_mutation("updatePictureBrief", str(work_id), created=created, work_id=work_id)
        return {**payload, "pictureBrief": brief, "errors": []}
