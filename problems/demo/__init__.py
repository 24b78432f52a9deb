"""Demo problems: statements plus deterministic generators for their tests."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

Case = tuple[bytes, bytes, bool]


@dataclass(frozen=True)
class DemoProblem:
    slug: str
    title: str
    statement: str
    time_limit_ms: int
    memory_limit_kb: int
    cases: Callable[[], list[Case]]
    tags: tuple[str, ...] = ()
    difficulty: int | None = None


def _ab_cases() -> list[Case]:
    rng = random.Random(1)  # noqa: S311 - deterministic test data
    pairs = [(1, 2), (-5, 5), (0, 0), (10**9, 10**9), (-(10**9), 7)]
    pairs += [(rng.randint(-(10**9), 10**9), rng.randint(-(10**9), 10**9)) for _ in range(5)]
    return [(f"{a} {b}\n".encode(), f"{a + b}\n".encode(), i == 0) for i, (a, b) in enumerate(pairs)]


def _reverse_cases() -> list[Case]:
    rng = random.Random(2)  # noqa: S311 - deterministic test data
    words = ["hello", "racecar", "a", "judge", "Abc"]
    words += [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 10**5)))
        for _ in range(3)
    ]
    return [(f"{w}\n".encode(), f"{w[::-1]}\n".encode(), i == 0) for i, w in enumerate(words)]


def _bigsum_cases() -> list[Case]:
    rng = random.Random(3)  # noqa: S311 - deterministic test data
    cases: list[Case] = []
    for i, n in enumerate([3, 10, 1000, 300_000, 1_000_000]):
        values = [rng.randint(-(10**9), 10**9) for _ in range(n)] if n > 3 else [1, 2, 3]
        data = f"{n}\n{' '.join(map(str, values))}\n".encode()
        cases.append((data, f"{sum(values)}\n".encode(), i == 0))
    return cases


DEMO_PROBLEMS = [
    DemoProblem(
        slug="aplusb",
        title="A + B",
        statement=(
            "Given two integers $a$ and $b$, print their sum.\n\n"
            "## Input\n\nOne line with two integers `a` and `b` (-10⁹ ≤ a, b ≤ 10⁹).\n\n"
            "## Output\n\nOne line with `a + b`.\n"
        ),
        time_limit_ms=1000,
        memory_limit_kb=256 * 1024,
        cases=_ab_cases,
        tags=("math", "implementation"),
        difficulty=1,
    ),
    DemoProblem(
        slug="reverse",
        title="Reverse a String",
        statement=(
            "Read a word and print it backwards.\n\n"
            "## Input\n\nOne line with a word of 1 to 100 000 characters.\n\n"
            "## Output\n\nThe word reversed, character by character.\n"
        ),
        time_limit_ms=1000,
        memory_limit_kb=256 * 1024,
        cases=_reverse_cases,
        tags=("strings",),
        difficulty=1,
    ),
    DemoProblem(
        slug="bigsum",
        title="Big Sum",
        statement=(
            "Sum up to a million integers, quickly: the time limit is tight, so read the input in bulk.\n\n"
            "## Input\n\nA line with $n$ (1 ≤ n ≤ 10⁶), then a line with $n$ integers of absolute value "
            "at most 10⁹.\n\n## Output\n\nTheir sum.\n"
        ),
        time_limit_ms=500,
        memory_limit_kb=256 * 1024,
        cases=_bigsum_cases,
        tags=("math", "fast input"),
        difficulty=2,
    ),
]
