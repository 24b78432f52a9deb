"""The tree-sitter analyser: one combined query per language, compiled once.

All rules of a language are concatenated into a single query so the tree is traversed once
per analysis; each match is mapped back to its rule through the pattern index.
"""

from __future__ import annotations

import functools
import importlib
import threading
from dataclasses import dataclass

from tree_sitter import Language, Node, Parser, Query, QueryCursor, QueryError

from staticanalysis.model import Hit, Rule, Severity

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
        parsers[family] = Parser(language(family))
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
    if query is not None and query.pattern_count != len(entries):
        raise ValueError(f"{family}: query has {query.pattern_count} patterns, expected {len(entries)}")
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


def analyse(family: str, source: str, rules: tuple[Rule, ...], hits: list[Hit]) -> None:
    """Append every match of ``rules`` in ``source`` to ``hits``."""
    tree = parser(family).parse(source.encode("utf-8"))
    root = tree.root_node
    compiled = compile_rules(family, rules)
    if compiled.query is not None:
        for index, captures in QueryCursor(compiled.query).matches(root):
            rule = compiled.rules[index]
            hit_nodes = captures.get("hit")
            if not hit_nodes:
                continue
            if rule.accept is not None and not rule.accept(_text(captures.get("check", hit_nodes)[0])):
                continue
            row, column = hit_nodes[0].start_point
            hits.append(Hit(rule.id, rule.severity, rule.message, row + 1, column))
    if root.has_error:
        row, column = _first_error(root).start_point
        message = "source does not fully parse; findings may be incomplete"
        hits.append(Hit("parse-error", Severity.INFO, message, row + 1, column))
