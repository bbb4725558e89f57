"""Shared machinery of our sandboxes: a small threaded HTTP server and fault injection.

The Consonance and Getty sandboxes are real HTTP servers built on this; clients cross a real socket.
"""
