"""Reads of the Title/Product mirror for the titles pages and the API.

Each filter is its own function so the browser list (`title_list`) and the API FilterSet apply the
very same rules. Filters on products use `Exists` subqueries rather than joins, so a title with three
matching products still appears once and pagination counts stay right.
"""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from integration.models import Product, Title

_ISBN_SEPARATORS = re.compile(r"[\s-]")
_PRODUCTS_IN_ORDER = Prefetch("products", queryset=Product.objects.order_by("publication_date", "id"))


@dataclass(frozen=True)
class FormatChoice:
    code: str  # ONIX 2.1 product form code, e.g. "BB"
    name: str  # the in-house format name Consonance uses most for that code, e.g. "Hardback"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


def title_queryset(*, include_inactive: bool = False) -> QuerySet[Title]:
    """Titles with their products prefetched in publication order: the base of every title read."""
    titles = Title.objects.prefetch_related(_PRODUCTS_IN_ORDER).order_by("title", "id")
    if not include_inactive:
        titles = titles.filter(is_active=True)
    return titles


def titles_matching(titles: QuerySet[Title], query: str | None) -> QuerySet[Title]:
    """Every word must appear in the title, subtitle, contributors or one product's ISBN-13."""
    for word in (query or "").split():
        matches = Q(title__icontains=word) | Q(subtitle__icontains=word) | Q(contributors__icontains=word)
        isbn_digits = _ISBN_SEPARATORS.sub("", word)
        if isbn_digits.isdigit():
            matches |= Exists(Product.objects.filter(title=OuterRef("pk"), isbn13__contains=isbn_digits))
        titles = titles.filter(matches)
    return titles


def titles_of_imprint(titles: QuerySet[Title], imprint: str | None) -> QuerySet[Title]:
    return titles.filter(imprint_name__iexact=imprint) if imprint else titles


def titles_in_format(titles: QuerySet[Title], product_format: str | None) -> QuerySet[Title]:
    """Titles with a product of this ONIX form code ("BB") or in-house format name ("Hardback")."""
    if not product_format:
        return titles
    products = products_in_format(Product.objects.filter(title=OuterRef("pk")), product_format)
    return titles.filter(Exists(products))


def titles_published_between(
    titles: QuerySet[Title], published_from: dt.date | None, published_to: dt.date | None
) -> QuerySet[Title]:
    """By first publication date (the earliest of the products), both ends included."""
    if published_from:
        titles = titles.filter(first_publication_date__gte=published_from)
    if published_to:
        titles = titles.filter(first_publication_date__lte=published_to)
    return titles


def titles_about(titles: QuerySet[Title], subject: str | None) -> QuerySet[Title]:
    """Every word must appear in a subject code or description (any scheme)."""
    for word in (subject or "").lower().split():
        titles = titles.filter(subject_text__contains=word)
    return titles


def titles_ordered(titles: QuerySet[Title], sort: str | None) -> QuerySet[Title]:
    """By title A-Z, or by first publication date ("newest"/"oldest", undated titles last)."""
    date = F("first_publication_date")
    if sort == "newest":
        return titles.order_by(date.desc(nulls_last=True), "title", "id")
    if sort == "oldest":
        return titles.order_by(date.asc(nulls_last=True), "title", "id")
    return titles.order_by("title", "id")


def title_list(
    *,
    query: str | None = None,
    imprint: str | None = None,
    format: str | None = None,  # noqa: A002 - the filter's public name, as in the URL
    published_from: dt.date | None = None,
    published_to: dt.date | None = None,
    subject: str | None = None,
    include_inactive: bool = False,
    sort: str | None = None,
) -> QuerySet[Title]:
    titles = titles_ordered(title_queryset(include_inactive=include_inactive), sort)
    titles = titles_matching(titles, query)
    titles = titles_of_imprint(titles, imprint)
    titles = titles_in_format(titles, format)
    titles = titles_published_between(titles, published_from, published_to)
    return titles_about(titles, subject)


def title_detail(title_id: int) -> Title | None:
    """One title (active or not) with its products, or None."""
    return title_queryset(include_inactive=True).filter(pk=title_id).first()


def title_exists() -> bool:
    """Whether any title was ever synced: the list's empty state differs before the first sync."""
    return Title.objects.exists()


def title_imprint_choices() -> list[str]:
    names = Title.objects.exclude(imprint_name="").values_list("imprint_name", flat=True)
    return sorted(set(names.distinct().order_by()), key=str.casefold)


def title_format_choices() -> list[FormatChoice]:
    """One choice per ONIX form code in use, named by its most common in-house format name."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    pairs = (
        Product.objects.exclude(onix_form_code="")
        .values_list("onix_form_code", "format_name")
        .annotate(products=Count("id"))
        .order_by()
    )
    for code, name, products in pairs:
        counts[code][name] = products
    choices = []
    for code, names in counts.items():
        name = max(names.items(), key=lambda item: (item[1], item[0]))[0]
        choices.append(FormatChoice(code=code, name=name))
    return sorted(choices, key=lambda choice: choice.label.casefold())


def product_queryset() -> QuerySet[Product]:
    return Product.objects.select_related("title").order_by("title__title", "publication_date", "id")


def products_with_isbn(products: QuerySet[Product], isbn13: str | None) -> QuerySet[Product]:
    return products.filter(isbn13=_ISBN_SEPARATORS.sub("", isbn13)) if isbn13 else products


def products_in_format(products: QuerySet[Product], product_format: str | None) -> QuerySet[Product]:
    if not product_format:
        return products
    return products.filter(Q(onix_form_code__iexact=product_format) | Q(format_name__iexact=product_format))


def products_of_title(products: QuerySet[Product], title_id: int | None) -> QuerySet[Product]:
    return products.filter(title_id=title_id) if title_id else products


def product_detail(product_id: int) -> Product | None:
    return product_queryset().filter(pk=product_id).first()
