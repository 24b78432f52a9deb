"""Token-based output comparison with the semantics of the Kattis/problemtools default validator.

Rules (mirroring ``support/default_validator/default_validator.cc`` in problemtools):

* Both outputs are split into tokens on the six ASCII whitespace bytes of C's ``isspace`` in the
  "C" locale (space, ``\\t``, ``\\n``, ``\\v``, ``\\f``, ``\\r``).  Everything else, including NUL
  and bytes >= 0x80, is token content.  Comparison works on raw bytes, so undecodable output
  never raises.
* Tokens are compared pairwise.  Strings compare case-insensitively (ASCII only, like
  ``strcasecmp``) unless ``case_sensitive`` is set.
* When a tolerance is given, an answer token that glibc's ``sscanf("%lf")`` reads as a *finite*
  double is compared numerically: the team token must also be a finite float, and it passes if
  ``|a - t| <= abs_tol`` or ``|a - t| <= rel_tol * |a|``.  Answer tokens such as ``inf``, ``nan``
  or ``1e999`` are not floats for problemtools and therefore compare as strings; a team token
  ``nan``/``inf`` against a numeric answer is always wrong.
* With ``space_change_sensitive`` every whitespace run (including leading and trailing ones)
  must be byte-identical, so e.g. a missing final newline or ``\\r\\n`` instead of ``\\n`` is
  rejected.
* The first failure in output order is reported: whitespace run *i* is checked before token *i*.

Known deliberate difference: problemtools compares tokens with C string functions, which stop at
a NUL byte; here the whole token is compared, which is stricter.

Everything on the hot path (splitting, comparing, locating the failing token) runs inside C
routines of ``bytes``/``list``; Python-level loops only visit blocks that actually differ.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

# At most this many characters of any single token appear in a message: answers are hidden
# test data, and a team that forgot separators can produce one multi-megabyte token.
MAX_TOKEN_CHARS = 50

_WHITESPACE = b" \t\n\r\x0b\x0c"
_WHITESPACE_NAMES = {
    ord(" "): "space",
    ord("\t"): "tab",
    ord("\n"): "newline",
    ord("\r"): "carriage return",
    0x0B: "vertical tab",
    0x0C: "form feed",
}
# Maps every token byte to b"x" and every whitespace byte to b" " (token starts become b" x").
_MASK_TABLE = bytes(ord(" ") if byte in _WHITESPACE else ord("x") for byte in range(256))
# Swaps roles: each whitespace byte becomes a distinct letter and every token byte a space, so
# bytes.split() returns the whitespace runs (as letters) in C.
_RUN_LETTERS = dict(zip(_WHITESPACE, b"stnrvf", strict=True))
_RUNS_TABLE = bytes(_RUN_LETTERS.get(byte, ord(" ")) for byte in range(256))
_RUN_LETTER_NAMES = {letter: _WHITESPACE_NAMES[byte] for byte, letter in _RUN_LETTERS.items()}
_LIST_BLOCK = 1024
_MASK_BLOCK = 1 << 16

# Literals Python's float() rejects but glibc's scanf("%lf") accepts: glibc consumes and ignores a
# dangling exponent marker ("1e", "1.5e+", "0x1p-"), reads a bare "0x." as zero, and parses hex.
# problemtools runs on glibc, so these count as floats here too.
_DECIMAL_FLOAT_RE = re.compile(rb"([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))(?:[eE]([+-]?[0-9]*))?")
_HEX_FLOAT_RE = re.compile(
    rb"([+-]?)0[xX](?:([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP]([+-]?[0-9]*))?|\.)"
)

_TOLERANCE_FLAGS = ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance")
_KNOWN_FLAGS = ("case_sensitive", "space_change_sensitive", *_TOLERANCE_FLAGS)


@dataclass(frozen=True, slots=True)
class ValidatorOptions:
    """Comparison settings; a ``None`` tolerance means "not given"."""

    case_sensitive: bool = False
    space_change_sensitive: bool = False
    float_absolute_tolerance: float | None = None
    float_relative_tolerance: float | None = None

    def __post_init__(self) -> None:
        for name in ("float_absolute_tolerance", "float_relative_tolerance"):
            value = getattr(self, name)
            if value is not None and not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")

    @property
    def uses_floats(self) -> bool:
        """Whether numeric comparison is enabled (any tolerance given)."""
        return self.float_absolute_tolerance is not None or self.float_relative_tolerance is not None


DEFAULT = ValidatorOptions()


@dataclass(frozen=True, slots=True)
class Judgement:
    """Outcome of a comparison; ``message`` may quote (truncated) answer data, so it is staff-only."""

    accepted: bool
    message: str


_ACCEPTED = Judgement(True, "Accepted")


def parse_validator_flags(flags: str | Sequence[str]) -> ValidatorOptions:
    """Parse problemtools ``validator_flags`` such as ``"case_sensitive float_tolerance 1e-6"``.

    A list is accepted too; each item is split on whitespace, so ``["float_tolerance", "1e-6"]``
    and ``["float_tolerance 1e-6"]`` are equivalent.  Flag names are case-sensitive, later flags
    override earlier ones, and ``float_tolerance`` sets both tolerances.  Raises ``ValueError`` on
    an unknown flag or a missing, malformed, negative or non-finite number (problemtools silently
    treats a negative tolerance as "off"; rejecting it surfaces the likely typo).
    """
    words = flags.split() if isinstance(flags, str) else [word for item in flags for word in item.split()]
    case_sensitive = space_change_sensitive = False
    absolute: float | None = None
    relative: float | None = None
    position = 0
    while position < len(words):
        flag = words[position]
        position += 1
        if flag == "case_sensitive":
            case_sensitive = True
        elif flag == "space_change_sensitive":
            space_change_sensitive = True
        elif flag in _TOLERANCE_FLAGS:
            if position == len(words):
                raise ValueError(f"Validator flag '{flag}' must be followed by a number")
            value = _parse_tolerance(flag, words[position])
            position += 1
            if flag != "float_relative_tolerance":
                absolute = value
            if flag != "float_absolute_tolerance":
                relative = value
        else:
            known = ", ".join(_KNOWN_FLAGS)
            raise ValueError(f"Unknown validator flag '{_display(flag)}' (known flags: {known})")
    return ValidatorOptions(case_sensitive, space_change_sensitive, absolute, relative)


def _parse_tolerance(flag: str, text: str) -> float:
    value = _parse_float(text.encode("utf-8", "replace"))
    if value is None or value < 0:
        raise ValueError(f"Validator flag '{flag}' needs a finite number >= 0, got '{_display(text)}'")
    return value


def compare(team_output: bytes, answer: bytes, options: ValidatorOptions = DEFAULT) -> Judgement:
    """Compare a team's output with the expected answer; linear in the size of both inputs."""
    if team_output == answer:  # identical bytes pass under every option; skips all other work
        return _ACCEPTED
    expected, got = _tokens(answer, options), _tokens(team_output, options)
    # float() accepts digit separators ("1_0") and C does not; they are rare, so one check of
    # the raw bytes decides whether whole blocks may be converted by float() at once.
    bulk_floats = b"_" not in answer and b"_" not in team_output
    failure = _first_token_failure(expected, got, options, bulk_floats)
    if options.space_change_sensitive:
        spacing = _first_spacing_failure(team_output, answer)
        # problemtools checks whitespace run i before token i.
        if spacing is not None and (failure is None or spacing.run <= failure[0]):
            return _spacing_judgement(spacing, team_output, len(got))
    if failure is not None:
        return _token_judgement(team_output, answer, options, *failure)
    return _count_judgement(team_output, len(expected), len(got))


# --- token comparison -------------------------------------------------------------------------


def _tokens(data: bytes, options: ValidatorOptions) -> list[bytes]:
    # bytes.split() uses exactly C's isspace set; lower() folds ASCII only, like strcasecmp.
    return data.split() if options.case_sensitive else data.lower().split()


def _differing_blocks(left: list[bytes], right: list[bytes]) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` index ranges, within the shorter list, whose slices differ."""
    if left == right:
        return
    limit = min(len(left), len(right))
    for start in range(0, limit, _LIST_BLOCK):
        stop = min(start + _LIST_BLOCK, limit)
        if left[start:stop] != right[start:stop]:
            yield start, stop


def _first_difference(left: list[bytes], right: list[bytes]) -> int | None:
    """Index of the first differing element within the shorter list, or None."""
    for start, stop in _differing_blocks(left, right):
        return next(index for index in range(start, stop) if left[index] != right[index])
    return None


def _first_token_failure(
    expected: list[bytes], got: list[bytes], options: ValidatorOptions, bulk_floats: bool
) -> tuple[int, str] | None:
    """First pairwise failure as ``(index, detail)``; the token count is checked separately.

    ``detail`` is ``""`` for a plain string mismatch, otherwise a short numeric explanation.
    """
    if not options.uses_floats:
        index = _first_difference(expected, got)
        return None if index is None else (index, "")
    for start, stop in _differing_blocks(expected, got):
        failure = _first_numeric_failure(expected[start:stop], got[start:stop], options, bulk_floats)
        if failure is not None:
            return start + failure[0], failure[1]
    return None


def _first_numeric_failure(
    expected: list[bytes], got: list[bytes], options: ValidatorOptions, bulk_floats: bool
) -> tuple[int, str] | None:
    values = _bulk_floats(expected, got) if bulk_floats else None
    if values is not None:
        # Common case, all tokens plain finite decimals: screen them with the exact problemtools
        # inequality; a token that fails is re-examined below (and fails there too).
        absolute = _or_negative(options.float_absolute_tolerance)
        relative = _or_negative(options.float_relative_tolerance)
        suspects: Iterator[int] = (
            index
            for index, (want, have) in enumerate(zip(*values, strict=True))
            if not ((difference := abs(want - have)) <= absolute or difference <= relative * abs(want))
        )
    else:
        suspects = (index for index in range(len(expected)) if expected[index] != got[index])
    for index in suspects:
        detail = _token_problem(expected[index], got[index], options)
        if detail is not None:
            return index, detail
    return None


def _or_negative(tolerance: float | None) -> float:
    # problemtools uses -1 for "not given"; no difference (or NaN) is ever <= a negative bound.
    return -1.0 if tolerance is None else tolerance


def _bulk_floats(expected: list[bytes], got: list[bytes]) -> tuple[list[float], list[float]] | None:
    """Both token lists converted in C, or None if any token needs the careful per-token parser."""
    try:
        wanted, had = list(map(float, expected)), list(map(float, got))
    except ValueError:
        return None
    # Non-finite answer values are strings for problemtools, and inf would pass a relative check.
    return (wanted, had) if all(map(math.isfinite, wanted)) else None


def _token_problem(want: bytes, have: bytes, options: ValidatorOptions) -> str | None:
    """Why two tokens fail in float mode (``""`` = plain string mismatch), or None if they pass."""
    if want == have:
        return None
    expected = _parse_float(want)
    if expected is None:
        return ""  # the answer token is not a float, and the strings differ
    actual = _parse_float(have)
    if actual is None:
        return "expected a number"
    difference = abs(expected - actual)
    if difference <= _or_negative(options.float_absolute_tolerance):
        return None
    if difference <= _or_negative(options.float_relative_tolerance) * abs(expected):
        return None
    return f"difference {difference:.3g} exceeds tolerance"


def _parse_float(token: bytes) -> float | None:
    """Value of a token that glibc's ``sscanf("%lf%10s")`` reads as exactly one finite double."""
    if b"_" in token:  # Python's float() allows digit separators; C does not
        return None
    try:
        value: float | None = float(token)  # a subset of the C grammar, plus inf/nan
    except ValueError:
        value = _parse_c_only_float(token)
    # problemtools' isfloat() rejects inf and nan, including overflowing literals like 1e999.
    return value if value is not None and math.isfinite(value) else None


def _parse_c_only_float(token: bytes) -> float | None:
    if match := _DECIMAL_FLOAT_RE.fullmatch(token):
        mantissa, exponent = match.groups()
        return float(mantissa + b"e" + exponent) if _has_digits(exponent) else float(mantissa)
    if match := _HEX_FLOAT_RE.fullmatch(token):
        sign, mantissa, exponent = match.groups()
        if mantissa is None:  # the bare "0x." form
            return -0.0 if sign == b"-" else 0.0
        literal = sign + b"0x" + mantissa + (b"p" + exponent if _has_digits(exponent) else b"")
        try:
            return float.fromhex(literal.decode("ascii"))
        except OverflowError:
            return None
    return None


def _has_digits(exponent: bytes | None) -> bool:
    return exponent is not None and exponent.lstrip(b"+-") != b""


# --- whitespace comparison --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _SpacingFailure:
    run: int  # whitespace run index: run 0 precedes token 0, run n follows the last token
    offset: int  # first differing position inside the run
    expected: bytes  # the answer's run, as run letters
    got: bytes  # the team's run, as run letters
    is_last_run: bool  # whether the team's run is its trailing one (nothing follows it)


def _first_spacing_failure(team_output: bytes, answer: bytes) -> _SpacingFailure | None:
    """First whitespace run that differs between the outputs, or None.

    Runs are compared index by index up to the shorter list: if one output merely has more
    tokens, its extra runs are a token-count problem, which is how problemtools reports it.
    """
    want, have = _whitespace_runs(answer), _whitespace_runs(team_output)
    run = _first_difference(want, have)
    if run is None:
        return None
    offset = _first_byte_difference(want[run], have[run]) or 0
    return _SpacingFailure(run, offset, want[run], have[run], run == len(have) - 1)


def _whitespace_runs(data: bytes) -> list[bytes]:
    """The n + 1 whitespace runs around n tokens (as run letters), including empty edge runs."""
    runs = data.translate(_RUNS_TABLE).split()
    # Only the runs before the first and after the last token can be empty, and split() drops
    # empty ones, so restore them.
    if not data or data[0] not in _WHITESPACE:
        runs.insert(0, b"")
    if data and data[-1] not in _WHITESPACE:
        runs.append(b"")
    return runs


def _first_byte_difference(left: bytes, right: bytes) -> int | None:
    """Index of the first differing byte (or the shorter length if one is a prefix of the other)."""
    if left == right:
        return None
    known_equal, limit = 0, min(len(left), len(right))
    left_view, right_view = memoryview(left), memoryview(right)
    # Binary search on prefix equality; each step only compares the not-yet-verified part.
    while known_equal < limit:
        middle = (known_equal + limit + 1) // 2
        if left_view[known_equal:middle] == right_view[known_equal:middle]:
            known_equal = middle
        else:
            limit = middle - 1
    return known_equal


# --- messages -----------------------------------------------------------------------------------


def _token_judgement(
    team_output: bytes, answer: bytes, options: ValidatorOptions, index: int, detail: str
) -> Judgement:
    want_start, want_end = _token_span(answer, index)
    have_start, have_end = _token_span(team_output, index)
    want, have = answer[want_start:want_end], team_output[have_start:have_end]
    if detail:
        shown = f"expected '{_window(want, 0)}', got '{_window(have, 0)}' ({detail})"
    else:
        shown_want, shown_have = _show_pair(want, have, options.case_sensitive)
        shown = f"expected '{shown_want}', got '{shown_have}'"
    where = _where(_line_at(team_output, have_start), _line_at(answer, want_start))
    return Judgement(False, f"Wrong answer on token {index + 1} ({where}): {shown}")


def _spacing_judgement(failure: _SpacingFailure, team_output: bytes, got_count: int) -> Judgement:
    expected, got, offset = failure.expected, failure.got, failure.offset
    if offset == len(expected):  # the answer's run ended here, the team's continues
        detail = f"unexpected {_RUN_LETTER_NAMES[got[offset]]}"
    elif offset < len(got):
        detail = f"expected {_RUN_LETTER_NAMES[expected[offset]]}, got {_RUN_LETTER_NAMES[got[offset]]}"
    elif failure.is_last_run:
        detail = f"expected {_RUN_LETTER_NAMES[expected[offset]]}, got end of output"
    else:  # the team's run ended early and a token follows; show its first character
        start, _ = _token_span(team_output, failure.run)
        first_char = team_output[start : start + 4].decode("utf-8", "replace")[0]
        detail = f"expected {_RUN_LETTER_NAMES[expected[offset]]}, got '{_display(first_char)}'"
    place = "at end of output" if failure.run == got_count else f"before token {failure.run + 1}"
    run_start = 0 if failure.run == 0 else _token_span(team_output, failure.run - 1)[1]
    line = _line_at(team_output, run_start + offset)
    return Judgement(False, f"Whitespace mismatch {place} (line {line}): {detail}")


def _count_judgement(team_output: bytes, expected_count: int, got_count: int) -> Judgement:
    if got_count < expected_count:
        if not team_output:
            note = " (output was empty)"
        elif got_count == 0:
            note = " (output contained only whitespace)"
        else:
            note = ""
        return Judgement(
            False, f"Team output too short: expected {expected_count} tokens, got {got_count}{note}"
        )
    if got_count > expected_count:
        start, end = _token_span(team_output, expected_count)
        return Judgement(
            False,
            f"Team output has extra tokens: expected {expected_count}, got {got_count} "
            f"(first extra token '{_window(team_output[start:end], 0)}' on line "
            f"{_line_at(team_output, start)})",
        )
    return _ACCEPTED


def _token_span(data: bytes, index: int) -> tuple[int, int]:
    """Byte range of the index-th token, which must exist; only used when building a message.

    In the mask (a space prepended) every token start is an occurrence of b" x", so counting
    occurrences block by block stays in C and only the final block is walked.
    """
    mask = b" " + data.translate(_MASK_TABLE)
    remaining, block_start = index, 0
    while (count := mask.count(b" x", block_start, block_start + _MASK_BLOCK + 1)) <= remaining:
        remaining -= count
        block_start += _MASK_BLOCK
        if block_start >= len(mask):
            raise IndexError(f"no token {index} in data")
    position = mask.find(b" x", block_start)
    for _ in range(remaining):
        position = mask.find(b" x", position + 1)
    # Mask offset m is data offset m - 1, so the token starting at mask offset position + 1
    # starts at data offset position.
    end = mask.find(b" ", position + 1)
    return position, (len(data) if end == -1 else end - 1)


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _where(team_line: int, answer_line: int) -> str:
    return f"line {team_line}" if team_line == answer_line else f"line {team_line}, answer line {answer_line}"


def _show_pair(want: bytes, have: bytes, case_sensitive: bool) -> tuple[str, str]:
    """Both tokens cut to the same window around their first difference, so it stays visible."""
    folded = (want, have) if case_sensitive else (want.lower(), have.lower())
    difference = _first_byte_difference(*folded) or 0
    # Keep a little shared context before the difference, starting on a UTF-8 character boundary.
    start = max(0, difference - 10)
    while start > 0 and want[start] & 0xC0 == 0x80:
        start -= 1
    return _window(want, start), _window(have, start)


def _window(token: bytes, start: int) -> str:
    """At most MAX_TOKEN_CHARS characters of ``token`` from byte ``start``, with ellipses."""
    # A character is at most 4 bytes and every undecodable byte becomes one character, so this
    # slice always holds more than MAX_TOKEN_CHARS characters if the token continues beyond it.
    text = token[start : start + 4 * MAX_TOKEN_CHARS + 4].decode("utf-8", "replace")
    prefix = "..." if start > 0 else ""
    suffix = "..." if len(text) > MAX_TOKEN_CHARS else ""
    return f"{prefix}{_display(text[:MAX_TOKEN_CHARS])}{suffix}"


def _display(text: str) -> str:
    # Escape control and other non-printable characters so messages stay on one line and
    # cannot carry terminal escape sequences.
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
