"""Typed views of what Consonance sends, parsed once at the boundary (`from_graphql`).

A field Consonance leaves null becomes "" / [] / None here, so the rest of the code never guesses.
Parsing errors (a missing id, a date that is not a date) raise ConsonanceBadResponse.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .errors import ConsonanceBadResponse, ConsonanceRejected


def as_text(value) -> str:
    return "" if value is None else str(value)


def as_strings(values) -> list[str]:
    return [str(v) for v in values or [] if v not in (None, "")]


def as_date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ConsonanceBadResponse(f"Consonance sent {value!r} where a date belongs.") from exc


def as_datetime(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise ConsonanceBadResponse(f"Consonance sent {value!r} where a time belongs.") from exc


def _centimetres(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ConsonanceBadResponse(f"Consonance sent {value!r} where a height belongs.") from exc


def as_id(data: dict, key: str = "id") -> int:
    try:
        return int(data[key])
    except (KeyError, TypeError, ValueError) as exc:
        raise ConsonanceBadResponse(f"Consonance sent a record without a usable {key}: {data!r:.99}") from exc


@dataclass(frozen=True, slots=True)
class SubjectCode:
    scheme: str  # BIC, THEMA or BISAC
    code: str
    description: str


@dataclass(frozen=True, slots=True)
class SeriesMembership:
    series_id: int | None
    series_name: str
    part_number: str


@dataclass(frozen=True, slots=True)
class SupportingResource:
    id: int
    url: str = ""
    caption: str = ""
    copyright: str = ""
    copyright_holder: str = ""
    required_credit: str = ""
    resource_variant: str = ""
    status: str = ""
    product_ids: list[int] = field(default_factory=list)
    filename: str = ""
    width: int | None = None
    height: int | None = None
    file_size: int | None = None
    image_content_type: str = ""
    is_processing: bool = False
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    external_ref: str = ""  # [extension] our idempotency marker, when Consonance stores it

    @classmethod
    def from_graphql(cls, data: dict) -> "SupportingResource":
        return cls(
            id=as_id(data),
            url=as_text(data.get("url")),
            caption=as_text(data.get("caption")),
            copyright=as_text(data.get("copyright")),
            copyright_holder=as_text(data.get("copyrightHolder")),
            required_credit=as_text(data.get("requiredCredit")),
            resource_variant=as_text(data.get("resourceVariant")),
            status=as_text(data.get("status")),
            product_ids=[int(i) for i in data.get("productIds") or []],
            filename=as_text(data.get("filename")),
            width=data.get("width"),
            height=data.get("height"),
            file_size=data.get("fileSize"),
            image_content_type=as_text(data.get("imageContentType")),
            is_processing=bool(data.get("isProcessing")),
            created_at=as_datetime(data.get("createdAt")),
            updated_at=as_datetime(data.get("updatedAt")),
            external_ref=as_text(data.get("externalRef")),
        )


@dataclass(frozen=True, slots=True)
class Product:
    id: int
    kind: str  # the GraphQL type: PhysicalBookProduct, ElectronicBookProduct, ...
    full_title: str
    subtitle: str
    isbn13: str
    form_code: str  # ONIX 2.1 product form, e.g. BB hardback, BC paperback, DG ebook
    format_name: str
    format_code: str
    edition_name: str
    publication_date: dt.date | None
    publishing_status: str
    for_sale_countries: list[str]
    not_for_sale_countries: list[str]
    for_sale_worldwide: bool
    marketing_text: str
    keywords: list[str]
    audience_code: str  # ONIX list 28, e.g. 01 general, 02 children, 03 young adult
    height_cm: Decimal | None
    page_count: int | None

    @classmethod
    def from_graphql(cls, data: dict) -> "Product":
        isbn = data.get("isbn") or {}
        in_house_format = data.get("inHouseFormat") or {}
        texts = [as_text(t.get("externalText")) for t in data.get("marketingTexts") or [] if t]
        return cls(
            id=as_id(data),
            kind=as_text(data.get("__typename")),
            full_title=as_text(data.get("fullTitle")),
            subtitle=as_text(data.get("subtitle")),
            isbn13=as_text(isbn.get("isbn13")).replace("-", ""),
            form_code=as_text(data.get("onix21ProductFormCode")).lstrip("_"),
            format_name=as_text(in_house_format.get("name")),
            format_code=as_text(in_house_format.get("code")),
            edition_name=as_text((data.get("inHouseEdition") or {}).get("name")),
            publication_date=as_date(data.get("publicationDate")),
            publishing_status=as_text(data.get("onixPublishingStatusCode")).lstrip("_"),
            for_sale_countries=as_strings(data.get("forSaleCountryCodes")),
            not_for_sale_countries=as_strings(data.get("notForSaleCountryCodes")),
            for_sale_worldwide=bool(data.get("isForSaleWorldwide")),
            marketing_text="\n\n".join(t for t in texts if t),
            keywords=as_strings(data.get("keywords")),
            audience_code=as_text(data.get("audienceCode")).lstrip("_"),
            height_cm=_centimetres(data.get("productHeight")),
            page_count=data.get("approximatePageCount"),
        )


@dataclass(frozen=True, slots=True)
class Work:
    id: int
    title: str
    subtitle: str
    work_type: str
    edition_number: int | None
    contributors: str
    imprint_id: int | None
    imprint_name: str
    subject_codes: list[SubjectCode]
    series: list[SeriesMembership]
    supporting_resources: list[SupportingResource]
    products: list[Product]

    @classmethod
    def from_graphql(cls, data: dict) -> "Work":
        imprint = data.get("imprint") or {}
        subjects = [
            SubjectCode(scheme, as_text(s.get("code")), as_text(s.get("description")))
            for scheme in ("THEMA", "BIC", "BISAC")
            for s in data.get(scheme.lower()) or []
            if s and s.get("code")
        ]
        series = [
            SeriesMembership(
                series_id=(m.get("series") or {}).get("id"),
                series_name=as_text((m.get("series") or {}).get("name")),
                part_number=as_text(m.get("partNumber")),
            )
            for m in data.get("seriesMemberships") or []
            if m
        ]
        return cls(
            id=as_id(data),
            title=as_text(data.get("title")),
            subtitle=as_text(data.get("subtitle")),
            work_type=as_text(data.get("workType")),
            edition_number=data.get("editionNumber"),
            contributors=as_text(data.get("contributorPrettyList")),
            imprint_id=imprint.get("id"),
            imprint_name=as_text(imprint.get("name")),
            subject_codes=subjects,
            series=series,
            supporting_resources=[
                SupportingResource.from_graphql(r) for r in data.get("supportingResources") or []
            ],
            products=[Product.from_graphql(p) for p in data.get("products") or []],
        )


@dataclass(frozen=True, slots=True)
class SupportingResourceResult:
    """What createSupportingResource answers: the resource, and where to PUT the file if we upload it."""

    supporting_resource: SupportingResource
    presigned_url: str = ""


def mutation_payload(data: dict, operation: str) -> dict:
    """The payload of a mutation; its user errors (`errors: [{field, message}]`) raise ConsonanceRejected."""
    payload = data.get(operation)
    if not isinstance(payload, dict):
        raise ConsonanceBadResponse(f"Consonance answered {operation} without a payload.")
    if payload.get("errors"):
        details = "; ".join(f"{e.get('field') or 'input'}: {e.get('message')}" for e in payload["errors"])
        raise ConsonanceRejected(f"Consonance refused {operation}: {details}", errors=payload["errors"])
    return payload
