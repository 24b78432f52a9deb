"""Without the shared CLICS schemas the API tests fail, saying where the schemas were looked for."""

import pytest

from tests.contests.clics import schemas


def test_missing_schemas_fail_with_their_path(monkeypatch, tmp_path):
    monkeypatch.setattr(schemas, "SCHEMA_DIR", tmp_path)
    schemas._schemas.cache_clear()
    schemas._registry.cache_clear()
    try:
        with pytest.raises(pytest.fail.Exception, match="the CLICS JSON schemas are not at"):
            schemas.validate("team.json", {"id": "t1", "name": "x", "label": "1"})
    finally:
        monkeypatch.undo()
        schemas._schemas.cache_clear()
        schemas._registry.cache_clear()
    schemas.validate("team.json", {"id": "t1", "name": "x", "label": "1"})
