"""Scoring formats as pure functions: the CLICS rules at their boundaries."""

import pytest

from contests.formats import FORMATS, get_format
from contests.formats.base import (
    COMPILE_ERROR,
    NO_PENALTY,
    PENDING,
    REJECTED,
    SOLVED,
    Options,
    ProblemSpec,
    first_solves,
    rank,
)

ICPC = get_format("icpc").score_team
IOI = get_format("ioi").score_team
ATCODER = get_format("atcoder").score_team
A, B = 1, 2
PROBLEMS = [ProblemSpec(A, 100), ProblemSpec(B, 200)]
OPTIONS = Options(penalty_minutes=20)


def minute(m, s=0.0):
    return int(m * 60_000 + s * 1000)


def att(problem, time_ms, outcome, score=0.0, subtasks=()):
    return (problem, time_ms, outcome, score, subtasks)


def test_the_registry_names_each_format_once():
    assert set(FORMATS) == {"icpc", "ioi", "atcoder"}
    with pytest.raises(ValueError, match="unknown"):
        get_format("nope")


class TestIcpc:
    def test_59_99_seconds_is_minute_0(self):
        row = ICPC(1, [att(A, 59_990, SOLVED)], PROBLEMS, OPTIONS)
        assert (row.score, row.penalty, row.tiebreak) == (1, 0, 0)
        assert row.cells[0].minute == 0

    def test_a_solve_costs_its_minute_plus_20_per_earlier_rejection(self):
        attempts = [att(A, minute(3), REJECTED), att(A, minute(7), REJECTED)]
        attempts.append(att(A, minute(12, 59.9), SOLVED))
        row = ICPC(1, attempts, PROBLEMS, OPTIONS)
        assert row.penalty == 12 + 40
        assert row.cells[0].judged == 3

    def test_a_compile_error_before_the_ac_costs_nothing(self):
        row = ICPC(1, [att(A, minute(1), COMPILE_ERROR), att(A, minute(5), SOLVED)], PROBLEMS, OPTIONS)
        assert row.penalty == 5
        assert row.cells[0].judged == 1

    def test_an_option_makes_compile_errors_count(self):
        options = Options(penalty_minutes=20, compile_penalty=True)
        row = ICPC(1, [att(A, minute(1), COMPILE_ERROR), att(A, minute(5), SOLVED)], PROBLEMS, options)
        assert row.penalty == 25

    def test_a_judging_error_counts_for_nothing(self):
        row = ICPC(1, [att(A, minute(1), NO_PENALTY), att(A, minute(5), SOLVED)], PROBLEMS, OPTIONS)
        assert row.penalty == 5

    def test_a_pending_submission_before_the_ac_counts_for_nothing_yet(self):
        row = ICPC(1, [att(A, minute(1), PENDING), att(A, minute(5), SOLVED)], PROBLEMS, OPTIONS)
        assert (row.score, row.penalty) == (1, 5)
        assert (row.cells[0].pending, row.cells[0].judged, row.cells[0].pending_from_ms) == (1, 1, minute(1))

    def test_submissions_after_the_first_accepted_are_ignored(self):
        attempts = [att(A, minute(5), SOLVED), att(A, minute(6), REJECTED), att(A, minute(7), SOLVED)]
        row = ICPC(1, attempts, PROBLEMS, OPTIONS)
        assert (row.penalty, row.cells[0].judged, row.cells[0].time_ms) == (5, 1, minute(5))

    def test_rejections_of_an_unsolved_problem_cost_nothing(self):
        row = ICPC(1, [att(B, minute(1), REJECTED)], PROBLEMS, OPTIONS)
        assert (row.score, row.penalty) == (0, 0)
        assert row.cells[1].judged == 1

    def test_a_submission_at_the_last_millisecond_counts(self):
        last = minute(300) - 1
        row = ICPC(1, [att(A, last, SOLVED)], PROBLEMS, OPTIONS)
        assert row.penalty == 299

    def test_order_is_solved_then_time_then_last_accepted_minute(self):
        more = ICPC(1, [att(A, minute(200), SOLVED), att(B, minute(250), SOLVED)], PROBLEMS, OPTIONS)
        fast = ICPC(2, [att(A, minute(10), SOLVED)], PROBLEMS, OPTIONS)
        # Both 100 minutes; the earlier last solve wins.
        early = ICPC(3, [att(A, minute(50), SOLVED), att(B, minute(50), SOLVED)], PROBLEMS, OPTIONS)
        late = ICPC(4, [att(A, minute(10), SOLVED), att(B, minute(90), SOLVED)], PROBLEMS, OPTIONS)
        assert early.penalty == late.penalty == 100
        ordered = [row.team for _, row in rank([fast, late, more, early])]
        assert ordered == [3, 4, 1, 2]

    def test_a_full_tie_shares_a_rank_and_skips_the_next(self):
        rows = [
            ICPC(1, [att(A, minute(10), SOLVED)], PROBLEMS, OPTIONS),
            ICPC(2, [att(B, minute(10), SOLVED)], PROBLEMS, OPTIONS),
            ICPC(3, [att(A, minute(5), SOLVED), att(B, minute(5), SOLVED)], PROBLEMS, OPTIONS),
            ICPC(4, [], PROBLEMS, OPTIONS),
        ]
        assert [(r, row.team) for r, row in rank(rows)] == [(1, 3), (2, 1), (2, 2), (4, 4)]


class TestFirstToSolve:
    def test_the_earliest_solve_is_first(self):
        rows = [
            ICPC(1, [att(A, minute(10), SOLVED)], PROBLEMS, OPTIONS),
            ICPC(2, [att(A, minute(9), SOLVED)], PROBLEMS, OPTIONS),
        ]
        assert first_solves(rows) == {A: [2]}

    def test_it_is_not_decided_while_an_earlier_submission_is_pending(self):
        rows = [
            ICPC(1, [att(A, minute(10), SOLVED)], PROBLEMS, OPTIONS),
            ICPC(2, [att(A, minute(9), PENDING)], PROBLEMS, OPTIONS),
        ]
        assert first_solves(rows) == {}
        later = [rows[0], ICPC(2, [att(A, minute(11), PENDING)], PROBLEMS, OPTIONS)]
        assert first_solves(later) == {A: [1]}

    def test_solves_in_the_same_millisecond_are_both_first(self):
        rows = [ICPC(t, [att(A, minute(10), SOLVED)], PROBLEMS, OPTIONS) for t in (1, 2)]
        assert first_solves(rows) == {A: [1, 2]}


class TestIoi:
    def test_the_best_total_counts(self):
        attempts = [att(A, 0, REJECTED, 30), att(A, 1, REJECTED, 70), att(A, 2, REJECTED, 50)]
        row = IOI(1, attempts, PROBLEMS, OPTIONS)
        assert row.score == 70
        assert row.cells[0].judged == 3

    def test_subtask_sum_beats_max(self):
        attempts = [att(A, 0, REJECTED, 40, (40, 0, 0)), att(A, 1, REJECTED, 50, (0, 20, 30))]
        assert IOI(1, attempts, PROBLEMS, OPTIONS).score == 50
        assert IOI(1, attempts, PROBLEMS, Options(subtask_sum=True)).score == 90

    def test_compile_errors_and_pending_score_nothing(self):
        row = IOI(1, [att(A, 0, COMPILE_ERROR), att(A, 1, PENDING)], PROBLEMS, OPTIONS)
        assert row.score == 0
        assert (row.cells[0].judged, row.cells[0].pending) == (1, 1)

    def test_ties_stay_ties_whatever_the_time(self):
        early = IOI(1, [att(A, minute(1), SOLVED, 100)], PROBLEMS, OPTIONS)
        late = IOI(2, [att(B, minute(299), REJECTED, 100)], PROBLEMS, OPTIONS)
        assert [r for r, _ in rank([early, late])] == [1, 1]


class TestAtcoder:
    options = Options(penalty_minutes=5)

    def test_points_and_5_minutes_per_rejection_before_the_accepted(self):
        attempts = [
            att(A, minute(3), REJECTED),
            att(A, minute(10), SOLVED),
            att(B, minute(20), REJECTED),
            att(B, minute(30), REJECTED),
            att(B, minute(40), SOLVED),
            att(B, minute(45), REJECTED),
        ]
        row = ATCODER(1, attempts, PROBLEMS, self.options)
        assert row.score == 300
        # The latest accepted time plus 3 rejections of 5 minutes, in seconds.
        assert row.penalty == 40 * 60 + 3 * 5 * 60

    def test_rejections_of_unsolved_problems_cost_nothing(self):
        attempts = [att(A, minute(10), SOLVED), att(B, minute(20), REJECTED)]
        row = ATCODER(1, attempts, PROBLEMS, self.options)
        assert (row.score, row.penalty) == (100, 600)

    def test_more_points_beat_less_time(self):
        big = ATCODER(1, [att(B, minute(100), SOLVED)], PROBLEMS, self.options)
        small = ATCODER(2, [att(A, minute(1), SOLVED)], PROBLEMS, self.options)
        assert [row.team for _, row in rank([small, big])] == [1, 2]
