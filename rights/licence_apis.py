"""The licences API: licences (list with filters, one with its usages and history), usages, and the
exports (the permissions log as CSV, a title's evidence pack as a zip).

Thin views over the same selectors and export functions as the pages (rights/selectors.py,
rights/permissions_log.py, rights/evidence_pack.py, through rights/export_views.py), with the same
permissions: `rights.view_licence` for licences and the log (Rights, Legal, Production),
`rights.view_usage` for usages, and also `rights.view_download` for the evidence pack.
"""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.views import APIView

from config.inputs import id_serializer_field
from config.permissions import requires
from integration.apis.filters import IdFilter
from integration.getty.ids import GETTY_ID_MAX, validate_getty_id
from integration.models import Asset, Product, Title
from integration.placements import Placement

from . import selectors
from .export_views import VIEW_DOWNLOADS, evidence_pack_response, permissions_log_response
from .models import Licence, LicenceEvent, Usage
from .views import VIEW_LICENCES

VIEW_USAGES = "rights.view_usage"
CanReadLicences = requires(VIEW_LICENCES, message="You cannot see licences.")
CanReadUsages = requires(VIEW_USAGES, message="You cannot see where licensed pictures are used.")
CanTakeEvidence = requires(
    VIEW_LICENCES, VIEW_DOWNLOADS, message="You cannot export licences with their Getty download records."
)


# --- output --------------------------------------------------------------------------------------------


class ProductRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "isbn13", "format_name", "onix_form_code", "publication_date"]


class PrintingOutput(serializers.Serializer):
    quantity = serializers.IntegerField()
    printed_on = serializers.DateField()
    note = serializers.CharField()


class UsageOutput(serializers.ModelSerializer):
    licence = serializers.IntegerField(source="licence_id")
    title = serializers.IntegerField(source="title_id")
    products = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    printed = serializers.SerializerMethodField(help_text="Copies printed so far: the sum of the printings.")
    printings = PrintingOutput(many=True, source="printings.all")

    class Meta:
        model = Usage
        fields = ["id", "licence", "title", "placement", "status", "products", "printed", "printings", "note",
                  "created_at"]  # fmt: skip

    def get_printed(self, usage) -> int:
        return sum(printing.quantity for printing in usage.printings.all())  # prefetched


class LicenceOutput(serializers.ModelSerializer):
    title = serializers.IntegerField(source="title_id")
    title_name = serializers.CharField(source="title.full_title")
    request = serializers.IntegerField(source="request_id")
    asset = serializers.CharField(source="asset.getty_id", help_text="The Getty image id.")
    products = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Products covered.")
    confirmed = serializers.BooleanField(source="is_confirmed", help_text="Legal has confirmed the terms.")

    class Meta:
        model = Licence
        fields = ["id", "status", "title", "title_name", "request", "asset", "license_model", "territories",
                  "channels", "products", "print_run_cap", "valid_from", "valid_until", "perpetual", "fee",
                  "fee_currency", "licence_reference", "credit_line", "confirmed", "legal_confirmed_at",
                  "version", "created_at", "updated_at"]  # fmt: skip


class LicenceEventOutput(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True)

    class Meta:
        model = LicenceEvent
        fields = ["kind", "actor", "reason", "details", "created_at"]


class StoredFileOutput(serializers.Serializer):
    stored = serializers.BooleanField(source="has_file")
    sha256 = serializers.CharField()
    bytes = serializers.IntegerField(allow_null=True)
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    content_type = serializers.CharField()


class LicenceDetailOutput(LicenceOutput):
    products = ProductRefOutput(many=True, source="products.all", help_text="Products covered.")
    usages = UsageOutput(many=True, source="usages.all")
    events = LicenceEventOutput(many=True, source="events.all")
    file = StoredFileOutput(source="download")
    legal_confirmed_by = serializers.CharField(
        source="legal_confirmed_by.username", default=None, allow_null=True
    )

    class Meta(LicenceOutput.Meta):
        fields = [*LicenceOutput.Meta.fields, "legal_confirmed_by", "notes", "downloaded_at",
                  "getty_product_id", "getty_product_type", "getty_product_name", "agreement_name",
                  "product_expires_at", "allowed_use", "release_info", "restrictions", "getty_credit_line",
                  "file", "usages", "events"]  # fmt: skip


# --- filters -------------------------------------------------------------------------------------------


class LicenceFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Licence.Status.choices, label="Licence status")
    title = IdFilter(field_name="title_id", label="Title id")
    asset = django_filters.CharFilter(
        field_name="asset__getty_id",
        max_length=GETTY_ID_MAX,
        validators=[validate_getty_id],
        label="Getty id",
    )
    license_model = django_filters.ChoiceFilter(choices=Asset.LicenseModel.choices, label="Licence model")
    ends_from = django_filters.DateFilter(
        field_name="valid_until", lookup_expr="gte", label="Last day on or after (YYYY-MM-DD)"
    )
    ends_to = django_filters.DateFilter(
        field_name="valid_until", lookup_expr="lte", label="Last day on or before (YYYY-MM-DD)"
    )
    confirmed = django_filters.BooleanFilter(
        field_name="legal_confirmed_at", lookup_expr="isnull", exclude=True, label="Terms confirmed by Legal"
    )

    class Meta:
        model = Licence
        fields = ["status", "title", "asset", "license_model", "ends_from", "ends_to", "confirmed"]


class UsageFilter(django_filters.FilterSet):
    licence = IdFilter(field_name="licence_id", label="Licence id")
    title = IdFilter(field_name="title_id", label="Title id")
    status = django_filters.ChoiceFilter(choices=Usage.Status.choices, label="Usage status")
    placement = django_filters.ChoiceFilter(choices=Placement.choices, label="Placement")

    class Meta:
        model = Usage
        fields = ["licence", "title", "status", "placement"]


# --- views ---------------------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List licences",
        description="Newest first unless `ordering` says otherwise. Filters combine.",
    )
)
class LicenceListApi(generics.ListAPIView):
    permission_classes = [CanReadLicences]
    serializer_class = LicenceOutput
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = LicenceFilter
    ordering_fields = ["valid_until", "created_at", "id"]

    def get_queryset(self):
        return selectors.licence_list().prefetch_related("products")


@extend_schema_view(
    get=extend_schema(
        summary="One licence: what Getty said, the terms, the stored file, usages and printings, history",
        responses={200: LicenceDetailOutput, 404: OpenApiResponse(description="No such licence")},
    )
)
class LicenceDetailApi(generics.RetrieveAPIView):
    permission_classes = [CanReadLicences]
    serializer_class = LicenceDetailOutput

    def get_object(self):
        licence = selectors.licence_page(self.kwargs["pk"])
        if licence is None:
            raise NotFound("No such licence.")
        return licence


@extend_schema_view(
    get=extend_schema(summary="List usages: where licensed pictures are used, with printings")
)
class UsageListApi(generics.ListAPIView):
    permission_classes = [CanReadUsages]
    serializer_class = UsageOutput
    filter_backends = [DjangoFilterBackend]
    filterset_class = UsageFilter

    def get_queryset(self):
        return selectors.usage_list()


class ForcedJSONErrors:
    """Views that answer a file: refusals still come as JSON whatever the Accept header asked for."""

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


class PermissionsLogInput(serializers.Serializer):
    title = id_serializer_field(required=False, help_text="One title's log; every title's when left out.")


class PermissionsLogApi(ForcedJSONErrors, APIView):
    permission_classes = [CanReadLicences]

    @extend_schema(
        summary="The permissions log as CSV (every title, or one with ?title=)",
        description=(
            "One line per licence with the columns of a publisher's permissions log: item, source, rights "
            "holder, credit line, fee, territory, term, print run, placement, formats, restrictions, "
            "releases, status (and a few more). UTF-8 with a byte-order mark; streamed. Cells that start "
            "with = + - @ get a leading apostrophe so a spreadsheet shows them and runs nothing."
        ),
        parameters=[PermissionsLogInput],
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            404: OpenApiResponse(description="No such title"),
        },
    )
    def get(self, request):
        data = PermissionsLogInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        title = None
        if "title" in data.validated_data:
            title = Title.objects.filter(pk=data.validated_data["title"]).first()
            if title is None:
                raise NotFound("No such title.")
        return permissions_log_response(title=title)


class EvidencePackApi(ForcedJSONErrors, APIView):
    permission_classes = [CanTakeEvidence]

    @extend_schema(
        summary="A title's evidence pack (zip)",
        description=(
            "The title's permissions log, each licence with its terms, history and the approval history of "
            "its request, the Getty download records, SHA256SUMS of the stored files and a manifest of the "
            "pack. Refused with 400 past the configured number of licences or size."
        ),
        responses={
            (200, "application/zip"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No such title"),
        },
    )
    def get(self, request, pk: int):
        title = Title.objects.filter(pk=pk).first()
        if title is None:
            raise NotFound("No such title.")
        return evidence_pack_response(title=title, actor=request.user)
