"""The board's exports: the CLICS scoreboard object (checked against the CLICS schema), CSV, and the
`scoreboard` command."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command

from contests.exports import contest_state, reltime, scoreboard_clics, scoreboard_csv
from contests.services import contest_register

from .clics.schemas import validate
from .test_services import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(contest, alice, bob, verdict, now):
    contest_register(contest=contest, user=alice)
    contest_register(contest=contest, user=bob)
    verdict(submit(contest, alice, "A", now=now - timedelta(minutes=50)), "WA")
    verdict(submit(contest, alice, "A", now=now - timedelta(minutes=20, seconds=1)), "AC")
    verdict(submit(contest, bob, "B", now=now + timedelta(minutes=40)), "AC")
    return contest


def test_reltime():
    assert reltime(0) == "0:00:00.000"
    assert reltime(3_723_004) == "1:02:03.004"
    assert reltime(-61_000) == "-0:01:01.000"


def test_the_clics_scoreboard_matches_the_schema(board, alice, now):
    data = scoreboard_clics(contest=board, now=now)
    validate("scoreboard.json", data)
    first = data["rows"][0]
    assert first["score"] == {"num_solved": 1, "total_time": 39 + 20}
    solved = {"problem_id": "aplusb", "num_judged": 2, "num_pending": 0, "solved": True, "time": 39}
    assert first["problems"] == [solved]
    # Bob's solve is in the freeze: pending publicly, solved for the jury.
    assert data["rows"][1]["problems"][0]["num_pending"] == 1
    jury = scoreboard_clics(contest=board, jury=True, now=now)
    assert [row["score"]["num_solved"] for row in jury["rows"]] == [1, 1]
    assert jury["rows"][1]["team_id"] == str(board.teams.get(members__username="bob").pk)


def test_csv_has_a_row_per_team(board):
    lines = scoreboard_csv(contest=board).splitlines()
    assert lines[0] == "rank,team,organization,score,penalty,A,B"
    assert lines[1] == "1,alice,,1.0,59,39 (2),"
    assert lines[2] == "2,bob,,0.0,0,,+1?"


def test_the_command_prints_the_clics_object(board, capsys):
    call_command("scoreboard", board.slug, "--json", "--jury")
    data = json.loads(capsys.readouterr().out)
    assert [row["score"]["num_solved"] for row in data["rows"]] == [1, 1]
    call_command("scoreboard", board.slug)
    assert "alice" in capsys.readouterr().out


def test_end_of_updates_waits_for_the_thaw_of_a_frozen_contest(contest):
    ended = contest.end + timedelta(minutes=5)
    contest.finalized_at = ended
    assert contest_state(contest, ended)["end_of_updates"] is None
    contest.thawed_at = ended + timedelta(minutes=10)
    state = contest_state(contest, ended + timedelta(minutes=10))
    assert state["end_of_updates"] == state["thawed"]
    contest.freeze_minutes = 0
    contest.thawed_at = None
    assert contest_state(contest, ended)["end_of_updates"] == contest_state(contest, ended)["finalized"]


def test_a_contest_with_judged_submissions_can_be_deleted(board):
    from django.db.models import RestrictedError

    from contests.models import Contest, ContestSubmission, JudgementType

    judged = ContestSubmission.objects.filter(contest=board, judgement_type__isnull=False).first()
    assert judged is not None and judged.judgement_type is not None
    with pytest.raises(RestrictedError):
        JudgementType.objects.filter(pk=judged.judgement_type.pk).delete()
    board.delete()
    assert not Contest.objects.filter(pk=board.pk).exists()
    assert not ContestSubmission.objects.filter(pk=judged.pk).exists()
