"""YAML files of a package, loaded safely and with errors that name the file."""

from __future__ import annotations

import datetime
from typing import Any

import yaml

from problems.packages.archive import PackageFiles


def load_yaml_mapping(files: PackageFiles, path: str) -> dict[str, Any]:
    """The mapping in a YAML file; an empty file is an empty mapping."""
    try:
        data = yaml.safe_load(files.read_text(path))
    except yaml.YAMLError as exc:
        raise files.error(f"malformed YAML: {_describe(exc)}", path) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise files.error(f"expected a mapping of keys to values, got {type(data).__name__}", path)
    try:
        return {str(key): _plain(value, _Budget()) for key, value in data.items()}
    except _TooLarge:
        # Aliases can make a tiny file expand to billions of values ("billion laughs").
        raise files.error(f"more than {MAX_YAML_VALUES} values once aliases are expanded", path) from None


def _describe(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return f"{problem} (line {mark.line + 1}, column {mark.column + 1})" if mark else str(problem)


MAX_YAML_VALUES = 100_000


class _TooLarge(Exception):
    pass


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_YAML_VALUES

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _TooLarge


def _plain(value: Any, budget: _Budget) -> Any:
    """JSON-friendly values: YAML dates become ISO strings."""
    budget.spend()
    if isinstance(value, dict):
        return {str(k): _plain(v, budget) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, budget) for v in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def words(value: Any, *, files: PackageFiles, path: str, key: str) -> list[str]:
    """Command-line arguments given as a string (split on whitespace) or a sequence of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [str(v) for v in value]
    raise files.error(f"`{key}` must be a string or a list of strings", path)


def number(value: Any, *, files: PackageFiles, path: str, key: str, minimum: float = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= minimum:
        raise files.error(f"`{key}` must be a number greater than {minimum:g}, got {value!r}", path)
    return float(value)
