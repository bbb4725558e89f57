"""Sections that other apps add to the title page, without `integration` importing them.

An app registers a panel in its AppConfig.ready(); the title page renders every registered panel in
`order`. Dependencies keep pointing one way: approvals and rights know integration, never the reverse.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string


@dataclass(frozen=True)
class TitlePanel:
    name: str  # unique key, also the HTML id of the section
    template: str
    order: int
    # Returns the template context for one title, or None to leave the panel out for this user.
    context: Callable[[HttpRequest, object], dict | None]


_PANELS: dict[str, TitlePanel] = {}


def register_title_panel(panel: TitlePanel) -> None:
    _PANELS[panel.name] = panel


def render_title_panels(request: HttpRequest, title) -> list[dict]:
    """Each panel as {"name", "html"}, in order; panels whose context is None are skipped."""
    rendered = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.name)):
        context = panel.context(request, title)
        if context is None:
            continue
        html = render_to_string(panel.template, {"title": title, **context}, request=request)
        rendered.append({"name": panel.name, "html": html})
    return rendered
