"""The scoreboard's chart of the top teams' score over contest time: its selector and the page."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client

from contests.freeze import contest_unfreeze
from contests.models import Team
from contests.progress import progress_chart, score_progress
from contests.services import contest_register

from .test_services import submit

pytestmark = pytest.mark.django_db

START = {"minute": 0, "score": 0.0, "solved": 0}


@pytest.fixture
def board(contest, alice, bob, staff, verdict, now):
    """Alice solves A before the freeze (minute 50); Bob fails A, then solves A and B in the freeze
    (minutes 100 and 105); staff fails B in it."""
    for user in (alice, bob, staff):
        contest_register(contest=contest, user=user)
    verdict(submit(contest, alice, "A", now=now - timedelta(minutes=10)), "AC")
    verdict(submit(contest, bob, "A", now=now - timedelta(minutes=5)), "WA")
    verdict(submit(contest, bob, "A", now=now + timedelta(minutes=40)), "AC")
    verdict(submit(contest, bob, "B", now=now + timedelta(minutes=45)), "AC")
    verdict(submit(contest, staff, "B", now=now + timedelta(minutes=50)), "WA")
    return contest


def names(progress):
    return [team["name"] for team in progress]


def test_the_jury_sees_every_accepted_attempt_in_rank_order(board):
    progress = score_progress(contest=board, jury=True)
    assert names(progress) == ["bob", "alice", "staff"]
    bob, alice, staff = (team["points"] for team in progress)
    assert bob == [
        START,
        {"minute": 100, "score": 1.0, "solved": 1},
        {"minute": 105, "score": 2.0, "solved": 2},
    ]
    assert alice == [START, {"minute": 50, "score": 1.0, "solved": 1}]
    assert staff == [START]  # a rejection changes nothing


def test_the_public_sees_nothing_judged_in_the_freeze_until_the_unfreeze(board):
    progress = score_progress(contest=board, jury=False)
    assert names(progress)[0] == "alice"
    assert {team["name"]: team["points"] for team in progress}["bob"] == [START]
    contest_unfreeze(contest=board, now=board.end + timedelta(minutes=1))
    board.refresh_from_db()
    assert score_progress(contest=board, jury=False) == score_progress(contest=board, jury=True)


def test_only_the_top_teams_and_the_chart_spec(board):
    assert names(score_progress(contest=board, jury=True, limit=2)) == ["bob", "alice"]
    chart = progress_chart(contest=board, progress=score_progress(contest=board, jury=True, limit=1))
    assert chart["type"] == "line" and chart["max_x"] == 120
    assert chart["series"] == [
        {
            "label": "bob",
            "data": [
                {"x": 0, "y": 0.0, "solved": 0},
                {"x": 100, "y": 1.0, "solved": 1},
                {"x": 105, "y": 2.0, "solved": 2},
            ],
        }
    ]


def test_the_scoreboard_page_carries_the_chart_data(board, bob):
    page = Client().get("/contests/spring/scoreboard/").content.decode()
    assert 'data-chart="progress-chart"' in page and "vendor/charts/charts.js" in page
    data = re.search(r'<script id="progress-chart" type="application/json">(.*?)</script>', page, re.S)
    assert data is not None
    spec = json.loads(data.group(1))
    assert spec["series"][0]["label"] == "alice"
    # The public view: bob's solves in the freeze are not drawn, his line stays at 0 up to now.
    assert {s["label"]: [p["y"] for p in s["data"]] for s in spec["series"]}["bob"] == [0, 0]
    staff_client = Client()
    staff_client.force_login(Team.objects.get(display_name="staff").members.get())
    jury = staff_client.get("/contests/spring/scoreboard/?view=jury").content.decode()
    assert '"label": "bob"' in jury and '"x": 105' in jury


def test_each_line_goes_on_to_the_present_minute(board):
    progress = score_progress(contest=board, jury=True)
    chart = progress_chart(contest=board, progress=progress, now=board.start + timedelta(minutes=110))
    assert [s["data"][-1] for s in chart["series"]] == [
        {"x": 110, "y": 2.0, "solved": 2},
        {"x": 110, "y": 1.0, "solved": 1},
        {"x": 110, "y": 0.0, "solved": 0},
    ]
    after = progress_chart(contest=board, progress=progress, now=board.end + timedelta(days=1))
    assert after["series"][0]["data"][-1]["x"] == 120


def test_no_chart_without_teams(contest):
    page = Client().get("/contests/spring/scoreboard/").content.decode()
    assert 'data-chart="progress-chart"' not in page
