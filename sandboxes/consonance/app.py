"""The Consonance sandbox: GraphQL over HTTP with Bearer keys, a page of what was written, and test hooks.

Routes (the API of shared/contracts/CONSONANCE.md):
- ``POST /graphql``: Bearer key required (401 UNAUTHENTICATED otherwise); query errors answer 200 with
  `errors`.
- ``GET /``: an HTML page of what clients wrote (supporting resources, picture permissions, to-do
  attachments, picture briefs).
- ``PUT /uploads/<id>/<file name>?token=...``: the presigned upload URL a createSupportingResource with
  resourceFileName returns; ``GET`` of the same path serves the file back.
Control paths for out-of-process tests (besides /_sandbox/faults and /_sandbox/calls of every sandbox):
- ``POST /_sandbox/reset``; ``GET /_sandbox/written``;
- ``GET /_sandbox/mutations``: the sandbox's own record of every mutation that took effect, in order
  (``{"mutations": [{seq, operation, key, created, workId, externalRef, at}], "recordsPerKey": {kind: {key:
  count}}}``), the ground truth for "every write arrived, none twice";
- ``POST /_sandbox/works/<id>/touch`` with optional JSON ``{"title": ..., "on": "YYYY-MM-DD"}``;
- ``DELETE /_sandbox/works/<id>``.
"""

import hmac
import re
import threading
from datetime import date

from graphql import GraphQLError, GraphQLSyntaxError, execute, parse, validate

from sandboxes.server import Request, Response, SandboxApp

from .catalogue import generate_catalogue
from .page import render_page
from .resolvers import build_sandbox_schema
from .state import SandboxState, UnknownRecord
from .writes import store_upload

UNAUTHORIZED = {"errors": [{"message": "Unauthorized", "extensions": {"code": "UNAUTHENTICATED"}}]}
DOCUMENT_CACHE_SIZE = 256
WORK_CONTROL = re.compile(r"^works/(?P<work_id>\d+)(?P<touch>/touch)?$")


def _error_body(error: GraphQLError, code: str) -> dict:
    formatted = error.formatted
    return {
        "message": formatted["message"],
        "locations": formatted.get("locations"),
        "path": formatted.get("path"),
        "extensions": {"code": code, **(formatted.get("extensions") or {})},
    }


def _bad_request(message: str) -> Response:
    error = {"message": message, "locations": None, "path": None, "extensions": {"code": "BAD_REQUEST"}}
    return Response.json({"errors": [error]}, status=400)


class ConsonanceSandbox(SandboxApp):
    name = "consonance"

    def __init__(
        self, *, api_key: str, works: int = 300, seed: int = 2026, page_size: int = 100, fault_seed: int = 0
    ):
        super().__init__(fault_seed=fault_seed)
        if not api_key:
            raise ValueError("The Consonance sandbox needs an API key to accept.")
        self.api_key = api_key
        self.state = SandboxState(generate_catalogue(works=works, seed=seed), page_size=page_size)
        self.schema = build_sandbox_schema()
        self._documents: dict[str, tuple] = {}
        self._documents_lock = threading.Lock()
        self.route("POST", "/graphql", self.graphql)
        self.route("GET", "/", self.home)
        self.route("PUT", "/uploads/{resource_id}/{filename}", self.upload)
        self.route("GET", "/uploads/{resource_id}/{filename}", self.uploaded_file)

    # --- test hooks (Python) --------------------------------------------------------------------------------

    def reset(self) -> None:
        """Restore the seeded catalogue and forget what was written (faults and call counts are kept)."""
        self.state.reset()

    def touch_work(self, work_id: int, *, title: str | None = None, on: date | None = None) -> dict:
        return self.state.touch_work(work_id, title=title, on=on)

    def remove_work(self, work_id: int) -> None:
        self.state.remove_work(work_id)

    def work_ids(self) -> list[int]:
        with self.state.lock:
            return list(self.state.work_ids)

    def written_supporting_resources(self) -> list[dict]:
        return self.state.written_supporting_resources()

    def picture_permissions(self) -> list[dict]:
        return self.state.picture_permissions()

    def todo_attachments(self) -> list[dict]:
        return self.state.todo_attachments()

    def picture_briefs(self) -> list[dict]:
        return self.state.picture_briefs()

    def mutation_log(self) -> list[dict]:
        """Every mutation that took effect, in order: {seq, operation, key, created, workId, externalRef, at}.

        A re-sent upsert counts as an effect with created False, so "created exactly once per key" is
        the test of a write path that never doubles a write; reset() clears it.
        """
        return self.state.mutation_log()

    def records_per_key(self) -> dict[str, dict[str, int]]:
        """How many records are stored per key, per kind (picturePermission, todoAttachment,
        pictureBrief, supportingResource by externalRef): each count must be 1."""
        return self.state.records_per_key()

    # --- HTTP -----------------------------------------------------------------------------------------------

    def _authorised(self, request: Request) -> bool:
        scheme, _, key = request.header("authorization").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(key.strip().encode(), self.api_key.encode())

    def _document(self, query: str):
        """Parse and validate once per distinct query text: a sync sends the same query for every page."""
        with self._documents_lock:
            cached = self._documents.get(query)
        if cached is not None:
            return cached
        try:
            document = parse(query)
        except GraphQLSyntaxError as error:
            cached = (None, [_error_body(error, "GRAPHQL_PARSE_FAILED")])
        else:
            problems = validate(self.schema, document)
            errors = [_error_body(error, "GRAPHQL_VALIDATION_FAILED") for error in problems]
            cached = (None if errors else document, errors)
        with self._documents_lock:
            if len(self._documents) >= DOCUMENT_CACHE_SIZE:
                self._documents.clear()
            self._documents[query] = cached
        return cached

    @staticmethod
    def _base_url(request: Request) -> str:
        host = request.header("host", "127.0.0.1")
        return f"http://{host}" if re.fullmatch(r"[\w.\-:\[\]]+", host) else "http://127.0.0.1"

    def graphql(self, request: Request) -> Response:
        if not self._authorised(request):
            return Response.json(
                UNAUTHORIZED, status=401, headers={"WWW-Authenticate": 'Bearer realm="consonance"'}
            )
        try:
            body = request.json()
        except ValueError:
            return _bad_request('The body must be JSON: {"query": ..., "variables": ...}.')
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return _bad_request('The body must be a JSON object with a "query" string.')
        variables, operation = body.get("variables"), body.get("operationName")
        if variables is not None and not isinstance(variables, dict):
            return _bad_request('"variables" must be a JSON object.')
        if operation is not None and not isinstance(operation, str):
            return _bad_request('"operationName" must be a string.')
        document, errors = self._document(body["query"])
        if document is None:
            return Response.json({"errors": errors})
        with self.state.lock:
            result = execute(
                self.schema,
                document,
                root_value={"base_url": self._base_url(request)},
                context_value=self.state,
                variable_values=variables,
                operation_name=operation,
            )
        answer: dict = {"data": result.data}
        if result.errors:
            answer["errors"] = [
                _error_body(
                    error,
                    "INTERNAL_SERVER_ERROR"
                    if error.original_error and not isinstance(error.original_error, GraphQLError)
                    else "BAD_USER_INPUT",
                )
                for error in result.errors
            ]
        return Response.json(answer)

    def home(self, request: Request) -> Response:
        return Response.html(render_page(self.state, api_url=f"{self._base_url(request)}/graphql"))

    def upload(self, request: Request) -> Response:
        if not request.path_params["resource_id"].isdigit():
            return Response.json({"message": "Not found"}, status=404)
        problem = store_upload(
            self.state,
            int(request.path_params["resource_id"]),
            token=request.query.get("token", ""),
            body=request.body,
            content_type=request.header("content-type"),
            base_url=self._base_url(request),
        )
        if problem:
            return Response.json({"message": problem}, status=403)
        return Response(200)

    def uploaded_file(self, request: Request) -> Response:
        resource_id = request.path_params["resource_id"]
        content = self.state.uploads.get(int(resource_id)) if resource_id.isdigit() else None
        if content is None:
            return Response.json({"message": "Not found"}, status=404)
        resource = self.state.resources[int(resource_id)]
        return Response(
            200, content, {"Content-Type": resource["imageContentType"] or "application/octet-stream"}
        )

    # --- control paths (out-of-process test hooks) ----------------------------------------------------------

    def control(self, what: str, request: Request) -> Response | None:
        if what == "reset" and request.method == "POST":
            self.reset()
            return Response(204)
        if what == "written" and request.method == "GET":
            return Response.json(
                {
                    "counts": self.state.counts(),
                    "supportingResources": self.written_supporting_resources(),
                    "picturePermissions": self.picture_permissions(),
                    "todoAttachments": self.todo_attachments(),
                    "pictureBriefs": self.picture_briefs(),
                }
            )
        if what == "mutations" and request.method == "GET":
            return Response.json(
                {
                    "mutations": [{**entry, "at": entry["at"].isoformat()} for entry in self.mutation_log()],
                    "recordsPerKey": self.records_per_key(),
                }
            )
        match = WORK_CONTROL.match(what)
        if not match:
            return None
        work_id = int(match["work_id"])
        try:
            if match["touch"] and request.method == "POST":
                plan = request.json() if request.body else {}
                on = date.fromisoformat(plan["on"]) if plan.get("on") else None
                work = self.touch_work(work_id, title=plan.get("title"), on=on)
                return Response.json({"id": work_id, "title": work["title"], "changedOn": work["_changedOn"]})
            if not match["touch"] and request.method == "DELETE":
                self.remove_work(work_id)
                return Response(204)
        except UnknownRecord as exc:
            return Response.json({"error": str(exc)}, status=404)
        except (ValueError, AttributeError, TypeError) as exc:
            return Response.json({"error": f"Bad request: {exc}"}, status=400)
        return None
