"""Browser views of the integration app, one module per page family."""
