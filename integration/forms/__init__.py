"""Browser forms of the integration app, one module per page family."""
