"""One stack for all the browser tests (its start costs many seconds)."""

import pytest

from bench.stack import Stack


@pytest.fixture(scope="session")
def stack():
    with Stack("e2e", redis_db_base=4, workers=1) as running:
        yield running
