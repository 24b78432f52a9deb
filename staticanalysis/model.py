"""Plain data types shared by the rules, the analysers and the engine.

Nothing here imports Django: the app's models store what ``Finding.to_dict`` returns.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from staticanalysis.pyscope import NameSet, PyScope


class Severity(enum.Enum):
    """How bad a finding is; only ``BLOCK`` can stop a submission from being judged."""

    INFO = "info"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {Severity.INFO: 0, Severity.WARN: 1, Severity.BLOCK: 2}

PyMatch = Callable[[ast.AST, "PyScope"], bool]
TextFilter = Callable[[str], bool]


@dataclass(frozen=True)
class AstMatcher:
    """A Python rule's pattern: a predicate over the ``ast`` node types it names.

    Naming the node types lets the analyser walk the tree once and hand each node only to
    the rules that can care about it.
    """

    nodes: tuple[type[ast.AST], ...]
    match: PyMatch
    # Set when ``match`` is exactly "an import or reference resolves to one of these names";
    # the analyser then looks resolved names up in one index instead of asking every rule.
    names: NameSet | None = None


@dataclass(frozen=True)
class Rule:
    """One screening rule; rules are data so that each carries its own examples.

    ``pattern`` is an ``AstMatcher`` for Python and a tree-sitter query string for the other
    languages. A query may hold several patterns; each must capture the reported node as
    ``@hit`` and may capture ``@check``, whose text ``accept`` (if set) must approve.

    Triggers make the prefilter sound: every source the rule can match must contain one of
    them, because the engine does not parse a source that contains no trigger of any rule.
    ``triggers`` are case-sensitive; a word (``[A-Za-z0-9_]+``) must occur as a whole token,
    anything else as a substring. ``folded_triggers`` are whole tokens in any letter case;
    ``trigger_pattern`` is a regular expression. A rule without triggers makes the engine
    parse every source.
    """

    id: str
    languages: tuple[str, ...]
    pattern: AstMatcher | str
    severity: Severity
    message: str
    good: tuple[str, ...]
    bad: tuple[str, ...]
    triggers: tuple[str, ...] = ()
    folded_triggers: tuple[str, ...] = ()
    trigger_pattern: str | None = None
    accept: TextFilter | None = None


@dataclass(frozen=True)
class Hit:
    """A rule match as an analyser reports it: 1-based line, 0-based UTF-8 byte column."""

    rule_id: str
    severity: Severity
    message: str
    line: int
    byte_column: int


@dataclass(frozen=True)
class Finding:
    """A rule match as reported to people: 1-based line and character column."""

    rule: str
    severity: Severity
    line: int
    column: int
    snippet: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "line": self.line,
            "column": self.column,
            "snippet": self.snippet,
            "message": self.message,
        }


@dataclass
class AnalysisReport:
    """What ``analyze`` returns; ``analysed`` is false for languages without an analyser."""

    language: str
    family: str | None
    analysed: bool
    findings: list[Finding] = field(default_factory=list)
    note: str = ""

    @property
    def blocking(self) -> bool:
        """Whether a finding is severe enough to stop judging in ``block`` mode."""
        return any(f.severity is Severity.BLOCK for f in self.findings)

    @property
    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "family": self.family,
            "analysed": self.analysed,
            "note": self.note,
            "findings": [f.to_dict() for f in self.findings],
        }
