"""Who may use the approval pages and API at all. Pages, the API, the title panel and services ask
these names; what a person may do to one request is `actions.actions_for`."""

VIEW_PERMISSION = "approvals.view_approvalrequest"
SUBMIT_PERMISSION = "approvals.add_approvalrequest"
