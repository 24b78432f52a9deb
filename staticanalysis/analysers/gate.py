"""The prefilter: only parse a source, and only run the rules, that could possibly match.

Parsing dominates the cost of an analysis (a 64 KiB file takes tens of milliseconds to
parse), while most accepted solutions contain none of the names the rules look for. Each
rule lists triggers that every source it can match must contain, so a rule none of whose
triggers occurs cannot match, and a source that triggers no rule is clean without being
parsed. Running only the triggered rules also keeps the tree-sitter query small.

Word triggers (letters, digits, underscores) must occur as a whole token; the source is
tokenised once with a byte translation table, far cheaper than one substring search per
trigger. Other triggers ("/proc", "os/exec") are substrings.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass

from staticanalysis.model import Rule

_WORD = re.compile(r"\w+", re.ASCII)
_WORD_BYTES = frozenset((string.ascii_letters + string.digits + "_").encode())
# Every byte that cannot be part of an ASCII identifier becomes a separator.
_SEPARATE = bytes(byte if byte in _WORD_BYTES else 0x20 for byte in range(256))


def tokens(source: str) -> frozenset[bytes]:
    return frozenset(source.encode("utf-8", "replace").translate(_SEPARATE).split())


@dataclass(frozen=True)
class _Triggers:
    words: frozenset[bytes]
    folded_words: frozenset[bytes]
    substrings: tuple[str, ...]
    patterns: tuple[str, ...]
    always: bool


def _split(rule: Rule) -> _Triggers:
    words = frozenset(t.encode() for t in rule.triggers if _WORD.fullmatch(t))
    return _Triggers(
        words=words,
        folded_words=frozenset(t.lower().encode() for t in rule.folded_triggers),
        substrings=tuple(t for t in rule.triggers if not _WORD.fullmatch(t)),
        patterns=(rule.trigger_pattern,) if rule.trigger_pattern else (),
        always=not (rule.triggers or rule.folded_triggers or rule.trigger_pattern),
    )


class _Source:
    """One source's tokens, substring and pattern results, each computed at most once."""

    def __init__(self, text: str, patterns: dict[str, re.Pattern[str]]) -> None:
        self.text = text
        self._patterns = patterns
        self._tokens: frozenset[bytes] | None = None
        self._folded: frozenset[bytes] | None = None
        self._found: dict[str, bool] = {}

    def tokens(self) -> frozenset[bytes]:
        if self._tokens is None:
            self._tokens = tokens(self.text)
        return self._tokens

    def folded(self) -> frozenset[bytes]:
        if self._folded is None:
            self._folded = frozenset(t.lower() for t in self.tokens())
        return self._folded

    def contains(self, substring: str) -> bool:
        if substring not in self._found:
            self._found[substring] = substring in self.text
        return self._found[substring]

    def matches(self, pattern: str) -> bool:
        key = "re:" + pattern
        if key not in self._found:
            self._found[key] = self._patterns[pattern].search(self.text) is not None
        return self._found[key]

    def fires(self, triggers: _Triggers) -> bool:
        return (
            triggers.always
            or any(self.contains(s) for s in triggers.substrings)
            or not triggers.words.isdisjoint(self.tokens())
            or (bool(triggers.folded_words) and not triggers.folded_words.isdisjoint(self.folded()))
            or any(self.matches(p) for p in triggers.patterns)
        )


@dataclass(frozen=True)
class Gate:
    rules: tuple[Rule, ...]
    triggers: tuple[_Triggers, ...]
    extra: _Triggers  # analyser-wide triggers that make every rule run
    patterns: dict[str, re.Pattern[str]]

    def triggered(self, source: str) -> tuple[Rule, ...]:
        """The rules whose triggers occur in ``source`` (all of them if an extra one does)."""
        text = _Source(source, self.patterns)
        if text.fires(self.extra):
            return self.rules
        return tuple(
            rule for rule, triggers in zip(self.rules, self.triggers, strict=True) if text.fires(triggers)
        )


@functools.lru_cache(maxsize=256)
def gate_for(rules: tuple[Rule, ...], extra: tuple[str, ...] = ()) -> Gate:
    """The gate for a rule set; any ``extra`` trigger (e.g. ``getattr``) selects every rule."""
    triggers = tuple(_split(rule) for rule in rules)
    extra_triggers = _Triggers(
        words=frozenset(t.encode() for t in extra if _WORD.fullmatch(t)),
        folded_words=frozenset(),
        substrings=tuple(t for t in extra if not _WORD.fullmatch(t)),
        patterns=(),
        always=False,
    )
    # Searched one by one: an alternation would lose each pattern's literal-prefix scan.
    patterns = {p: re.compile(p) for t in triggers for p in t.patterns}
    return Gate(rules=rules, triggers=triggers, extra=extra_triggers, patterns=patterns)
