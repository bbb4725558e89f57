"""The error answers every API operation can give, added to the schema where a view does not list them.

Any operation may answer 401/403 (no or not enough rights); one with path ids 404 (no such row);
one that reads a query string or a body 400 (field errors, or a NUL refused before the view).
Each view still lists its own 409/429/502/503 where it gives them. Error bodies are JSON objects:
`{"detail": "..."}` or field names with their messages.
"""

ERROR_BODY = {
    "description": "Error: `detail`, or each refused field with its messages",
    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
}


def add_error_responses(result, generator, request, public):
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status in ("401", "403"):
                responses.setdefault(status, ERROR_BODY)
            parameters = operation.get("parameters", [])
            if any(p.get("in") == "path" for p in parameters):
                responses.setdefault("404", ERROR_BODY)
            responses.setdefault("400", ERROR_BODY)
            if method == "get" and any(p.get("name") == "page" for p in parameters):
                responses.setdefault("404", ERROR_BODY)  # a page past the last
    return result
