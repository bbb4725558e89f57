"""Read-only API of the Title/Product mirror: the titles page's filters, as JSON."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter

from integration.models import Product, Title
from integration.selectors import titles as title_selectors

from .filters import ProductFilter, TitleFilter, TitleSearchFilter


class SubjectOutputSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    code = serializers.CharField()
    description = serializers.CharField(allow_blank=True)


class ProductOutputSerializer(serializers.ModelSerializer):
    title_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "consonance_id",
            "title_id",
            "full_title",
            "subtitle",
            "isbn13",
            "onix_form_code",
            "format_name",
            "edition_name",
            "publication_date",
            "publishing_status",
            "for_sale_worldwide",
            "for_sale_countries",
            "not_for_sale_countries",
            "height_cm",
            "page_count",
            "synced_at",
        ]


class ProductSummaryOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "isbn13", "onix_form_code", "format_name", "publication_date"]


class TitleListOutputSerializer(serializers.ModelSerializer):
    subjects = SubjectOutputSerializer(many=True)
    products = ProductSummaryOutputSerializer(many=True)

    class Meta:
        model = Title
        fields = [
            "id",
            "consonance_id",
            "title",
            "subtitle",
            "contributors",
            "imprint_id",
            "imprint_name",
            "first_publication_date",
            "subjects",
            "is_active",
            "products",
        ]


class TitleDetailOutputSerializer(TitleListOutputSerializer):
    products = ProductOutputSerializer(many=True)

    class Meta(TitleListOutputSerializer.Meta):
        fields = [
            *TitleListOutputSerializer.Meta.fields,
            "work_type",
            "edition_number",
            "series",
            "supporting_resources",
            "todos",
            "synced_at",
        ]


@extend_schema_view(
    get=extend_schema(
        summary="List titles",
        description=(
            "Titles mirrored from Consonance, active ones unless `include_inactive=true`. "
            "Filters combine; `search` matches title, subtitle, contributors and ISBN-13."
        ),
    )
)
class TitleListApi(generics.ListAPIView):
    serializer_class = TitleListOutputSerializer
    filter_backends = [DjangoFilterBackend, TitleSearchFilter, OrderingFilter]
    filterset_class = TitleFilter
    ordering_fields = ["title", "first_publication_date", "imprint_name", "id"]
    ordering = ["title", "id"]

    def get_queryset(self):
        # Every title; TitleFilter drops the inactive ones unless asked, as the titles page does.
        return title_selectors.title_queryset(include_inactive=True)


@extend_schema_view(
    get=extend_schema(
        summary="One title with its products",
        responses={200: TitleDetailOutputSerializer, 404: OpenApiResponse(description="No such title")},
    )
)
class TitleDetailApi(generics.RetrieveAPIView):
    serializer_class = TitleDetailOutputSerializer

    def get_object(self):
        title = title_selectors.title_detail(self.kwargs["pk"])
        if title is None:
            raise NotFound("No such title.")
        return title


@extend_schema_view(get=extend_schema(summary="List products (editions and formats)"))
class ProductListApi(generics.ListAPIView):
    serializer_class = ProductOutputSerializer
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = ProductFilter
    ordering_fields = ["publication_date", "isbn13", "id"]

    def get_queryset(self):
        return title_selectors.product_queryset()


@extend_schema_view(
    get=extend_schema(
        summary="One product",
        responses={200: ProductOutputSerializer, 404: OpenApiResponse(description="No such product")},
    )
)
class ProductDetailApi(generics.RetrieveAPIView):
    serializer_class = ProductOutputSerializer

    def get_object(self):
        product = title_selectors.product_detail(self.kwargs["pk"])
        if product is None:
            raise NotFound("No such product.")
        return product
