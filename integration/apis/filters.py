"""Query-string filters of the titles and products API: the same selector functions the titles page uses."""

import django_filters
from rest_framework.filters import SearchFilter

from config.inputs import ID_MAX, NumberField
from integration.models import Product, Title
from integration.selectors import titles as title_selectors


class TitleFilter(django_filters.FilterSet):
    imprint = django_filters.CharFilter(
        method="filter_imprint", label="Imprint name, exact (case-insensitive)"
    )
    format = django_filters.CharFilter(
        method="filter_format", label="Product format: ONIX form code (BB) or format name (Hardback)"
    )
    published_from = django_filters.DateFilter(
        method="filter_published_from", label="First publication on or after (YYYY-MM-DD)"
    )
    published_to = django_filters.DateFilter(
        method="filter_published_to", label="First publication on or before (YYYY-MM-DD)"
    )
    subject = django_filters.CharFilter(method="filter_subject", label="Subject code or words")
    include_inactive = django_filters.BooleanFilter(
        method="filter_include_inactive", label="Also list titles no longer in Consonance"
    )

    class Meta:
        model = Title
        fields = ["imprint", "format", "published_from", "published_to", "subject", "include_inactive"]

    def filter_imprint(self, queryset, name, value):
        return title_selectors.titles_of_imprint(queryset, value)

    def filter_format(self, queryset, name, value):
        return title_selectors.titles_in_format(queryset, value)

    def filter_published_from(self, queryset, name, value):
        return title_selectors.titles_published_between(queryset, value, None)

    def filter_published_to(self, queryset, name, value):
        return title_selectors.titles_published_between(queryset, None, value)

    def filter_subject(self, queryset, name, value):
        return title_selectors.titles_about(queryset, value)

    def filter_include_inactive(self, queryset, name, value):
        # The view starts from every title; without this flag only active ones remain.
        return queryset

    @property
    def qs(self):
        titles = super().qs
        if not self.form.cleaned_data.get("include_inactive"):
            titles = titles.filter(is_active=True)
        return titles


class TitleSearchFilter(SearchFilter):
    """`?search=` with the titles page's rules: every word in title, subtitle, contributors or an ISBN."""

    def filter_queryset(self, request, queryset, view):
        query = request.query_params.get(self.search_param, "")
        return title_selectors.titles_matching(queryset, query)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["description"] = (
                "Words that must each appear in title, subtitle, contributors or ISBN-13."
            )
        return parameters


class IdFilter(django_filters.NumberFilter):
    """A row id in ASCII digits, no more than the column holds: anything else is a 400."""

    field_class = NumberField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=ID_MAX, **kwargs)


class ProductFilter(django_filters.FilterSet):
    isbn13 = django_filters.CharFilter(method="filter_isbn13", label="ISBN-13 (hyphens allowed)")
    format = django_filters.CharFilter(
        method="filter_format", label="ONIX form code (BB) or format name (Hardback)"
    )
    title = IdFilter(method="filter_title", label="Title id")

    class Meta:
        model = Product
        fields = ["isbn13", "format", "title"]

    def filter_isbn13(self, queryset, name, value):
        return title_selectors.products_with_isbn(queryset, value)

    def filter_format(self, queryset, name, value):
        return title_selectors.products_in_format(queryset, value)

    def filter_title(self, queryset, name, value):
        return title_selectors.products_of_title(queryset, value)
