"""Verdict aggregation, stop rules and subtask scoring."""

import pytest

from grading.scoring import (
    Aggregation,
    CaseResult,
    GroupScore,
    GroupSpec,
    ScoreBreakdown,
    case_fraction,
    final_verdict,
    group_score,
    should_stop,
    submission_score,
)
from grading.verdicts import Verdict

AC, WA, TLE, MLE, OLE, RTE, CE, IE, SV, SK = (
    Verdict.AC,
    Verdict.WA,
    Verdict.TLE,
    Verdict.MLE,
    Verdict.OLE,
    Verdict.RTE,
    Verdict.CE,
    Verdict.IE,
    Verdict.SV,
    Verdict.SK,
)


def cases(*verdicts: Verdict) -> list[CaseResult]:
    return [CaseResult(verdict) for verdict in verdicts]


def group(name: str, points: float, count: int, aggregation: Aggregation = "min", depends_on=()) -> GroupSpec:
    return GroupSpec(
        name=name, points=points, aggregation=aggregation, case_count=count, depends_on=tuple(depends_on)
    )


# --- verdicts -------------------------------------------------------------------------------


def test_it_gives_every_verdict_a_label_and_its_name_as_value():
    assert [verdict.value for verdict in Verdict] == [
        "AC",
        "WA",
        "TLE",
        "MLE",
        "OLE",
        "RTE",
        "CE",
        "IE",
        "SV",
        "SK",
    ]
    assert Verdict.AC.label == "Accepted"
    assert Verdict.RTE.label == "Run-Time Error"
    assert Verdict.SV.label == "Security Violation"
    assert Verdict.SK.label == "Skipped"
    assert all(verdict.label for verdict in Verdict)


# --- final verdict --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ([AC], AC),
        ([AC, AC, AC], AC),
        ([AC, WA, TLE], WA),
        ([TLE, WA], TLE),
        ([AC, MLE, SK, SK], MLE),
        ([AC, OLE], OLE),
        ([RTE, AC], RTE),
        ([AC, SK, AC], AC),  # skipped tests are ignored
        ([WA, SK], WA),
        ([AC, WA, IE], IE),  # the judge failed somewhere: nothing is trustworthy
        ([IE, CE, SV], IE),
        ([WA, CE], CE),
        ([SK, CE], CE),
        ([WA, TLE, SV], SV),  # a security violation condemns the submission wherever it happens
        ([CE, SV], CE),
        ([], IE),  # nothing judged: never accept without evidence
        ([SK, SK], IE),
    ],
)
def test_it_aggregates_test_verdicts(verdicts, expected):
    assert final_verdict(verdicts) is expected


def test_it_accepts_plain_strings_from_the_database():
    assert final_verdict(["AC", "TLE", "WA"]) is Verdict.TLE
    assert final_verdict(("AC", "SK")) is Verdict.AC
    with pytest.raises(ValueError, match="'XX' is not a valid Verdict"):
        final_verdict(["AC", "XX"])


@pytest.mark.parametrize(
    ("verdict", "icpc", "ioi"),
    [
        (AC, False, False),
        (SK, False, False),
        (WA, True, False),
        (TLE, True, False),
        (MLE, True, False),
        (OLE, True, False),
        (RTE, True, False),
        (IE, True, True),
        (CE, True, True),
        (SV, True, True),
    ],
)
def test_it_stops_at_the_first_failure_only_in_icpc_mode(verdict, icpc, ioi):
    assert should_stop("icpc", verdict) is icpc
    assert should_stop("ioi", verdict) is ioi


def test_it_rejects_an_unknown_judging_mode():
    with pytest.raises(ValueError, match="unknown judging mode 'acm'"):
        should_stop("acm", WA)  # type: ignore[arg-type]


# --- case and group scores ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "fraction"),
    [
        (CaseResult(AC), 1.0),
        (CaseResult(WA), 0.0),
        (CaseResult(WA, 0.5), 0.5),  # a partial checker gives a WA partial credit
        (CaseResult(AC, 0.25), 0.25),
        (CaseResult(AC, 0.0), 0.0),
        (CaseResult(TLE, 0.5), 0.0),  # the checker never judged this output
        (CaseResult(RTE), 0.0),
        (CaseResult(SK), 0.0),
        (CaseResult(IE, 1.0), 0.0),
    ],
)
def test_it_gives_each_case_a_fraction(result, fraction):
    assert case_fraction(result) == fraction


@pytest.mark.parametrize("score", [-0.1, 1.000001, float("nan"), float("inf")])
def test_it_rejects_case_scores_outside_zero_to_one(score):
    with pytest.raises(ValueError, match="within \\[0, 1\\]"):
        CaseResult(WA, score)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"points": -1}, "points must be a finite number >= 0"),
        ({"points": float("inf")}, "points must be a finite number >= 0"),
        ({"points": float("nan")}, "points must be a finite number >= 0"),
        ({"aggregation": "max"}, "aggregation must be 'min' or 'sum'"),
        ({"case_count": -1}, "case_count must be >= 0"),
        ({"depends_on": ("g",)}, "depends on itself"),
    ],
)
def test_it_rejects_invalid_group_specs(kwargs, error):
    fields = {"name": "g", "points": 10, "aggregation": "min", "case_count": 2} | kwargs
    with pytest.raises(ValueError, match=error):
        GroupSpec(**fields)


def test_it_makes_groups_keyword_only():
    with pytest.raises(TypeError):
        GroupSpec("g", 10, "min", 2)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("aggregation", "verdicts", "expected"),
    [
        ("min", [AC, AC, AC], 30.0),
        ("min", [AC, WA, AC], 0.0),
        ("min", [AC, SK, SK], 0.0),
        ("sum", [AC, AC, AC], 30.0),
        ("sum", [AC, WA, AC], 20.0),
        ("sum", [AC, TLE, SK], 10.0),
        ("sum", [SK, SK, SK], 0.0),
    ],
)
def test_it_scores_a_group_by_minimum_or_by_sum(aggregation, verdicts, expected):
    assert group_score(group("g", 30, 3, aggregation), cases(*verdicts)) == expected


def test_it_uses_partial_fractions_in_both_aggregations():
    results = [CaseResult(AC), CaseResult(WA, 0.5), CaseResult(WA, 0.25)]
    assert group_score(group("g", 40, 3, "min"), results) == 10.0
    assert group_score(group("g", 40, 3, "sum"), results) == 23.333333


def test_it_counts_missing_results_as_zero():
    assert group_score(group("g", 40, 4, "sum"), cases(AC, AC)) == 20.0
    assert group_score(group("g", 40, 4, "min"), cases(AC, AC)) == 0.0
    assert group_score(group("g", 40, 4, "sum"), []) == 0.0


def test_it_rejects_more_results_than_cases():
    with pytest.raises(ValueError, match="has 2 cases but 3 results"):
        group_score(group("g", 10, 2), cases(AC, AC, AC))


def test_it_gives_nothing_for_an_empty_group_or_a_zero_point_group():
    assert group_score(group("g", 10, 0, "min"), []) == 0.0
    assert group_score(group("g", 10, 0, "sum"), []) == 0.0
    assert group_score(group("g", 0, 2, "sum"), cases(AC, AC)) == 0.0


def test_it_rounds_thirds_to_six_decimals():
    assert group_score(group("g", 100, 3, "sum"), cases(AC, WA, WA)) == 33.333333
    assert group_score(group("g", 100, 3, "sum"), cases(AC, AC, WA)) == 66.666667
    assert group_score(group("g", 100, 3, "sum"), cases(AC, AC, AC)) == 100.0


def test_it_gives_exactly_the_points_for_a_fully_solved_sum_group():
    for count in range(1, 50):
        assert group_score(group("g", 0.1, count, "sum"), cases(*[AC] * count)) == 0.1


# --- submission scores ----------------------------------------------------------------------


def test_it_totals_groups_in_specification_order():
    specs = [GroupSpec.samples(2), group("small", 30, 2), group("large", 70, 3, "sum")]
    breakdown = submission_score(
        specs, {"samples": cases(AC, AC), "small": cases(AC, AC), "large": cases(AC, WA, AC)}
    )
    assert breakdown == ScoreBreakdown(
        total=76.666667,
        max_total=100.0,
        groups={
            "samples": GroupScore("samples", 0.0, 0.0, full_marks=True),
            "small": GroupScore("small", 30.0, 30, full_marks=True),
            "large": GroupScore("large", 46.666667, 70, full_marks=False),
        },
    )
    assert list(breakdown.groups) == ["samples", "small", "large"]


def test_it_makes_samples_worth_nothing_unless_given_points():
    assert GroupSpec.samples(3) == GroupSpec(
        name="samples", points=0.0, aggregation="min", case_count=3, is_sample=True
    )
    assert GroupSpec.samples(3, points=5).points == 5
    breakdown = submission_score([GroupSpec.samples(1, points=5)], {"samples": cases(AC)})
    assert breakdown.total == 5.0


def test_it_sums_thirds_precisely():
    specs = [group(name, 100 / 3, 1) for name in "abc"]
    full = submission_score(specs, {name: cases(AC) for name in "abc"})
    assert full.total == 100.0 and full.max_total == 100.0
    partial_specs = [group(name, 100, 3, "sum") for name in "abc"]
    partial = submission_score(partial_specs, {name: cases(AC, WA, WA) for name in "abc"})
    assert [score.score for score in partial.groups.values()] == [33.333333] * 3
    assert partial.total == 100.0  # rounded once, from the unrounded group scores


def test_it_adds_decimal_points_without_float_noise():
    specs = [group("a", 0.1, 1), group("b", 0.2, 1)]
    assert submission_score(specs, {"a": cases(AC), "b": cases(AC)}).total == 0.3


def test_it_counts_groups_without_results_as_zero():
    breakdown = submission_score([group("a", 10, 1), group("b", 20, 2)], {"a": cases(AC)})
    assert breakdown.total == 10.0
    assert breakdown.groups["b"] == GroupScore("b", 0.0, 20, full_marks=False)


def test_it_scores_an_all_skipped_submission_as_zero():
    breakdown = submission_score(
        [group("a", 10, 2), group("b", 20, 2, "sum")], {"a": cases(SK, SK), "b": cases(SK, SK)}
    )
    assert breakdown.total == 0.0
    assert not any(score.full_marks for score in breakdown.groups.values())


def test_it_handles_no_groups_at_all():
    assert submission_score([], {}) == ScoreBreakdown(total=0.0, max_total=0.0, groups={})


CHAIN = [group("a", 10, 1), group("b", 20, 2, "sum", depends_on=["a"]), group("c", 30, 1, depends_on=["b"])]


@pytest.mark.parametrize(
    ("results", "scores", "blocked"),
    [
        ({"a": cases(AC), "b": cases(AC, AC), "c": cases(AC)}, [10.0, 20.0, 30.0], [None, None, None]),
        ({"a": cases(WA), "b": cases(AC, AC), "c": cases(AC)}, [0.0, 0.0, 0.0], [None, "a", "b"]),
        # A partially solved dependency still blocks: it did not get full marks.
        ({"a": cases(AC), "b": cases(AC, WA), "c": cases(AC)}, [10.0, 10.0, 0.0], [None, None, "b"]),
        ({"a": cases(AC), "b": cases(AC, AC), "c": cases(TLE)}, [10.0, 20.0, 0.0], [None, None, None]),
        ({"a": cases(AC), "c": cases(AC)}, [10.0, 0.0, 0.0], [None, None, "b"]),
    ],
)
def test_it_zeroes_groups_whose_dependency_chain_failed(results, scores, blocked):
    breakdown = submission_score(CHAIN, results)
    assert [score.score for score in breakdown.groups.values()] == scores
    assert [score.blocked_by for score in breakdown.groups.values()] == blocked
    assert breakdown.total == sum(scores)


def test_it_accepts_dependencies_listed_after_their_dependents():
    breakdown = submission_score(list(reversed(CHAIN)), {"a": cases(WA), "b": cases(AC, AC), "c": cases(AC)})
    assert list(breakdown.groups) == ["c", "b", "a"]
    assert breakdown.groups["c"].blocked_by == "b"
    assert breakdown.total == 0.0


def test_it_lets_a_zero_point_sample_group_gate_the_subtasks():
    specs = [GroupSpec.samples(2), group("main", 100, 2, "sum", depends_on=["samples"])]
    passed = submission_score(specs, {"samples": cases(AC, AC), "main": cases(AC, WA)})
    failed = submission_score(specs, {"samples": cases(AC, WA), "main": cases(AC, AC)})
    assert passed.total == 50.0
    assert failed.total == 0.0 and failed.groups["main"].blocked_by == "samples"


def test_it_does_not_block_on_an_empty_dependency():
    specs = [group("empty", 0, 0), group("main", 10, 1, depends_on=["empty"])]
    breakdown = submission_score(specs, {"main": cases(AC)})
    assert breakdown.groups["empty"].full_marks
    assert breakdown.total == 10.0


def test_it_blocks_on_the_first_failed_of_several_dependencies():
    specs = [group("a", 1, 1), group("b", 1, 1), group("c", 1, 1, depends_on=["a", "b"])]
    breakdown = submission_score(specs, {"a": cases(AC), "b": cases(WA), "c": cases(AC)})
    assert breakdown.groups["c"].blocked_by == "b"


@pytest.mark.parametrize(
    ("specs", "results", "error"),
    [
        ([group("a", 1, 1), group("a", 2, 1)], {}, "duplicate group name 'a'"),
        ([group("a", 1, 1, depends_on=["x"])], {}, "depends on unknown groups: x"),
        ([group("a", 1, 1)], {"x": cases(AC)}, "results for unknown groups: x"),
        ([group("a", 1, 1)], {"a": cases(AC, AC)}, "has 1 cases but 2 results"),
        (
            [group("a", 1, 1, depends_on=["b"]), group("b", 1, 1, depends_on=["a"])],
            {},
            "dependency cycle: a -> b -> a",
        ),
        (
            # The cycle hides behind a failed first dependency; it must still be found.
            [
                group("a", 1, 1, depends_on=["b", "c"]),
                group("b", 1, 1),
                group("c", 1, 1, depends_on=["a"]),
            ],
            {"b": cases(WA)},
            "dependency cycle: a -> c -> a",
        ),
    ],
)
def test_it_rejects_inconsistent_groups(specs, results, error):
    with pytest.raises(ValueError, match=error):
        submission_score(specs, results)


def test_it_checks_result_counts_even_for_blocked_groups():
    specs = [group("a", 1, 1), group("b", 1, 1, depends_on=["a"])]
    with pytest.raises(ValueError, match="'b' has 1 cases but 2 results"):
        submission_score(specs, {"a": cases(WA), "b": cases(AC, AC)})
