"""Small formatting filters for the titles and sync pages."""

import datetime as dt

from django import template

from integration.territories import territory_name

register = template.Library()


@register.filter
def run_duration(run) -> str:
    """How long a sync run took, as "1 min 12 s"; "" while it runs."""
    if not run.finished_at or not run.started_at:
        return ""
    seconds = max(0, int((run.finished_at - run.started_at) / dt.timedelta(seconds=1)))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


@register.filter
def country_name(code: str) -> str:
    """ISO 3166-1 alpha-2 code to its name ("GB" → "United Kingdom"); unknown codes pass through."""
    return territory_name(code) or str(code)


@register.filter
def product_formats(title) -> list[dict]:
    """Distinct formats of a title's (prefetched) products, in publication order."""
    seen: dict[str, dict] = {}
    for product in title.products.all():
        code = product.onix_form_code or product.format_name
        if code and code not in seen:
            seen[code] = {"code": product.onix_form_code, "name": product.format_name or code}
    return list(seen.values())


# ONIX code list 64 (publishing status), the codes Consonance stores in onixPublishingStatusCode.
PUBLISHING_STATUS = {
    "00": "Unspecified",
    "01": "Cancelled",
    "02": "Forthcoming",
    "03": "Postponed indefinitely",
    "04": "Active",
    "05": "No longer our product",
    "06": "Out of stock indefinitely",
    "07": "Out of print",
    "08": "Inactive",
    "09": "Unknown",
    "10": "Remaindered",
    "11": "Withdrawn from sale",
    "12": "Recalled",
    "13": "Active, not sold separately",
    "15": "Recalled",
    "16": "Temporarily withdrawn from sale",
    "17": "Permanently withdrawn from sale",
}


@register.filter
def publishing_status(code: str) -> str:
    code = str(code or "").lstrip("_")
    return PUBLISHING_STATUS.get(code, code)


# ONIX code list 28 (audience), as stored in Title.audience_code.
AUDIENCE = {
    "01": "General / trade",
    "02": "Children / juvenile",
    "03": "Young adult",
    "04": "Primary and secondary education",
    "05": "College / higher education",
    "06": "Professional and scholarly",
    "07": "English language teaching",
    "08": "Adult education",
    "09": "Second language teaching",
}


@register.filter
def audience_name(code: str) -> str:
    code = str(code or "").lstrip("_")
    return AUDIENCE.get(code, code)
