"""Every state the badge template knows keeps AA contrast, whether or not some test page shows it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from .page_checks import axe_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _badge_states() -> list[str]:
    template = Path(settings.BASE_DIR) / "templates" / "components" / "badge.html"
    return re.findall(r'state == "(\w+)"', template.read_text())


def test_every_badge_state_meets_aa_contrast(page, sign_in, editor):
    states = _badge_states()
    assert {"pass", "warn", "fail", "royalty_free", "editorial_use_only"} <= set(states)
    badges = "".join(
        render_to_string("components/badge.html", {"state": state, "label": f"{state} words"})
        for state in [*states, "anything else"]
    )
    sign_in("edith")
    # On the page's own background and on a panel, as tables, cards and the request page draw them.
    page.evaluate(
        """html => {
          const main = document.querySelector('main');
          main.insertAdjacentHTML('beforeend', `<p id="badges-on-page">${html}</p>`);
          main.insertAdjacentHTML('beforeend', `<div class="card" id="badges-on-card">${html}</div>`);
        }""",
        badges,
    )
    assert page.locator("#badges-on-card .badge").count() == len(states) + 1
    assert axe_problems(page) == []  # the same WCAG A/AA rules as every page check
