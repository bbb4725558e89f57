"""The approvals API: thin views with input/output serializers over the same services as the pages."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from config.inputs import bounded_list_serializer_field, count_serializer_field, id_serializer_field
from config.permissions import requires
from integration.getty.ids import GETTY_ID_MAX, validate_getty_id
from integration.models import Asset, Product, Title
from integration.territories import territory_codes, unknown_territories, unknown_territories_message

from . import selectors, services
from .actions import Action, actions_for
from .inputs import BULK_APPROVE_MAX, PRODUCTS_MAX, TERRITORIES_MAX, version_serializer_field
from .models import ApprovalRequest
from .models.requests import WORLD, Channel, Currency, Placement
from .permissions import VIEW_PERMISSION

# Every approvals endpoint needs the right to see approval requests; what may be done to one
# request is the action layer's to say.
CanViewRequests = requires(VIEW_PERMISSION, message="You cannot see approval requests.")


class StepOutput(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField()
    position = serializers.IntegerField()
    name = serializers.CharField()
    group = serializers.CharField(source="group.name")
    status = serializers.CharField()
    skip_reason = serializers.CharField()
    assignee = serializers.CharField(source="assignee.username", default=None, allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = serializers.CharField(source="decided_by.username", default=None, allow_null=True)


class EventOutput(serializers.Serializer):
    kind = serializers.CharField()
    step = serializers.CharField(source="step.name", default=None, allow_null=True)
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True)
    step_from = serializers.CharField()
    step_to = serializers.CharField()
    request_from = serializers.CharField()
    request_to = serializers.CharField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class WaitingForOutput(serializers.Serializer):
    step = serializers.CharField()
    group = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)


class CheckOutput(serializers.Serializer):
    name = serializers.CharField()
    audience = serializers.CharField()
    outcome = serializers.CharField()
    message = serializers.CharField()


class RequestOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    round = serializers.IntegerField()
    asset = serializers.CharField(source="asset.getty_id")
    title = serializers.IntegerField(source="title_id")
    requester = serializers.CharField(source="requester.username")
    placement = serializers.CharField()
    channels = serializers.ListField(child=serializers.CharField())
    territories = serializers.ListField(child=serializers.CharField())
    print_run = serializers.IntegerField(allow_null=True)
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    fee = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    fee_currency = serializers.CharField()
    consonance_todo_id = serializers.CharField()
    waiting_for = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(WaitingForOutput(allow_null=True))
    def get_waiting_for(self, obj):
        step = obj.current_step
        if obj.status != ApprovalRequest.Status.IN_REVIEW or step is None:
            return None
        return {"step": step.name, "group": step.group.name, "due_at": step.due_at}


class RequestDetailOutput(RequestOutput):
    products = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    checks = serializers.SerializerMethodField()
    steps = StepOutput(many=True, source="steps.all")
    events = EventOutput(many=True, source="events.all")

    @extend_schema_field(OpenApiTypes.ANY)  # a list of ISBN-13s, or "all"
    def get_products(self, obj):
        return [p.isbn13 for p in obj.chosen_products] or "all"

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, obj):
        return [a.value for a in actions_for(self.context["user"], obj)]

    @extend_schema_field(CheckOutput(many=True))
    def get_checks(self, obj):
        return [
            {"name": c.name, "audience": str(c.audience), "outcome": str(c.outcome), "message": c.message}
            for c in selectors.checks_of(obj).checks
        ]


class IntendedUseInput(serializers.Serializer):
    placement = serializers.ChoiceField(choices=Placement.choices)
    products = bounded_list_serializer_field(
        child=id_serializer_field(), max_count=PRODUCTS_MAX, noun="products", required=False, default=list
    )
    channels = bounded_list_serializer_field(
        child=serializers.ChoiceField(choices=Channel.choices),
        max_count=len(Channel.choices),
        noun="channels",
        required=False,
        default=list,
    )
    territories = bounded_list_serializer_field(
        child=serializers.CharField(max_length=10),
        max_count=TERRITORIES_MAX,
        noun="territories",
        required=False,
        default=[WORLD],
    )
    print_run = count_serializer_field(required=False, allow_null=True)
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    fee = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    fee_currency = serializers.ChoiceField(
        choices=Currency.choices, required=False, default=Currency.GBP, help_text="ISO 4217 code."
    )
    consonance_todo_id = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)

    def validate_territories(self, value: list[str]) -> list[str]:
        codes = territory_codes(value)
        if unknown := unknown_territories(codes):
            raise serializers.ValidationError(unknown_territories_message(unknown))
        return list(codes)

    def intended_use(self, title: Title) -> services.IntendedUse:
        data = self.validated_data
        products = list(Product.objects.filter(pk__in=data["products"], title=title))
        if len(products) != len(set(data["products"])):
            raise serializers.ValidationError({"products": [f"Every product must belong to {title}."]})
        return services.IntendedUse(
            title=title,
            placement=data["placement"],
            products=tuple(products),
            channels=tuple(data["channels"]),
            territories=tuple(data["territories"]),
            print_run=data.get("print_run"),
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
            fee=data.get("fee"),
            fee_currency=data["fee_currency"],
            consonance_todo_id=data["consonance_todo_id"],
        )


class SubmitInput(IntendedUseInput):
    asset = serializers.CharField(
        max_length=GETTY_ID_MAX,
        validators=[validate_getty_id],
        help_text="Getty id of a picture on the title's shortlist.",
    )
    title = id_serializer_field()


class ResubmitInput(IntendedUseInput):
    version = version_serializer_field()


class DecisionInput(serializers.Serializer):
    version = version_serializer_field()
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    assignee = serializers.CharField(required=False, help_text="Username, for reassign.")


class BulkApproveInput(serializers.Serializer):
    class RequestRef(serializers.Serializer):
        id = id_serializer_field()
        version = version_serializer_field()

    requests = RequestRef(many=True, allow_empty=False, max_length=BULK_APPROVE_MAX)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


def _load(pk: int) -> ApprovalRequest:
    approval_request = selectors.request_page(pk)
    if approval_request is None:
        raise NotFound("No such approval request.")
    return approval_request


class RequestListOutput(serializers.Serializer):
    results = RequestOutput(many=True)


class BulkApproveOutput(serializers.Serializer):
    class ItemResult(serializers.Serializer):
        id = serializers.IntegerField()
        approved = serializers.BooleanField()
        message = serializers.CharField()

    results = ItemResult(many=True)


class RequestListApi(APIView):
    """GET: your requests (`?scope=mine`, default) or your queue (`?scope=queue`). POST: submit one."""

    permission_classes = [CanViewRequests]

    @extend_schema(
        operation_id="approvals_requests_list",
        parameters=[OpenApiParameter("scope", str, enum=["mine", "queue"])],
        responses=RequestListOutput,
    )
    def get(self, request):
        if request.query_params.get("scope") == "queue":
            steps = selectors.queue_loaded(selectors.queue_for(request.user, now=timezone.now()))[:200]
            rows = [step.request for step in steps]
        else:
            rows = list(selectors.requests_of(request.user)[:200])
        return Response({"results": RequestOutput(rows, many=True).data})

    @extend_schema(
        operation_id="approvals_request_submit", request=SubmitInput, responses={201: RequestDetailOutput}
    )
    def post(self, request):
        payload = SubmitInput(data=request.data)
        payload.is_valid(raise_exception=True)
        title = get_object_or_404(Title, pk=payload.validated_data["title"])
        asset = Asset.objects.filter(getty_id=payload.validated_data["asset"]).first()
        if asset is None:
            raise serializers.ValidationError({"asset": ["No such picture."]})
        created = services.request_submit(
            asset=asset, use=payload.intended_use(title), requester=request.user
        )
        body = RequestDetailOutput(_load(created.pk), context={"user": request.user}).data
        return Response(body, status=201)


class RequestDetailApi(APIView):
    permission_classes = [CanViewRequests]

    @extend_schema(operation_id="approvals_request_retrieve", responses=RequestDetailOutput)
    def get(self, request, pk: int):
        return Response(RequestDetailOutput(_load(pk), context={"user": request.user}).data)


ACTION_RESPONSES = {
    200: RequestDetailOutput,
    400: OpenApiResponse(description="Field errors, or the action refused; `detail` says why"),
    403: OpenApiResponse(description="You may not take this action on this request now"),
    409: OpenApiResponse(description="Someone else moved the request first; `detail` names who"),
}


def _act(request, approval_request: ApprovalRequest, action: Action, **inputs) -> Response:
    services.request_act(approval_request=approval_request, actor=request.user, action=action, **inputs)
    fresh = _load(approval_request.pk)
    return Response(RequestDetailOutput(fresh, context={"user": request.user}).data)


class RequestActionApi(APIView):
    """POST /api/approvals/requests/<id>/<action>/ with the version you saw."""

    permission_classes = [CanViewRequests]

    @extend_schema(operation_id="approvals_request_act", request=DecisionInput, responses=ACTION_RESPONSES)
    def post(self, request, pk: int, action: str):
        if action not in {a.value for a in Action} or action == Action.RESUBMIT:
            raise NotFound(f"Unknown action {action!r}; resubmit is PUT on the request.")
        payload = DecisionInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        assignee = None
        if action == Action.REASSIGN:
            assignee = get_user_model().objects.filter(username=data.get("assignee", "")).first()
            if assignee is None:
                raise serializers.ValidationError({"assignee": ["No such user."]})
        return _act(
            request,
            _load(pk),
            Action(action),
            version=data["version"],
            comment=data["comment"],
            assignee=assignee,
        )


class RequestResubmitApi(APIView):
    """PUT the edited intended use (with the version you saw) after changes were requested."""

    permission_classes = [CanViewRequests]

    @extend_schema(request=ResubmitInput, responses=ACTION_RESPONSES)
    def put(self, request, pk: int):
        approval_request = _load(pk)
        payload = ResubmitInput(data=request.data)
        payload.is_valid(raise_exception=True)
        return _act(
            request,
            approval_request,
            Action.RESUBMIT,
            version=payload.validated_data["version"],
            use=payload.intended_use(approval_request.title),
        )


class BulkApproveApi(APIView):
    permission_classes = [CanViewRequests]

    @extend_schema(request=BulkApproveInput, responses=BulkApproveOutput)
    def post(self, request):
        payload = BulkApproveInput(data=request.data)
        payload.is_valid(raise_exception=True)
        versions = {item["id"]: item["version"] for item in payload.validated_data["requests"]}
        outcomes = services.requests_bulk_approve(
            versions=versions, actor=request.user, comment=payload.validated_data["comment"]
        )
        return Response(
            {
                "results": [
                    {"id": o.request_id, "approved": o.approved, "message": o.message} for o in outcomes
                ]
            }
        )
