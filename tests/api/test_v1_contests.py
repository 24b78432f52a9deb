"""/api/v1/contests/: a user sees what the contest pages show them (the same selectors), no more."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils.dateparse import parse_datetime

from contests.clarifications import announcement_post
from contests.models import ContestProblem, ScoreboardVisibility, Team, Visibility
from contests.services import contest_create, contest_register, contest_submit

pytestmark = pytest.mark.django_db

SOURCE = "print(sum(map(int, input().split())))\n"
BASE = "/api/v1/contests"


def api(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def submit(contest, user, label, at):
    problem = ContestProblem.objects.get(contest=contest, label=label)
    return contest_submit(
        contest=contest, user=user, contest_problem=problem, language_key="py3", source=SOURCE, now=at
    )


def ask(client: Client, body: dict[str, str], slug: str = "spring"):
    return client.post(f"{BASE}/{slug}/clarifications/", body, content_type="application/json")


@pytest.fixture
def frozen_board(contest, alice, bob, verdict, now):
    """Alice solves A before the freeze; Bob solves A in it (30 minutes from now)."""
    contest_register(contest=contest, user=alice)
    contest_register(contest=contest, user=bob)
    verdict(submit(contest, alice, "A", now - timedelta(minutes=10)), "AC")
    verdict(submit(contest, bob, "A", now + timedelta(minutes=40)), "AC")
    return contest


def test_it_needs_authentication(contest):
    for path in ("/", "/spring/", "/spring/scoreboard/", "/spring/clarifications/"):
        response = Client().get(f"{BASE}{path}")
        assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_it_lists_the_contests_the_pages_list(contest, alice, bob_key, alice_key, staff_key, now):
    secret = contest_create(
        slug="secret", title="Secret", start=now, end=now + timedelta(hours=1), visibility=Visibility.PRIVATE
    )
    listed = api(alice_key).get(f"{BASE}/").json()["results"]
    assert [c["slug"] for c in listed] == ["spring"]
    spring = listed[0]
    assert (spring["format"], spring["registered"], spring["scoreboard_visibility"]) == (
        "icpc",
        False,
        "always",
    )
    assert spring["freeze_minutes"] == 30
    assert parse_datetime(spring["freeze_start"]) == contest.end - timedelta(minutes=30)
    assert spring["urls"]["scoreboard"] == "http://testserver/api/v1/contests/spring/scoreboard/"
    Team.objects.create(contest=secret, display_name="alice").members.add(alice)
    mine = api(alice_key).get(f"{BASE}/").json()["results"]
    assert {c["slug"]: c["registered"] for c in mine} == {"secret": True, "spring": False}
    assert [c["slug"] for c in api(bob_key).get(f"{BASE}/").json()["results"]] == ["spring"]
    assert len(api(staff_key).get(f"{BASE}/").json()["results"]) == 2


def test_it_pages_contests_with_a_cursor(alice_key, now):
    for day in range(3):
        start = now + timedelta(days=day)
        contest_create(slug=f"cup-{day}", title="Cup", start=start, end=start + timedelta(hours=1))
    first = api(alice_key).get(f"{BASE}/?page_size=2").json()
    assert [c["slug"] for c in first["results"]] == ["cup-2", "cup-1"] and first["next"]
    second = api(alice_key).get(first["next"]).json()
    assert [c["slug"] for c in second["results"]] == ["cup-0"] and second["next"] is None


def test_a_private_contest_is_a_404_in_the_api_shape(contest, alice_key, staff_key):
    contest.visibility = Visibility.PRIVATE
    contest.save()
    for path in ("/", "/problems/", "/participants/", "/scoreboard/", "/clarifications/"):
        response = api(alice_key).get(f"{BASE}/spring{path}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "code": "not_found", "fields": {}}
    assert api(staff_key).get(f"{BASE}/spring/").status_code == 200
    assert api(alice_key).get(f"{BASE}/nope/").status_code == 404


def test_the_detail_says_where_the_user_stands(contest, alice, alice_key, staff_key):
    before = api(alice_key).get(f"{BASE}/spring/").json()
    assert before["participation"]["team"] is None and before["participation"]["phase"] == "running"
    assert before["registered"] is False and before["jury"] is False
    contest_register(contest=contest, user=alice)
    part = api(alice_key).get(f"{BASE}/spring/").json()["participation"]
    assert (part["team"]["name"], part["team"]["kind"], part["running"]) == ("alice", "contestant", True)
    assert part["end"] == api(alice_key).get(f"{BASE}/spring/").json()["end"]
    assert api(staff_key).get(f"{BASE}/spring/").json()["jury"] is True


def test_problems_as_the_page_shows_them(contest, alice, alice_key, staff_key, now):
    contest_register(contest=contest, user=alice)
    submit(contest, alice, "A", now)
    problems = api(alice_key).get(f"{BASE}/spring/problems/").json()
    assert [(p["label"], p["title"], p["status"]) for p in problems] == [
        ("A", "A + B", "attempted"),
        ("B", "B", None),
    ]
    # The archive hides problem B: its slug is not shown, as on the page.
    assert [p["problem"] for p in problems] == ["aplusb", None]
    assert "hidden-b" not in str(problems)
    assert [p["problem"] for p in api(staff_key).get(f"{BASE}/spring/problems/").json()] == [
        "aplusb",
        "hidden-b",
    ]


def test_problems_are_hidden_before_the_start(contest, alice_key, staff_key, now):
    contest.start, contest.end = now + timedelta(hours=1), now + timedelta(hours=2)
    contest.save()
    assert api(alice_key).get(f"{BASE}/spring/problems/").json() == []
    assert len(api(staff_key).get(f"{BASE}/spring/problems/").json()) == 2


def test_a_problem_comes_with_its_statement_and_samples(contest, alice, alice_key, staff_key, now):
    contest_register(contest=contest, user=alice)
    hidden = api(alice_key).get(f"{BASE}/spring/problems/B/")
    assert hidden.status_code == 200
    body = hidden.json()
    problem = ContestProblem.objects.get(contest=contest, label="B").problem
    assert (body["label"], body["title"], body["statement"]) == ("B", "B", problem.statement)
    assert body["problem"] is None and "hidden-b" not in str(body)  # not open in the archive
    assert body["time_limit_ms"] == problem.time_limit_ms and isinstance(body["samples"], list)
    a = api(alice_key).get(f"{BASE}/spring/problems/A/").json()
    assert a["problem"] == "aplusb" and a["samples"] and set(a["samples"][0]) == {"input", "answer"}
    assert api(alice_key).get(f"{BASE}/spring/problems/Z/").status_code == 404
    # Before the start, only the jury reads it.
    contest.start, contest.end = now + timedelta(hours=1), now + timedelta(hours=2)
    contest.save()
    assert api(alice_key).get(f"{BASE}/spring/problems/A/").status_code == 404
    assert api(staff_key).get(f"{BASE}/spring/problems/A/").status_code == 200


def test_participants_are_the_teams_of_the_board(contest, alice, bob, staff, alice_key, staff_key):
    from contests.models import Organization

    alice_team = contest_register(contest=contest, user=alice)
    bob_team = contest_register(contest=contest, user=bob)
    contest_register(contest=contest, user=staff)
    school = Organization.objects.create(contest=contest, name="School", country="NLD")
    Team.objects.filter(pk=alice_team.pk).update(organization=school)
    students = contest.groups.create(name="students")
    alice_team.groups.add(students)
    bob_team.groups.add(contest.groups.create(name="hidden", hidden=True))
    from contests.scoreboard import scoreboard_recompute

    scoreboard_recompute(contest=contest)
    teams = api(alice_key).get(f"{BASE}/spring/participants/").json()["results"]
    assert [t["name"] for t in teams] == ["alice", "staff"]  # bob's hidden group is off the public board
    assert teams[0]["organization"] == {"name": "School", "formal_name": "", "country": "NLD"}
    assert teams[0]["groups"] == [{"id": students.pk, "name": "students"}]
    assert teams[0]["members"] is None  # the pages show no team's members
    jury = api(staff_key).get(f"{BASE}/spring/participants/?page_size=2").json()
    assert [t["name"] for t in jury["results"]] == ["alice", "bob"] and jury["next"]
    assert jury["results"][1]["members"] == ["bob"]
    assert {g["name"] for g in jury["results"][1]["groups"]} == {"hidden"}
    rest = api(staff_key).get(jury["next"]).json()
    assert [t["name"] for t in rest["results"]] == ["staff"] and rest["next"] is None


def test_the_board_is_frozen_for_contestants_and_live_for_the_jury(
    frozen_board, alice_key, bob_key, staff_key
):
    board = api(alice_key).get(f"{BASE}/spring/scoreboard/").json()
    assert (board["view"], board["frozen"], board["scoring"]) == ("public", True, "pass-fail")
    assert [p["label"] for p in board["problems"]] == ["A", "B"]
    assert [(r["rank"], r["team"]["name"], r["score"]) for r in board["rows"]] == [
        (1, "alice", 1),
        (2, "bob", 0),
    ]
    bob_cell = board["rows"][1]["problems"][0]
    assert (bob_cell["pending"], bob_cell["solved"], bob_cell["judged"]) == (1, False, 0)
    alice_cell = board["rows"][0]["problems"][0]
    assert (alice_cell["solved"], alice_cell["first"], alice_cell["time"], alice_cell["judged"]) == (
        True,
        True,
        50,
        1,
    )
    assert board["own"]["team"]["name"] == "alice" and board["own"]["score"] == 1
    # Bob's own row, pinned as on the page, shows his frozen solve; the board does not.
    bob_view = api(bob_key).get(f"{BASE}/spring/scoreboard/").json()
    assert bob_view["own"]["problems"][0]["solved"] and bob_view["rows"][1]["score"] == 0
    jury = api(staff_key).get(f"{BASE}/spring/scoreboard/").json()
    assert (jury["view"], jury["frozen"], jury["own"]) == ("jury", False, None)
    assert [r["score"] for r in jury["rows"]] == [1, 1]
    public = api(staff_key).get(f"{BASE}/spring/scoreboard/?view=public").json()
    assert public["rows"] == board["rows"]
    refused = api(alice_key).get(f"{BASE}/spring/scoreboard/?view=jury")
    assert (
        refused.status_code == 403
        and refused.json()["detail"] == "Only the jury sees the jury's view of the board."
    )


def test_the_board_ranks_within_a_group(frozen_board, bob, alice_key):
    group = frozen_board.groups.create(name="late")
    Team.objects.get(members=bob).groups.add(group)
    board = api(alice_key).get(f"{BASE}/spring/scoreboard/?group={group.pk}").json()
    assert [(r["rank"], r["team"]["name"]) for r in board["rows"]] == [(1, "bob")]
    assert board["group"] == group.pk and board["groups"] == [{"id": group.pk, "name": "late"}]
    hidden = frozen_board.groups.create(name="staff", hidden=True)
    for bad in (hidden.pk, 999_999, "x"):
        response = api(alice_key).get(f"{BASE}/spring/scoreboard/?group={bad}")
        assert response.status_code == 400 and "group" in response.json()["fields"]


def test_a_hidden_board_is_refused_with_a_reason(contest, alice_key, staff_key):
    contest.scoreboard_visibility = ScoreboardVisibility.NEVER
    contest.save()
    for path, what in (("scoreboard", "The scoreboard is"), ("participants", "The participants are")):
        response = api(alice_key).get(f"{BASE}/spring/{path}/")
        assert response.status_code == 403
        assert response.json() == {
            "detail": f"{what} shown to the jury only.",
            "code": "scoreboard_hidden",
            "fields": {},
        }
        assert api(staff_key).get(f"{BASE}/spring/{path}/").status_code == 200
    contest.scoreboard_visibility = ScoreboardVisibility.AFTER_END
    contest.save()
    response = api(alice_key).get(f"{BASE}/spring/scoreboard/")
    assert response.json()["detail"] == "The scoreboard is shown once the contest is over."


def test_clarifications_asked_and_read(contest, alice, bob, staff, alice_key, bob_key, staff_key):
    contest_register(contest=contest, user=alice)
    contest_register(contest=contest, user=bob)
    asked = ask(api(alice_key), {"text": "Is n > 0?", "problem": "A"})
    assert asked.status_code == 201
    question = asked.json()
    assert (question["text"], question["problem"], question["from_team"], question["from_jury"]) == (
        "Is n > 0?",
        "A",
        "alice",
        False,
    )
    note = announcement_post(contest=contest, user=staff, text="One hour left.")
    assert [c["id"] for c in api(alice_key).get(f"{BASE}/spring/clarifications/").json()] == [
        question["id"],
        note.pk,
    ]
    # Bob reads the announcement, never Alice's question.
    assert [c["id"] for c in api(bob_key).get(f"{BASE}/spring/clarifications/").json()] == [note.pk]
    assert api(bob_key).get(f"{BASE}/spring/clarifications/{question['id']}/").status_code == 404
    assert api(alice_key).get(f"{BASE}/spring/clarifications/{question['id']}/").json() == question
    assert len(api(staff_key).get(f"{BASE}/spring/clarifications/").json()) == 2
    assert api(alice_key).get(f"{BASE}/spring/clarifications/999999/").status_code == 404


def test_asking_is_refused_as_the_page_refuses_it(contest, alice, alice_key, alice_read_key, staff_key):
    not_registered = ask(api(alice_key), {"text": "?"})
    assert not_registered.status_code == 422
    assert not_registered.json()["detail"] == "Register for the contest to ask."
    contest_register(contest=contest, user=alice)
    read_only = ask(api(alice_read_key), {"text": "?"})
    assert read_only.status_code == 403 and read_only.json()["detail"] == "This token is read-only."
    empty = ask(api(alice_key), {"text": "  "})
    assert empty.status_code == 422 and empty.json()["detail"] == "Write your question."
    unknown = ask(api(alice_key), {"text": "?", "problem": "Z"})
    assert unknown.status_code == 400 and "problem" in unknown.json()["fields"]
    assert ask(api(alice_key), {}).json()["fields"].keys() == {"text"}
    assert ask(api(staff_key), {"text": "?"}).status_code == 422  # the jury answers, it does not ask
    assert ask(api(alice_key), {"text": "?"}, slug="nope").status_code == 404


def test_asking_caps_the_body(contest, alice, alice_key):
    contest_register(contest=contest, user=alice)
    response = ask(api(alice_key), {"text": "x" * 30_000})
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def contest_post(client: Client, body: dict[str, str]):
    return client.post(f"{BASE}/spring/submissions/", body, content_type="application/json")


def test_a_team_submits_and_lists_its_own(contest, alice, bob, alice_key, bob_key, verdict):
    from contests.models import ContestSubmission

    body = {"problem": "A", "language": "py3", "source": SOURCE}
    refused = contest_post(api(alice_key), body)
    assert refused.status_code == 422 and refused.json()["detail"] == "Register for the contest to submit."
    contest_register(contest=contest, user=alice)
    contest_register(contest=contest, user=bob)
    created = contest_post(api(alice_key), body)
    assert created.status_code == 201
    entry = created.json()
    assert (entry["problem"], entry["language"], entry["judgement"], entry["practice"]) == (
        "A",
        "py3",
        None,
        False,
    )
    verdict(ContestSubmission.objects.get(pk=entry["id"]), "AC")
    mine = api(alice_key).get(f"{BASE}/spring/submissions/").json()["results"]
    assert [(s["id"], s["judgement"], s["judgement_name"]) for s in mine] == [(entry["id"], "AC", "Accepted")]
    assert api(bob_key).get(f"{BASE}/spring/submissions/").json()["results"] == []
    assert api(alice_key).get(f"/api/v1/submissions/{entry['submission']}/").status_code == 200
    assert contest_post(api(alice_key), {**body, "problem": "Z"}).status_code == 404


def test_submitting_is_refused_as_the_page_refuses_it(contest, alice, alice_key, alice_read_key, now):
    contest_register(contest=contest, user=alice)
    body = {"problem": "A", "language": "py3", "source": SOURCE}
    read_only = contest_post(api(alice_read_key), body)
    assert read_only.status_code == 403 and read_only.json()["detail"] == "This token is read-only."
    assert contest_post(api(alice_key), {**body, "source": " "}).status_code == 422
    contest.start, contest.end = now + timedelta(hours=1), now + timedelta(hours=2)
    contest.save()
    assert contest_post(api(alice_key), body).status_code == 404  # no problem A before the start
