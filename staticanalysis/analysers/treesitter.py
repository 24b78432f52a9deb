"""The tree-sitter analyser: one combined query per set of rules, compiled once.

The rules to run are concatenated into a single query so that the tree is traversed once
per analysis; each match is mapped back to its rule through the pattern index. Parsers and
compiled queries are cached; ``limits`` keeps hostile input from stalling either.
"""

from __future__ import annotations

import functools
import importlib
import threading
import time
from dataclasses import dataclass
from typing import Literal

from tree_sitter import Language, Node, Parser, Query, QueryError, Tree

from staticanalysis.model import Hit, Rule, Severity

from . import limits
from .gate import gate_for

GRAMMARS: dict[str, str] = {
    "c": "tree_sitter_c",
    "cpp": "tree_sitter_cpp",
    "java": "tree_sitter_java",
    "javascript": "tree_sitter_javascript",
    "go": "tree_sitter_go",
    "rust": "tree_sitter_rust",
}


@functools.cache
def language(family: str) -> Language:
    module = importlib.import_module(GRAMMARS[family])
    return Language(module.language())


# Parsers keep per-parse state, so each thread gets its own (created once, then reused).
_local = threading.local()


def parser(family: str) -> Parser:
    parsers: dict[str, Parser] | None = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    if family not in parsers:
        parsers[family] = limits.bounded_parser(language(family))
    return parsers[family]


def split_patterns(query: str) -> list[str]:
    """Split a query into its top-level patterns (each a parenthesised or bracketed group)."""
    patterns: list[str] = []
    start = depth = index = 0
    while index < len(query):
        char = query[index]
        if char == '"':
            index += 1
            while index < len(query) and query[index] != '"':
                index += 2 if query[index] == "\\" else 1
        elif char == ";":
            while index < len(query) and query[index] != "\n":
                index += 1
        elif char in "([":
            if depth == 0 and query[start:index].strip():
                patterns.append(query[start:index].strip())
                start = index
            depth += 1
        elif char in ")]":
            depth -= 1
        index += 1
    if query[start:].strip():
        patterns.append(query[start:].strip())
    return patterns


def _compiles(lang: Language, pattern: str) -> bool:
    try:
        Query(lang, pattern)
    except QueryError:
        return False
    return True


def supported_patterns(family: str, rule: Rule) -> list[str]:
    """The patterns of ``rule`` that the family's grammar accepts (C lacks C++ node types)."""
    if not isinstance(rule.pattern, str):
        return []
    lang = language(family)
    return [pattern for pattern in split_patterns(rule.pattern) if _compiles(lang, pattern)]


@dataclass(frozen=True)
class CompiledRules:
    query: Query | None
    rules: tuple[Rule, ...]  # the rule of each pattern, by pattern index


def _pattern_count(query: Query) -> int:
    # A property at run time, a method in some versions' type stubs.
    count = getattr(query, "pattern_count")  # noqa: B009
    value = count() if callable(count) else count
    return value if isinstance(value, int) else -1


@functools.lru_cache(maxsize=128)
def compile_rules(family: str, rules: tuple[Rule, ...]) -> CompiledRules:
    lang = language(family)
    entries = [
        (rule, pattern)
        for rule in rules
        if isinstance(rule.pattern, str)
        for pattern in split_patterns(rule.pattern)
    ]
    try:
        query = Query(lang, "\n".join(pattern for _, pattern in entries)) if entries else None
    except QueryError:
        # Some pattern names a node type this grammar lacks: keep only the ones it accepts.
        entries = [(rule, pattern) for rule, pattern in entries if _compiles(lang, pattern)]
        query = Query(lang, "\n".join(pattern for _, pattern in entries)) if entries else None
    if query is not None and _pattern_count(query) != len(entries):
        raise ValueError(f"{family}: query has {_pattern_count(query)} patterns, expected {len(entries)}")
    return CompiledRules(query=query, rules=tuple(rule for rule, _ in entries))


def select_rules(source: str, rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """The rules that could match ``source``.

    Tree-sitter rules compare node text verbatim, so a rule's trigger is always spelled out
    in any source it matches. Each distinct selection is compiled into its own query once.
    """
    return gate_for(rules).triggered(source)


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _first_error(node: Node) -> Node:
    while not (node.is_error or node.is_missing):
        child = next((c for c in node.children if c.has_error or c.is_missing), None)
        if child is None:
            break
        node = child
    return node


def _unknown_predicate(
    predicate: str,
    args: list[tuple[str, Literal["capture", "string"]]],
    pattern_index: int,
    captures: dict[str, list[Node]],
) -> bool:
    # Rules use only the built-in #eq?, #any-of? and #match?; a misspelt predicate makes its
    # pattern never match, which the rule's own bad examples then catch.
    return False


def _tree(family: str, data: bytes) -> tuple[Tree | None, str]:
    """The parse tree, or None and the reason it cannot be analysed."""
    reason = limits.unanalysable_text(data)
    if reason:
        return None, reason
    tree = limits.parse_within(parser(family), data)
    if tree is None:
        return None, f"parsing took longer than {limits.PARSE_BUDGET_SECONDS:g} s"
    reason = limits.unanalysable_tree(tree.root_node)
    return (None, reason) if reason else (tree, "")


def _query(compiled: CompiledRules, root: Node, hits: list[Hit]) -> None:
    if compiled.query is None:
        return
    started = time.perf_counter()
    for index, captures in limits.bounded_cursor(compiled.query).matches(root, _unknown_predicate):
        rule = compiled.rules[index]
        hit_nodes = captures.get("hit")
        if not hit_nodes:
            continue
        if rule.accept is not None and not rule.accept(_text(captures.get("check", hit_nodes)[0])):
            continue
        row, column = hit_nodes[0].start_point
        hits.append(Hit(rule.id, rule.severity, rule.message, row + 1, column))
    if time.perf_counter() - started >= limits.QUERY_BUDGET_SECONDS:
        reason = f"the query stopped after {limits.QUERY_BUDGET_SECONDS:g} s; findings may be incomplete"
        hits.append(Hit("analysis-incomplete", Severity.WARN, reason, 1, 0))


def analyse(family: str, source: str, rules: tuple[Rule, ...], hits: list[Hit]) -> None:
    """Append every match of ``rules`` in ``source`` to ``hits``."""
    tree, reason = _tree(family, source.encode("utf-8"))
    if tree is None:
        hits.append(Hit("analysis-incomplete", Severity.WARN, f"not analysed: {reason}", 1, 0))
        return
    _query(compile_rules(family, rules), tree.root_node, hits)
    if tree.root_node.has_error:
        row, column = _first_error(tree.root_node).start_point
        message = "source does not fully parse; findings may be incomplete"
        hits.append(Hit("parse-error", Severity.INFO, message, row + 1, column))
