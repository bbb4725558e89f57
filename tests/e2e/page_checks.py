"""What every page a browser test visits must pass: it fits a phone, and axe finds no serious fault.

`PageChecks` watches one Playwright page. `goto` checks the page it lands on; a test that reaches a page by
clicking calls `check_page(page)` once it is there; before the next `goto` and when the test ends, the page
on screen is checked if it was not yet. A path the browser showed but nobody checked fails the test, so a new
test cannot walk past a page unseen.

Phone: at 390×844 (an iPhone 12 to 15) the document is no wider than the window, and every link and the user
menu of the header are on screen. Tables scroll inside their own box; the page never scrolls sideways.

Accessibility: axe-core (bundled with axe-playwright-python, no network) with the WCAG 2.0/2.1 A and AA rules;
serious and critical violations fail. Moderate and minor ones are for the report, not the gate.
"""

from urllib.parse import urlparse

from axe_playwright_python.sync_playwright import Axe

PHONE = {"width": 390, "height": 844}
FAILING_IMPACTS = {"serious", "critical"}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Not our markup, so axe leaves them alone: the vendor's Swagger UI (drf-spectacular's bundle) and Django's
# admin. Both still have to fit a phone.
AXE_EXCLUDED_PREFIXES = ("/api/docs/", "/admin/")

_axe = Axe()

# Everything the header draws that a person must reach: brand, navigation, notifications, and the user menu
# with its links (opened for the measurement, then left as it was).
_OFF_SCREEN_HEADER_ITEMS = """() => {
  const width = window.innerWidth;
  const menu = document.querySelector('.site-header details');
  const wasOpen = menu ? menu.open : false;
  if (menu) menu.open = true;
  const off = [...document.querySelectorAll('.site-header a, .site-header summary, .site-header button')]
    .filter(el => el.checkVisibility())
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, box]) => box.left < 0 || box.right > width + 0.5)
    .map(([el, box]) => `${el.textContent.trim()} at ${Math.round(box.left)}–${Math.round(box.right)} px`);
  if (menu) menu.open = wasOpen;
  return off;
}"""
# What sticks out past the window, outside the boxes that are allowed to scroll.
_WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .filter(el => !el.closest('.table-wrap'))
  .slice(0, 5)
  .map(el => [el.tagName.toLowerCase(), ...String(el.className || '').split(' ')].join('.'))"""


def page_path(url: str) -> str:
    return urlparse(url).path


# Two animation frames let the new width lay out. A page the browser holds in the background gets no
# frames at all, so the wait also ends after half a second instead of never.
_LAYOUT_SETTLED = """() => new Promise(done => {
  requestAnimationFrame(() => requestAnimationFrame(done));
  setTimeout(done, 500);
})"""


def wait_for_layout(page) -> None:
    page.evaluate(_LAYOUT_SETTLED)


def phone_problems(page) -> list[str]:
    """Resize to phone width, measure, and restore the size the test was using."""
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        wait_for_layout(page)
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        problems = []
        if scroll_width > inner_width:
            wide = page.evaluate(_WIDE_ELEMENTS)
            problems.append(f"page is {scroll_width} px wide in a {inner_width} px window; widest: {wide}")
        off_screen = page.evaluate(_OFF_SCREEN_HEADER_ITEMS)
        if off_screen:
            problems.append(f"header items off screen: {off_screen}")
        return problems
    finally:
        page.set_viewport_size(desktop)


def axe_problems(page) -> list[str]:
    results = _axe.run(page, options=AXE_OPTIONS)
    problems = []
    for violation in results.response["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        targets = [", ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
        problems.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return problems


class PageChecks:
    def __init__(self, page):
        self.page = page
        self.visited: list[str] = []
        self.checked: set[str] = set()
        self.checked_as: set[tuple[str, str]] = set()  # (session, address): each role sees its own page
        self.failures: list[str] = []
        page.on("framenavigated", self._note)

    def _note(self, frame):
        if frame == self.page.main_frame and frame.url.startswith("http"):
            path = page_path(frame.url)
            if path not in self.visited:
                self.visited.append(path)

    def check(self):
        """Check the page on screen, once per address and session; failures are reported at the end."""
        page = self.page
        path = page_path(page.url)
        if not page.url.startswith("http"):
            return
        session = next((c["value"] for c in page.context.cookies() if c["name"] == "sessionid"), "")
        address = page.url.split("#")[0]
        if (session, address) in self.checked_as:
            return
        page.wait_for_load_state()
        self.checked_as.add((session, address))
        self.checked.add(path)
        problems = phone_problems(page)
        if not path.startswith(AXE_EXCLUDED_PREFIXES):
            problems += axe_problems(page)
        self.failures += [f"{path}: {problem}" for problem in problems]

    def unchecked(self) -> list[str]:
        return [path for path in self.visited if path not in self.checked]


def install(page) -> PageChecks:
    """Make `page.goto` check the page it leaves (if unchecked) and the page it reaches."""
    checks = PageChecks(page)
    goto = page.goto

    def checked_goto(url, **kwargs):
        checks.check()
        response = goto(url, **kwargs)
        checks.check()
        return response

    page.goto = checked_goto
    page.checks = checks
    return checks


def check_page(page):
    """Call after reaching a page by a click: the page on screen gets the phone and axe checks."""
    page.checks.check()
