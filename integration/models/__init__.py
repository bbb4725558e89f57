"""Mirrors of what Consonance and Getty hold, and the records of our own talks with them.

One module per idea: `titles` (Consonance works and products), `sync` (title sync runs).
"""

from .sync import SyncRun
from .titles import Product, Title

__all__ = ["Product", "SyncRun", "Title"]
