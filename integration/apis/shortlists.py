"""API of a title's shortlist, visual themes and reference imagery: the services the pages call."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.permissions import requires
from integration.getty.ids import GETTY_ID_MAX, validate_getty_id
from integration.models import Asset, ReferenceImage, ShortlistItem, Title, VisualTheme
from integration.selectors import shortlists as selectors
from integration.services import shortlists as shortlist_services
from integration.services import themes as theme_services
from integration.services.assets import asset_get_fresh


class AssetSummaryOutputSerializer(serializers.ModelSerializer):
    editorial_use_only = serializers.BooleanField(source="is_editorial_use_only")
    rights_managed = serializers.BooleanField(source="is_rights_managed")

    class Meta:
        model = Asset
        fields = ["getty_id", "title", "thumb_url", "comp_url", "max_width", "max_height", "license_model",
                  "asset_family", "editorial_use_only", "rights_managed"]  # fmt: skip


class ShortlistItemOutputSerializer(serializers.ModelSerializer):
    asset = AssetSummaryOutputSerializer()
    added_by = serializers.CharField(source="added_by.username", default=None, allow_null=True)

    class Meta:
        model = ShortlistItem
        fields = ["id", "asset", "note", "position", "added_by", "added_at"]


class ShortlistAddInputSerializer(serializers.Serializer):
    getty_id = serializers.CharField(max_length=GETTY_ID_MAX, validators=[validate_getty_id])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ShortlistChangeInputSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True)


class ShortlistMoveInputSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["up", "down"])


class VisualThemeOutputSerializer(serializers.ModelSerializer):
    source_getty_id = serializers.CharField(source="source_asset.getty_id", default=None, allow_null=True)

    class Meta:
        model = VisualTheme
        fields = ["id", "name", "source", "keyword_id", "source_getty_id", "added_at"]


class VisualThemeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    keyword_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    getty_id = serializers.CharField(
        max_length=GETTY_ID_MAX, validators=[validate_getty_id], required=False, allow_blank=True, default=""
    )


class ReferenceImageOutputSerializer(serializers.ModelSerializer):
    asset = AssetSummaryOutputSerializer()

    class Meta:
        model = ReferenceImage
        fields = ["id", "asset", "note", "added_at"]


# Adding a picture Picture Desk has not seen yet asks Getty for it.
GETTY_LOOKUP_RESPONSES = {
    404: OpenApiResponse(description="Getty does not know this picture"),
    503: OpenApiResponse(description="Getty could not answer; `detail` says why"),
}


def _asset(getty_id: str, *, user, permission: str) -> Asset:
    """The picture to add, asked of Getty only for a caller who may add it: a refused caller spends no
    Getty call and stores no asset."""
    shortlist_services.require_permission(user, permission)
    return Asset.objects.filter(getty_id=getty_id).first() or asset_get_fresh(getty_id=getty_id)


class ShortlistApi(APIView):
    permission_classes = [IsAuthenticated, requires("integration.view_title")]

    @extend_schema(
        summary="A title's shortlist, in order", responses=ShortlistItemOutputSerializer(many=True)
    )
    def get(self, request, pk: int):
        title = get_object_or_404(Title, pk=pk)
        return Response(ShortlistItemOutputSerializer(selectors.shortlist_items(title.pk), many=True).data)

    @extend_schema(
        summary="Add a picture to the shortlist",
        request=ShortlistAddInputSerializer,
        responses={201: ShortlistItemOutputSerializer, **GETTY_LOOKUP_RESPONSES},
    )
    def post(self, request, pk: int):
        title = get_object_or_404(Title, pk=pk)
        data = ShortlistAddInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        asset = _asset(
            data.validated_data["getty_id"], user=request.user, permission="integration.add_shortlistitem"
        )
        item = shortlist_services.shortlist_add(
            title=title, asset=asset, user=request.user, note=data.validated_data["note"]
        )
        return Response(ShortlistItemOutputSerializer(item).data, status=status.HTTP_201_CREATED)


class ShortlistItemApi(APIView):
    permission_classes = [IsAuthenticated, requires("integration.view_title")]

    @extend_schema(
        summary="Change a shortlist note",
        request=ShortlistChangeInputSerializer,
        responses=ShortlistItemOutputSerializer,
    )
    def patch(self, request, pk: int, item_id: int):
        item = get_object_or_404(ShortlistItem, pk=item_id, title_id=pk)
        data = ShortlistChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shortlist_services.shortlist_update_note(
            item=item, user=request.user, note=data.validated_data["note"]
        )
        item.refresh_from_db()
        return Response(ShortlistItemOutputSerializer(item).data)

    @extend_schema(summary="Remove a picture from the shortlist", responses={204: None})
    def delete(self, request, pk: int, item_id: int):
        item = get_object_or_404(ShortlistItem, pk=item_id, title_id=pk)
        shortlist_services.shortlist_remove(item=item, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ShortlistMoveApi(APIView):
    permission_classes = [IsAuthenticated, requires("integration.view_title")]

    @extend_schema(
        summary="Move a picture up or down the shortlist",
        request=ShortlistMoveInputSerializer,
        responses=ShortlistItemOutputSerializer(many=True),
    )
    def post(self, request, pk: int, item_id: int):
        item = get_object_or_404(ShortlistItem, pk=item_id, title_id=pk)
        data = ShortlistMoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shortlist_services.shortlist_move(
            item=item, user=request.user, direction=data.validated_data["direction"]
        )
        return Response(ShortlistItemOutputSerializer(selectors.shortlist_items(pk), many=True).data)


class VisualThemeListApi(APIView):
    permission_classes = [IsAuthenticated, requires("integration.view_title")]

    @extend_schema(summary="A title's visual themes", responses=VisualThemeOutputSerializer(many=True))
    def get(self, request, pk: int):
        title = get_object_or_404(Title, pk=pk)
        return Response(VisualThemeOutputSerializer(selectors.visual_themes(title.pk), many=True).data)

    @extend_schema(
        summary="Tag the title with a visual theme (typed, or a Getty keyword with keyword_id and getty_id)",
        request=VisualThemeInputSerializer,
        responses={201: VisualThemeOutputSerializer},
    )
    def post(self, request, pk: int):
        title = get_object_or_404(Title, pk=pk)
        data = VisualThemeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        getty_id = data.validated_data["getty_id"]
        theme = theme_services.visual_theme_add(
            title=title,
            name=data.validated_data["name"],
            user=request.user,
            keyword_id=data.validated_data["keyword_id"],
            source_asset=Asset.objects.filter(getty_id=getty_id).first() if getty_id else None,
        )
        return Response(VisualThemeOutputSerializer(theme).data, status=status.HTTP_201_CREATED)


class VisualThemeApi(APIView):
    permission_classes = [IsAuthenticated, requires("integration.view_title")]

    @extend_schema(summary="Remove a visual theme", responses={204: None})
    def delete(self, request, pk: int, theme_id: int):
        theme = get_object_or_404(VisualTheme, pk=theme_id, title_id=pk)
        theme_services.visual_theme_remove(theme=theme, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReferenceImageListApi(APIView):
    permission_classes = [IsAuthenticated, requires("integration.view_title")]

    @extend_schema(summary="A title's reference imagery", responses=ReferenceImageOutputSerializer(many=True))
    def get(self, request, pk: int):
        title = get_object_or_404(Title, pk=pk)
        return Response(ReferenceImageOutputSerializer(selectors.reference_images(title.pk), many=True).data)

    @extend_schema(
        summary="Keep a picture as reference imagery",
        request=ShortlistAddInputSerializer,
        responses={201: ReferenceImageOutputSerializer, **GETTY_LOOKUP_RESPONSES},
    )
    def post(self, request, pk: int):
        title = get_object_or_404(Title, pk=pk)
        data = ShortlistAddInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        asset = _asset(
            data.validated_data["getty_id"], user=request.user, permission="integration.add_referenceimage"
        )
        reference = theme_services.reference_image_add(
            title=title, asset=asset, user=request.user, note=data.validated_data["note"]
        )
        return Response(ReferenceImageOutputSerializer(reference).data, status=status.HTTP_201_CREATED)


class ReferenceImageApi(APIView):
    permission_classes = [IsAuthenticated, requires("integration.view_title")]

    @extend_schema(summary="Remove a reference image", responses={204: None})
    def delete(self, request, pk: int, reference_id: int):
        reference = get_object_or_404(ReferenceImage, pk=reference_id, title_id=pk)
        theme_services.reference_image_remove(reference=reference, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
