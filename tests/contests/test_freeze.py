"""Unfreezing, revealing in the resolver's order, and finalizing."""

from datetime import timedelta

import pytest

from contests.freeze import (
    FINALIZE_UNJUDGED,
    FREEZE_NOT_ENDED,
    contest_finalize,
    contest_reveal_step,
    contest_unfreeze,
)
from contests.models import Contest, ScoreboardRow, Team
from contests.services import ContestError, contest_register

from .test_services import submit

pytestmark = pytest.mark.django_db


def public(user):
    return ScoreboardRow.objects.get(team=Team.objects.get(members=user), jury=False)


@pytest.fixture
def frozen_board(contest, alice, bob, staff, verdict, now):
    """Alice solves A before the freeze; Bob solves A and B in it; staff fails B in it."""
    for user in (alice, bob, staff):
        contest_register(contest=contest, user=user)
    verdict(submit(contest, alice, "A", now=now - timedelta(minutes=10)), "AC")
    verdict(submit(contest, bob, "A", now=now + timedelta(minutes=40)), "AC")
    verdict(submit(contest, bob, "B", now=now + timedelta(minutes=45)), "AC")
    verdict(submit(contest, staff, "B", now=now + timedelta(minutes=50)), "WA")
    return contest


def after_end(contest):
    return contest.end + timedelta(minutes=1)


def test_nothing_happens_before_the_end(frozen_board, now):
    for action in (contest_unfreeze, contest_reveal_step, contest_finalize):
        with pytest.raises(ContestError, match=FREEZE_NOT_ENDED):
            action(contest=frozen_board, now=now)


def test_unfreeze_shows_everything(frozen_board, bob):
    assert public(bob).score == 0
    contest_unfreeze(contest=frozen_board, now=after_end(frozen_board))
    assert public(bob).score == 2
    assert Contest.objects.get(pk=frozen_board.pk).thawed_at is not None


def test_reveal_goes_from_the_bottom_row_up_one_cell_at_a_time(frozen_board, alice, bob, staff):
    at = after_end(frozen_board)
    # Staff and Bob both show nothing solved: equal keys order by team id, so staff's row is lowest.
    assert contest_reveal_step(contest=frozen_board, now=at)
    assert public(staff).cells[1][:3] == [1, 0, 0]  # staff's B revealed: a rejection
    assert public(bob).score == 0
    assert contest_reveal_step(contest=frozen_board, now=at)
    assert public(bob).score == 1  # bob's leftmost pending cell, A
    assert public(bob).cells[1][1] == 1
    assert contest_reveal_step(contest=frozen_board, now=at)
    assert public(bob).score == 2
    assert not contest_reveal_step(contest=frozen_board, now=at)
    assert Contest.objects.get(pk=frozen_board.pk).thawed_at is not None
    assert public(alice).score == 1


def test_finalize_is_refused_while_submissions_are_unjudged_or_judge_errors(frozen_board, alice, verdict):
    at = after_end(frozen_board)
    pending = submit(frozen_board, alice, "B", now=frozen_board.end - timedelta(seconds=1))
    with pytest.raises(ContestError, match=FINALIZE_UNJUDGED.format(count=1)[:20]):
        contest_finalize(contest=frozen_board, now=at)
    verdict(pending, "IE")
    with pytest.raises(ContestError, match="1 submissions"):
        contest_finalize(contest=frozen_board, now=at)
    verdict(pending, "WA")
    contest_finalize(contest=frozen_board, now=at)
    contest = Contest.objects.get(pk=frozen_board.pk)
    assert contest.finalized_at == at and contest.thawed_at == at


def test_a_thawed_contest_keeps_its_thaw_time_through_updates(frozen_board, bob, verdict):
    at = after_end(frozen_board)
    contest_unfreeze(contest=frozen_board, now=at)
    entry = submit(frozen_board, bob, "B", now=frozen_board.end - timedelta(seconds=1))
    verdict(entry, "WA")
    assert frozen_board.thawed_at == at
    frozen_board.save()
    assert Contest.objects.get(pk=frozen_board.pk).thawed_at == at
