"""The board's exports: the CLICS scoreboard object (checked against the CLICS schema), CSV, and the
`scoreboard` command."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from referencing import Registry, Resource

from contests.exports import reltime, scoreboard_clics, scoreboard_csv
from contests.services import contest_register

from .test_services import submit

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "clics" / "json-schema"


def clics_validator(name):
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text())
        resources.append((path.name, Resource.from_contents(schema)))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / name).read_text())
    return Draft202012Validator(schema, registry=registry)


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


@pytest.mark.skipif(not SCHEMAS.is_dir(), reason="the CLICS reference schemas are not here")
def test_the_clics_scoreboard_matches_the_schema(board, alice, now):
    data = scoreboard_clics(contest=board, now=now)
    clics_validator("scoreboard.json").validate(data)
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
