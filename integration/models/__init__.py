"""Mirrors of what Consonance and Getty hold, and the records of our own talks with them.

One module per idea: `titles` (Consonance works and products), `sync` (title sync runs),
`assets` (Getty pictures we touched), `shortlists` (candidate pictures per title),
`themes` (visual themes and reference imagery), `outbox` (writes waiting for or sent to Consonance).
`asset_changes`: Getty's change sets (withdrawals) as received, processed and confirmed.
"""

from .asset_changes import AssetChangeSet
from .assets import Asset
from .outbox import OutboxMessage, ReconciliationRun
from .shortlists import ShortlistItem
from .sync import SyncRun
from .themes import ReferenceImage, VisualTheme
from .titles import Product, Title

__all__ = [
    "Asset",
    "AssetChangeSet",
    "OutboxMessage",
    "Product",
    "ReconciliationRun",
    "ReferenceImage",
    "ShortlistItem",
    "SyncRun",
    "Title",
    "VisualTheme",
]
