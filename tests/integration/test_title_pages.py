"""The titles list and the title page, as an editor sees them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from integration.forms.titles import BAD_DATE_RANGE
from integration.models import SyncRun
from tests.factories.titles import ProductFactory, TitleFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("integration:title-list")


def _titles_on(response) -> list[str]:
    return [title.title for title in response.context["titles"]]


def test_list_before_the_first_sync_says_titles_appear_after_a_sync(editor_client):
    response = editor_client.get(LIST_URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Titles appear after the first sync" in text
    assert reverse("integration:sync-status") in text
    assert "No title sync has run yet" in text


def test_list_shows_title_contributors_imprint_formats_date_and_subjects(editor_client):
    title = TitleFactory(title="The Salt Road", contributors="Ada Marsh", imprint_name="Harbour Books")
    ProductFactory(title=title, onix_form_code="BB", format_name="Hardback")
    ProductFactory(title=title, onix_form_code="DG", format_name="Ebook")
    text = editor_client.get(LIST_URL).content.decode()
    for shown in ("The Salt Road", "Ada Marsh", "Harbour Books", "Hardback", "Ebook", "4 Mar 2027"):
        assert shown in text
    assert "Modern and contemporary fiction" in text
    assert reverse("integration:title-detail", args=[title.pk]) in text


def test_search_matches_title_contributor_and_isbn_with_hyphens(editor_client):
    salt = TitleFactory(title="The Salt Road", contributors="Ada Marsh")
    TitleFactory(title="Winter Orchard", contributors="Ben Okri-Hale")
    product = ProductFactory(title=salt, isbn13="9781780000014")
    assert _titles_on(editor_client.get(LIST_URL, {"query": "salt"})) == ["The Salt Road"]
    assert _titles_on(editor_client.get(LIST_URL, {"query": "okri-hale"})) == ["Winter Orchard"]
    hyphenated = f"{product.isbn13[:3]}-{product.isbn13[3:]}"
    assert _titles_on(editor_client.get(LIST_URL, {"query": hyphenated})) == ["The Salt Road"]
    assert _titles_on(editor_client.get(LIST_URL, {"query": "salt orchard"})) == []


def test_filters_by_imprint_format_date_range_and_subject(editor_client):
    crime = TitleFactory(
        title="Cold Harbour",
        imprint_name="Quay Press",
        first_publication_date=dt.date(2025, 6, 1),
        subjects=[{"scheme": "THEMA", "code": "FF", "description": "Crime and mystery"}],
        subject_text="ff crime and mystery",
    )
    ProductFactory(title=crime, onix_form_code="BC", format_name="Paperback")
    novel = TitleFactory(title="Glasshouse", first_publication_date=dt.date(2027, 3, 4))
    ProductFactory(title=novel, onix_form_code="BB", format_name="Hardback")

    assert _titles_on(editor_client.get(LIST_URL, {"imprint": "Quay Press"})) == ["Cold Harbour"]
    assert _titles_on(editor_client.get(LIST_URL, {"format": "BB"})) == ["Glasshouse"]
    in_2025 = {"published_from": "2025-01-01", "published_to": "2025-12-31"}
    assert _titles_on(editor_client.get(LIST_URL, in_2025)) == ["Cold Harbour"]
    assert _titles_on(editor_client.get(LIST_URL, {"subject": "crime"})) == ["Cold Harbour"]
    assert _titles_on(editor_client.get(LIST_URL, {"subject": "FBA"})) == ["Glasshouse"]


def test_filter_choices_list_imprints_and_formats_in_use(editor_client):
    quay = TitleFactory(imprint_name="Quay Press")
    ProductFactory(title=quay, onix_form_code="BC", format_name="Paperback")
    text = editor_client.get(LIST_URL).content.decode()
    assert '<option value="Quay Press">Quay Press</option>' in text
    assert '<option value="BC">Paperback (BC)</option>' in text


def test_a_malformed_date_shows_a_message_and_the_other_filters_still_apply(editor_client):
    TitleFactory(title="The Salt Road")
    TitleFactory(title="Winter Orchard")
    response = editor_client.get(LIST_URL, {"published_from": "2025-13-45", "query": "salt"})
    assert response.status_code == 200
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()
    assert _titles_on(response) == ["The Salt Road"]


def test_a_reversed_date_range_is_explained(editor_client):
    response = editor_client.get(LIST_URL, {"published_from": "2026-01-01", "published_to": "2025-01-01"})
    assert response.status_code == 200
    assert "is after the" in response.content.decode()
    assert BAD_DATE_RANGE in [str(e) for e in response.context["form"].non_field_errors()]


def test_an_unknown_imprint_in_a_bookmark_is_a_message_not_an_error(editor_client):
    TitleFactory()
    response = editor_client.get(LIST_URL, {"imprint": "Gone Press", "page": "nonsense"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_no_match_says_what_to_try(editor_client):
    TitleFactory()
    text = editor_client.get(LIST_URL, {"query": "zzzz"}).content.decode()
    assert "No titles match these filters" in text
    assert "clear all filters" in text


def test_inactive_titles_are_hidden_unless_asked_for(editor_client):
    TitleFactory(title="Still Here")
    TitleFactory(title="Gone From Consonance", is_active=False)
    assert _titles_on(editor_client.get(LIST_URL)) == ["Still Here"]
    shown = editor_client.get(LIST_URL, {"include_inactive": "on"})
    assert _titles_on(shown) == ["Gone From Consonance", "Still Here"]
    assert "Inactive" in shown.content.decode()


def test_list_pages_25_titles_at_a_time_and_keeps_filters_in_page_links(editor_client):
    for n in range(30):
        TitleFactory(title=f"Book {n:02d}", imprint_name="Quay Press")
    first = editor_client.get(LIST_URL, {"imprint": "Quay Press"})
    assert len(first.context["titles"]) == 25
    assert "imprint=Quay+Press&amp;page=2" in first.content.decode()
    second = editor_client.get(LIST_URL, {"imprint": "Quay Press", "page": 2})
    assert _titles_on(second) == [f"Book {n}" for n in range(25, 30)]
    assert "Page 2 of 2" in second.content.decode()


def test_htmx_filter_change_returns_only_the_results(editor_client):
    TitleFactory(title="The Salt Road")
    response = editor_client.get(
        LIST_URL, {"query": "salt"}, headers={"HX-Request": "true", "HX-Target": "title-results"}
    )
    text = response.content.decode()
    assert "The Salt Road" in text
    assert "<form" not in text and "<html" not in text
    assert "HX-Request" in response["Vary"]
    restore = editor_client.get(
        LIST_URL,
        headers={"HX-Request": "true", "HX-Target": "title-results", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.content.decode()


def test_last_sync_status_shows_on_the_list(editor_client):
    SyncRun.objects.create(
        kind=SyncRun.Kind.INCREMENTAL,
        status=SyncRun.Status.FAILED,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        error="Consonance refused the key",
    )
    text = editor_client.get(LIST_URL).content.decode()
    assert "Last title sync:" in text
    assert "Failed" in text


@pytest.mark.parametrize("count", [5, 50])
def test_list_query_count_does_not_grow_with_titles(editor_client, django_assert_num_queries, count):
    for title in TitleFactory.create_batch(count):
        ProductFactory.create_batch(2, title=title)
    editor_client.get(LIST_URL)  # warm the session and permission caches alike for both sizes
    # session, user, the person's groups with every permission (the menu uses them too), imprint and
    # format choices, count, any-titles, last sync run, the unread-notification count in the header,
    # titles page, their products. The warm-up wrote the session's activity stamp: no write here.
    with django_assert_num_queries(QUERIES_ON_LIST_PAGE):
        response = editor_client.get(LIST_URL)
    assert len(response.context["titles"]) == min(count, 25)


QUERIES_ON_LIST_PAGE = 11


def test_title_page_shows_metadata_products_sales_rights_resources_and_todos(editor_client):
    title = TitleFactory(
        title="The Salt Road",
        subtitle="A Voyage",
        contributors="Ada Marsh",
        work_type="Novel",
        edition_number=2,
        genre="Fiction",
        audience_code="01",
        keywords=["sea voyages", "salt trade"],
        series=[{"id": 1, "name": "Coastal Tales", "part_number": 3}],
        supporting_resources=[
            {"id": 7, "url": "https://example.com/cover.jpg", "caption": "Jacket front", "status": "APPROVED"}
        ],
        todos=[{"id": 1, "title": "Jacket brief", "kind": "JACKET", "dueDate": "2026-12-01", "done": False}],
    )
    ProductFactory(
        title=title,
        isbn13="9781780000014",
        format_name="Hardback",
        for_sale_countries=["GB", "IE"],
        not_for_sale_countries=["US"],
        height_cm=23.4,
        page_count=320,
    )
    ProductFactory(
        title=title,
        isbn13="9781780000021",
        format_name="Ebook",
        onix_form_code="DG",
        for_sale_worldwide=True,
        height_cm=None,
    )
    response = editor_client.get(reverse("integration:title-detail", args=[title.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    for shown in (
        "The Salt Road",
        "A Voyage",
        "Ada Marsh",
        "Novel",
        "Coastal Tales, part 3",
        "Fiction",
        "General / trade",
        "sea voyages",
        "9781780000014",
        "9781780000021",
        "Hardback",
        "Ebook",
        "4 Mar 2027",
        "For sale in:",
        'title="Ireland"',
        "Not for sale in:",
        "Worldwide",
        "23.4 cm",
        "320",
        "Forthcoming",  # ONIX publishing status 02
        "Jacket front",
        "https://example.com/cover.jpg",
        "Jacket brief",
        "Jacket",
        "1 Dec 2026",
        "Read-only: Consonance is the source of truth",
    ):
        assert shown in text, shown
    assert "THEMA" in text and "FBA" in text


def test_title_page_flags_an_inactive_title_and_drops_unsafe_resource_links(editor_client):
    title = TitleFactory(
        is_active=False,
        supporting_resources=[{"id": 1, "url": "javascript:alert(1)", "caption": "Odd link"}],
    )
    text = editor_client.get(reverse("integration:title-detail", args=[title.pk])).content.decode()
    assert "Inactive: no longer in Consonance" in text
    assert "Odd link" in text and "javascript:" not in text


def test_title_page_renders_registered_panels(editor_client):
    from integration import title_page_sections

    panel = title_page_sections.TitlePanel(
        name="test-panel",
        template="integration/_last_sync_line.html",
        order=1,
        context=lambda request, title: {"run": None},
    )
    title_page_sections.register_title_panel(panel)
    try:
        response = editor_client.get(reverse("integration:title-detail", args=[TitleFactory().pk]))
    finally:
        title_page_sections._PANELS.pop("test-panel")
    text = response.content.decode()
    assert 'id="test-panel"' in text and "No title sync has run yet" in text


def test_unknown_title_is_404(editor_client):
    assert editor_client.get(reverse("integration:title-detail", args=[999999])).status_code == 404


def test_a_user_without_a_role_cannot_see_titles(client, role_user):
    client.force_login(role_user(None))
    assert client.get(LIST_URL).status_code == 403


def test_list_sorts_by_first_publication_date_with_undated_titles_last(editor_client):
    def sorted_by(sort):
        return _titles_on(editor_client.get(LIST_URL, {"sort": sort}))

    TitleFactory(title="A Middle", first_publication_date=dt.date(2025, 1, 1))
    TitleFactory(title="B Undated", first_publication_date=None)
    TitleFactory(title="C Latest", first_publication_date=dt.date(2027, 1, 1))
    assert _titles_on(editor_client.get(LIST_URL)) == ["A Middle", "B Undated", "C Latest"]
    assert sorted_by("newest") == ["C Latest", "A Middle", "B Undated"]
    assert sorted_by("oldest") == ["A Middle", "C Latest", "B Undated"]
    assert "Select a valid choice" in editor_client.get(LIST_URL, {"sort": "sideways"}).content.decode()
