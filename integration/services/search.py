"""Search Getty for pictures: one normalised query, cached, with results kept as Asset rows too (by a task).

The page and the API call `title_search_run` (a title's search, from its facts and the search's
parameters), which calls `picture_search` (one Getty search). A repeated search within
GETTY_SEARCH_CACHE_SECONDS is answered from the Django cache (shared by every process) without
calling Getty; Getty's failures come back as a sentence for a person, never as an exception.
"""

import hashlib
import logging
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils.datastructures import MultiValueDict

from integration.forms.search import PictureSearchForm, form_data_as_params, form_data_from_prefill
from integration.getty.client import GettyClient
from integration.getty.errors import GettyError
from integration.getty.query_builder import PAGE_MAX, SearchQuery
from integration.getty.types import GettyImage
from integration.placements import Placement, too_small_for_print
from integration.search_prefill import PrintNeed, SearchPrefill, TitleFacts, print_need, search_prefill
from integration.tasks import enqueue_keep_searched_assets

log = logging.getLogger("picture_desk.getty")

CACHE_PREFIX = "getty-search:v1:"


@dataclass(frozen=True)
class PictureHit:
    """One picture of a result page: what the grid shows, without a database read."""

    getty_id: str
    title: str
    comp_url: str
    thumb_url: str
    asset_family: str
    license_model: str
    collection_name: str
    artist: str
    max_width: int | None
    max_height: int | None
    editorial_use_only: bool

    @property
    def is_rights_managed(self) -> bool:
        return self.license_model == "rightsmanaged"

    def too_small_for(self, min_pixel_height: int | None) -> bool:
        """Getty's largest file is shorter than the print needs (an unknown size is not "too small")."""
        return too_small_for_print(self.max_height, min_pixel_height)


@dataclass(frozen=True)
class SearchPage:
    family: str
    result_count: int = 0
    hits: tuple[PictureHit, ...] = ()
    auto_corrected_phrase: str | None = None
    related_searches: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchOutcome:
    page: SearchPage | None
    error: str = ""  # a sentence for a person when Getty could not answer
    from_cache: bool = False
    params: dict[str, str] = field(default_factory=dict)
    cache_key: str = ""
    failure: GettyError | None = None  # what went wrong, when Getty could not answer

    @property
    def ok(self) -> bool:
        return self.page is not None

    @property
    def page_number(self) -> int:
        return int(self.params.get("page") or 1)

    @property
    def last_page(self) -> int:
        """The last page with pictures (at least 1); Getty pages no deeper than PAGE_MAX."""
        size = int(self.params.get("page_size") or 1)
        count = min(self.page.result_count if self.page else 0, PAGE_MAX * size)
        return max(1, -(-count // size))

    @property
    def past_the_end(self) -> bool:
        """A page after the last one: Getty answers it with no pictures but the whole count."""
        return self.ok and self.page.result_count > 0 and self.page_number > self.last_page


# One client per Getty configuration and thread: a request reuses the thread's open connections, and no
# requests.Session is shared between threads.
_local = threading.local()


def shared_client() -> GettyClient:
    key = (
        settings.GETTY_API_URL,
        settings.GETTY_AUTH_URL,
        settings.GETTY_API_KEY,
        settings.GETTY_USERNAME,
        settings.GETTY_TIMEOUT_SECONDS,
        settings.GETTY_MAX_RETRIES,
        settings.RETRY_BACKOFF_SECONDS,
        settings.GETTY_QUERIES_PER_SECOND,
    )
    clients = getattr(_local, "clients", None)
    if clients is None:
        clients = _local.clients = {}
    client = clients.get(key)
    if client is None:
        client = clients[key] = GettyClient.from_settings()
    return client


def search_params(query: SearchQuery) -> tuple[str, dict[str, str]]:
    """The family and the exact Getty parameters, normalised (trimmed, lower-cased phrase; sorted keys)."""
    family = query.family if query.family in ("creative", "editorial") else "creative"
    params = query.to_getty_params(family)
    if "phrase" in params:
        params["phrase"] = params["phrase"].lower()
    return family, dict(sorted(params.items()))


def search_cache_key(family: str, params: dict[str, str]) -> str:
    # Hashed: memcached refuses long keys and spaces, and a phrase holds both.
    text = f"{family}?{urlencode(sorted(params.items()))}"
    return CACHE_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _hit(image: GettyImage) -> PictureHit:
    sizes = image.display_sizes
    return PictureHit(
        getty_id=image.id,
        title=image.title,
        comp_url=sizes.get("comp") or sizes.get("preview") or sizes.get("thumb", ""),
        thumb_url=sizes.get("thumb", ""),
        asset_family=image.asset_family,
        license_model=image.license_model,
        collection_name=image.collection_name,
        artist=image.artist,
        max_width=image.max_width,
        max_height=image.max_height,
        editorial_use_only=image.is_editorial_use_only,
    )


def picture_search(*, query: SearchQuery, client: GettyClient | None = None) -> SearchOutcome:
    """Run (or recall) one search; never raises for Getty's failures."""
    family, params = search_params(query)
    key = search_cache_key(family, params)
    cached = cache.get(key)
    if cached is not None:
        return SearchOutcome(page=cached, from_cache=True, params=params, cache_key=key)
    client = client or shared_client()
    try:
        result = client.search_images(family=family, params=params)
    except GettyError as exc:
        log.warning("Getty search failed (%s): %s", family, exc)
        return SearchOutcome(page=None, error=exc.user_message, params=params, cache_key=key, failure=exc)
    # Storing the pictures as Asset rows waits for the worker: the page does not need them (the asset
    # panel and the shortlist fetch a picture they do not hold yet).
    enqueue_keep_searched_assets(images=result.images)
    page = SearchPage(
        family=family,
        result_count=result.result_count,
        hits=tuple(_hit(image) for image in result.images if image.id),
        auto_corrected_phrase=result.auto_corrected_phrase,
        related_searches=tuple(result.related_searches),
    )
    cache.set(key, page, timeout=settings.GETTY_SEARCH_CACHE_SECONDS)
    return SearchOutcome(page=page, params=params, cache_key=key)


# --- A title's search ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TitleSearch:
    """A title's picture search: the form as a person sees it, what was searched and what came back."""

    form: PictureSearchForm
    query: SearchQuery | None = None  # None: the form has errors
    print_need: PrintNeed | None = None
    outcome: SearchOutcome | None = None  # None: nothing was searched (only prefilled, or errors)
    prefill: SearchPrefill | None = None  # what the title suggested, when the form shows only that


def _prefill(facts: TitleFacts, data: MultiValueDict, *, default_placement: str) -> SearchPrefill:
    """The title's prefill for the placement, family and product named in `data` (ignored if unusable)."""
    try:
        product_id = int(data["product"]) if data.get("product") else None
    except ValueError:
        product_id = None
    return search_prefill(
        facts,
        data.get("purpose") or default_placement,
        family=data.get("family") or "creative",
        product_id=product_id,
    )


def _product_choices(facts: TitleFacts) -> list[tuple[int, str]]:
    return [(product.id, product.label) for product in facts.products]


def title_search_prefill(*, facts: TitleFacts, data: MultiValueDict) -> TitleSearch:
    """The search form prefilled from the title, searched for nothing yet: for a front cover unless
    `data` names another placement."""
    prefill = _prefill(facts, data, default_placement=Placement.FRONT_COVER)
    form = PictureSearchForm(initial=form_data_from_prefill(prefill), product_choices=_product_choices(facts))
    return TitleSearch(
        form=form,
        query=prefill.query,
        print_need=prefill.print_need,
        prefill=prefill,
    )


def title_search_run(
    *,
    facts: TitleFacts,
    data: MultiValueDict,
    fill_from_title: bool = False,
) -> TitleSearch:
    """Validate a title's search parameters, search Getty (or the cache) and say what the prints need.

    `data` is the whole form (a person's submitted search) or, with `fill_from_title`, only what the
    caller chose: every other field comes from the title's prefill, as the page shows it, and a field
    given empty clears the prefill.
    """
    if fill_from_title:
        # A search names its placement or is for the interior, as the form reads it.
        prefill = _prefill(facts, data, default_placement=Placement.INTERIOR)
        params = form_data_as_params(form_data_from_prefill(prefill))
        for name, values in data.lists():
            params.setlist(name, [value for value in values if value != ""])
        data = params
    form = PictureSearchForm(data, product_choices=_product_choices(facts))
    if not form.is_valid():
        return TitleSearch(form=form)
    need = print_need(facts, form.cleaned_data["purpose"], form.cleaned_data.get("product"))
    query = form.to_query()
    return TitleSearch(
        form=form,
        query=query,
        print_need=need,
        outcome=picture_search(query=query),
    )
