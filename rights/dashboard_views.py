"""The Rights dashboard: the landing page of the Rights navigation entry.

Everyone who reads licences (Rights, Legal, Production: `rights.view_licence` in accounts/roles.py) sees
it; the page only reads, so there is no lesser view of it (the recent clearance checks are left out only
for someone who may not read them). Editorial and Marketing get 403, as on the licence pages. The
chart's numbers go to the page as JSON (`json_script`) and are drawn by static/js/rights_dashboard.js
with the vendored Chart.js: the Content-Security-Policy forbids inline script. The same numbers are in a
table under the chart.
"""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .dashboard_selectors import rights_dashboard
from .services.clearance import VIEW_PERMISSION as VIEW_CLEARANCE
from .services.terms import CHANGE_PERMISSION, CONFIRM_PERMISSION
from .views import VIEW_LICENCES, _require


def chart_data(board) -> dict:
    """What the chart script draws: a label and a number per month."""
    return {
        "labels": [f"{month.month:%b %Y}" for month in board.expiries],
        "counts": [month.count for month in board.expiries],
        "series": "Licences ending",
    }


@require_GET
def dashboard(request):
    _require(request, VIEW_LICENCES)
    user = request.user
    board = rights_dashboard(today=timezone.localdate(), clearance_checks=user.has_perm(VIEW_CLEARANCE))
    return render(
        request,
        "rights/dashboard.html",
        {
            "board": board,
            "chart": chart_data(board),
            "expiring_total": sum(month.count for month in board.expiries),
            "can_change_terms": user.has_perm(CHANGE_PERMISSION) or user.has_perm(CONFIRM_PERMISSION),
        },
    )
