"""Mirrors of what Consonance and Getty hold, and the records of our own talks with them.

One module per idea: `titles` (Consonance works and products), `sync` (title sync runs),
`assets` (Getty pictures we touched), `shortlists` (candidate pictures per title).
"""

from .assets import Asset
from .shortlists import ShortlistItem
from .sync import SyncRun
from .titles import Product, Title

__all__ = ["Asset", "Product", "ShortlistItem", "SyncRun", "Title"]
