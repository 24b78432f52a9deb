"""The Python analyser: one pass over the ``ast`` tree, then rules by node type or by name.

Rules whose matcher is a set of qualified names (most of them) are answered from one index
lookup per resolved name; the remaining matchers see only the node types they ask for.
"""

from __future__ import annotations

import ast
import functools
import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from staticanalysis.model import AstMatcher, Hit, Rule, Severity
from staticanalysis.pyscope import DECODE_FUNCTIONS, LOCAL, PyScope, dotted_prefixes
from staticanalysis.rules.python import imported_names

from .gate import gate_for

# Any of these may hide a name from the triggers (``getattr(os, 'sys' 'tem')``), so a
# source using one is always parsed.
DYNAMIC_TRIGGERS = (
    "getattr",
    "__import__",
    "import_module",
    "__dict__",
    "globals",
    "locals",
    "vars",
    "modules",
    "builtins",
    "__builtins__",
    "__getattribute__",
)
# Escapes and line continuations that can spell a trigger inside a literal ("\x2fproc").
_HIDING_ESCAPE = re.compile(r"\\(?:[xuUN0-7]|\r|\n)")
# Comments and string literals; string prefixes (r, b, f, u) are left out of the match so
# that every alternative starts with a literal character, which keeps the scan fast.
_TOKEN = re.compile(
    r"""\#[^\n]*
    |(?P<string>'''(?:\\[\s\S]|[^\\])*?'''|\"\"\"(?:\\[\s\S]|[^\\])*?\"\"\"
      |'(?:\\[\s\S]|[^'\\\n])*'|"(?:\\[\s\S]|[^"\\\n])*")""",
    re.VERBOSE,
)
_PREFIX_LETTERS = "rRbBuUfF"
_DECODE_HINT = re.compile("|".join(sorted(DECODE_FUNCTIONS)))
_SCOPE_NODES: tuple[type[ast.AST], ...] = (
    ast.Import,
    ast.ImportFrom,
    ast.Assign,
    ast.AnnAssign,
    ast.NamedExpr,
)


def _implicit_concatenation(source: str) -> bool:
    """Whether two string literals are adjacent (``"/pr" "oc"`` is one constant "/proc")."""
    previous_end: int | None = None  # end of the last string, or of a comment right after it
    for match in _TOKEN.finditer(source):
        is_string = match.group("string") is not None
        adjacent = False
        if previous_end is not None:
            gap = source[previous_end : match.start()]
            if is_string:
                gap = gap.rstrip(_PREFIX_LETTERS)
            adjacent = not gap.strip(" \t\r\n\f\\")
        if is_string:
            if adjacent:
                return True
            previous_end = match.end()
        elif adjacent:
            # A comment between two parts of a parenthesised string keeps them adjacent.
            previous_end = match.end()
    return False


def select_rules(source: str, rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """The rules that could match ``source``: the triggered ones, or all of them when the
    source uses something that can disguise a trigger."""
    # Python NFKC-normalises identifiers (fullwidth letters spell ASCII names), and escapes
    # or adjacent literals can spell any string constant: then triggers prove nothing.
    if not source.isascii() or _HIDING_ESCAPE.search(source):
        return rules
    selected = gate_for(rules, DYNAMIC_TRIGGERS).triggered(source)
    if len(selected) < len(rules) and _implicit_concatenation(source):
        return rules
    return selected


Entry = tuple[Rule, AstMatcher]
_REFERENCE_NODES: tuple[type[ast.AST], ...] = (ast.Name, ast.Attribute, ast.Call, ast.Subscript)
_IMPORT_NODES: tuple[type[ast.AST], ...] = (ast.Import, ast.ImportFrom)


@dataclass(frozen=True)
class _Plan:
    """How a rule set is run: generic matchers by node type, name rules through an index."""

    generic: dict[type[ast.AST], tuple[Entry, ...]]
    # name -> (rule, whether the name is a module whose contents match too)
    by_name: dict[str, tuple[tuple[Rule, bool], ...]]
    on_imports: frozenset[str]  # ids of name rules that also match import statements


@functools.lru_cache(maxsize=64)
def _plan(rules: tuple[Rule, ...]) -> _Plan:
    generic: dict[type[ast.AST], list[Entry]] = {}
    by_name: dict[str, list[tuple[Rule, bool]]] = {}
    on_imports: set[str] = set()
    for rule in rules:
        matcher = rule.pattern
        if not isinstance(matcher, AstMatcher):
            continue
        if matcher.names is None:
            for node_type in matcher.nodes:
                generic.setdefault(node_type, []).append((rule, matcher))
            continue
        for name in matcher.names.exact:
            by_name.setdefault(name, []).append((rule, False))
        for name in matcher.names.modules:
            by_name.setdefault(name, []).append((rule, True))
        if ast.Import in matcher.nodes:
            on_imports.add(rule.id)
    return _Plan(
        generic={node_type: tuple(entries) for node_type, entries in generic.items()},
        by_name={name: tuple(entries) for name, entries in by_name.items()},
        on_imports=frozenset(on_imports),
    )


def _named_rules(plan: _Plan, names: Iterable[str]) -> dict[str, Rule]:
    """Name rules matching any of ``names``: by the name itself, or a module containing it."""
    found: dict[str, Rule] = {}
    for name in names:
        if name.startswith(LOCAL):
            continue
        for rule, _ in plan.by_name.get(name, ()):
            found[rule.id] = rule
        for module in dotted_prefixes(name):
            for rule, is_module in plan.by_name.get(module, ()):
                if is_module:
                    found[rule.id] = rule
    return found


@contextmanager
def _gc_paused() -> Iterator[None]:
    # Building an AST allocates tens of thousands of objects; letting the cyclic collector
    # run over them repeatedly costs more than the parse itself.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_CONTEXTS = (ast.Load, ast.Store, ast.Del)


def _collect(tree: ast.AST, wanted: frozenset[type[ast.AST]]) -> dict[type[ast.AST], list[ast.AST]]:
    """One pass over the tree, bucketing the nodes of the wanted types.

    An explicit stack over each node's ``__dict__`` instead of ``ast.walk``: the generator
    layers of ``iter_child_nodes`` cost more than the matching itself. Context singletons
    (Load/Store/Del) are skipped; lists are pushed whole and the odd string in them (the
    names of ``global``) is dropped when popped.
    """
    buckets: dict[type[ast.AST], list[ast.AST]] = {node_type: [] for node_type in wanted}
    get = buckets.get
    stack: list[object] = [tree]
    pop, push, extend = stack.pop, stack.append, stack.extend
    base = ast.AST
    while stack:
        node = pop()
        if not isinstance(node, base):
            continue
        bucket = get(type(node))
        if bucket is not None:
            bucket.append(node)
        for value in node.__dict__.values():
            kind = type(value)
            if kind is list:
                extend(value)
            elif isinstance(value, base) and kind not in _CONTEXTS:
                push(value)
    return buckets


def _position(node: ast.AST) -> tuple[int, int]:
    return getattr(node, "lineno", 1), getattr(node, "col_offset", 0)


def _build_scope(buckets: dict[type[ast.AST], list[ast.AST]], source: str) -> PyScope:
    scope = PyScope()
    scope.may_decode = _DECODE_HINT.search(source) is not None
    for node in (*buckets[ast.Import], *buckets[ast.ImportFrom]):
        if isinstance(node, ast.Import | ast.ImportFrom):
            scope.add_import(node)
    assignments = sorted(
        (*buckets[ast.Assign], *buckets[ast.AnnAssign], *buckets[ast.NamedExpr]), key=_position
    )
    for node in assignments:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                scope.add_assignment(target, node.value)
        elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and node.value is not None:
            scope.add_assignment(node.target, node.value)
    scope.forget_resolutions()
    return scope


def parse_error_hit(exc: Exception) -> Hit:
    line = getattr(exc, "lineno", None) or 1
    column = max((getattr(exc, "offset", None) or 1) - 1, 0)
    reason = str(exc) or type(exc).__name__
    return Hit("parse-error", Severity.INFO, f"source does not parse: {reason}"[:200], line, column)


def _hit(rule: Rule, node: ast.AST) -> Hit:
    line, column = _position(node)
    return Hit(rule.id, rule.severity, rule.message, line, column)


def analyse(source: str, rules: tuple[Rule, ...], hits: list[Hit]) -> None:
    """Append every match of ``rules`` in ``source`` to ``hits``."""
    plan = _plan(rules)
    wanted = frozenset(plan.generic) | frozenset(_SCOPE_NODES)
    if plan.by_name:
        wanted |= frozenset(_REFERENCE_NODES)
    with _gc_paused():
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            # ValueError: null bytes (Python 3.11); RecursionError and MemoryError: nesting
            # too deep for the parser ("source too complex").
            hits.append(parse_error_hit(exc))
            return
        buckets = _collect(tree, wanted)
        scope = _build_scope(buckets, source)
        if plan.by_name:
            for node_type in _IMPORT_NODES:
                for node in buckets[node_type]:
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        for rule in _named_rules(plan, imported_names(node)).values():
                            if rule.id in plan.on_imports:
                                hits.append(_hit(rule, node))
            for node_type in _REFERENCE_NODES:
                for node in buckets[node_type]:
                    names = scope.resolve(node)
                    if names:
                        for rule in _named_rules(plan, names).values():
                            hits.append(_hit(rule, node))
        for node_type, entries in plan.generic.items():
            nodes = buckets[node_type]
            for rule, matcher in entries:
                match = matcher.match
                for node in nodes:
                    if match(node, scope):
                        hits.append(_hit(rule, node))
