"""API of the outbox: the writes to Consonance of a request or a title, and retrying a dead one.

The writes of a record are asked for by query string (`GET /api/outbox/?source_type=approval_request&
source_id=7`) rather than by a URL under that record's own API: `integration` does not know the apps
that cause writes, and one endpoint serves every kind of source. A title's writes have their own
URL under the title (`GET /api/titles/<id>/outbox/`), as its shortlist and themes do. Both answer
the newest writes first, at most PANEL_LIMIT of them, as the pages do.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.inputs import id_serializer_field
from config.permissions import requires
from integration.access import RETRY_OUTBOX, VIEW_OUTBOX
from integration.models import OutboxMessage, Title
from integration.selectors.outbox import PANEL_LIMIT, outbox_rows_for_source, outbox_rows_for_title
from integration.services.outbox import outbox_retry

CanViewWrites = requires(VIEW_OUTBOX, message="You cannot see the writes to Consonance.")
CanRetryWrites = requires(
    RETRY_OUTBOX, message="Only Production, Rights and admins can retry a write to Consonance."
)


class OutboxMessageOutputSerializer(serializers.ModelSerializer):
    title = serializers.IntegerField(source="title_id", allow_null=True)
    payload = serializers.JSONField(help_text="The write as it goes on the wire (the GraphQL input).")
    last_response = serializers.JSONField(allow_null=True, help_text="A summary of Consonance's answer.")

    class Meta:
        model = OutboxMessage
        fields = ["id", "kind", "target", "natural_key", "label", "status", "attempts", "next_attempt_at",
                  "sent_at", "last_error", "last_response", "payload", "title", "source_type", "source_id",
                  "created_at", "updated_at"]  # fmt: skip


class OutboxSourceInputSerializer(serializers.Serializer):
    source_type = serializers.RegexField(
        r"^[a-z][a-z0-9_]*$", max_length=40, help_text='What caused the writes, e.g. "approval_request".'
    )
    source_id = id_serializer_field(help_text="Its id, e.g. the approval request's.")


class OutboxListApi(APIView):
    permission_classes = [IsAuthenticated, CanViewWrites]

    @extend_schema(
        summary="The writes to Consonance a record caused (e.g. an approval request), newest first",
        description=f"At most {PANEL_LIMIT}: the most recent.",
        parameters=[OutboxSourceInputSerializer],
        responses=OutboxMessageOutputSerializer(many=True),
    )
    def get(self, request):
        data = OutboxSourceInputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        rows = outbox_rows_for_source(**data.validated_data).rows
        return Response(OutboxMessageOutputSerializer(rows, many=True).data)


class TitleOutboxApi(APIView):
    permission_classes = [IsAuthenticated, CanViewWrites]

    @extend_schema(
        summary="The writes to Consonance about one title, newest first",
        description=f"At most {PANEL_LIMIT}: the most recent.",
        responses=OutboxMessageOutputSerializer(many=True),
    )
    def get(self, request, pk: int):
        title = get_object_or_404(Title, pk=pk)
        rows = outbox_rows_for_title(title_id=title.pk).rows
        return Response(OutboxMessageOutputSerializer(rows, many=True).data)


class OutboxRetryApi(APIView):
    permission_classes = [IsAuthenticated, CanRetryWrites]

    @extend_schema(
        summary="Send a dead write again, once its cause is fixed",
        request=None,
        responses={
            200: OutboxMessageOutputSerializer,
            409: OpenApiResponse(description="The write is not dead (already sent, or still being sent)"),
        },
    )
    def post(self, request, pk: int):
        message = get_object_or_404(OutboxMessage, pk=pk)
        retried = outbox_retry(message=message, by=request.user.username)
        return Response(OutboxMessageOutputSerializer(retried).data)
