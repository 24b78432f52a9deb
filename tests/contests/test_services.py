"""Registration, contest submissions and verdicts reaching the stored board, against the database."""

from datetime import timedelta

import pytest

from contests.board import board_compute, board_context
from contests.models import ContestProblem, ContestSubmission, Registration, ScoreboardRow, Team, TeamKind
from contests.scoreboard import scoreboard_recompute
from contests.selectors import board_rows
from contests.services import (
    REGISTRATION_BAD_CODE,
    REGISTRATION_CLOSED,
    REGISTRATION_TWICE,
    SUBMIT_AFTER_END,
    SUBMIT_BEFORE_START,
    SUBMIT_NOT_REGISTERED,
    VIRTUAL_NOT_ENDED,
    ContestError,
    contest_register,
    contest_rejudge,
    contest_submit,
    contest_virtual_start,
    contest_window_start,
)
from judge.models import Submission

from .conftest import SOURCE

pytestmark = pytest.mark.django_db


def submit(contest, user, label="A", **kwargs):
    problem = ContestProblem.objects.get(contest=contest, label=label)
    return contest_submit(
        contest=contest, user=user, contest_problem=problem, language_key="py3", source=SOURCE, **kwargs
    )


def stored(team, *, jury):
    return ScoreboardRow.objects.get(team=team, jury=jury)


class TestRegistration:
    def test_it_creates_a_one_member_team(self, contest, alice):
        team = contest_register(contest=contest, user=alice)
        assert list(team.members.all()) == [alice]
        assert team.display_name == "alice" and team.kind == TeamKind.CONTESTANT
        assert stored(team, jury=False).score == 0

    def test_it_refuses_twice(self, contest, alice):
        contest_register(contest=contest, user=alice)
        with pytest.raises(ContestError, match=REGISTRATION_TWICE):
            contest_register(contest=contest, user=alice)

    def test_it_takes_the_invitation_code(self, contest, alice, bob):
        contest.registration, contest.invitation_code = Registration.CODE, "s3cret"
        contest.save()
        with pytest.raises(ContestError, match=REGISTRATION_BAD_CODE):
            contest_register(contest=contest, user=alice, code="guess")
        assert contest_register(contest=contest, user=alice, code=" s3cret ")

    def test_it_refuses_when_closed(self, contest, alice):
        contest.registration = Registration.CLOSED
        contest.save()
        with pytest.raises(ContestError, match=REGISTRATION_CLOSED):
            contest_register(contest=contest, user=alice)


class TestSubmitting:
    def test_it_links_a_judge_submission_to_the_team(self, contest, alice, now):
        team = contest_register(contest=contest, user=alice)
        entry = submit(contest, alice, "B", now=now)
        assert entry.team == team and entry.submission.problem.slug == "hidden-b"
        assert entry.contest_time_ms == 3_600_000 and not entry.practice
        assert entry.judgement_type is None
        # Pending on both views at once.
        assert stored(team, jury=False).cells[1][1] == 1

    def test_it_refuses_the_unregistered(self, contest, alice):
        with pytest.raises(ContestError, match=SUBMIT_NOT_REGISTERED):
            submit(contest, alice)

    def test_it_refuses_before_the_start_and_at_the_end(self, contest, alice):
        contest_register(contest=contest, user=alice)
        with pytest.raises(ContestError, match=SUBMIT_BEFORE_START):
            submit(contest, alice, now=contest.start - timedelta(microseconds=1))
        with pytest.raises(ContestError, match=SUBMIT_AFTER_END):
            submit(contest, alice, now=contest.end)
        last = submit(contest, alice, now=contest.end - timedelta(microseconds=1))
        assert last.contest_time_ms == 7_199_999

    def test_after_the_end_it_is_practice_when_upsolving(self, contest, alice, verdict):
        contest.upsolving = True
        contest.save()
        team = contest_register(contest=contest, user=alice)
        entry = verdict(submit(contest, alice, now=contest.end + timedelta(minutes=1)), "AC")
        assert entry.practice and entry.judgement_type.clics_id == "AC"
        assert stored(team, jury=True).score == 0


class TestVerdicts:
    def test_a_verdict_updates_the_row(self, contest, alice, verdict, now):
        team = contest_register(contest=contest, user=alice)
        verdict(submit(contest, alice, now=now - timedelta(minutes=50)), "WA")
        verdict(submit(contest, alice, now=now - timedelta(minutes=40)), "CE")
        entry = verdict(submit(contest, alice, now=now - timedelta(minutes=30)), "AC")
        assert entry.judgement_type.solved
        row = stored(team, jury=False)
        assert (row.score, row.penalty, row.tiebreak) == (1, 30 + 20, 30)
        assert "first" in row.html

    def test_under_the_freeze_the_public_row_shows_pending(self, contest, alice, verdict, now):
        team = contest_register(contest=contest, user=alice)
        verdict(submit(contest, alice, now=now + timedelta(minutes=31)), "AC")
        public, jury = stored(team, jury=False), stored(team, jury=True)
        assert public.score == 0 and public.cells[0][1] == 1 and "pending" in public.html
        assert jury.score == 1

    def test_a_rejudge_makes_cells_pending_until_the_new_verdict(self, contest, alice, verdict, now):
        team = contest_register(contest=contest, user=alice)
        entry = verdict(submit(contest, alice, now=now), "AC")
        assert contest_rejudge(contest=contest) == [entry.submission_id]
        assert stored(team, jury=True).score == 0 and stored(team, jury=True).cells[0][1] == 1
        verdict(entry, "WA")
        assert stored(team, jury=True).cells[0][:3] == [1, 0, 0]

    def test_first_to_solve_moves_when_an_earlier_solve_arrives(self, contest, alice, bob, verdict, now):
        first_team = contest_register(contest=contest, user=alice)
        later_team = contest_register(contest=contest, user=bob)
        pending = submit(contest, alice, now=now - timedelta(minutes=20))
        verdict(submit(contest, bob, now=now - timedelta(minutes=10)), "AC")
        # Alice's earlier attempt is pending: nobody is first yet.
        assert "first" not in stored(later_team, jury=True).html
        verdict(pending, "AC")
        assert "first" in stored(first_team, jury=True).html
        assert "first" not in stored(later_team, jury=True).html
        assert contest_rejudge(contest=contest, contest_problem=pending.contest_problem)
        verdict(pending, "WA")
        later = ContestSubmission.objects.get(team=later_team)
        verdict(later, "AC")
        assert "first" in stored(later_team, jury=True).html

    def test_incremental_rows_match_a_full_recompute(self, contest, alice, bob, verdict, now):
        contest_register(contest=contest, user=alice)
        contest_register(contest=contest, user=bob)
        for user, label, minutes, value in [
            (alice, "A", -50, "WA"),
            (bob, "A", -45, "AC"),
            (alice, "B", -40, "AC"),
            (alice, "A", 35, "AC"),
            (bob, "B", 40, "TLE"),
        ]:
            verdict(submit(contest, user, label, now=now + timedelta(minutes=minutes)), value)
        fields = ("team", "jury", "cells", "html")
        before = list(ScoreboardRow.objects.order_by("team", "jury").values_list(*fields))
        scoreboard_recompute(contest=contest)
        after = list(ScoreboardRow.objects.order_by("team", "jury").values_list(*fields))
        assert before == after
        assert [team for _, team, _, _ in board_rows(contest=contest, jury=True)] == [
            Team.objects.get(members=alice).pk,
            Team.objects.get(members=bob).pk,
        ]

    def test_observers_and_hidden_groups_stay_off_the_public_board(self, contest, alice, bob):
        contest_register(contest=contest, user=alice)
        observer = contest_register(contest=contest, user=bob)
        Team.objects.filter(pk=observer.pk).update(kind=TeamKind.OBSERVER)
        hidden = contest.groups.create(name="staff", hidden=True)
        alice_team = Team.objects.get(members=alice)
        alice_team.groups.add(hidden)
        board = board_compute(board_context(contest))
        assert list(board.jury) == [alice_team.pk] and board.public == {}


class TestVirtualAndWindowed:
    def test_virtual_starts_only_after_the_end(self, contest, alice, now):
        with pytest.raises(ContestError, match=VIRTUAL_NOT_ENDED):
            contest_virtual_start(contest=contest, user=alice, now=now)
        team = contest_virtual_start(contest=contest, user=alice, now=contest.end + timedelta(days=1))
        entry = submit(contest, alice, now=contest.end + timedelta(days=1, minutes=5))
        assert team.virtual and entry.virtual and entry.contest_time_ms == 300_000

    def test_a_windowed_participant_submits_in_their_own_window(self, contest, alice, now):
        contest.window_minutes = 30
        contest.save()
        team = contest_register(contest=contest, user=alice)
        with pytest.raises(ContestError, match=SUBMIT_BEFORE_START):
            submit(contest, alice, now=now)
        contest_window_start(contest=contest, team=team, now=now - timedelta(minutes=10))
        assert submit(contest, alice, now=now).contest_time_ms == 600_000
        with pytest.raises(ContestError, match=SUBMIT_AFTER_END):
            submit(contest, alice, now=now + timedelta(minutes=20))


def test_the_judge_submission_of_a_hidden_problem_is_accepted_for_the_contest(contest, alice):
    contest_register(contest=contest, user=alice)
    entry = submit(contest, alice, "B")
    assert Submission.objects.filter(pk=entry.submission_id, problem__is_visible=False).exists()


def test_a_contest_must_end_after_it_starts(db, now):
    from django.core.exceptions import ValidationError

    from contests.models import CONTEST_END_BEFORE_START
    from contests.services import contest_create

    with pytest.raises(ValidationError, match=CONTEST_END_BEFORE_START):
        contest_create(slug="backwards", title="Backwards", start=now, end=now)
