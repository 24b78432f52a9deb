"""Environment defaults of the test run, loaded as a plugin (`-p tests.environment` in pyproject.toml)
before pytest-django sets Django up: settings read them once, when first imported, which is before any
conftest.py is loaded."""

import os

# Tests use their own Redis databases, so a running `make run` never sees their jobs (nor they its).
os.environ.setdefault("RCE_REDIS_DB_BASE", "8")
os.environ.setdefault("RCE_RATELIMIT", "false")
