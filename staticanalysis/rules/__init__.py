"""The rule registry: every built-in rule, by language family."""

from __future__ import annotations

import functools

from staticanalysis.model import Rule
from staticanalysis.rules import c_family, go, java, javascript, python, rust

ALL_RULES: tuple[Rule, ...] = (
    *python.RULES,
    *c_family.RULES,
    *java.RULES,
    *javascript.RULES,
    *go.RULES,
    *rust.RULES,
)


def _check_unique(rules: tuple[Rule, ...]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ValueError(f"duplicate rule id {rule.id}")
        seen.add(rule.id)


_check_unique(ALL_RULES)


@functools.cache
def rules_for(family: str) -> tuple[Rule, ...]:
    return tuple(rule for rule in ALL_RULES if family in rule.languages)


def rule_by_id(rule_id: str) -> Rule | None:
    return next((rule for rule in ALL_RULES if rule.id == rule_id), None)
