"""API of the picture search from a title and of one picture: the same form and services as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.permissions import requires
from integration.models import Asset, Title
from integration.placements import print_size_cm
from integration.selectors.title_facts import title_facts
from integration.services.assets import asset_get_fresh
from integration.services.search import title_search_run


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
    last_page = serializers.IntegerField(
        help_text="The last page with pictures (Getty pages no deeper than 1000)."
    )
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
        return print_size_cm(asset.max_width)

    def get_print_height_cm(self, asset) -> float | None:
        return print_size_cm(asset.max_height)


SEARCH_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=description)
    for name, description in [
        (
            "purpose",
            "front_cover | back_cover | interior | marketing (default interior). The other filters start "
            "from the title's prefill for this placement, as on the page (a cover's orientation and print "
            "size, safe search for children's titles); a filter given empty clears it",
        ),
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
            404: OpenApiResponse(description="The page is past the last page; `detail` names the last page"),
            502: OpenApiResponse(description="Getty refused the search; `detail` says why"),
            503: OpenApiResponse(description="Getty could not answer now; `detail` says why"),
        },
    )
    def get(self, request, pk: int):
        title = get_object_or_404(Title, pk=pk)
        search = title_search_run(facts=title_facts(title), data=request.query_params, fill_from_title=True)
        if search.outcome is None:
            raise ValidationError(search.form.errors.get_json_data())
        outcome = search.outcome
        need = search.print_need.pixels if search.print_need else None
        if not outcome.ok:
            raise outcome.failure
        if outcome.past_the_end:
            raise NotFound(
                f"Page {outcome.page_number} is past the end: {outcome.page.result_count} pictures fill "
                f"{outcome.last_page} page(s); ask for page {outcome.last_page} or earlier."
            )
        page = outcome.page
        body = {
            "family": page.family,
            "phrase": outcome.params.get("phrase", ""),
            "page": int(outcome.params["page"]),
            "page_size": int(outcome.params["page_size"]),
            "last_page": outcome.last_page,
            "result_count": page.result_count,
            "from_cache": outcome.from_cache,
            "min_pixel_height": need,
            "getty_params": outcome.params,
            "auto_corrected_phrase": page.auto_corrected_phrase,
            "related_searches": list(page.related_searches),
            "hits": list(page.hits),
        }
        serializer = PictureSearchOutputSerializer(body, context={"min_pixel_height": need})
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
        asset = asset_get_fresh(getty_id=getty_id)
        return Response(AssetOutputSerializer(asset).data)
