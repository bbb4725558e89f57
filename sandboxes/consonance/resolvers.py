"""Build the executable schema: schema.graphql plus the resolvers and scalars that read the sandbox state.

Fields without a resolver here read the record's key of the same name (graphql-core's default resolver), so
the catalogue's dict keys are the schema's field names. Every resolver gets the `SandboxState` as
`info.context`.
"""

from datetime import date, datetime
from functools import cache
from pathlib import Path

from graphql import GraphQLError, GraphQLSchema, StringValueNode, build_schema

from . import extension_writes, writes
from .state import SandboxState

SCHEMA_PATH = Path(__file__).with_name("schema.graphql")
CENTIMETRES_PER = {"CM": 1.0, "MM": 0.1, "IN": 2.54}


# --- scalars ------------------------------------------------------------------------------------------------


def _serialize_date(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _parse_date(value) -> date:
    if not isinstance(value, str):
        raise GraphQLError(f"ISO8601Date must be a string like 2026-05-01, not {value!r}.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise GraphQLError(f"ISO8601Date cannot represent {value!r}: use YYYY-MM-DD.") from None


def _parse_datetime(value) -> datetime:
    if not isinstance(value, str):
        raise GraphQLError(f"ISO8601DateTime must be a string, not {value!r}.")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise GraphQLError(f"ISO8601DateTime cannot represent {value!r}.") from None
    if parsed.tzinfo is None:
        raise GraphQLError(f"ISO8601DateTime {value!r} needs a time zone offset.")
    return parsed


def _literal(parse):
    def parse_literal(node, _variables=None):
        if not isinstance(node, StringValueNode):
            raise GraphQLError("Expected a string literal.")
        return parse(node.value)

    return parse_literal


# --- root fields --------------------------------------------------------------------------------------------


def _works(_root, info, workSearch=None, productSearch=None):  # noqa: N803 - GraphQL argument names
    state: SandboxState = info.context
    return state.find_works(workSearch, productSearch, limit=state.page_size)


def _work(_root, info, workSearch):  # noqa: N803
    found = info.context.find_works(workSearch, None, limit=1)
    return found[0] if found else None


def _products(_root, info, productSearch=None, workSearch=None):  # noqa: N803
    state: SandboxState = info.context
    return state.find_products(productSearch, workSearch, limit=state.page_size)


def _product(_root, info, productSearch):  # noqa: N803
    found = info.context.find_products(productSearch, None, limit=1)
    return found[0] if found else None


def _picture_permissions(_root, info, workId=None, after=None, changedSince=None, externalRef=None):  # noqa: N803
    return info.context.find_permissions(
        work_id=workId, after=after, changed_since=changedSince, external_ref=externalRef
    )


def _todos(_root, info, workId):  # noqa: N803
    return info.context.todos_of_work(workId)


def _create_supporting_resource(_root, info, input):  # noqa: A002 - GraphQL argument name
    return writes.create_supporting_resource(info.context, input, base_url=info.root_value["base_url"])


def _update_supporting_resource(_root, info, input):  # noqa: A002
    return writes.update_supporting_resource(info.context, input)


def _upsert_picture_permission(_root, info, input):  # noqa: A002
    return extension_writes.upsert_picture_permission(info.context, input)


def _attach_to_todo(_root, info, input):  # noqa: A002
    return extension_writes.attach_to_todo(info.context, input)


def _update_picture_brief(_root, info, input):  # noqa: A002
    return extension_writes.update_picture_brief(info.context, input)


# --- object fields ------------------------------------------------------------------------------------------


def _subject_codes(work, _info, schemesIn=None):  # noqa: N803
    if schemesIn is None:
        return work["_subjects"]
    return [subject for subject in work["_subjects"] if subject["scheme"] in schemesIn]


def _product_height(product, _info, unit="CM"):
    height = product.get("_heightCm")
    return None if height is None else round(height / CENTIMETRES_PER[unit], 2)


def _product_work(product, info):
    return info.context.works.get(product["_workId"])


@cache
def build_sandbox_schema() -> GraphQLSchema:
    """Parse schema.graphql once per process and attach resolvers; the result is read-only and shared."""
    schema = build_schema(SCHEMA_PATH.read_text(encoding="utf-8"))
    for name, parse in (("ISO8601Date", _parse_date), ("ISO8601DateTime", _parse_datetime)):
        scalar = schema.type_map[name]
        scalar.serialize = _serialize_date
        scalar.parse_value = parse
        scalar.parse_literal = _literal(parse)
    resolvers = {
        "Query": {
            "works": _works,
            "work": _work,
            "products": _products,
            "product": _product,
            "picturePermissions": _picture_permissions,
            "todos": _todos,
        },
        "Mutation": {
            "createSupportingResource": _create_supporting_resource,
            "updateSupportingResource": _update_supporting_resource,
            "upsertPicturePermission": _upsert_picture_permission,
            "attachToTodo": _attach_to_todo,
            "updatePictureBrief": _update_picture_brief,
        },
        "Work": {
            "subjectCodes": _subject_codes,
            "supportingResources": lambda work, info: info.context.resources_of_work(work["id"]),
            "pictureBrief": lambda work, info: info.context.brief_of_work(work["id"]),
        },
        "PhysicalBookProduct": {"productHeight": _product_height, "work": _product_work},
        "ElectronicBookProduct": {"work": _product_work},
        "ElectronicAudioProduct": {"work": _product_work},
        "Todo": {"attachments": lambda todo, info: info.context.attachments_of_todo(todo["id"])},
    }
    for type_name, fields in resolvers.items():
        for field_name, resolve in fields.items():
            schema.type_map[type_name].fields[field_name].resolve = resolve
    schema.type_map["Product"].resolve_type = lambda product, _info, _type: product["__typename"]
    return schema
