"""Every URL pattern refuses anonymous users, except the few listed as public.

A new URL pattern fails this test until it has an entry in SAMPLE_KWARGS (when it takes
arguments) or in PUBLIC (when it must be public, which should be rare).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC = {"accounts:login", "healthz", "admin:login"}
# Public to whoever holds a link we signed (Consonance fetching a licensed picture); a made-up link
# answers 404 and shows nothing (tests/integration/test_file_links.py tests the signed ones).
SIGNED_LINKS = {"files:signed-file": {"token": "made-up", "file_name": "GettyImages-1.jpg"}}

# Arguments for patterns that take some; the objects need not exist (anonymous is refused first).
SAMPLE_KWARGS: dict[str, dict] = {
    "admin:app_list": {"app_label": "auth"},
    "admin:view_on_site": {"content_type_id": 1, "object_id": 1},
    "admin:password_change": {},
    "approvals:request-detail": {"pk": 1},
    "approvals:request-act": {"pk": 1},
    "approvals:request-edit": {"pk": 1},
    "approvals:submit": {"title_id": 1},
    "approvals-api:request": {"pk": 1},
    "approvals-api:request-resubmit": {"pk": 1},
    "approvals-api:request-action": {"pk": 1, "action": "approve"},
    "integration:title-detail": {"pk": 1},
    "rights:licence-detail": {"pk": 1},
    "rights:licence-file": {"pk": 1},
    "rights:licence-fetch-file": {"pk": 1},
    "rights:licence-terms": {"pk": 1},
    "rights:license-request": {"pk": 1},
    "rights:replacement-find": {"pk": 1},
    "rights:replacement-choose": {"pk": 1, "getty_id": "1400000001"},
    "rights:clearance-new": {"pk": 1},
    "rights:clearance-detail": {"pk": 1},
    "rights:clearance-record-printing": {"pk": 1},
    "rights-api:clearance-check": {"pk": 1},
    "rights-api:clearance-record-printing": {"pk": 1},
    "rights:title-permissions-log": {"pk": 1},
    "rights:title-evidence-pack": {"pk": 1},
    "licences-api:licence": {"pk": 1},
    "licences-api:evidence-pack": {"pk": 1},
    "integration:outbox-retry": {"pk": 1},
    "api-title-detail": {"pk": 1},
    "api-product-detail": {"pk": 1},
    "integration:title-search": {"pk": 1},
    "integration:asset-detail": {"pk": 1, "getty_id": "1400000001"},
    "integration:shortlist-add": {"pk": 1},
    "integration:shortlist-remove": {"pk": 1, "item_id": 1},
    "integration:shortlist-move": {"pk": 1, "item_id": 1},
    "integration:shortlist-note": {"pk": 1, "item_id": 1},
    "integration:visual-theme-add": {"pk": 1},
    "integration:visual-theme-remove": {"pk": 1, "theme_id": 1},
    "integration:reference-image-add": {"pk": 1},
    "integration:reference-image-remove": {"pk": 1, "reference_id": 1},
    "api-title-picture-search": {"pk": 1},
    "api-picture-detail": {"getty_id": "1400000001"},
    "api-shortlist": {"pk": 1},
    "api-shortlist-item": {"pk": 1, "item_id": 1},
    "api-shortlist-move": {"pk": 1, "item_id": 1},
    "api-visual-themes": {"pk": 1},
    "api-visual-theme": {"pk": 1, "theme_id": 1},
    "api-reference-images": {"pk": 1},
    "api-reference-image": {"pk": 1, "reference_id": 1},
    "api-title-outbox": {"pk": 1},
    "api-outbox-retry": {"pk": 1},
}

# Admin model pages are generated per model; they take the same kinds of arguments.
ADMIN_OBJECT_ARGS = {"object_id": "1", "id": "1"}


def _walk(resolver, namespace="", prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), prefix + str(entry.pattern), entry


def all_patterns():
    return list(_walk(get_resolver()))


def _url_for(name, route, pattern):
    from django.urls import NoReverseMatch, reverse

    if name is None:
        return None
    kwargs = dict(SAMPLE_KWARGS.get(name, {}))
    converters = pattern.pattern.converters if hasattr(pattern.pattern, "converters") else {}
    for arg in converters:
        if arg not in kwargs:
            if name.startswith("admin:") and arg in ADMIN_OBJECT_ARGS:
                kwargs[arg] = ADMIN_OBJECT_ARGS[arg]
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def test_every_named_url_refuses_anonymous_users(client):
    unreachable = []
    refused = 0
    for name, route, pattern in all_patterns():
        if name in PUBLIC:
            continue
        if name in SIGNED_LINKS:
            from django.urls import reverse

            response = client.get(reverse(name, kwargs=SIGNED_LINKS[name]))
            assert response.status_code == 404, f"{name} answered {response.status_code} to a made-up link"
            continue
        url = _url_for(name, route, pattern)
        if url is None:
            if name is None and ("<" in route or "(?P" in route):
                continue  # unnamed catch-alls (admin) are covered by their named siblings
            unreachable.append(name or route)
            continue
        response = client.get(url)
        assert response.status_code in (301, 302, 401, 403), f"{name} ({url}) answered {response.status_code}"
        if response.status_code == 302:
            assert "login" in response["Location"], f"{name} redirected to {response['Location']}"
        refused += 1
    assert not unreachable, f"Add these URL names to SAMPLE_KWARGS or PUBLIC: {unreachable}"
    assert refused > 10


@pytest.mark.parametrize("name", sorted(PUBLIC - {"admin:login"}))
def test_public_urls_answer_anonymous_users(client, name):
    from django.urls import reverse

    assert client.get(reverse(name)).status_code == 200
