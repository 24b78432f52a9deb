"""The default output validator, checked against problemtools' behaviour (glibc build)."""

import re
import time

import pytest

from grading.checking.default_validator import (
    DEFAULT,
    MAX_TOKEN_CHARS,
    Judgement,
    ValidatorOptions,
    compare,
    parse_validator_flags,
)

TOLERANT = ValidatorOptions(float_absolute_tolerance=1e-6, float_relative_tolerance=1e-6)
EXACT_NUMBERS = ValidatorOptions(float_absolute_tolerance=0.0)
SPACES = ValidatorOptions(space_change_sensitive=True)


def accepted(team: bytes, answer: bytes, options: ValidatorOptions = DEFAULT) -> bool:
    return compare(team, answer, options).accepted


def longest_run(message: str, char: str) -> int:
    return max((len(run) for run in re.findall(f"{re.escape(char)}+", message)), default=0)


# --- tokens and whitespace ------------------------------------------------------------------


def test_it_accepts_identical_output_with_a_plain_message():
    assert compare(b"1 2\n", b"1 2\n") == Judgement(True, "Accepted")


@pytest.mark.parametrize(
    ("team", "answer"),
    [
        (b"1 2\n", b"1\n2\n"),
        (b"1\t2", b"1 2\n"),
        (b"  1 2  \n\n", b"1 2\n"),
        (b"1\r\n2\r\n", b"1\n2\n"),
        (b"1\x0b2\x0c", b"1 2"),
        (b"", b""),
        (b" \n\t", b""),
        (b"", b"\n\n"),
    ],
)
def test_it_ignores_how_tokens_are_separated_by_default(team, answer):
    assert accepted(team, answer)


def test_it_does_not_treat_unicode_or_other_control_bytes_as_whitespace():
    # C's isspace() in the "C" locale knows only six bytes; NBSP, NEL and \x1c are token content.
    for separator in (b"\xc2\xa0", b"\x85", b"\x1c", b"\x00"):
        assert not accepted(b"1" + separator + b"2", b"1 2")


def test_it_compares_case_insensitively_by_default():
    assert accepted(b"yes\n", b"YES\n")
    assert accepted(b"PoSsIbLe", b"possible")


def test_it_compares_case_sensitively_when_asked():
    options = ValidatorOptions(case_sensitive=True)
    assert not accepted(b"yes\n", b"YES\n", options)
    assert accepted(b"YES\n", b"YES\n", options)


def test_it_folds_only_ascii_letters_like_strcasecmp():
    assert not accepted("é".encode(), "É".encode())


def test_it_compares_whole_tokens_even_after_a_nul_byte():
    # Stricter than problemtools, whose C string comparison stops at NUL.
    assert not accepted(b"a\x00b", b"a\x00c")


def test_it_reports_the_first_wrong_token_with_its_line():
    judgement = compare(b"1 2\n3 6\n", b"1 2\n3 5\n")
    assert judgement == Judgement(False, "Wrong answer on token 4 (line 2): expected '5', got '6'")


def test_it_reports_the_answer_line_when_it_differs():
    judgement = compare(b"1 2 6\n", b"1 2\n5\n")
    assert judgement.message == "Wrong answer on token 3 (line 1, answer line 2): expected '5', got '6'"


def test_it_reports_output_that_is_too_short():
    judgement = compare(b"1 2\n", b"1 2 3\n")
    assert judgement == Judgement(False, "Team output too short: expected 3 tokens, got 2")


@pytest.mark.parametrize(
    ("team", "note"),
    [(b"", "output was empty"), (b"\n \n", "output contained only whitespace")],
)
def test_it_says_when_the_output_was_empty(team, note):
    judgement = compare(team, b"42\n")
    assert judgement.message == f"Team output too short: expected 1 tokens, got 0 ({note})"


def test_it_reports_extra_tokens_with_the_first_one():
    judgement = compare(b"1 2\n3\n", b"1 2\n")
    assert judgement == Judgement(
        False, "Team output has extra tokens: expected 2, got 3 (first extra token '3' on line 2)"
    )


def test_it_rejects_output_when_the_answer_is_empty():
    assert not accepted(b"0\n", b"")


# --- floats -------------------------------------------------------------------------------------


def test_it_compares_numbers_as_strings_without_a_tolerance():
    assert not accepted(b"1.0", b"1")
    assert accepted(b"1E5", b"1e5")  # as strings, case-insensitively


def test_it_compares_numbers_numerically_with_a_zero_tolerance():
    assert accepted(b"1.0 1000 0.5", b"1 1e3 .5", EXACT_NUMBERS)
    assert not accepted(b"1.0000001", b"1", EXACT_NUMBERS)


@pytest.mark.parametrize(
    ("team", "answer", "options", "ok"),
    [
        (b"1.05", b"1", ValidatorOptions(float_absolute_tolerance=0.1), True),
        (b"1.15", b"1", ValidatorOptions(float_absolute_tolerance=0.1), False),
        (b"101", b"100", ValidatorOptions(float_relative_tolerance=0.01), True),
        # Relative to the answer's magnitude, so the check is not symmetric.
        (b"100", b"101", ValidatorOptions(float_relative_tolerance=0.0099), False),
        (b"101", b"100", ValidatorOptions(float_relative_tolerance=0.0099), False),
        # Either tolerance is enough.
        (
            b"1e-12",
            b"0",
            ValidatorOptions(float_absolute_tolerance=1e-9, float_relative_tolerance=1e-6),
            True,
        ),
        (
            b"1000001",
            b"1e6",
            ValidatorOptions(float_absolute_tolerance=1e-9, float_relative_tolerance=1e-6),
            True,
        ),
        (
            b"1000002",
            b"1e6",
            ValidatorOptions(float_absolute_tolerance=1e-9, float_relative_tolerance=1e-6),
            False,
        ),
        (b"-0.0", b"0", EXACT_NUMBERS, True),
    ],
)
def test_it_accepts_numbers_within_either_tolerance(team, answer, options, ok):
    assert accepted(team, answer, options) is ok


def test_it_explains_a_numeric_difference():
    judgement = compare(b"0.5 0.7\n", b"0.5 0.6\n", ValidatorOptions(float_absolute_tolerance=0.01))
    assert judgement.message == (
        "Wrong answer on token 2 (line 1): expected '0.6', got '0.7' (difference 0.1 exceeds tolerance)"
    )


@pytest.mark.parametrize("team", [b"abc", b"nan", b"NaN", b"inf", b"-inf", b"infinity", b"1e999", b"1_5"])
def test_it_requires_a_finite_number_where_the_answer_has_one(team):
    judgement = compare(team, b"1.5", TOLERANT)
    assert not judgement.accepted
    assert judgement.message.endswith("(expected a number)")


@pytest.mark.parametrize(
    ("team", "answer", "ok"),
    [
        (b"Inf", b"inf", True),  # inf/nan are not floats for problemtools: compared as strings
        (b"nan", b"NaN", True),
        (b"1e9999", b"1E9999", True),
        (b"inf", b"1e999", False),
        (b"1e308", b"1e999", False),
        (b"ABC", b"abc", True),  # non-numeric answer tokens still compare as strings
    ],
)
def test_it_compares_non_finite_answer_tokens_as_strings(team, answer, ok):
    assert accepted(team, answer, TOLERANT) is ok


@pytest.mark.parametrize(
    ("team", "ok"),
    [
        (b"1", True),
        (b"1.", True),
        (b"+1", True),
        (b".1e1", True),
        (b"10e-1", True),
        (b"0x1p0", True),
        (b"0X1P0", True),
        (b"0x.8p1", True),
        (b"0x1.", True),
        # glibc's scanf consumes and ignores a dangling exponent marker.
        (b"1e", True),
        (b"1e+", True),
        (b"1.e-", True),
        (b"0x1p", True),
        (b"0x1p+", True),
        (b"1ee", False),
        (b"1e+-", False),
        (b"1..", False),
        (b"0x", False),
        (b"0x1pp", False),
        (b"1x", False),
        (b"--1", False),
        (b"1,0", False),
        ("\u0661".encode(), False),  # ARABIC-INDIC DIGIT ONE: Python reads it, C does not
    ],
)
def test_it_reads_numbers_like_glibc_scanf(team, ok):
    assert accepted(team, b"1", EXACT_NUMBERS) is ok


@pytest.mark.parametrize(("team", "ok"), [(b"0x.", True), (b"-0x.", True), (b"0x.p1", False), (b"00", True)])
def test_it_reads_a_bare_hex_prefix_with_a_point_as_zero_like_glibc(team, ok):
    assert accepted(team, b"0", EXACT_NUMBERS) is ok


def test_it_compares_numbers_regardless_of_case_sensitivity():
    options = ValidatorOptions(case_sensitive=True, float_absolute_tolerance=0.0)
    assert accepted(b"1E5 0X1P3", b"1e5 8", options)
    assert not accepted(b"ABC", b"abc", options)


def test_it_reads_hexadecimal_answers_as_numbers():
    assert accepted(b"8", b"0x1p3", EXACT_NUMBERS)
    assert not accepted(b"8", b"0x1p3")


# --- exact whitespace -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("team", "answer", "message"),
    [
        (
            b"1 2",
            b"1 2\n",
            "Whitespace mismatch at end of output (line 1): expected newline, got end of output",
        ),
        (
            b"1\r\n",
            b"1\n",
            "Whitespace mismatch at end of output (line 1): expected newline, got carriage return",
        ),
        (b"1  2\n", b"1 2\n", "Whitespace mismatch before token 2 (line 1): unexpected space"),
        (b"1 2\n", b"1  2\n", "Whitespace mismatch before token 2 (line 1): expected space, got '2'"),
        (b"1\n2\n", b"1 2\n", "Whitespace mismatch before token 2 (line 1): expected space, got newline"),
        (b"1\n\n", b"1\n", "Whitespace mismatch at end of output (line 2): unexpected newline"),
        (b" 1\n", b"1\n", "Whitespace mismatch before token 1 (line 1): unexpected space"),
        (b"1\n", b"1 2\n", "Whitespace mismatch at end of output (line 1): expected space, got newline"),
        (b"a\nb\n c\n", b"a\nb\nc\n", "Whitespace mismatch before token 3 (line 3): unexpected space"),
    ],
)
def test_it_requires_identical_whitespace_when_space_change_sensitive(team, answer, message):
    assert compare(team, answer, SPACES) == Judgement(False, message)


def test_it_still_ignores_letter_case_when_only_space_change_sensitive():
    assert accepted(b"YES\n", b"yes\n", SPACES)


def test_it_combines_exact_whitespace_with_numeric_tolerance():
    options = ValidatorOptions(space_change_sensitive=True, float_absolute_tolerance=1e-6)
    assert accepted(b"1.0000001 2\n", b"1 2.0\n", options)
    assert not accepted(b"1.0000001  2\n", b"1 2.0\n", options)


def test_it_reports_token_counts_when_the_whitespace_agrees():
    assert compare(b"1\n2\n", b"1\n", SPACES).message.startswith("Team output has extra tokens")
    assert compare(b"1\n", b"1\n2\n", SPACES).message.startswith("Team output too short")


def test_it_reports_whichever_failure_comes_first_in_the_output():
    # Token 2 is wrong before the whitespace after it.
    assert compare(b"1 5 3\n", b"1 2\n3\n", SPACES).message.startswith("Wrong answer on token 2")
    # The whitespace before token 2 is checked before token 2 itself, as in problemtools.
    assert compare(b"1  5\n", b"1 2\n", SPACES).message.startswith("Whitespace mismatch before token 2")


def test_it_distinguishes_whitespace_bytes_when_tokens_line_up_exactly():
    # Same token offsets and lengths, different whitespace byte.
    judgement = compare(b"10 20 30 40\n", b"10 20\n30 40\n", SPACES)
    assert judgement.message == "Whitespace mismatch before token 3 (line 1): expected newline, got space"


# --- messages stay short and safe -----------------------------------------------------------


def test_it_truncates_long_tokens_around_the_first_difference():
    answer, team = b"a" * 10_000 + b"b", b"a" * 10_000 + b"c"
    message = compare(team, answer).message
    assert longest_run(message, "a") <= MAX_TOKEN_CHARS
    assert "b'" in message or "b..." in message
    assert "c'" in message or "c..." in message
    assert len(message) < 4 * MAX_TOKEN_CHARS


def test_it_truncates_the_start_of_long_tokens():
    message = compare(b"x" * 100_000 + b" 1", b"y" * 100_000 + b" 1").message
    assert longest_run(message, "x") == MAX_TOKEN_CHARS
    assert longest_run(message, "y") == MAX_TOKEN_CHARS
    assert "x..." in message and "y..." in message


@pytest.mark.parametrize(
    "options",
    [DEFAULT, TOLERANT, SPACES, ValidatorOptions(case_sensitive=True)],
)
def test_it_never_shows_more_than_the_limit_of_any_token(options):
    long_answer = b"1.5" + b"9" * 500
    cases = [
        (b"z" * 500, long_answer),
        (long_answer + b"0", long_answer),
        (b"q" * 500, b"1"),
        (b"1 " + b"q" * 500, b"1"),
        (b"1  " + b"q" * 500, b"1 " + b"w" * 500),
    ]
    for team, answer in cases:
        message = compare(team, answer, options).message
        for char in "9zqw":
            assert longest_run(message, char) <= MAX_TOKEN_CHARS, (team[:10], message)


def test_it_truncates_by_characters_without_splitting_them():
    message = compare(("é" * 200).encode(), ("è" * 200).encode()).message
    assert longest_run(message, "é") == MAX_TOKEN_CHARS
    assert "\ufffd" not in message


def test_it_never_raises_on_undecodable_bytes():
    judgement = compare(b"\xff\xfe\xc3", b"\xff\xfd")
    assert not judgement.accepted
    assert "\ufffd" in judgement.message


def test_it_escapes_control_characters_in_messages():
    message = compare(b"\x1b[31mred", b"green").message
    assert "\x1b" not in message
    assert "\\x1b[31mred" in message


# --- flags ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ("", DEFAULT),
        ([], DEFAULT),
        (
            "case_sensitive space_change_sensitive float_tolerance 1e-6",
            ValidatorOptions(True, True, 1e-6, 1e-6),
        ),
        (
            "float_relative_tolerance 1e-4 float_absolute_tolerance 1e-9",
            ValidatorOptions(float_absolute_tolerance=1e-9, float_relative_tolerance=1e-4),
        ),
        (
            ["float_tolerance", "0.5"],
            ValidatorOptions(float_absolute_tolerance=0.5, float_relative_tolerance=0.5),
        ),
        (
            ["float_tolerance 0.5"],
            ValidatorOptions(float_absolute_tolerance=0.5, float_relative_tolerance=0.5),
        ),
        (
            "float_tolerance 1e-6 float_absolute_tolerance 0",
            ValidatorOptions(float_absolute_tolerance=0.0, float_relative_tolerance=1e-6),
        ),
        ("  case_sensitive\n", ValidatorOptions(case_sensitive=True)),
    ],
)
def test_it_parses_problemtools_flags(flags, expected):
    assert parse_validator_flags(flags) == expected


@pytest.mark.parametrize(
    ("flags", "error"),
    [
        ("case_insensitive", "Unknown validator flag 'case_insensitive'"),
        ("CASE_SENSITIVE", "Unknown validator flag 'CASE_SENSITIVE'"),
        ("1e-6", "Unknown validator flag '1e-6'"),
        ("float_tolerance", "Validator flag 'float_tolerance' must be followed by a number"),
        (
            "float_relative_tolerance abc",
            "Validator flag 'float_relative_tolerance' needs a finite number >= 0",
        ),
        ("float_absolute_tolerance -1", "needs a finite number >= 0, got '-1'"),
        ("float_tolerance inf", "needs a finite number >= 0, got 'inf'"),
        ("float_tolerance nan", "needs a finite number >= 0, got 'nan'"),
        ("float_tolerance 1_0", "needs a finite number >= 0, got '1_0'"),
    ],
)
def test_it_rejects_bad_flags_clearly(flags, error):
    with pytest.raises(ValueError, match=re.escape(error)):
        parse_validator_flags(flags)


@pytest.mark.parametrize("value", [-1.0, float("inf"), float("nan")])
def test_it_rejects_invalid_tolerances_in_options(value):
    with pytest.raises(ValueError, match="finite number >= 0"):
        ValidatorOptions(float_relative_tolerance=value)


# --- size -----------------------------------------------------------------------------------

# These inputs take about a second; the bound only has to catch super-linear behaviour, which
# on ten megabytes would take hours, without failing on a slow or busy machine: it is a guard
# against a hang, not a speed target.
TIME_BOUND_SECONDS = 60.0
LINE = b"123456 654321 1000000007 42 0 -17 99999999 3 5 7\n"
BIG = LINE * (10_000_000 // len(LINE))


def timed(team: bytes, answer: bytes, options: ValidatorOptions = DEFAULT) -> Judgement:
    start = time.perf_counter()
    judgement = compare(team, answer, options)
    assert time.perf_counter() - start < TIME_BOUND_SECONDS
    return judgement


def test_it_handles_megabytes_that_differ_only_at_the_end():
    lines = BIG.count(b"\n")
    judgement = timed(BIG[:-2] + b"8\n", BIG)
    assert judgement.message == f"Wrong answer on token {10 * lines} (line {lines}): expected '7', got '8'"


def test_it_handles_megabytes_of_differently_formatted_numbers():
    answer = b"0.5 0.25\n" * 1_000_000
    team = b"0.50000001 2.5e-1\n" * 1_000_000
    options = ValidatorOptions(space_change_sensitive=True, float_absolute_tolerance=1e-6)
    assert timed(team, answer, options).accepted
    assert not timed(team[:-1] + b" \n", answer, options).accepted


def test_it_handles_megabytes_of_whitespace_changes():
    judgement = timed(BIG.replace(b"\n", b" "), BIG, SPACES)
    assert judgement.message == "Whitespace mismatch before token 11 (line 1): expected newline, got space"
    assert timed(BIG[:-1], BIG, SPACES).message.startswith("Whitespace mismatch at end of output")


def test_it_handles_one_huge_token_and_extra_output():
    assert not timed(b"a" * 10_000_000, b"a" * 9_999_999 + b"b").accepted
    assert timed(BIG + b"extra\n", BIG).message.startswith("Team output has extra tokens")
