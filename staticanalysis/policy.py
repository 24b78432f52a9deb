"""Per-problem policy: how findings are acted upon, plus problem-specific bans.

A problem may forbid things that are harmless in general ("solve it without ``sorted``").
Such bans are turned into extra rules of ``block`` severity, so they flow through the same
engine, prefilter and report as the built-in rules.
"""

from __future__ import annotations

import ast
import enum
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from staticanalysis.languages import family_for
from staticanalysis.model import AnalysisReport, AstMatcher, PyMatch, Rule, Severity, TextFilter
from staticanalysis.pyscope import PyScope
from staticanalysis.rules.common import ts_string
from staticanalysis.rules.python import imported_names, names_matcher


class PolicyMode(enum.Enum):
    OFF = "off"  # do not analyse at all
    REPORT = "report"  # analyse and record findings, never block
    BLOCK = "block"  # block judging when a finding has block severity


KINDS = ("imports", "calls", "identifiers")
# Terms are names, dotted/qualified names or header paths; nothing that could break out of
# a tree-sitter query string.
_TERM = re.compile(r"[A-Za-z_][\w.+/-]*(?:::[A-Za-z_][\w.+/-]*)*")

Bans = Mapping[str, tuple[str, ...]]


def _freeze(bans: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    frozen: dict[str, tuple[str, ...]] = {}
    for language, terms in bans.items():
        if isinstance(terms, str):
            terms = (terms,)
        checked = tuple(str(term).strip() for term in terms)
        for term in checked:
            if not _TERM.fullmatch(term):
                raise ValueError(f"invalid banned name {term!r} for {language}")
        frozen[str(language)] = checked
    return frozen


@dataclass(frozen=True)
class Policy:
    """What to do with findings, and names banned for one problem.

    The ban mappings are keyed by language key (``py3``, ``cpp17``) or family name
    (``python``, ``cpp``); a key applies to every language of its family, so a ban listed
    under ``py3`` also applies to ``pypy3``.
    """

    mode: PolicyMode = PolicyMode.BLOCK
    banned_imports: Bans = field(default_factory=dict)
    banned_calls: Bans = field(default_factory=dict)
    banned_identifiers: Bans = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.mode, PolicyMode):
            object.__setattr__(self, "mode", PolicyMode(self.mode))
        for name in ("banned_imports", "banned_calls", "banned_identifiers"):
            object.__setattr__(self, name, _freeze(getattr(self, name)))

    def terms(self, kind: str, family: str) -> tuple[str, ...]:
        """Banned names of one kind (imports, calls, identifiers) for a language family."""
        bans: Bans = getattr(self, f"banned_{kind}")
        found: list[str] = []
        for language, terms in bans.items():
            if family_for(language) == family:
                found.extend(term for term in terms if term not in found)
        return tuple(found)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        """Build from stored JSON: ``{"mode": "block", "banned_calls": {"py3": ["sorted"]}}``."""
        return cls(
            mode=PolicyMode(data.get("mode", PolicyMode.BLOCK.value)),
            banned_imports=dict(data.get("banned_imports") or {}),
            banned_calls=dict(data.get("banned_calls") or {}),
            banned_identifiers=dict(data.get("banned_identifiers") or {}),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode.value,
            **{
                f"banned_{kind}": {k: list(v) for k, v in getattr(self, f"banned_{kind}").items()}
                for kind in KINDS
            },
        }


DEFAULT_POLICY = Policy()


def decide(report: AnalysisReport, policy: Policy | None = None) -> bool:
    """Whether judging must be blocked: only in ``block`` mode, only for block findings."""
    mode = (policy or DEFAULT_POLICY).mode
    return mode is PolicyMode.BLOCK and report.analysed and report.blocking


def policy_rules(policy: Policy | None, family: str) -> tuple[Rule, ...]:
    """The policy's bans for ``family`` as rules of ``block`` severity."""
    if policy is None:
        return ()
    return _rules(family, *(policy.terms(kind, family) for kind in KINDS))


# --- building rules -------------------------------------------------------------------------

_SEPARATORS = re.compile(r"::|->|\.|/")


def _last_segment(term: str) -> str:
    parts = [part for part in _SEPARATORS.split(term) if part]
    return parts[-1] if parts else term


def _dotted(text: str) -> str:
    return _SEPARATORS.sub(".", re.sub(r"\s+", "", text))


def path_matches(path: str, term: str) -> bool:
    """``java.util.PriorityQueue`` matches terms ``java.util``, ``PriorityQueue`` and itself.

    Wildcard imports (``java.util.*``) deliberately match nothing narrower than themselves:
    they are in nearly every Java solution, and banning a class is what identifier bans do.
    """
    path, term = _dotted(path), _dotted(term)
    return path == term or path.startswith(term + ".") or path.endswith("." + term)


def _rule(
    kind: str, family: str, term: str, pattern: AstMatcher | str, accept: TextFilter | None = None
) -> Rule:
    noun = {"imports": "import", "calls": "call", "identifiers": "identifier"}[kind]
    return Rule(
        id=f"policy-banned-{noun}",
        languages=(family,),
        pattern=pattern,
        severity=Severity.BLOCK,
        message=f"`{term}` is not allowed in this problem",
        good=(),
        bad=(),
        triggers=(_last_segment(term),),
        accept=accept,
    )


@functools.lru_cache(maxsize=256)
def _rules(
    family: str, imports: tuple[str, ...], calls: tuple[str, ...], identifiers: tuple[str, ...]
) -> tuple[Rule, ...]:
    build = _python_rule if family == "python" else _treesitter_rule
    return tuple(
        build(kind, family, term)
        for kind, terms in zip(KINDS, (imports, calls, identifiers), strict=True)
        for term in terms
    )


def _python_rule(kind: str, family: str, term: str) -> Rule:
    if kind == "imports":
        return _rule(kind, family, term, names_matcher(lambda name: path_matches(name, term)))
    if kind == "calls":
        return _rule(kind, family, term, AstMatcher(nodes=(ast.Call,), match=_python_call(term)))
    return _rule(kind, family, term, _python_identifier(term))


def _python_call(term: str) -> PyMatch:
    dotted = _dotted(term)

    def match(node: ast.AST, scope: PyScope) -> bool:
        if not isinstance(node, ast.Call):
            return False
        names = list(scope.resolve(node.func))
        if isinstance(node.func, ast.Attribute):
            names.append(node.func.attr)
        elif isinstance(node.func, ast.Name):
            names.append(node.func.id)
        return any(name == dotted or name.endswith("." + dotted) for name in names)

    return match


def _python_identifier(term: str) -> AstMatcher:
    word = _last_segment(term)

    def match(node: ast.AST, scope: PyScope) -> bool:
        if isinstance(node, ast.Name):
            return node.id == word
        if isinstance(node, ast.Attribute):
            return node.attr == word
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            return node.name == word
        if isinstance(node, ast.Import | ast.ImportFrom):
            bound = [alias.asname for alias in node.names if alias.asname]
            return any(_last_segment(name) == word for name in (*imported_names(node), *bound))
        # getattr(x, "sorted") and friends
        return any(name.rsplit(".", 1)[-1] == word for name in scope.resolve(node))

    nodes = (ast.Name, ast.Attribute, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import)
    return AstMatcher(nodes=(*nodes, ast.ImportFrom, ast.Call, ast.Subscript), match=match)


_IDENTIFIER_NODES: dict[str, tuple[str, ...]] = {
    "c": ("identifier", "field_identifier", "type_identifier"),
    "cpp": ("identifier", "field_identifier", "type_identifier", "namespace_identifier"),
    "java": ("identifier", "type_identifier"),
    "javascript": ("identifier", "property_identifier", "shorthand_property_identifier"),
    "go": ("identifier", "field_identifier", "type_identifier", "package_identifier"),
    "rust": ("identifier", "field_identifier", "type_identifier"),
}

_C_CALLEE = "[(identifier) @name (field_expression field: (field_identifier) @name)]"
_CPP_CALLEE = (
    "[(identifier) @name (qualified_identifier name: (identifier) @name)"
    " (field_expression field: (field_identifier) @name) (template_function name: (identifier) @name)"
    " (qualified_identifier name: (template_function name: (identifier) @name))]"
)
_RUST_CALLEE = (
    "[(identifier) @name (scoped_identifier name: (identifier) @name)"
    " (field_expression field: (field_identifier) @name)]"
)
_CALLS: dict[str, tuple[str, ...]] = {
    "c": (f"((call_expression function: {_C_CALLEE}) @hit (#eq? @name TERM))",),
    "cpp": (f"((call_expression function: {_CPP_CALLEE}) @hit (#eq? @name TERM))",),
    "java": ("((method_invocation name: (identifier) @name) @hit (#eq? @name TERM))",),
    "javascript": (
        "((call_expression function: [(identifier) @name"
        " (member_expression property: (property_identifier) @name)]) @hit (#eq? @name TERM))",
        "((new_expression constructor: (identifier) @name) @hit (#eq? @name TERM))",
    ),
    "go": (
        "((call_expression function: [(identifier) @name"
        " (selector_expression field: (field_identifier) @name)]) @hit (#eq? @name TERM))",
    ),
    "rust": (
        f"((call_expression function: {_RUST_CALLEE}) @hit (#eq? @name TERM))",
        f"((call_expression function: (generic_function function: {_RUST_CALLEE})) @hit (#eq? @name TERM))",
        "((macro_invocation macro: (identifier) @name) @hit (#eq? @name TERM))",
    ),
}
_IMPORTS: dict[str, tuple[str, ...]] = {
    "c": ("(preproc_include path: (_) @check) @hit",),
    "cpp": ("(preproc_include path: (_) @check) @hit",),
    "java": ("(import_declaration) @hit",),
    "javascript": (
        "((call_expression function: (identifier) @f arguments: (arguments . (string) @check)) @hit"
        ' (#eq? @f "require"))',
        "(import_statement source: (string) @check) @hit",
        "(call_expression function: (import) arguments: (arguments . (string) @check)) @hit",
    ),
    "go": ("(import_spec path: (_) @check) @hit",),
    "rust": (
        "(use_declaration argument: (_) @check) @hit",
        "(extern_crate_declaration name: (identifier) @check) @hit",
    ),
}


def _callee(call_text: str) -> str:
    # "std::sort<int*>(a, a + n)" -> "std::sort"
    return re.split(r"[(<!]", call_text, maxsplit=1)[0]


def _import_paths(text: str, family: str) -> list[str]:
    """The imported paths of an import statement's text, with Rust use-trees expanded."""
    text = re.sub(r"\s+|//[^\n]*|/\*.*?\*/", "", text)
    if family == "java":
        return [re.sub(r"^import(static)?|;$", "", text)]
    if family == "rust":
        return _expand_use_tree(text.rstrip(";"))
    return [text.strip("<>\"'`").removeprefix("node:")]


def _expand_use_tree(tree: str) -> list[str]:
    """``std::{io::Read, collections::{BinaryHeap, HashMap}}`` -> the four full paths."""
    if "{" not in tree:
        return [re.sub(r"\bas\w+$", "", tree)]
    prefix, _, rest = tree.partition("{")
    inner = rest[: rest.rfind("}")]
    items, depth, start = [], 0, 0
    for index, char in enumerate(inner):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(inner[start:index])
            start = index + 1
    items.append(inner[start:])
    return [path for item in items if item for path in _expand_use_tree(prefix + item)]


def _treesitter_rule(kind: str, family: str, term: str) -> Rule:
    word = ts_string(_last_segment(term))
    if kind == "identifiers":
        nodes = " ".join(f"({node})" for node in _IDENTIFIER_NODES[family])
        return _rule(kind, family, term, f"([{nodes}] @hit (#eq? @hit {word}))")
    if kind == "calls":
        query = "\n".join(pattern.replace("TERM", word) for pattern in _CALLS[family])
        dotted = _dotted(term)

        def accept_call(text: str) -> bool:
            callee = _dotted(_callee(text))
            return callee == dotted or callee.endswith("." + dotted)

        return _rule(kind, family, term, query, accept_call)

    def accept_import(text: str) -> bool:
        return any(path_matches(path, term) for path in _import_paths(text, family))

    return _rule(kind, family, term, "\n".join(_IMPORTS[family]), accept_import)
