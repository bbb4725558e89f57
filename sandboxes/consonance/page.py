"""The sandbox's own page at `/`: what clients wrote to it, most recent first, for a person to check.

A permission shows its approval status and history as Consonance would hold them, so a person can see
that every decision arrived, not only the last; an attachment names its to-do as well as its id.
"""

from datetime import datetime

from sandboxes.pages import Cell, Table, cell, link, listing, render

from .state import SandboxState


def render_page(state: SandboxState, *, api_url: str) -> str:
    resources = sorted(
        state.written_supporting_resources(), key=lambda r: (r["updatedAt"], r["id"]), reverse=True
    )
    permissions = sorted(state.picture_permissions(), key=lambda p: (p["updatedAt"], p["id"]), reverse=True)
    attachments = list(reversed(state.todo_attachments()))
    briefs = list(reversed(state.picture_briefs()))

    def work(work_id: int) -> Cell:
        record = state.works.get(work_id)
        return cell(f"{work_id}: {record['title']}" if record else f"{work_id} (removed)")

    def todo(todo_id: int) -> Cell:
        record = state.todos.get(todo_id)
        return cell(f"{todo_id}: {record['title']}" if record else todo_id)

    return render(
        "consonance/page.html",
        {
            "counts": state.counts(),
            "api_url": api_url,
            "resources": Table(
                (
                    "Id",
                    "Work",
                    "Caption",
                    "Copyright",
                    "Credit",
                    "Variant",
                    "Status",
                    "Products",
                    "External ref",
                    "URL",
                    "Updated",
                ),
                [
                    [
                        cell(r["id"]),
                        work(r["workId"]),
                        cell(r["caption"]),
                        cell(r["copyright"]),
                        cell(r["requiredCredit"]),
                        cell(r["resourceVariant"]),
                        cell(r["status"]),
                        cell(r["productIds"]),
                        cell(r["externalRef"]),
                        link(r["url"]),
                        cell(r["updatedAt"]),
                    ]
                    for r in resources
                ],
                "No supporting resources written yet.",
                label="Supporting resources",
            ),
            "permissions": Table(
                (
                    "Id",
                    "Work",
                    "External ref",
                    "Rights holder",
                    "Licence",
                    "Status",
                    "Approval",
                    "History",
                    "Territory",
                    "Channels",
                    "Placement",
                    "Until",
                    "Updated",
                ),
                [
                    [
                        cell(p["id"]),
                        work(p["workId"]),
                        cell(p["externalRef"]),
                        cell(p["rightsHolder"]),
                        cell(p["licenceType"]),
                        cell(p["status"]),
                        cell(p["approvalStatus"]),
                        listing([Cell(_approval_note(note)) for note in p["approvalHistory"]]),
                        cell(p["territoryIncluded"]),
                        cell(p["channels"]),
                        cell(p["placement"]),
                        cell(p["validUntil"]),
                        cell(p["updatedAt"]),
                    ]
                    for p in permissions
                ],
                "No picture permissions written yet.",
                label="Picture permissions",
            ),
            "attachments": Table(
                ("To-do", "Work", "External ref", "Label", "URL"),
                [
                    [
                        todo(a["todoId"]),
                        work(a["workId"]),
                        cell(a["externalRef"]),
                        cell(a["label"]),
                        link(a["url"]),
                    ]
                    for a in attachments
                ],
                "No to-do attachments written yet.",
                label="To-do attachments",
            ),
            "briefs": Table(
                ("Work", "Visual themes", "Reference images", "Updated"),
                [
                    [
                        work(b["workId"]),
                        cell(b["visualThemes"]),
                        listing([_reference_image(image) for image in b["referenceImages"]]),
                        cell(b["updatedAt"]),
                    ]
                    for b in briefs
                ],
                "No picture briefs written yet.",
                label="Picture briefs",
            ),
        },
    )


def _approval_note(note: dict) -> str:
    """One decision: "Legal: Approved by Lena Legal, 2026-03-02T10:15:00+00:00: comment"."""
    at = note.get("at")
    when = at.isoformat(timespec="seconds") if isinstance(at, datetime) else at
    text = f"{note['step']}: {note['decision']}"
    text += f" by {note['by']}" if note.get("by") else ""
    text += f", {when}" if when else ""
    return f"{text}: {note['comment']}" if note.get("comment") else text


def _reference_image(image: dict) -> Cell:
    """One reference image of a brief: its key and caption, linking to the picture."""
    text = f"{image['externalRef']}: {image['caption']}" if image["caption"] else image["externalRef"]
    return Cell(text, href=image["url"]) if image["url"].startswith(("http://", "https://")) else Cell(text)
