"""DRF endpoints of the integration app, one module per resource family; routes in integration/api_urls.py."""
