"""Guards that keep tree-sitter analysis fast on hostile input.

Real code parses and queries in milliseconds, but some shapes make tree-sitter slow:
thousands of unclosed brackets or a long run of prefix operators parse into one huge error
node that the query cursor crosses in quadratic time, very deep trees (a 100000-link member
chain) slow every traversal, and a few grammars take seconds to parse ambiguous input
("a<" * 30000 in Java). Such sources are reported as not analysed instead.

Parsing and queries are bounded with ``timeout_micros``. Its replacement, the
``progress_callback`` argument, is not usable: py-tree-sitter keeps a pointer to a stack
variable for it and crashes the process (0.25; the query one in 0.26 as well, where
``timeout_micros`` is gone, hence the pin to 0.25). Not every slow parse reaches the
timeout check, hence the text checks before parsing.
"""

from __future__ import annotations

import operator
import re
import warnings
from itertools import accumulate

from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

MAX_BRACKET_DEPTH = 500
MAX_ANGLES_PER_STATEMENT = 256  # "a<a<a<..." sends generic-aware grammars into slow parses
MAX_TREE_DEPTH = 1000
MAX_ERROR_NODE_SIZE = 5000  # descendants of one error node; query time grows with its square
PARSE_BUDGET_SECONDS = 1.0
QUERY_BUDGET_SECONDS = 1.0

_STATEMENT_BREAKS = re.compile(rb"[;{}]")

_STEPS = [0] * 256
for _byte in b"([{":
    _STEPS[_byte] = 1
for _byte in b")]}":
    _STEPS[_byte] = -1
_NOT_BRACKETS = bytes(byte for byte in range(256) if _STEPS[byte] == 0)


def bracket_depth(data: bytes) -> int:
    """The deepest nesting of brackets, anywhere in the text (strings and comments too).

    Every step runs in C (translate, accumulate, map), so it is cheap enough to run before
    parsing.
    """
    levels: list[int] = list(
        accumulate(map(_STEPS.__getitem__, data.translate(None, _NOT_BRACKETS)), initial=0)
    )
    # The rise above the lowest level so far: excess closers cannot hide later openers.
    rises: map[int] = map(operator.sub, levels, accumulate(levels, min))
    return max(rises)


def angles_per_statement(data: bytes) -> int:
    """The most ``<`` between two statement breaks (``;``, ``{`` or ``}``), shifts aside."""
    return max(chunk.count(b"<") - 2 * chunk.count(b"<<") for chunk in _STATEMENT_BREAKS.split(data))


def bounded_parser(language: Language) -> Parser:
    """A parser that gives up after ``PARSE_BUDGET_SECONDS``."""
    # timeout_micros is deprecated in favour of a progress callback, which crashes in this
    # binding as the query one does.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return Parser(language, timeout_micros=int(PARSE_BUDGET_SECONDS * 1_000_000))


def bounded_cursor(query: Query) -> QueryCursor:
    """A query cursor that stops after ``QUERY_BUDGET_SECONDS`` (see the module docstring)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return QueryCursor(query, timeout_micros=int(QUERY_BUDGET_SECONDS * 1_000_000))


def parse_within(parser: Parser, data: bytes) -> Tree | None:
    """Parse ``data`` with a ``bounded_parser``, or None if it ran out of time."""
    try:
        return parser.parse(data)
    except ValueError:  # timed out
        parser.reset()  # otherwise the next parse would try to resume this one
        return None


def too_deep(root: Node, limit: int = MAX_TREE_DEPTH) -> bool:
    """Whether the tree is nested deeper than ``limit`` (the walk stops as soon as it is)."""
    cursor = root.walk()
    depth = 0
    while True:
        if cursor.goto_first_child():
            depth += 1
            if depth > limit:
                return True
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return False
            depth -= 1


def oversized_error(root: Node, limit: int = MAX_ERROR_NODE_SIZE) -> bool:
    """Whether some error node has more than ``limit`` descendants.

    Only nodes on the way to an error are visited, so trees without errors cost nothing.
    """
    stack = [root] if root.has_error else []
    while stack:
        node = stack.pop()
        if node.is_error and node.descendant_count > limit:
            return True
        stack.extend(child for child in node.children if child.has_error)
    return False


def unanalysable_text(data: bytes) -> str | None:
    """Why ``data`` must not be parsed, or None."""
    if bracket_depth(data) > MAX_BRACKET_DEPTH:
        return f"brackets nested more than {MAX_BRACKET_DEPTH} deep"
    if angles_per_statement(data) > MAX_ANGLES_PER_STATEMENT:
        return f"more than {MAX_ANGLES_PER_STATEMENT} '<' in one statement"
    return None


def unanalysable_tree(root: Node) -> str | None:
    """Why the tree must not be queried, or None."""
    if too_deep(root):
        return f"syntax nested more than {MAX_TREE_DEPTH} levels deep"
    if oversized_error(root):
        return f"a syntax error spanning more than {MAX_ERROR_NODE_SIZE} nodes"
    return None
