"""Every rule proves itself on its own examples: bad ones must fire it, good ones must not."""

from __future__ import annotations

import re
from typing import Any

import pytest

from staticanalysis.analysers.treesitter import split_patterns, supported_patterns
from staticanalysis.engine import analyze
from staticanalysis.languages import FAMILIES, FAMILY_KEYS
from staticanalysis.model import AstMatcher, Severity
from staticanalysis.rules import ALL_RULES, rule_by_id, rules_for

PREFIXES = {
    "python": "py",
    "c": "c",
    "cpp": "c",
    "java": "java",
    "javascript": "js",
    "go": "go",
    "rust": "rs",
}


def _cases(kind: str) -> list[Any]:
    cases = []
    for rule in ALL_RULES:
        examples = rule.bad if kind == "bad" else rule.good
        for family in rule.languages:
            for index, source in enumerate(examples):
                cases.append(pytest.param(rule, family, source, id=f"{rule.id}-{family}-{kind}{index}"))
    return cases


@pytest.mark.parametrize("prefilter", [True, False], ids=["prefiltered", "parsed"])
@pytest.mark.parametrize(("rule", "family", "source"), _cases("bad"))
def test_it_fires_each_rule_on_its_bad_examples(rule, family, source, prefilter):
    report = analyze(FAMILY_KEYS[family], source, prefilter=prefilter)
    assert rule.id in {f.rule for f in report.findings}, report.findings


@pytest.mark.parametrize("prefilter", [True, False], ids=["prefiltered", "parsed"])
@pytest.mark.parametrize(("rule", "family", "source"), _cases("good"))
def test_it_keeps_each_rule_quiet_on_its_good_examples(rule, family, source, prefilter):
    report = analyze(FAMILY_KEYS[family], source, prefilter=prefilter)
    rules = {f.rule for f in report.findings}
    assert rule.id not in rules
    assert "analysis-error" not in rules


def test_it_has_at_least_25_rules_across_all_languages():
    assert len(ALL_RULES) >= 25
    for family in FAMILIES:
        assert len(rules_for(family)) >= 8, family


def test_it_gives_every_rule_an_id_message_and_examples():
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) == len(set(ids))
    for rule in ALL_RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", rule.id), rule.id
        assert rule.message
        assert rule.bad, rule.id
        assert rule.good, rule.id
        assert {PREFIXES[family] for family in rule.languages} == {rule.id.split("-")[0]}


def test_it_gives_every_rule_triggers_so_clean_sources_skip_parsing():
    for rule in ALL_RULES:
        assert rule.triggers or rule.folded_triggers or rule.trigger_pattern, rule.id


def test_it_uses_ast_matchers_for_python_and_queries_elsewhere():
    for rule in ALL_RULES:
        if rule.languages == ("python",):
            assert isinstance(rule.pattern, AstMatcher), rule.id
        else:
            assert isinstance(rule.pattern, str), rule.id
            assert rule.accept is None or callable(rule.accept)


def test_it_compiles_every_query_pattern_for_at_least_one_language():
    for rule in ALL_RULES:
        if not isinstance(rule.pattern, str):
            continue
        patterns = split_patterns(rule.pattern)
        compiled: set[str] = set()
        for family in rule.languages:
            supported = supported_patterns(family, rule)
            assert supported, f"{rule.id}: no pattern compiles for {family}"
            compiled.update(supported)
        assert compiled == set(patterns), f"{rule.id}: {set(patterns) - compiled} never compiles"


@pytest.mark.parametrize(
    "rule_id",
    [
        "py-os-system",
        "py-subprocess",
        "py-socket",
        "py-ctypes",
        "py-decode-exec",
        "c-system",
        "c-fork",
        "c-socket",
        "c-asm",
        "c-device-include",
        "java-process",
        "java-socket",
        "js-child-process",
        "js-network",
        "go-process",
        "go-net",
        "rs-process",
        "rs-net",
        "rs-asm",
        "py-mining",
        "c-escape-path",
    ],
)
def test_it_blocks_what_no_solution_needs(rule_id):
    rule = rule_by_id(rule_id)
    assert rule is not None
    assert rule.severity is Severity.BLOCK


@pytest.mark.parametrize(
    "rule_id",
    ["rs-unsafe", "go-unsafe", "py-eval", "py-signal", "c-signal", "py-sensitive-path", "py-encoded-blob"],
)
def test_it_only_warns_about_what_solutions_sometimes_do(rule_id):
    rule = rule_by_id(rule_id)
    assert rule is not None
    assert rule.severity is Severity.WARN
