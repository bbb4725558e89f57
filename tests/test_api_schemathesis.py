"""Schemathesis over every operation of /api/schema/, as an editor and as an admin, on the suite's database.

Checks: no 5xx and every answer as the schema describes it (status code listed, body shaped as
documented). Getty calls go to the Getty sandbox. Examples per operation are few and derandomized so
the run fits CI: see MAX_EXAMPLES.
"""

import contextlib
import json

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.roles import Role
from tests.factories.approvals import submitted_request
from tests.factories.rights import book, make_licence

pytestmark = pytest.mark.django_db(transaction=True)

MAX_EXAMPLES = 8
# No 5xx, and every answer documented: its status code, content type and body shape.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _schema(token: str) -> dict:
    """What /api/schema/ serves, as JSON."""
    response = Client().get(
        "/api/schema/", HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def tokens(role_user, getty):
    """An editor's and an admin's API token, one request in review and one licence so reads find a row."""
    editor = role_user(Role.EDITORIAL, "edith")
    admin = role_user(Role.EDITORIAL, "admin", is_staff=True, is_superuser=True)
    submitted_request(requester=editor)
    make_licence(title=book()[0], printed=(1000,))  # so the licence and usage lists answer a row
    return {"editor": Token.objects.create(user=editor).key, "admin": Token.objects.create(user=admin).key}


def _fuzz(operation, *, token: str, base_url: str, failures: list[str]) -> int:
    """Run MAX_EXAMPLES cases of one operation; record its failures; return how many cases ran."""
    cases = 0

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        nonlocal cases
        cases += 1
        response = case.call(base_url=base_url, headers={"Authorization": f"Token {token}"})
        try:
            case.validate_response(response, checks=CHECKS)
        except BaseException as exc:
            failures.append(f"{operation.label}: {exc}"[:2000])
            raise

    with contextlib.suppress(BaseException):  # each failure is already in `failures`
        run()
    return cases


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_every_api_operation_answers_as_its_schema_says_and_never_5xx(tokens, who, live_server):
    schema = schemathesis.openapi.from_dict(_schema(tokens[who]))
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    cases = sum(
        _fuzz(operation, token=tokens[who], base_url=live_server.url, failures=failures)
        for operation in operations
    )
    print(f"schemathesis as {who}: {len(operations)} operations, {cases} cases")
    assert len(operations) >= 18 and cases >= len(operations)
    assert not failures, "\n\n".join(dict.fromkeys(failures))
