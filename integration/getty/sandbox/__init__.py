"""The Getty Images v3 sandbox: a real HTTP server answering like Getty, over a generated catalogue."""
