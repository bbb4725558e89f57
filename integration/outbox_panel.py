"""The Consonance panel: the writes of one request or title, for the page that shows it.

Pages of other apps (the approval request page) build it from a selector's rows, so `integration`
stays ignorant of them: `outbox_panel(request, lambda: outbox_rows_for_source(..., target=CONSONANCE))`,
then include templates/integration/outbox/_panel.html with `outbox=...`.
The panel lists writes to Consonance only: the emails of a request ride the same outbox, but a page
full of "Notify: ..." rows would hide what Consonance holds (a dead email shows on the sync health
page, where staff retry it).
"""

from collections.abc import Callable

from django.http import HttpRequest

from .access import RETRY_OUTBOX, VIEW_OUTBOX
from .models import OutboxMessage
from .selectors.outbox import OutboxRows

CONSONANCE = OutboxMessage.Target.CONSONANCE


def outbox_panel(request: HttpRequest, rows: Callable[[], OutboxRows], *, empty: str) -> dict | None:
    """The panel's context, or None for someone who may not see writes (the panel is left out, and
    its rows are not read)."""
    if not request.user.has_perm(VIEW_OUTBOX):
        return None
    rows = rows()
    mark_replaced(rows.rows)
    return {
        "rows": rows.rows,
        "more": rows.more,
        "may_retry": request.user.has_perm(RETRY_OUTBOX),
        # The retry comes back here; the retry view checks it is one of our own pages.
        "next": request.get_full_path(),
        "empty": empty,
    }


def mark_replaced(rows: list[OutboxMessage]) -> None:
    """Mark each write that a newer write of the same Consonance record follows (`row.replaced`).

    Rows come newest first, so the first row of a record is what Consonance holds or will hold; the
    older ones are history, and a dead one of them is not offered for retry (it would undo the newer).
    """
    seen: set[str] = set()
    for row in rows:
        row.replaced = row.natural_key in seen
        seen.add(row.natural_key)
