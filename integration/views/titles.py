"""The titles list and the title page: read-only views of the Consonance mirror."""

import datetime as dt

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from integration.access import VIEW_TITLES
from integration.forms.titles import TitleFilterForm
from integration.outbox_panel import CONSONANCE, outbox_panel
from integration.selectors import titles as title_selectors
from integration.selectors.outbox import outbox_rows_for_title
from integration.selectors.sync import sync_run_latest
from integration.title_page_sections import render_title_panels

TITLES_PER_PAGE = 25
RESULTS_TEMPLATE = "integration/_title_results.html"


@require_GET
@permission_required(VIEW_TITLES, raise_exception=True)
@vary_on_headers("HX-Request")
def title_list(request):
    form = TitleFilterForm(request.GET or None)
    form.is_valid()  # invalid fields show their error; the valid ones still filter
    titles = title_selectors.title_list(**form.selector_filters())
    page = Paginator(titles, TITLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "titles": page.object_list,
        "any_titles": title_selectors.title_exists(),
        "filtered": any(v for k, v in form.selector_filters().items() if k != "sort"),
        "query_without_page": _query_without_page(request),
        "last_sync": sync_run_latest(),
    }
    # htmx swaps only the results when a filter changes; anything else (a history restore, a
    # plain visit) gets the whole page.
    if request.htmx.target == "title-results" and not request.htmx.history_restore_request:
        return render(request, RESULTS_TEMPLATE, context)
    return render(request, "integration/title_list.html", context)


@require_GET
@permission_required(VIEW_TITLES, raise_exception=True)
def title_detail(request, pk: int):
    title = title_selectors.title_detail(pk)
    if title is None:
        raise Http404("No such title.")
    return render(
        request,
        "integration/title_detail.html",
        {
            "title": title,
            "products": list(title.products.all()),
            "subjects_by_scheme": _subjects_by_scheme(title.subjects),
            "series": [_series_membership(entry) for entry in title.series or []],
            "supporting_resources": [_supporting_resource(e) for e in title.supporting_resources or []],
            "todos": [_todo(entry) for entry in title.todos or []],
            "panels": render_title_panels(request, title),
            "outbox": outbox_panel(
                request,
                lambda: outbox_rows_for_title(title_id=title.pk, target=CONSONANCE),
                empty="Nothing has been written to Consonance for this title yet.",
            ),
        },
    )


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _subjects_by_scheme(subjects: list[dict]) -> list[tuple[str, list[dict]]]:
    grouped: dict[str, list[dict]] = {}
    for subject in subjects or []:
        grouped.setdefault(subject.get("scheme") or "Other", []).append(subject)
    return list(grouped.items())


# The mirror keeps Consonance's JSON as the sync stored it; these read either spelling of a key
# (Consonance's camelCase or our snake_case) so the page does not depend on that choice.
def _pick(entry: dict, *keys, default=None):
    for key in keys:
        if entry.get(key) not in (None, ""):
            return entry[key]
    return default


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _series_membership(entry: dict) -> dict:
    series = entry.get("series") if isinstance(entry.get("series"), dict) else entry
    return {
        "name": _pick(series, "name", "series_name", default="Unnamed series"),
        "part": _pick(entry, "partNumber", "part_number"),
    }


def _supporting_resource(entry: dict) -> dict:
    return {
        "caption": _pick(entry, "caption", "filename", default="Untitled resource"),
        "url": _safe_url(_pick(entry, "url", default="")),
        "variant": str(_pick(entry, "resourceVariant", "resource_variant", default="")).replace("_", " "),
        "status": str(_pick(entry, "status", default="")),
        "product_ids": _pick(entry, "productIds", "product_ids", default=[]),
    }


def _todo(entry: dict) -> dict:
    return {
        "title": _pick(entry, "title", "name", default="Untitled to-do"),
        "kind": str(_pick(entry, "kind", default="")).title(),
        "due_date": _as_date(_pick(entry, "dueDate", "due_date")),
        "done": bool(_pick(entry, "done", default=False)),
        "attachments": _pick(entry, "attachments", default=[]),
    }


def _safe_url(url: str) -> str:
    """Only web links become hrefs; anything else (javascript:, data:) is dropped."""
    return url if str(url).lower().startswith(("https://", "http://")) else ""
