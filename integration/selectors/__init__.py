"""Reads of the integration app, one module per idea (sync runs, ...)."""
