"""API of the picture search from a title and of one picture: the same form and services as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.permissions import requires
from integration.forms.search import PictureSearchForm
from integration.getty import query_builder as qb
from integration.models import Asset, Title
from integration.selectors.title_facts import title_facts
from integration.services.assets import asset_get_fresh
from integration.services.search import picture_search


class PictureHitOutputSerializer(serializers.Serializer):
    getty_id = serializers.CharField()
    title = serializers.CharField()
    comp_url = serializers.CharField()
    thumb_url = serializers.CharField()
    asset_family = serializers.CharField()
    license_model = serializers.CharField()
    collection_name = serializers.CharField()
    artist = serializers.CharField()
    max_width = serializers.IntegerField(allow_null=True)
    max_height = serializers.IntegerField(allow_null=True)
    editorial_use_only = serializers.BooleanField()
    rights_managed = serializers.BooleanField(source="is_rights_managed")
    too_small_for_print = serializers.SerializerMethodField()

    def get_too_small_for_print(self, hit) -> bool:
        return hit.too_small_for(self.context.get("min_pixel_height"))


class PictureSearchOutputSerializer(serializers.Serializer):
    family = serializers.CharField()
    phrase = serializers.CharField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    result_count = serializers.IntegerField()
    from_cache = serializers.BooleanField()
    min_pixel_height = serializers.IntegerField(allow_null=True)
    getty_params = serializers.DictField(child=serializers.CharField())
    auto_corrected_phrase = serializers.CharField(allow_null=True)
    related_searches = serializers.ListField(child=serializers.CharField())
    hits = PictureHitOutputSerializer(many=True)


class AssetOutputSerializer(serializers.ModelSerializer):
    editorial_use_only = serializers.BooleanField(source="is_editorial_use_only")
    rights_managed = serializers.BooleanField(source="is_rights_managed")
    print_width_cm = serializers.SerializerMethodField()
    print_height_cm = serializers.SerializerMethodField()

    class Meta:
        model = Asset
        fields = [
            "getty_id", "title", "caption", "artist", "copyright", "credit_line", "asset_family",
            "license_model", "collection_code", "collection_id", "collection_name", "date_created",
            "graphical_style", "orientation", "max_width", "max_height", "how_can_i_use_it", "release_info",
            "usage_restrictions", "keywords", "editorial_segments", "people", "thumb_url", "comp_url",
            "preview_url", "fetched_at", "withdrawn_at", "editorial_use_only", "rights_managed",
            "print_width_cm", "print_height_cm",
        ]  # fmt: skip

    def get_print_width_cm(self, asset) -> float | None:
        return qb.print_size_cm(asset.max_width)

    def get_print_height_cm(self, asset) -> float | None:
        return qb.print_size_cm(asset.max_height)


SEARCH_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=description)
    for name, description in [
        ("purpose", "front_cover | back_cover | interior | marketing (default interior)"),
        ("product", "product id whose trim height a cover must print at (default: the tallest)"),
        ("phrase", "search words"),
        ("family", "creative | editorial"),
        (
            "orientations",
            "repeatable: horizontal, vertical, square, panoramic_horizontal, panoramic_vertical",
        ),
        ("number_of_people", "repeatable: none, one, two, group"),
        ("compositions", "repeatable, Getty's composition names"),
        ("graphical_styles", "repeatable: fine_art (creative), illustration, photography, vector"),
        ("minimum_size", "x_small … xx_large"),
        ("moods", "repeatable, creative only"),
        ("editorial_segments", "repeatable, editorial only"),
        ("date_from", "YYYY-MM-DD, editorial only"),
        ("date_to", "YYYY-MM-DD, editorial only"),
        ("collection_codes", "comma-separated codes"),
        ("collections_filter_type", "include | exclude"),
        ("safe_search", "true to hide nudity (creative)"),
        ("sort_order", "best_match | most_popular | newest | oldest (editorial) | random"),
        ("page", "from 1"),
        ("page_size", "1-100"),
    ]
]


class TitlePictureSearchApi(APIView):
    permission_classes = [IsAuthenticated, requires("integration.view_title", "integration.search_getty")]

    @extend_schema(
        summary="Search Getty for pictures for a title",
        parameters=SEARCH_PARAMETERS,
        responses={
            200: PictureSearchOutputSerializer,
            400: OpenApiResponse(description="Field errors"),
            503: OpenApiResponse(description="Getty could not answer; `detail` says why"),
        },
    )
    def get(self, request, pk: int):
        title = get_object_or_404(Title, pk=pk)
        facts = title_facts(title)
        form = PictureSearchForm(
            request.query_params, product_choices=[(p.id, p.label) for p in facts.products]
        )
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        built = qb.build_search(
            facts, form.cleaned_data["purpose"], product_id=form.cleaned_data.get("product")
        )
        query = form.to_query(min_pixel_height=built.min_pixel_height, trim_height_cm=built.trim_height_cm)
        outcome = picture_search(query=query)
        if not outcome.ok:
            return Response({"detail": outcome.error}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        page = outcome.page
        body = {
            "family": page.family,
            "phrase": outcome.params.get("phrase", ""),
            "page": int(outcome.params["page"]),
            "page_size": int(outcome.params["page_size"]),
            "result_count": page.result_count,
            "from_cache": outcome.from_cache,
            "min_pixel_height": query.min_pixel_height,
            "getty_params": outcome.params,
            "auto_corrected_phrase": page.auto_corrected_phrase,
            "related_searches": list(page.related_searches),
            "hits": list(page.hits),
        }
        serializer = PictureSearchOutputSerializer(body, context={"min_pixel_height": query.min_pixel_height})
        return Response(serializer.data)


class PictureDetailApi(APIView):
    permission_classes = [IsAuthenticated, requires("integration.view_asset")]

    @extend_schema(
        summary="Everything Getty says about one picture (refreshed when stale)",
        responses={
            200: AssetOutputSerializer,
            404: OpenApiResponse(description="Getty does not know this picture"),
            503: OpenApiResponse(description="Getty could not answer; `detail` says why"),
        },
    )
    def get(self, request, getty_id: str):
        asset = asset_get_fresh(getty_id=getty_id[:64])
        return Response(AssetOutputSerializer(asset).data)
