"""Finding pictures from a title: the service (cache, errors) and the pages (prefill, filters, bad input)."""

import re

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from accounts.roles import Role
from integration.getty.query_builder import SearchQuery
from integration.models import Asset
from integration.placements import Placement
from integration.services.search import picture_search, search_cache_key, search_params
from tests.factories.titles import ProductFactory, TitleFactory

pytestmark = pytest.mark.django_db

SEARCH_PATH = "/v3/search/images/"


@pytest.fixture(autouse=True)
def empty_cache():
    # The locmem cache outlives a test: a search cached by another test must not answer this one.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lighthouse_title():
    title = TitleFactory(
        keywords=["lighthouse", "storm"],
        subjects=[{"scheme": "BISAC", "code": "FIC019000", "description": "FICTION / Literary"}],
        audience_code="01",
    )
    ProductFactory(title=title, height_cm=23.4, format_name="Hardback")
    ProductFactory(title=title, height_cm=19.8, format_name="Paperback")
    return title


def search_url(title, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('integration:title-search', kwargs={'pk': title.pk})}?{query}"


# --- the service --------------------------------------------------------------------------------
def test_a_repeated_search_within_the_ttl_makes_no_call_to_getty(getty):
    query = SearchQuery(phrase="Lighthouse  Storm ", page_size=10)
    first = picture_search(query=query)
    assert first.ok and not first.from_cache and first.page.result_count > 0
    calls = getty.app.total_calls(SEARCH_PATH)
    assert calls == 1

    again = picture_search(query=SearchQuery(phrase="lighthouse storm", page_size=10))

    assert again.from_cache
    assert again.page == first.page
    assert getty.app.total_calls(SEARCH_PATH) == 1


def test_the_cache_key_ignores_case_spacing_and_list_order():
    one = SearchQuery(phrase="  Sea Storm", orientations=("vertical", "square"))
    two = SearchQuery(phrase="sea storm ", orientations=("square", "vertical"))
    assert search_cache_key(*search_params(one)) == search_cache_key(*search_params(two))
    three = SearchQuery(phrase="sea storm", orientations=("square",))
    assert search_cache_key(*search_params(one)) != search_cache_key(*search_params(three))


def test_results_are_kept_as_assets_by_a_task_after_the_answer(getty, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        outcome = picture_search(query=SearchQuery(phrase="lighthouse", page_size=12))
    ids = [hit.getty_id for hit in outcome.page.hits]
    assert len(ids) == 12
    assert not Asset.objects.filter(getty_id__in=ids).exists()  # the search answers without writing them
    assert len(queued) == 1
    queued[0]()  # the task (run in-process by the test settings)
    assert Asset.objects.filter(getty_id__in=ids).count() == 12
    asset = Asset.objects.get(getty_id=ids[0])
    assert asset.comp_url and asset.max_height and asset.license_model


def test_the_cache_expires_after_the_configured_seconds(getty, settings):
    settings.GETTY_SEARCH_CACHE_SECONDS = 0  # Django: 0 means "do not cache"
    picture_search(query=SearchQuery(phrase="forest"))
    picture_search(query=SearchQuery(phrase="forest"))
    assert getty.app.total_calls(SEARCH_PATH) == 2, getty.app.calls()


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ({"kind": "status", "status": 503, "body": '{"message": "down"}'}, "Getty could not be reached"),
        (
            {
                "kind": "status",
                "status": 429,
                "headers": {"X-Error-Detail": "Account Over Queries Per Second Limit"},
                "body": '{"message": "Account Over Queries Per Second Limit"}',
            },
            "Getty is limiting how often we may ask",
        ),
        ({"kind": "drop"}, "Getty could not be reached"),
    ],
)
def test_getty_failures_become_a_message_on_the_page_not_a_500(
    getty, lighthouse_title, role_user, client, fault, message
):
    client.force_login(role_user(Role.EDITORIAL))
    getty.app.faults.add_from_json({**fault, "path": SEARCH_PATH, "next": 20})

    response = client.get(
        search_url(lighthouse_title, search=1, phrase="lighthouse", family="creative", purpose="interior")
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'id="search-error"' in response.content.decode()


# --- the page ---------------------------------------------------------------------------------------
def test_find_pictures_opens_a_form_prefilled_from_the_title(editor_client, lighthouse_title, getty):
    response = editor_client.get(search_url(lighthouse_title))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["phrase"] == "lighthouse"  # the first keyword; the other words are suggested
    assert form.initial["purpose"] == Placement.FRONT_COVER
    assert form.initial["orientations"] == ["vertical"]
    assert form.initial["minimum_size"] == "large"
    assert not form.initial["safe_search"]
    html = response.content.decode()
    assert 'value="lighthouse"' in html
    assert "More words from the title, each a search with these filters:" in html
    assert "Needs 2764 px tall to print 23.4 cm at 300 dpi." in html
    assert getty.app.total_calls(SEARCH_PATH) == 0  # nothing is searched before the editor says so


def test_a_suggested_word_from_the_title_is_one_click_to_its_search_with_the_prefilled_filters(
    editor_client, lighthouse_title, getty
):
    html = editor_client.get(search_url(lighthouse_title)).content.decode()
    links = dict(
        (word, url.replace("&amp;", "&")) for url, word in re.findall(r'<a href="\?([^"]+)">(\w+)</a>', html)
    )
    assert "storm" in links
    response = editor_client.get(f"{search_url(lighthouse_title)}{links['storm']}")
    sent = response.context["outcome"].params
    assert sent["phrase"] == "storm"
    assert sent["orientations"] == "vertical" and sent["minimum_size"] == "large"  # the cover's filters
    assert getty.app.total_calls(SEARCH_PATH) == 1


def test_prefill_for_a_childrens_title_turns_on_safe_search(editor_client, getty):
    title = TitleFactory(keywords=["forest"], audience_code="02")
    response = editor_client.get(search_url(title, purpose="marketing"))
    form = response.context["form"]
    assert form.initial["safe_search"] is True
    assert form.initial["orientations"] == ["horizontal"]
    assert "Safe search is on" in response.content.decode()


def test_the_filters_the_editor_chose_reach_getty(
    editor_client, lighthouse_title, getty, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.get(
            search_url(
                lighthouse_title,
                search=1,
                purpose="front_cover",
                phrase="lighthouse",
                family="creative",
                orientations="vertical",
                minimum_size="medium",
                page_size=30,
            )
        )
    assert response.status_code == 200
    hits = response.context["hits"]
    assert hits, "the sandbox has vertical lighthouses"
    orientations = set(
        Asset.objects.filter(getty_id__in=[h.getty_id for h in hits]).values_list("orientation", flat=True)
    )
    assert orientations == {"Vertical"}
    assert response.context["outcome"].params["orientations"] == "vertical"
    html = response.content.decode()
    assert 'loading="lazy"' in html and hits[0].comp_url.replace("&", "&amp;") in html


def test_a_search_that_finds_nothing_offers_fewer_words_with_the_same_filters(
    editor_client, lighthouse_title, getty
):
    url = search_url(
        lighthouse_title, search=1, purpose="interior", phrase="lighthouse elephant dusk", family="creative",
        orientations="vertical", page_size=30,
    )  # fmt: skip
    html = editor_client.get(url).content.decode()
    assert "Getty found no pictures" in html
    links = re.findall(r'<a class="button" href="\?([^"]+)">([^<]+)</a>', html)
    assert [label for _, label in links] == ["lighthouse elephant", "lighthouse", "elephant", "dusk"]
    query = dict(pair.split("=", 1) for pair in links[1][0].replace("&amp;", "&").split("&"))
    assert query["phrase"] == "lighthouse" and query["orientations"] == "vertical" and query["page"] == "1"
    assert all(url.count("phrase=") == 1 for url, _ in links)  # replaced, not appended

    followed = editor_client.get(f"{search_url(lighthouse_title)}{links[1][0].replace('&amp;', '&')}")
    assert followed.context["hits"], "one word alone finds the vertical lighthouses"
    assert "Search with fewer words" not in followed.content.decode()


def test_a_single_word_that_finds_nothing_offers_no_fewer_words(editor_client, lighthouse_title, getty):
    html = editor_client.get(
        search_url(lighthouse_title, search=1, purpose="interior", phrase="zzqx", family="creative")
    ).content.decode()
    assert "Getty found no pictures" in html and "Search with fewer words" not in html


def test_the_front_cover_grid_marks_pictures_too_small_for_print(editor_client, lighthouse_title, getty):
    response = editor_client.get(
        search_url(
            lighthouse_title,
            search=1,
            purpose="front_cover",
            phrase="lighthouse",
            family="creative",
            page_size=100,
        )
    )
    hits = response.context["hits"]
    small = [h for h in hits if h.max_height and h.max_height < 2764]
    assert small, "the catalogue has small pictures"
    assert response.content.decode().count("Too small for print") == len(small)


def test_editorial_search_shows_the_editorial_use_only_badge(editor_client, lighthouse_title, getty):
    response = editor_client.get(
        search_url(
            lighthouse_title, search=1, purpose="interior", family="editorial", phrase="", page_size=10
        )
    )
    assert response.context["hits"]
    assert "Editorial use only" in response.content.decode()


def test_paging_moves_to_the_next_page_of_results(editor_client, lighthouse_title, getty):
    first = editor_client.get(
        search_url(lighthouse_title, search=1, phrase="sea", family="creative", page_size=30)
    )
    assert first.context["form"].is_valid(), first.context["form"].errors
    assert first.context.get("next_url")
    second = editor_client.get(
        first.context["next_url"].replace("?", search_url(lighthouse_title).rstrip("?") + "?")
    )
    assert second.context["query"].page == 2
    assert {h.getty_id for h in first.context["hits"]}.isdisjoint(
        {h.getty_id for h in second.context["hits"]}
    )


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "2020-02-01", "date_to": "2020-01-01"}, "date_to", "start date"),
        ({"collection_codes": "MOM;DROP TABLE"}, "collection_codes", "letters and digits"),
        ({"orientations": "sideways"}, "orientations", "Select a valid choice"),
        ({"page": "0"}, "page", "greater than or equal to 1"),
        ({"phrase": "x" * 300}, "phrase", "at most 200"),
    ],
)
def test_bad_input_shows_a_form_error_and_asks_getty_nothing(
    editor_client, lighthouse_title, getty, params, field, message
):
    base = {"search": 1, "purpose": "interior", "family": "editorial", "phrase": "sea"}
    response = editor_client.get(search_url(lighthouse_title, **{**base, **params}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert getty.app.total_calls(SEARCH_PATH) == 0


def test_people_without_search_permission_are_refused(client, role_user, lighthouse_title, getty):
    client.force_login(role_user(Role.LEGAL))
    assert client.get(search_url(lighthouse_title)).status_code == 403


def test_the_asset_panel_shows_everything_getty_says(editor_client, lighthouse_title, getty):
    outcome = picture_search(query=SearchQuery(phrase="lighthouse", page_size=5))
    hit = outcome.page.hits[0]
    url = reverse("integration:asset-detail", kwargs={"pk": lighthouse_title.pk, "getty_id": hit.getty_id})

    response = editor_client.get(f"{url}?need=2764", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    asset = Asset.objects.get(getty_id=hit.getty_id)
    html = response.content.decode()
    for text in (asset.title, asset.artist, asset.collection_name, asset.credit_line, asset.release_info):
        assert text and text.replace("'", "&#x27;") in html
    assert f"{asset.max_width} × {asset.max_height} px" in html
    assert "cm at 300 dpi" in html
    assert asset.keywords and asset.keywords[0]["text"] in html
    assert "<html" not in html  # an htmx partial


def test_an_unknown_picture_says_so_in_the_panel(editor_client, lighthouse_title, getty):
    url = reverse("integration:asset-detail", kwargs={"pk": lighthouse_title.pk, "getty_id": "999"})
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "Getty does not know this picture" in response.content.decode()


def test_the_page_allows_previews_from_the_getty_host_it_talks_to(editor_client, lighthouse_title, getty):
    policy = editor_client.get(search_url(lighthouse_title))["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert getty.url in img_src  # the sandbox's origin, whatever port it runs on
    assert "https://*.gettyimages.com" in img_src
    assert "script-src 'self'" in policy  # still strict otherwise


def test_without_javascript_a_cards_shortlist_button_opens_the_pictures_page(
    editor_client, lighthouse_title, getty
):
    response = editor_client.get(search_url(lighthouse_title, search=1, phrase="lighthouse", page_size=30))
    hit = response.context["hits"][0]
    page_url = reverse(
        "integration:asset-detail", kwargs={"pk": lighthouse_title.pk, "getty_id": hit.getty_id}
    )
    assert f'<form method="get" action="{page_url}"' in response.content.decode()
    page = editor_client.get(page_url).content.decode()
    assert "Add to shortlist" in page and "csrfmiddlewaretoken" in page


def test_a_repeated_search_page_reads_the_shared_cache_once_and_its_html_from_the_fragments(
    editor_client, lighthouse_title, getty, monkeypatch
):
    url = search_url(lighthouse_title, search=1, purpose="front_cover", phrase="lighthouse", page_size=30)
    editor_client.get(url)  # asks Getty, stores the result
    second = editor_client.get(url).content.decode()  # from the cache: renders and stores the fragments
    reads, real_get, real_get_many = [], cache.get, cache.get_many

    def get_many(keys, *args, **kwargs):
        reads.append(("get_many", len(keys)))
        return real_get_many(keys, *args, **kwargs)

    def get(key, *args, **kwargs):
        reads.append(("get", key))
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", get_many)
    monkeypatch.setattr(cache, "get", get)
    fragment_reads, real_fragment_get = [], caches["fragments"].get

    def fragment_get(key, *args, **kwargs):
        found = real_fragment_get(key, *args, **kwargs)
        fragment_reads.append(found is not None)
        return found

    monkeypatch.setattr(caches["fragments"], "get", fragment_get)

    third = editor_client.get(url).content.decode()

    assert len(reads) == 1 and reads[0][0] == "get"  # the search result, from the shared cache
    assert fragment_reads == [True, True]  # the form and the grid, kept by this process
    masked = re.compile(
        r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+'
    )  # masked anew each page
    same = [" ".join(masked.sub("", html).split()) for html in (second, third)]
    assert same[0] == same[1] and "from our cache" in third
    assert third.count('class="picture-card"') == 30 and 'class="picture-search-form"' in third
    assert getty.app.total_calls(SEARCH_PATH) == 1


def test_a_picture_shown_before_the_task_stored_it_opens_in_the_panel_and_can_be_shortlisted(
    editor_client, lighthouse_title, getty
):
    outcome = picture_search(query=SearchQuery(phrase="lighthouse", page_size=5))  # the task never ran
    hit = outcome.page.hits[0]
    assert not Asset.objects.filter(getty_id=hit.getty_id).exists()
    url = reverse("integration:asset-detail", kwargs={"pk": lighthouse_title.pk, "getty_id": hit.getty_id})
    panel = editor_client.get(url, HTTP_HX_REQUEST="true")
    assert panel.status_code == 200 and hit.title.replace("'", "&#x27;") in panel.content.decode()
    Asset.objects.filter(getty_id=hit.getty_id).delete()
    added = editor_client.post(
        reverse("integration:shortlist-add", kwargs={"pk": lighthouse_title.pk}),
        {"getty_id": outcome.page.hits[1].getty_id},
        HTTP_HX_REQUEST="true",
    )
    assert added.status_code == 200
    assert lighthouse_title.shortlist_items.filter(asset__getty_id=outcome.page.hits[1].getty_id).exists()
