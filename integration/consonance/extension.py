"""[extension] Picture permissions, to-dos and picture briefs: what Consonance does not document.

Everything that depends on these undocumented operations lives in this one module (types, GraphQL
text, client methods) so it can change in one place once a Consonance tenant confirms or replaces
it. See shared/contracts/CONSONANCE.md, "Picture permissions", "To-dos" and "Picture brief".
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal

from .errors import ConsonanceBadResponse
from .types import as_date, as_datetime, as_id, as_strings, as_text, mutation_payload

TODO_FIELDS = "id workId title kind dueDate done attachments { externalRef url label }"
# Our idempotency marker on a supporting resource ("getty:<asset id>:<licence id>"), an [extension]
# field on a documented type: the write-back reads and writes it, the title sync does not need it.
SUPPORTING_RESOURCE_MARKER = "externalRef"
TODO_FRAGMENT = f"fragment TodoFields on Todo {{ {TODO_FIELDS} }}"

PERMISSION_FRAGMENT = """
fragment PicturePermissionFields on PicturePermission {
  id workId supportingResourceId externalRef rightsHolder requiredCredit caption altText
  licenceType agreementName licenceReference fee { amount currencyCode }
  territoryIncluded territoryExcluded channels placement productIds printRunCap
  validFrom validUntil status approvalStatus
  approvalHistory { step decision by at comment }
  restrictions updatedAt
}
"""

PICTURE_PERMISSIONS = (
    """
query PicturePermissions($workId: Int, $after: Int, $changedSince: ISO8601Date, $externalRef: String) {
  picturePermissions(workId: $workId, after: $after, changedSince: $changedSince, externalRef: $externalRef) {
    ...PicturePermissionFields
  }
}
"""
    + PERMISSION_FRAGMENT
)

UPSERT_PICTURE_PERMISSION = (
    """
mutation UpsertPicturePermission($input: PicturePermissionInput!) {
  upsertPicturePermission(input: $input) {
    picturePermission { ...PicturePermissionFields }
    errors { field message }
  }
}
"""
    + PERMISSION_FRAGMENT
)

ATTACH_TO_TODO = (
    """
mutation AttachToTodo($input: AttachToTodoInput!) {
  attachToTodo(input: $input) {
    todo { ...TodoFields }
    errors { field message }
  }
}
"""
    + TODO_FRAGMENT
)


PICTURE_BRIEF_FIELDS = "visualThemes referenceImages { externalRef url caption } updatedAt"

UPDATE_PICTURE_BRIEF = f"""
mutation UpdatePictureBrief($input: UpdatePictureBriefInput!) {{
  updatePictureBrief(input: $input) {{
    pictureBrief {{ {PICTURE_BRIEF_FIELDS} }}
    errors {{ field message }}
  }}
}}
"""

WORK_PICTURE_BRIEF = f"""
query WorkPictureBrief($workId: Int!) {{
  work(workSearch: {{idEq: $workId}}) {{ id pictureBrief {{ {PICTURE_BRIEF_FIELDS} }} }}
}}
"""


def todos_query(count: int) -> str:
    """The to-dos of `count` works: `w0: todos(workId: $w0) {...}`, `w1: ...`, with variables $w0, $w1, ...

    Aliases and variables are numbered by position, not by work id, so every full page sends the same
    query text and the server can reuse its parsed and validated form.
    """
    declarations = ", ".join(f"$w{n}: Int!" for n in range(count))
    selections = "\n".join(f"  w{n}: todos(workId: $w{n}) {{ ...TodoFields }}" for n in range(count))
    return f"query TodosForWorks({declarations}) {{\n{selections}\n}}\n{TODO_FRAGMENT}"


@dataclass(frozen=True, slots=True)
class TodoAttachment:
    external_ref: str
    url: str
    label: str


@dataclass(frozen=True, slots=True)
class Todo:
    id: int
    work_id: int | None
    title: str
    kind: str  # MANUSCRIPT | JACKET | MARKETING | OTHER
    due_date: dt.date | None
    done: bool
    attachments: list[TodoAttachment]

    @classmethod
    def from_graphql(cls, data: dict) -> "Todo":
        return cls(
            id=as_id(data),
            work_id=data.get("workId"),
            title=as_text(data.get("title")),
            kind=as_text(data.get("kind")),
            due_date=as_date(data.get("dueDate")),
            done=bool(data.get("done")),
            attachments=[
                TodoAttachment(as_text(a.get("externalRef")), as_text(a.get("url")), as_text(a.get("label")))
                for a in data.get("attachments") or []
                if a
            ],
        )


@dataclass(frozen=True, slots=True)
class ApprovalNote:
    step: str
    decision: str
    by: str
    at: dt.datetime | None
    comment: str


@dataclass(frozen=True, slots=True)
class PicturePermission:
    id: int
    work_id: int
    external_ref: str
    rights_holder: str
    licence_type: str
    status: str
    channels: list[str]
    product_ids: list[int]
    supporting_resource_id: int | None = None
    required_credit: str = ""
    caption: str = ""
    alt_text: str = ""
    agreement_name: str = ""
    licence_reference: str = ""
    fee_amount: Decimal | None = None
    fee_currency: str = ""
    territory_included: str = ""
    territory_excluded: str = ""
    placement: str = ""
    print_run_cap: int | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    approval_status: str = ""
    approval_history: list[ApprovalNote] = field(default_factory=list)
    restrictions: str = ""
    updated_at: dt.datetime | None = None

    @classmethod
    def from_graphql(cls, data: dict) -> "PicturePermission":
        fee = data.get("fee") or {}
        return cls(
            id=as_id(data),
            work_id=as_id(data, "workId"),
            external_ref=as_text(data.get("externalRef")),
            rights_holder=as_text(data.get("rightsHolder")),
            licence_type=as_text(data.get("licenceType")),
            status=as_text(data.get("status")),
            channels=as_strings(data.get("channels")),
            product_ids=[int(i) for i in data.get("productIds") or []],
            supporting_resource_id=data.get("supportingResourceId"),
            required_credit=as_text(data.get("requiredCredit")),
            caption=as_text(data.get("caption")),
            alt_text=as_text(data.get("altText")),
            agreement_name=as_text(data.get("agreementName")),
            licence_reference=as_text(data.get("licenceReference")),
            fee_amount=None if fee.get("amount") is None else Decimal(str(fee["amount"])),
            fee_currency=as_text(fee.get("currencyCode")),
            territory_included=as_text(data.get("territoryIncluded")),
            territory_excluded=as_text(data.get("territoryExcluded")),
            placement=as_text(data.get("placement")),
            print_run_cap=data.get("printRunCap"),
            valid_from=as_date(data.get("validFrom")),
            valid_until=as_date(data.get("validUntil")),
            approval_status=as_text(data.get("approvalStatus")),
            approval_history=[
                ApprovalNote(
                    step=as_text(n.get("step")),
                    decision=as_text(n.get("decision")),
                    by=as_text(n.get("by")),
                    at=as_datetime(n.get("at")),
                    comment=as_text(n.get("comment")),
                )
                for n in data.get("approvalHistory") or []
                if n
            ],
            restrictions=as_text(data.get("restrictions")),
            updated_at=as_datetime(data.get("updatedAt")),
        )


@dataclass(frozen=True, slots=True)
class PicturePermissionInput:
    """What we write for one licensed picture; `external_ref` ("getty:<asset>:<licence>") is the key."""

    work_id: int
    external_ref: str
    rights_holder: str
    licence_type: str  # ROYALTY_FREE | RIGHTS_MANAGED | EDITORIAL
    status: str  # REQUESTED | GRANTED | REFUSED | EXPIRED | WITHDRAWN
    channels: list[str] = field(default_factory=list)
    product_ids: list[int] = field(default_factory=list)
    supporting_resource_id: int | None = None
    required_credit: str | None = None
    caption: str | None = None
    alt_text: str | None = None
    agreement_name: str | None = None
    licence_reference: str | None = None
    fee_amount: Decimal | None = None
    fee_currency: str | None = None
    territory_included: str | None = None
    territory_excluded: str | None = None
    placement: str | None = None
    print_run_cap: int | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    approval_status: str | None = None
    approval_history: list[ApprovalNote] | None = None
    restrictions: str | None = None

    def to_graphql(self) -> dict:
        """The GraphQL input object; fields left None are not sent, so Consonance keeps what it has."""
        values = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or f.name in ("fee_amount", "fee_currency", "approval_history"):
                continue
            camel = f.name.split("_")[0] + "".join(p.title() for p in f.name.split("_")[1:])
            values[camel] = value.isoformat() if isinstance(value, dt.date) else value
        if self.fee_amount is not None:
            values["fee"] = {"amount": f"{self.fee_amount:.2f}", "currencyCode": self.fee_currency or "GBP"}
        if self.approval_history is not None:
            values["approvalHistory"] = [
                {
                    "step": note.step,
                    "decision": note.decision,
                    "by": note.by or None,
                    "at": note.at.isoformat() if note.at else None,
                    "comment": note.comment or None,
                }
                for note in self.approval_history
            ]
        return values


@dataclass(frozen=True, slots=True)
class BriefReferenceImage:
    """One picture of a brief; `external_ref` is the sender's stable key for it ("getty:<asset id>")."""

    external_ref: str
    url: str
    caption: str = ""


@dataclass(frozen=True, slots=True)
class PictureBrief:
    """The visual themes and reference imagery Consonance holds for a work."""

    work_id: int
    visual_themes: list[str]
    reference_images: list[BriefReferenceImage]
    updated_at: dt.datetime | None = None

    @classmethod
    def from_graphql(cls, data: dict, *, work_id: int) -> "PictureBrief":
        return cls(
            work_id=work_id,
            visual_themes=as_strings(data.get("visualThemes")),
            reference_images=[
                BriefReferenceImage(
                    external_ref=as_text(image.get("externalRef")),
                    url=as_text(image.get("url")),
                    caption=as_text(image.get("caption")),
                )
                for image in data.get("referenceImages") or []
                if image
            ],
            updated_at=as_datetime(data.get("updatedAt")),
        )


@dataclass(frozen=True, slots=True)
class PictureBriefInput:
    """The whole brief of a work as we send it; Consonance replaces what it held with this."""

    work_id: int
    visual_themes: list[str]
    reference_images: list[BriefReferenceImage]

    def to_graphql(self) -> dict:
        """The GraphQL input object (the outbox keeps it as the row's payload)."""
        return {
            "workId": self.work_id,
            "visualThemes": list(self.visual_themes),
            "referenceImages": [
                {"externalRef": image.external_ref, "url": image.url, "caption": image.caption or None}
                for image in self.reference_images
            ],
        }


class ConsonanceExtensionMixin:
    """The [extension] operations of ConsonanceClient; they use its transport (`execute`)."""

    def todos_for_works(self, work_ids: Iterable[int]) -> dict[int, list[Todo]]:
        """The to-dos of many works in ONE request, one GraphQL alias per work (see `todos_query`)."""
        ids = sorted({int(i) for i in work_ids})
        if not ids:
            return {}
        data = self.execute(
            todos_query(len(ids)),
            {f"w{n}": work_id for n, work_id in enumerate(ids)},
            operation_name="TodosForWorks",
        )
        if any(f"w{n}" not in data for n in range(len(ids))):
            # GraphQL answers every alias asked; taking a missing one as "no to-dos" would wipe them.
            raise ConsonanceBadResponse("Consonance answered the to-do query without the works asked for.")
        return {
            work_id: [Todo.from_graphql(t) for t in data.get(f"w{n}") or []] for n, work_id in enumerate(ids)
        }

    def picture_permissions(
        self,
        *,
        work_id: int | None = None,
        external_ref: str | None = None,
        changed_since: dt.date | None = None,
        after: int | None = None,
    ) -> list[PicturePermission]:
        variables = {
            "workId": work_id,
            "externalRef": external_ref,
            "changedSince": changed_since.isoformat() if changed_since else None,
            "after": after,
        }
        data = self.execute(PICTURE_PERMISSIONS, variables, operation_name="PicturePermissions")
        return [PicturePermission.from_graphql(p) for p in data.get("picturePermissions") or []]

    def upsert_picture_permission(self, permission: PicturePermissionInput | dict) -> PicturePermission:
        """Create or update the permission keyed by its external_ref; safe to retry.

        `permission` is the input, or its GraphQL form (`PicturePermissionInput.to_graphql()`) as the
        outbox keeps it."""
        data = self.execute(
            UPSERT_PICTURE_PERMISSION,
            {"input": permission if isinstance(permission, dict) else permission.to_graphql()},
            operation_name="UpsertPicturePermission",
        )
        payload = mutation_payload(data, "upsertPicturePermission")
        return PicturePermission.from_graphql(payload["picturePermission"])

    def attach_to_todo(self, *, todo_id: int, external_ref: str, url: str, label: str) -> Todo:
        """Attach a file or asset reference to a to-do; idempotent on todo + external_ref."""
        data = self.execute(
            ATTACH_TO_TODO,
            {"input": {"todoId": todo_id, "externalRef": external_ref, "url": url, "label": label}},
            operation_name="AttachToTodo",
        )
        return Todo.from_graphql(mutation_payload(data, "attachToTodo")["todo"])

    def update_picture_brief(self, brief: PictureBriefInput | dict) -> PictureBrief:
        """Replace the work's whole picture brief; sending the latest state again is always safe.

        `brief` is the input, or its GraphQL form (`PictureBriefInput.to_graphql()`) as the outbox
        keeps it."""
        variables = brief if isinstance(brief, dict) else brief.to_graphql()
        data = self.execute(UPDATE_PICTURE_BRIEF, {"input": variables}, operation_name="UpdatePictureBrief")
        payload = mutation_payload(data, "updatePictureBrief")
        if not isinstance(payload.get("pictureBrief"), dict):
            raise ConsonanceBadResponse("Consonance answered updatePictureBrief without the brief.")
        return PictureBrief.from_graphql(payload["pictureBrief"], work_id=int(variables["workId"]))

    def picture_brief(self, work_id: int) -> PictureBrief | None:
        """The brief Consonance holds for a work; None when it holds none (or has no such work)."""
        data = self.execute(WORK_PICTURE_BRIEF, {"workId": work_id}, operation_name="WorkPictureBrief")
        work = data.get("work")
        if not work or not work.get("pictureBrief"):
            return None
        return PictureBrief.from_graphql(work["pictureBrief"], work_id=work_id)
