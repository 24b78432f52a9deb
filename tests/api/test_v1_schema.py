"""schemathesis against /api/v1/'s own OpenAPI schema, in process: no 5xx, every response (status
code, content type, body) as the schema says. A few examples per operation keep it fast."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def auth(db, aplusb, staff):
    from api.tokens import token_create
    from judge.services import submission_create

    submission_create(user=staff, problem=aplusb, language_key="py3", source="print(3)")
    return {"Authorization": f"Token {token_create(user=staff, name='fuzz')[1]}"}


from config.wsgi import application  # noqa: E402 - Django is set up by pytest-django first

# Fetching the schema touches no database: it is built from the code.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@schema.parametrize()
@settings(
    max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
)
def test_it_answers_as_its_schema_says(case, auth):
    case.call_and_validate(headers=auth, checks=CHECKS)
