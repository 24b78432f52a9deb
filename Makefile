# The two commands: `make run` and `make test`. Each set-up step is idempotent (see scripts/setup.sh).
SHELL := /bin/bash
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.PHONY: run test setup lint typecheck imports pytest pytest-runc pytest-runsc pytest-postgres images clean-containers

setup:
	@scripts/setup.sh apt venv assets redis docker images
	@$(MANAGE) migrate --noinput -v 0
	@$(MANAGE) sync_languages -v 0 >/dev/null

run: setup
	@$(MANAGE) load_demo -v 0
	@$(MANAGE) load_demo_contests -v 0
	@$(MANAGE) check_languages --jobs 2 > var/log/languages.txt || (cat var/log/languages.txt; exit 1)
	@$(MANAGE) collectstatic --noinput -v 0
	@scripts/serve.sh $(HOST) $(PORT) $(WORKERS)

test: setup lint typecheck imports pytest pytest-runc pytest-runsc pytest-postgres

lint:
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .

typecheck:
	@.venv/bin/mypy .

# One-way dependencies: the layers and Django-free contracts in pyproject.toml, and no import cycle
# between modules. A broken contract prints its name and the offending import chain.
imports:
	@.venv/bin/lint-imports --no-logo --no-cache
	@$(PY) scripts/check_cycles.py

# `setup` built the sandbox images: a test that finds one missing fails instead of skipping.
pytest:
	@RCE_REQUIRE_IMAGES=1 $(PY) -m pytest -q

# The sandbox and the attack corpus again under runc (Docker's own runtime; crun is ours) and gVisor.
pytest-runc:
	@RCE_REQUIRE_IMAGES=1 RCE_SANDBOX_RUNTIME=runc $(PY) -m pytest -q tests/sandbox/test_engine.py tests/sandbox/test_forkserver.py tests/security

pytest-runsc:
	@RCE_REQUIRE_IMAGES=1 RCE_SANDBOX_RUNTIME=runsc $(PY) -m pytest -q tests/sandbox/test_engine.py tests/sandbox/test_forkserver.py tests/security

# The judging, problem and contest suites again on PostgreSQL, the production database (the
# scoreboard has SQL of its own).
pytest-postgres:
	@scripts/setup.sh postgres
	@DATABASE_URL=postgres://rce@127.0.0.1:5433/rce $(PY) -m pytest -q -m "not slow" tests/judge tests/problems tests/contests

images:
	@scripts/setup.sh images

clean-containers:
	@$(PY) -c "from sandbox.containers import reap; print(reap(), 'removed')"
