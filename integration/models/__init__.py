"""Mirrors of what Consonance and Getty hold, and the records of our own talks with them.

One module per idea: `titles` (Consonance works and products), `sync` (title sync runs),
`assets` (Getty pictures we touched), `shortlists` (candidate pictures per title),
`themes` (visual themes and reference imagery).
"""

from .assets import Asset
from .shortlists import ShortlistItem
from .sync import SyncRun
from .themes import ReferenceImage, VisualTheme
from .titles import Product, Title

__all__ = ["Asset", "Product", "ReferenceImage", "ShortlistItem", "SyncRun", "Title", "VisualTheme"]
