"""Validation against the CLICS JSON schemas of the shared reference, read where they lie (never copied
into the project): `../shared/reference/clics/json-schema/` beside the checkout, or CLICS_SCHEMA_DIR."""

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[3]
SCHEMA_DIR = Path(
    os.environ.get("CLICS_SCHEMA_DIR", ROOT.parent / "shared" / "reference" / "clics" / "json-schema")
)


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    if not (SCHEMA_DIR / "common.json").is_file():
        pytest.fail(
            f"the CLICS JSON schemas are not at {SCHEMA_DIR}: the tests validate against the shared "
            "reference (../shared/reference/clics/json-schema/ beside the checkout, or set CLICS_SCHEMA_DIR)",
            pytrace=False,
        )
    return {path.name: json.loads(path.read_text()) for path in SCHEMA_DIR.glob("*.json")}


@cache
def _registry() -> Registry:
    resources = [(schema["$id"], Resource.from_contents(schema)) for schema in _schemas().values()]
    return Registry().with_resources(resources)


def validate(name: str, instance: object) -> None:
    """Fails the test with every schema error of `instance` against json-schema/`name`."""
    validator = Draft202012Validator(_schemas()[name], registry=_registry())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]
    assert not errors, f"{name}: " + "; ".join(errors[:5])
