"""Shared machinery of our sandboxes: a small threaded HTTP server, fault injection and their own pages.

The Consonance and Getty sandboxes are real HTTP servers built on this; clients cross a real socket.
"""
