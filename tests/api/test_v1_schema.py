"""schemathesis against /api/v1/'s own OpenAPI schema, in process: no 5xx, every response (status
code, content type, body) as the schema says. A few examples per operation keep it fast."""

from collections import defaultdict
from itertools import count

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

TURNS: defaultdict[str, "count[int]"] = defaultdict(count)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def contest_paths(staff, contest, verdict):
    """The staff user takes part in the running contest: a solve on its board, a question asked.
    Path parameters naming them (random ones rarely name anything)."""
    from contests.clarifications import clarification_ask
    from contests.services import contest_register, contest_submit

    team = contest_register(contest=contest, user=staff)
    problem = contest.problems.get(label="A")
    entry = contest_submit(
        contest=contest, user=staff, contest_problem=problem, language_key="py3", source="print(3)"
    )
    verdict(entry, "AC")
    contest.groups.create(name="students").teams.add(team)
    question = clarification_ask(contest=contest, team=team, user=staff, text="Is n > 0?", problem=problem)
    return {"slug": contest.slug, "clarification_id": question.pk, "label": "A"}


@pytest.fixture
def auth(db, aplusb, staff, contest_paths):
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
def test_it_answers_as_its_schema_says(case, auth, contest_paths):
    # Every other example of a contest's operations names the real contest (and clarification).
    if case.operation.path.startswith("/api/v1/contests/{slug}") and next(TURNS[case.operation.path]) % 2:
        params = case.path_parameters or {}
        case.path_parameters = {**params, **{k: v for k, v in contest_paths.items() if k in params}}
    case.call_and_validate(headers=auth, checks=CHECKS)
