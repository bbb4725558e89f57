"""The sandbox's own page at `/`: what clients wrote to it, most recent first, for a person to check."""

from html import escape

from .state import SandboxState

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
body { color: #1f2933; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .5rem; }
th { border-bottom: 2px solid #cbd2d9; } td { border-bottom: 1px solid #e4e7eb; vertical-align: top; }
.empty { color: #616e7c; font-style: italic; } .counts span { margin-right: 1.5rem; }
"""


def _cell(value) -> str:
    if value is None or value == [] or value == "":
        return "<td>-</td>"
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    return f"<td>{escape(str(value))}</td>"


def _link(url: str | None) -> str:
    if not url or not url.startswith(("http://", "https://")):
        return _cell(url)
    return f'<td><a href="{escape(url)}" rel="noreferrer">{escape(url)}</a></td>'


def _table(headings: tuple[str, ...], rows: list[str], empty: str) -> str:
    if not rows:
        return f'<p class="empty">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(heading)}</th>" for heading in headings)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render_page(state: SandboxState, *, api_url: str) -> str:
    resources = sorted(
        state.written_supporting_resources(), key=lambda r: (r["updatedAt"], r["id"]), reverse=True
    )
    permissions = sorted(state.picture_permissions(), key=lambda p: (p["updatedAt"], p["id"]), reverse=True)
    attachments = list(reversed(state.todo_attachments()))
    counts = state.counts()

    def work(work_id: int) -> str:
        record = state.works.get(work_id)
        return _cell(f"{work_id}: {record['title']}" if record else f"{work_id} (removed)")

    resource_rows = [
        "<tr>"
        + "".join(
            (
                _cell(r["id"]),
                work(r["workId"]),
                _cell(r["caption"]),
                _cell(r["copyright"]),
                _cell(r["requiredCredit"]),
                _cell(r["resourceVariant"]),
                _cell(r["status"]),
                _cell(r["productIds"]),
                _cell(r["externalRef"]),
                _link(r["url"]),
                _cell(r["updatedAt"]),
            )
        )
        + "</tr>"
        for r in resources
    ]
    permission_rows = [
        "<tr>"
        + "".join(
            (
                _cell(p["id"]),
                work(p["workId"]),
                _cell(p["externalRef"]),
                _cell(p["rightsHolder"]),
                _cell(p["licenceType"]),
                _cell(p["status"]),
                _cell(p["territoryIncluded"]),
                _cell(p["channels"]),
                _cell(p["placement"]),
                _cell(p["validUntil"]),
                _cell(p["updatedAt"]),
            )
        )
        + "</tr>"
        for p in permissions
    ]
    attachment_rows = [
        "<tr>"
        + "".join(
            (
                _cell(a["todoId"]),
                work(a["workId"]),
                _cell(a["externalRef"]),
                _cell(a["label"]),
                _link(a["url"]),
            )
        )
        + "</tr>"
        for a in attachments
    ]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Consonance sandbox</title><style>{STYLE}</style></head>
<body>
<h1>Consonance sandbox</h1>
<p class="counts"><span>{counts["works"]} works</span><span>{counts["products"]} products</span>
<span>GraphQL: <code>POST {
        escape(api_url)
    }</code> with <code>Authorization: Bearer &lt;key&gt;</code></span></p>
<p>What clients wrote to this sandbox since it started or was last reset, most recent first.</p>
<h2>Supporting resources ({len(resources)})</h2>
{
        _table(
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
            resource_rows,
            "No supporting resources written yet.",
        )
    }
<h2>Picture permissions ({len(permissions)}) <small>[extension]</small></h2>
{
        _table(
            (
                "Id",
                "Work",
                "External ref",
                "Rights holder",
                "Licence",
                "Status",
                "Territory",
                "Channels",
                "Placement",
                "Until",
                "Updated",
            ),
            permission_rows,
            "No picture permissions written yet.",
        )
    }
<h2>To-do attachments ({len(attachments)}) <small>[extension]</small></h2>
{
        _table(
            ("To-do", "Work", "External ref", "Label", "URL"),
            attachment_rows,
            "No to-do attachments written yet.",
        )
    }
</body></html>
"""
