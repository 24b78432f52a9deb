"""Verdict aggregation and scoring: pure functions, no Django, shared by workers and the CLI.

Domain rules:

* Judging modes.  ``"icpc"``: stop at the first failing test; the remaining tests are marked
  ``SK``.  ``"ioi"``: run every test so partial scores can be computed.
* A submission's tests are grouped (subtasks).  Each group has ``points`` and an aggregation:
  ``"min"`` awards ``points * min(case fractions)`` (all-or-nothing for plain AC/WA verdicts,
  like IOI subtasks); ``"sum"`` awards ``points * mean(case fractions)``, i.e. every case is worth
  ``points / case_count``.
* A case's *fraction* is its share of credit in ``[0, 1]`` (see ``case_fraction``).
* Dependencies (as in DMOJ batch dependencies / CMS): a group scores 0 unless every group it
  depends on got full marks; this chains, so with C -> B -> A a failure in A zeroes B and C.
* "Full marks" is judged on fractions, not points, so a 0-point sample group can still gate
  the groups that depend on it.
* Missing results (tests never run) count as fraction 0.
* Scores are rounded to ``SCORE_DECIMALS`` places only when reported, so that e.g. three groups
  of 100/3 points still total exactly 100.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from grading.verdicts import Verdict

JudgingMode: TypeAlias = Literal["icpc", "ioi"]
Aggregation: TypeAlias = Literal["min", "sum"]

SCORE_DECIMALS = 6

# Verdicts that decide the whole submission wherever they occur, in order of precedence.  IE
# first: if the judge itself failed, no other verdict in the run can be trusted.
_DOMINANT = (Verdict.IE, Verdict.CE, Verdict.SV)
# Verdicts reached by running the checker, whose partial score (if any) is meaningful.
_CHECKED = (Verdict.AC, Verdict.WA)


@dataclass(frozen=True, slots=True)
class CaseResult:
    """One test case's outcome; ``score`` is a partial checker's fraction in ``[0, 1]``."""

    verdict: Verdict
    score: float | None = None

    def __post_init__(self) -> None:
        if self.score is not None and not 0 <= self.score <= 1:  # also rejects NaN
            raise ValueError(f"case score must be within [0, 1], got {self.score!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupSpec:
    """A test group (subtask).  Keyword-only, so a points/case_count mix-up cannot happen."""

    name: str
    points: float
    aggregation: Aggregation
    case_count: int
    depends_on: tuple[str, ...] = ()
    is_sample: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.points) and self.points >= 0):
            raise ValueError(f"group {self.name!r}: points must be a finite number >= 0")
        if self.aggregation not in ("min", "sum"):
            raise ValueError(f"group {self.name!r}: aggregation must be 'min' or 'sum'")
        if self.case_count < 0:
            raise ValueError(f"group {self.name!r}: case_count must be >= 0")
        if self.name in self.depends_on:
            raise ValueError(f"group {self.name!r} depends on itself")

    @classmethod
    def samples(
        cls, case_count: int, *, name: str = "samples", points: float = 0.0, aggregation: Aggregation = "min"
    ) -> GroupSpec:
        """The sample group: worth nothing unless points are given explicitly."""
        return cls(name=name, points=points, aggregation=aggregation, case_count=case_count, is_sample=True)


@dataclass(frozen=True, slots=True)
class GroupScore:
    """A group's result.  ``full_marks``: every case got fraction 1 and no dependency blocked it."""

    name: str
    score: float
    points: float
    full_marks: bool
    blocked_by: str | None = None  # the first dependency without full marks, if any


@dataclass(frozen=True, slots=True)
class ScoreBreakdown:
    """Total and per-group scores, groups in specification order."""

    total: float
    max_total: float
    groups: Mapping[str, GroupScore]


def final_verdict(verdicts: Sequence[Verdict | str]) -> Verdict:
    """The submission verdict from per-test verdicts given in test order.

    * ``IE`` anywhere gives ``IE``: the judging itself failed, so nothing else is trustworthy.
    * Otherwise ``CE`` anywhere gives ``CE``, then ``SV`` anywhere gives ``SV``: these condemn the
      submission as a whole regardless of which test revealed them.
    * Otherwise ``SK`` entries are ignored and the first remaining non-``AC`` verdict wins.
    * ``AC`` requires at least one ``AC`` and nothing but ``AC``/``SK``.
    * Nothing judged (empty, or only ``SK``) gives ``IE``: a submission must never be accepted
      without evidence, and a run with no tests means broken test data that staff must fix.

    Plain strings (e.g. values read back from the database) are accepted and converted, so the
    result is always a ``Verdict``; an unknown value raises ``ValueError``.
    """
    checked = [Verdict(verdict) for verdict in verdicts]
    for dominant in _DOMINANT:
        if dominant in checked:
            return dominant
    judged = [verdict for verdict in checked if verdict is not Verdict.SK]
    if not judged:
        return Verdict.IE
    return next((verdict for verdict in judged if verdict is not Verdict.AC), Verdict.AC)


def should_stop(mode: JudgingMode, verdict: Verdict) -> bool:
    """Whether to stop running tests after a test ended with ``verdict``.

    ICPC stops at the first failure.  IOI keeps going for partial credit, except after a
    dominant verdict (``IE``, ``CE``, ``SV``), which decides the result anyway; continuing to run
    a program caught violating the sandbox would only be a risk.
    """
    if mode not in ("icpc", "ioi"):
        raise ValueError(f"unknown judging mode {mode!r}")
    if verdict in (Verdict.AC, Verdict.SK):
        return False
    return mode == "icpc" or verdict in _DOMINANT


def case_fraction(result: CaseResult) -> float:
    """Share of a case's credit in ``[0, 1]``.

    For checker verdicts (``AC``/``WA``) an explicit ``score`` wins, so a partial checker can give
    a WA half credit; without one, ``AC`` is 1 and ``WA`` is 0.  Any other verdict means the
    checker never judged the output, so it is 0 whatever score was attached.
    """
    if result.verdict not in _CHECKED:
        return 0.0
    if result.score is not None:
        return result.score
    return 1.0 if result.verdict == Verdict.AC else 0.0


def group_score(spec: GroupSpec, results: Sequence[CaseResult]) -> float:
    """A group's score on its own (ignoring dependencies), rounded to ``SCORE_DECIMALS``."""
    return _round(_raw_group_score(spec, results))


def submission_score(
    specs: Sequence[GroupSpec], results_by_group: Mapping[str, Sequence[CaseResult]]
) -> ScoreBreakdown:
    """Score every group, applying dependencies; groups without results score 0.

    Raises ``ValueError`` for duplicate group names, unknown or cyclic dependencies, results for
    an unknown group, or more results than a group has cases.
    """
    by_name = _index_specs(specs, results_by_group)
    scorer = _Scorer(by_name, results_by_group)
    groups = {spec.name: scorer.score(spec.name) for spec in specs}
    return ScoreBreakdown(
        total=_round(math.fsum(scorer.raw.values())),
        max_total=_round(math.fsum(spec.points for spec in specs)),
        groups=groups,
    )


def _index_specs(
    specs: Sequence[GroupSpec], results_by_group: Mapping[str, Sequence[CaseResult]]
) -> dict[str, GroupSpec]:
    """Specs by name, after checking that names, dependencies and result counts are consistent."""
    by_name: dict[str, GroupSpec] = {}
    for spec in specs:
        if spec.name in by_name:
            raise ValueError(f"duplicate group name {spec.name!r}")
        by_name[spec.name] = spec
    for spec in specs:
        missing = [name for name in spec.depends_on if name not in by_name]
        if missing:
            raise ValueError(f"group {spec.name!r} depends on unknown groups: {', '.join(missing)}")
    unknown = sorted(set(results_by_group) - set(by_name))
    if unknown:
        raise ValueError(f"results for unknown groups: {', '.join(unknown)}")
    for name, results in results_by_group.items():
        _check_result_count(by_name[name], results)
    return by_name


class _Scorer:
    """Memoised depth-first scoring, so dependencies may be listed in any order."""

    def __init__(
        self, by_name: Mapping[str, GroupSpec], results_by_group: Mapping[str, Sequence[CaseResult]]
    ) -> None:
        self._by_name = by_name
        self._results_by_group = results_by_group
        self._scores: dict[str, GroupScore] = {}
        self.raw: dict[str, float] = {}  # unrounded, so rounding happens once on the total

    def score(self, name: str, visiting: tuple[str, ...] = ()) -> GroupScore:
        if name in self._scores:
            return self._scores[name]
        if name in visiting:
            raise ValueError(f"dependency cycle: {' -> '.join((*visiting, name))}")
        spec = self._by_name[name]
        # Visit every dependency (no short-circuit) so that every cycle is detected.
        dependencies = [self.score(dependency, (*visiting, name)) for dependency in spec.depends_on]
        blocked_by = next((dependency.name for dependency in dependencies if not dependency.full_marks), None)
        results = self._results_by_group.get(name, ())
        raw = 0.0 if blocked_by is not None else _raw_group_score(spec, results)
        full_marks = blocked_by is None and _all_full(spec, results)
        self.raw[name] = raw
        self._scores[name] = GroupScore(name, _round(raw), spec.points, full_marks, blocked_by)
        return self._scores[name]


def _check_result_count(spec: GroupSpec, results: Sequence[CaseResult]) -> None:
    if len(results) > spec.case_count:
        raise ValueError(f"group {spec.name!r} has {spec.case_count} cases but {len(results)} results")


def _raw_group_score(spec: GroupSpec, results: Sequence[CaseResult]) -> float:
    _check_result_count(spec, results)
    if spec.case_count == 0:
        return 0.0  # nothing was tested, so nothing is earned
    # Missing results count as 0; padding keeps "min" and "sum" consistent about that.
    fractions = [case_fraction(result) for result in results]
    fractions += [0.0] * (spec.case_count - len(fractions))
    if spec.aggregation == "min":
        return spec.points * min(fractions)
    # Divide before multiplying: an all-correct group then yields exactly ``points``.
    return spec.points * (math.fsum(fractions) / spec.case_count)


def _all_full(spec: GroupSpec, results: Sequence[CaseResult]) -> bool:
    """Every case present with fraction 1; vacuously true for an empty group."""
    return len(results) == spec.case_count and all(case_fraction(result) == 1.0 for result in results)


def _round(value: float) -> float:
    return round(value, SCORE_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


@dataclass(frozen=True)
class GroupInfo:
    """A problem's test group as stored (Kattis test data groups): `points` None shares what is left."""

    name: str
    is_sample: bool
    points: float | None
    aggregation: str  # "pass-fail", "sum" or "min"


def score_groups(groups: Sequence[GroupInfo], cases: Sequence[tuple[str, CaseResult]]) -> ScoreBreakdown:
    """Score test results, each tagged with its group name, out of 100.

    Sample groups score nothing. Groups without points share what the others leave of 100.
    `pass-fail` groups score all or nothing, like `min`.
    """
    scored = [g for g in groups if not g.is_sample]
    given = sum(g.points for g in scored if g.points is not None)
    unbounded = [g for g in scored if g.points is None]
    share = max(0.0, 100 - given) / len(unbounded) if unbounded else 0.0
    results: dict[str, list[CaseResult]] = {g.name: [] for g in scored}
    for group, result in cases:
        if group in results:
            results[group].append(result)
    specs = [
        GroupSpec(
            name=g.name,
            points=share if g.points is None else g.points,
            aggregation="sum" if g.aggregation == "sum" else "min",
            case_count=len(results[g.name]),
        )
        for g in scored
    ]
    return submission_score(specs, results)


def case_max_score(points: float | None, aggregation: str, case_count: int) -> float | None:
    """The most one test case of a group can score (what a validator's score.txt is out of): the
    group's points for all-or-nothing groups, an equal part of them for `sum` groups."""
    if points is None or case_count <= 0:
        return None
    return points / case_count if aggregation == "sum" else points
