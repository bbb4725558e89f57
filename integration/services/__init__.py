"""Writes of the integration app, one module per idea (title sync, ...)."""
