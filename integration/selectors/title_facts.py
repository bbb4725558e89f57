"""What the search prefill needs to know about a title, read from the mirror."""

from integration.models import Title
from integration.search_prefill import ProductFact, SubjectFact, TitleFacts

# The title's fields title_facts reads: a page needing nothing else of the title fetches only these
# (with its name and pk) and skips decoding the JSON it does not show.
FACT_FIELDS = ("subjects", "keywords", "genre", "audience_code")
# The product fields a ProductFact is made of.
_PRODUCT_FIELDS = ("id", "title_id", "format_name", "onix_form_code", "isbn13", "height_cm")


def title_facts(title: Title) -> TitleFacts:
    products = title.products.only(*_PRODUCT_FIELDS)
    return TitleFacts(
        subjects=tuple(
            SubjectFact(
                scheme=str(s.get("scheme") or ""),
                code=str(s.get("code") or ""),
                description=str(s.get("description") or ""),
            )
            for s in title.subjects or []
            if isinstance(s, dict)
        ),
        keywords=tuple(str(k) for k in title.keywords or [] if k),
        genre=getattr(title, "genre", "") or "",
        audience_code=title.audience_code or "",
        products=tuple(
            ProductFact(
                id=p.pk,
                label=product_label(p),
                height_cm=p.height_cm,
                onix_form_code=p.onix_form_code,
            )
            for p in products
        ),
    )


def product_label(product) -> str:
    name = product.format_name or product.onix_form_code or "Product"
    height = f", {product.height_cm:.1f} cm" if product.height_cm else ""
    return f"{name} {product.isbn13}{height}".strip()
