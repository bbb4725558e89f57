"""The sandbox's own page at `/`: downloads, usage batches and asset changes, for a person to check.

What the licensing and write-back did is otherwise only visible through the API with a key and a token;
this page shows it to whoever demos or debugs them. Thumbnails link to the watermarked comp.
"""

from typing import TYPE_CHECKING

from sandboxes.pages import Table, cell, picture, render

from .licensing import ChangeSet

if TYPE_CHECKING:
    from .app import GettySandbox


def _size(size: dict) -> str:
    return f"{size['name']} ({size['width']} x {size['height']})"


def _downloads(app: "GettySandbox", base: str) -> Table:
    rows = []
    for record in app.downloads.recent_first():
        asset = app.catalogue.get(record.asset_id)
        title = asset.title if asset else record.asset_id
        rows.append(
            [
                picture(
                    app.preview_uri(base, record.asset_id, "thumb"),
                    title,
                    href=app.preview_uri(base, record.asset_id, "comp"),
                ),
                cell(record.asset_id),
                cell(title),
                cell(record.date_downloaded.strftime("%Y-%m-%d %H:%M:%S UTC")),
                cell(f"{record.product['id']} {record.product['type']}"),
                cell(_size(record.size)),
                cell(record.download_notes),
                cell(record.project_code),
                cell(record.username or "(application token)"),
                cell(record.api_key),
            ]
        )
    return Table(
        (
            "Picture",
            "Asset",
            "Title",
            "Downloaded",
            "Product",
            "Size",
            "Notes",
            "Project code",
            "User",
            "Key",
        ),
        rows,
        "Nothing downloaded yet.",
        label="Downloads",
    )


def _usage(batches: list[tuple[str, list[dict]]]) -> Table:
    rows = [
        [
            cell(batch_id),
            cell(len(usages)),
            cell(sum(u["quantity"] for u in usages)),
            cell([f"{u['asset_id']} x {u['quantity']} on {u['usage_date']}" for u in usages]),
        ]
        for batch_id, usages in batches
    ]
    return Table(
        ("Batch", "Usages", "Quantity", "Asset usages"), rows, "No usage reported yet.", label="Usage batches"
    )


def _pending(app: "GettySandbox") -> Table:
    rows = [
        [
            cell(notice["id"]),
            cell(notice["asset_lifecycle"]),
            cell(notice["asset_changed_utc_datetime"]),
            cell(channel),
            cell(f"handed out in change set {change_set}" if change_set else "waiting"),
        ]
        for channel, notice, change_set in app.changes.pending()
    ]
    return Table(
        ("Asset", "Lifecycle", "Changed", "Channel", "State"),
        rows,
        "No asset changes pending.",
        label="Asset changes pending",
    )


def _acknowledged(change_sets: list[ChangeSet]) -> Table:
    rows = [
        [
            cell(change_set.id),
            cell(change_set.channel_id),
            cell([f"{n['id']} ({n['asset_lifecycle']})" for n in change_set.notices]),
        ]
        for change_set in change_sets
    ]
    return Table(
        ("Change set", "Channel", "Asset changes"),
        rows,
        "No change set acknowledged yet.",
        label="Asset change sets acknowledged",
    )


def _products(app: "GettySandbox") -> Table:
    rows = [
        [
            cell(account.api_key),
            cell(product["id"]),
            cell(product["name"]),
            cell(product["type"]),
            cell(product["status"]),
            cell(
                "unlimited"
                if product["download_limit"] is None
                else f"{product['downloads_remaining']} of {product['download_limit']}"
            ),
            cell(product.get("expiration_utc_date")),
        ]
        for account in list(app.accounts.values())
        for product in list(account.products)
    ]
    return Table(
        ("Key", "Id", "Name", "Type", "Status", "Downloads left", "Expires"),
        rows,
        "No products.",
        label="Products",
    )


def render_page(app: "GettySandbox", *, base: str) -> str:
    downloads, pending = _downloads(app, base), _pending(app)
    batches, change_sets = app.usage.recent_first(), app.changes.confirmed_recent_first()
    return render(
        "getty/page.html",
        {
            "counts": {
                "assets": len(app.catalogue),
                "downloads": len(downloads.rows),
                "usage_batches": len(batches),
                "usages": sum(len(usages) for _, usages in batches),
                "pending_changes": len(pending.rows),
                "acknowledged_changes": sum(len(change_set.notices) for change_set in change_sets),
                "tokens_issued": app.tokens.issued,
                "calls": app.total_calls(),
            },
            "api_url": f"{base}/v3",
            "token_url": f"{base}/oauth2/token",
            "now": app.clock.now().strftime("%Y-%m-%d %H:%M:%S UTC"),
            "downloads": downloads,
            "usage": _usage(batches),
            "pending": pending,
            "acknowledged": _acknowledged(change_sets),
            "withdrawn": sorted(app.withdrawn),
            "products": _products(app),
        },
    )
