import base64

import pytest

# The contests' fixtures (a running contest with problems A and B, its last 30 minutes frozen; giving
# verdicts), for the contest endpoints and the schema's fuzzing.
from tests.contests.conftest import contest, now, second_problem, verdict  # noqa: F401


@pytest.fixture
def alice_key(alice):
    from api.tokens import token_create

    return token_create(user=alice, name="grader")[1]


@pytest.fixture
def alice_read_key(alice):
    from api.tokens import token_create

    return token_create(user=alice, name="reader", scope="read")[1]


@pytest.fixture
def bob_key(bob):
    from api.tokens import token_create

    return token_create(user=bob, name="bob")[1]


@pytest.fixture
def staff_key(staff):
    from api.tokens import token_create

    return token_create(user=staff, name="admin")[1]


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def unb64(text: str | None) -> str | None:
    return None if text is None else base64.b64decode(text.replace("\n", ""), validate=True).decode()
