"""The clearance API: run a check, read checks, record a cleared reprint's printing.

Thin views over the services of rights/services/clearance.py (the same the pages call): input
serializers bound and parse, the service decides, its refusals come back as field errors (400) or
through config/exceptions.py (403 for roles).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals.inputs import PRODUCTS_MAX, TERRITORIES_MAX
from approvals.models.requests import Channel
from config.inputs import bounded_list_serializer_field, count_serializer_field, id_serializer_field, parse_id
from config.permissions import requires
from integration.models import Product, Title
from integration.territories import territory_codes, unknown_territories, unknown_territories_message

from . import clearance_selectors as selectors
from .clearance_errors import ClearanceInvalid
from .models import ClearanceCheck
from .services.clearance import (
    NOTE_MAX,
    PRINTING_PERMISSION,
    RUN_PERMISSION,
    VIEW_PERMISSION,
    ClearanceEvent,
    clearance_check,
    clearance_record_printing,
)

LIST_MAX = 100
CanRead = requires(VIEW_PERMISSION, message="You cannot see clearance checks.")
CanRun = requires(RUN_PERMISSION, message="You cannot run clearance checks (Rights can).")
CanRecord = requires(PRINTING_PERMISSION, message="You cannot record printings (Rights can).")


class ClearanceInput(serializers.Serializer):
    title = id_serializer_field()
    kind = serializers.ChoiceField(choices=ClearanceCheck.Kind.choices)
    planned_on = serializers.DateField(help_text="Print date of a reprint; publication or release date else.")
    products = bounded_list_serializer_field(
        child=id_serializer_field(),
        max_count=PRODUCTS_MAX,
        noun="products",
        required=False,
        default=list,
        help_text="Ids of the title's products (required for a reprint or a new format).",
    )
    quantity = count_serializer_field(required=False, allow_null=True, help_text="Copies, for a reprint.")
    territories = bounded_list_serializer_field(
        child=serializers.CharField(max_length=10),
        max_count=TERRITORIES_MAX,
        noun="territories",
        required=False,
        default=list,
        help_text="WORLD or ISO 3166-1 codes; empty: where the products are for sale.",
    )
    channels = bounded_list_serializer_field(
        child=serializers.ChoiceField(choices=Channel.choices),
        max_count=len(Channel.choices),
        noun="channels",
        required=False,
        default=list,
        help_text="Checked as well as the event's own (print for a reprint, digital for an edition).",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_MAX)

    def validate_territories(self, value: list[str]) -> list[str]:
        codes = territory_codes(value)
        if unknown := unknown_territories(codes):
            raise serializers.ValidationError(unknown_territories_message(unknown))
        return list(codes)

    def title_and_event(self) -> tuple[Title, ClearanceEvent]:
        data = self.validated_data
        title = Title.objects.filter(pk=data["title"]).first()
        if title is None:
            raise serializers.ValidationError({"title": ["No such title."]})
        wanted = set(data["products"])
        products = list(Product.objects.filter(pk__in=wanted, title=title))
        if len(products) != len(wanted):
            raise serializers.ValidationError({"products": [f"Every product must be one of {title}."]})
        return title, ClearanceEvent(
            kind=data["kind"],
            planned_on=data["planned_on"],
            products=tuple(products),
            quantity=data.get("quantity"),
            territories=tuple(data["territories"]),
            channels=tuple(data["channels"]),
            note=data["note"],
        )


class ClearanceReasonOutput(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code, e.g. territory_not_covered, print_run_over_cap.")
    blocking = serializers.BooleanField()
    message = serializers.CharField()
    fix = serializers.CharField(help_text="terms (renew or extend the licence's terms), replace, or empty.")
    fix_url = serializers.CharField(help_text="The page where it is fixed; empty when none.")
    fix_label = serializers.CharField(help_text="What the fix is, in words; empty when none.")


class ClearanceResultOutput(serializers.Serializer):
    licence = serializers.IntegerField(source="licence_id")
    asset = serializers.CharField(source="licence.asset.getty_id")
    usage = serializers.IntegerField(source="usage_id", allow_null=True)
    verdict = serializers.CharField()
    reasons = serializers.SerializerMethodField()
    terms = serializers.DictField(help_text="The licence's terms as they were judged.")

    @extend_schema_field(ClearanceReasonOutput(many=True))
    def get_reasons(self, obj):
        return ClearanceReasonOutput(
            selectors.reasons_of(obj, title_id=self.context["title_id"]), many=True
        ).data


class ClearanceProductRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    isbn13 = serializers.CharField()
    format_name = serializers.CharField()


class ClearanceCheckSummaryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.IntegerField(source="title_id")
    kind = serializers.CharField()
    planned_on = serializers.DateField()
    quantity = serializers.IntegerField(allow_null=True)
    territories = serializers.ListField(child=serializers.CharField())
    channels = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()
    verdict = serializers.CharField(help_text="go or no_go")
    pictures_checked = serializers.IntegerField()
    pictures_blocked = serializers.IntegerField()
    checked_by = serializers.CharField(source="checked_by.username", default=None, allow_null=True)
    checked_at = serializers.DateTimeField()
    printing_recorded_at = serializers.DateTimeField(allow_null=True)


class ClearanceCheckOutput(ClearanceCheckSummaryOutput):
    products = ClearanceProductRefOutput(many=True, source="products.all")
    printing_recorded_by = serializers.CharField(
        source="printing_recorded_by.username", default=None, allow_null=True
    )
    results = serializers.SerializerMethodField()

    @extend_schema_field(ClearanceResultOutput(many=True))
    def get_results(self, obj):
        return ClearanceResultOutput(obj.results.all(), many=True, context={"title_id": obj.title_id}).data


class ClearanceCheckListOutput(serializers.Serializer):
    results = ClearanceCheckSummaryOutput(many=True)


def _check_body(pk: int) -> dict:
    check = selectors.check_with_results(pk)
    if check is None:
        raise NotFound("No such clearance check.")
    return ClearanceCheckOutput(check).data


class ClearanceCheckListApi(APIView):
    """GET: recent checks (`?title=<id>` for one title's). POST: run a check (Rights)."""

    def get_permissions(self):
        return [CanRun() if self.request.method == "POST" else CanRead()]

    @extend_schema(
        operation_id="rights_clearance_checks_list",
        parameters=[OpenApiParameter("title", OpenApiTypes.INT, description="Only this title's checks.")],
        responses=ClearanceCheckListOutput,
    )
    def get(self, request):
        title_id = None
        if "title" in request.query_params:
            title_id = parse_id(request.query_params.get("title"))
            if title_id is None:
                raise serializers.ValidationError({"title": ["A title id: digits, at least 1."]})
        checks = selectors.recent_checks(title_id=title_id)[:LIST_MAX]
        return Response({"results": ClearanceCheckSummaryOutput(checks, many=True).data})

    @extend_schema(
        operation_id="rights_clearance_check_run",
        request=ClearanceInput,
        responses={201: ClearanceCheckOutput},
    )
    def post(self, request):
        payload = ClearanceInput(data=request.data)
        payload.is_valid(raise_exception=True)
        title, event = payload.title_and_event()
        try:
            check = clearance_check(title=title, event=event, by=request.user)
        except ClearanceInvalid as exc:
            raise serializers.ValidationError({exc.field or "non_field_errors": [exc.message]})
        return Response(_check_body(check.pk), status=201)


class ClearanceCheckDetailApi(APIView):
    permission_classes = [CanRead]

    @extend_schema(operation_id="rights_clearance_check_retrieve", responses=ClearanceCheckOutput)
    def get(self, request, pk: int):
        return Response(_check_body(pk))


class ClearanceRecordPrintingApi(APIView):
    """POST: record a cleared reprint's copies as a printing of each picture's usage (once)."""

    permission_classes = [CanRecord]

    @extend_schema(
        operation_id="rights_clearance_check_record_printing", request=None, responses=ClearanceCheckOutput
    )
    def post(self, request, pk: int):
        check = ClearanceCheck.objects.filter(pk=pk).first()
        if check is None:
            raise NotFound("No such clearance check.")
        clearance_record_printing(check=check, by=request.user)
        return Response(_check_body(pk))
