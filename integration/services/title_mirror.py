"""Write one page of Consonance works into Title and Product rows, in a fixed number of queries.

A page costs the same statements whatever its size: one read of the page's titles, one upsert of the
new and changed ones (integration/bulk_upsert.py), one read of their products, one upsert of products,
one delete of products that left their work. Rows that did not change are not written at all, so a
second sync changes nothing.

Products that disappeared from a work are deleted from the mirror: Consonance is the source of truth
and the title page must show only what it holds. Records that must outlive a product (licences,
usages) keep its Consonance product id, never a foreign key to our Product row.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q

from integration.bulk_upsert import upsert_rows
from integration.consonance.extension import Todo
from integration.consonance.types import Product as ConsonanceProduct
from integration.consonance.types import Work
from integration.models import Product, Title
from integration.subjects import genre_for

TITLE_FIELDS = [
    "title",
    "subtitle",
    "work_type",
    "edition_number",
    "contributors",
    "imprint_id",
    "imprint_name",
    "subjects",
    "subject_text",
    "series",
    "supporting_resources",
    "todos",
    "keywords",
    "audience_code",
    "genre",
    "first_publication_date",
    "is_active",
]
PRODUCT_FIELDS = [
    "title_id",
    "full_title",
    "subtitle",
    "kind",
    "isbn13",
    "onix_form_code",
    "format_name",
    "edition_name",
    "publication_date",
    "publishing_status",
    "for_sale_countries",
    "not_for_sale_countries",
    "for_sale_worldwide",
    "height_cm",
    "page_count",
    "marketing_text",
]
MAX_KEYWORDS = 50


@dataclass
class PageWritten:
    titles_created: int = 0
    titles_updated: int = 0
    products_seen: int = 0


def title_page_write(
    *, works: list[Work], todos: dict[int, list[Todo]] | None, synced_at: dt.datetime
) -> PageWritten:
    """Upsert a page of works and their products. Call inside a transaction.

    `todos` None means Consonance could not tell us the to-dos: keep the ones we have.
    """
    existing = {
        row["consonance_id"]: row
        for row in Title.objects.filter(consonance_id__in=[w.id for w in works]).values(
            "id", "consonance_id", *TITLE_FIELDS
        )
    }
    outcome = PageWritten()
    to_write: list[dict] = []
    for work in works:
        row = existing.get(work.id)
        values = _title_values(work, (todos or {}).get(work.id, []))
        if todos is None:
            values["todos"] = row["todos"] if row is not None else []
        if row is not None and all(row[name] == value for name, value in values.items()):
            continue
        if row is None:
            outcome.titles_created += 1
        else:
            outcome.titles_updated += 1
        to_write.append({"consonance_id": work.id, **values, "synced_at": synced_at})
    title_pks = {consonance_id: row["id"] for consonance_id, row in existing.items()}
    title_pks.update(upsert_rows(Title, to_write, unique="consonance_id"))
    outcome.products_seen = _products_write(works, title_pks, synced_at)
    return outcome


def _products_write(works: list[Work], title_pks: dict[int, int], synced_at: dt.datetime) -> int:
    wanted = {
        product.id: _product_values(product, title_pks[work.id])
        for work in works
        for product in work.products
    }
    existing = {
        row["consonance_id"]: row
        for row in Product.objects.filter(
            Q(title_id__in=title_pks.values()) | Q(consonance_id__in=list(wanted))
        ).values("id", "consonance_id", *PRODUCT_FIELDS)
    }
    to_write = [
        {"consonance_id": consonance_id, **values, "synced_at": synced_at}
        for consonance_id, values in wanted.items()
        if consonance_id not in existing
        or any(existing[consonance_id][name] != value for name, value in values.items())
    ]
    upsert_rows(Product, to_write, unique="consonance_id")
    gone = {
        row["id"]: row["title_id"] for consonance_id, row in existing.items() if consonance_id not in wanted
    }
    if gone:
        Product.objects.filter(pk__in=gone).delete()
    # A title's stamp says when it or any of its products last changed: what is built from a title
    # and its products (queue rows, checks) is keyed on it.
    touched = {row["title_id"] for row in to_write} | set(gone.values())
    if touched:
        Title.objects.filter(pk__in=touched).exclude(synced_at=synced_at).update(synced_at=synced_at)
    return len(wanted)


def _title_values(work: Work, todos: list[Todo]) -> dict:
    """The Title columns for a work, as the database gives them back (so they compare equal)."""
    subjects = [
        {"scheme": s.scheme, "code": s.code, "description": s.description} for s in work.subject_codes
    ]
    dates = [p.publication_date for p in work.products if p.publication_date]
    return {
        "title": work.title[:500],
        "subtitle": work.subtitle[:500],
        "work_type": work.work_type[:100],
        "edition_number": work.edition_number,
        "contributors": work.contributors[:1000],
        "imprint_id": work.imprint_id,
        "imprint_name": work.imprint_name[:200],
        "subjects": subjects,
        "subject_text": " ".join(f"{s['code']} {s['description']}" for s in subjects).lower(),
        "series": [
            {"id": m.series_id, "name": m.series_name, "part_number": m.part_number} for m in work.series
        ],
        "supporting_resources": [
            {
                "id": r.id,
                "url": r.url,
                "caption": r.caption,
                "resource_variant": r.resource_variant,
                "status": r.status,
                "product_ids": r.product_ids,
            }
            for r in work.supporting_resources
        ],
        "todos": [
            {
                "id": t.id,
                "title": t.title,
                "kind": t.kind,
                "due_date": t.due_date.isoformat() if t.due_date else None,
                "done": t.done,
                "attachments": [
                    {"external_ref": a.external_ref, "url": a.url, "label": a.label} for a in t.attachments
                ],
            }
            for t in todos
        ],
        "keywords": _keywords(work.products),
        "audience_code": _audience_code(work.products),
        "genre": genre_for(subjects)[:100],
        "first_publication_date": min(dates) if dates else None,
        "is_active": True,
    }


def _product_values(product: ConsonanceProduct, title_pk: int) -> dict:
    return {
        "title_id": title_pk,
        "full_title": product.full_title[:500],
        "subtitle": product.subtitle[:500],
        "kind": product.kind[:60],
        "isbn13": product.isbn13[:13],
        "onix_form_code": product.form_code[:4],
        "format_name": product.format_name[:100],
        "edition_name": product.edition_name[:100],
        "publication_date": product.publication_date,
        "publishing_status": product.publishing_status[:4],
        "for_sale_countries": product.for_sale_countries,
        "not_for_sale_countries": product.not_for_sale_countries,
        "for_sale_worldwide": product.for_sale_worldwide,
        "height_cm": product.height_cm,
        "page_count": product.page_count,
        "marketing_text": product.marketing_text,
    }


def _keywords(products: list[ConsonanceProduct]) -> list[str]:
    """Every product's keywords once (case-insensitively), in the order Consonance lists them."""
    seen, keywords = set(), []
    for product in products:
        for keyword in product.keywords:
            if keyword.lower() not in seen:
                seen.add(keyword.lower())
                keywords.append(keyword)
    return keywords[:MAX_KEYWORDS]


def _audience_code(products: list[ConsonanceProduct]) -> str:
    """The audience most of the work's products declare (formats of one work rarely disagree)."""
    counts = Counter(p.audience_code for p in products if p.audience_code)
    return counts.most_common(1)[0][0][:4] if counts else ""
