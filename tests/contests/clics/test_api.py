"""The CLICS Contest API under /api/contests/: every response validated against the spec's JSON schemas,
the public view hiding what the freeze hides, the jury's (staff: session, basic auth or API token) not,
filters, errors in the spec's shape, and the event feed's since_token."""

import base64
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from api.tokens import token_create
from contests.models import Contest, Visibility
from contests.scoreboard import scoreboard_recompute
from tests.contests.clics.schemas import validate

FEED = Path(__file__).parent / "feeds" / "mini-2023-06" / "event-feed.ndjson"
BASE = "/api/contests/mini26"
COLLECTIONS = {
    "judgement-types": "judgement-types.json",
    "languages": "languages.json",
    "problems": "problems.json",
    "groups": "groups.json",
    "organizations": "organizations.json",
    "teams": "teams.json",
    "submissions": "submissions.json",
    "judgements": "judgements.json",
    "clarifications": "clarifications.json",
    "awards": "awards.json",
}
FROZEN = {"s7", "s8", "s9"}  # submitted in the last hour

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    call_command("import_contest", str(FEED), stdout=io.StringIO(), stderr=io.StringIO())
    return Contest.objects.get(slug="mini26")


@pytest.fixture
def unthawed(imported):
    """The same contest ended but not yet thawed: the public board is still the frozen one."""
    Contest.objects.filter(pk=imported.pk).update(thawed_at=None, finalized_at=None, end_of_updates_at=None)
    imported.refresh_from_db()
    scoreboard_recompute(contest=imported)
    return imported


@pytest.fixture
def jury(client, staff):
    client.force_login(staff)
    return client


def get_json(client, path, status=200, **headers):
    response = client.get(path, **headers)
    assert response.status_code == status, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def feed_events(client, query="stream=false", **headers):
    response = client.get(f"{BASE}/event-feed?{query}", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/x-ndjson"
    return [json.loads(line) for line in response.content.decode().splitlines() if line.strip()]


@pytest.mark.parametrize("who", ["public", "jury"])
def test_every_endpoint_validates_against_its_schema(client, staff, imported, who):
    if who == "jury":
        client.force_login(staff)
    validate("api_information.json", get_json(client, "/api/"))
    validate("access.json", get_json(client, f"{BASE}/access"))
    validate("contests.json", get_json(client, "/api/contests/"))
    validate("contest.json", get_json(client, BASE))
    validate("state.json", get_json(client, f"{BASE}/state"))
    validate("scoreboard.json", get_json(client, f"{BASE}/scoreboard"))
    access = {e["type"]: set(e["properties"]) for e in get_json(client, f"{BASE}/access")["endpoints"]}
    assert set(get_json(client, BASE)) <= access["contest"]
    for endpoint, schema in COLLECTIONS.items():
        items = get_json(client, f"{BASE}/{endpoint}")
        validate(schema, items)
        assert all(set(item) <= access[endpoint] for item in items), endpoint
        if items:
            single = schema.removesuffix("s.json") + ".json"
            validate(single, get_json(client, f"{BASE}/{endpoint}/{items[0]['id']}"))
    events = feed_events(client)
    for event in events:
        validate("event-feed.json", event)
    assert events[0]["type"] == "contest" and events[-1]["type"] == "state"


def test_the_objects_are_the_feeds(client, imported):
    teams = {t["id"]: t for t in get_json(client, f"{BASE}/teams")}
    assert teams["t2"]["display_name"] == "The Betas" and teams["t2"]["organization_id"] == "uni2"
    assert teams["t3"]["group_ids"] == ["observers"]
    problems = get_json(client, f"{BASE}/problems")
    assert [(p["id"], p["label"], p["ordinal"]) for p in problems] == [
        ("hello", "A", 1),
        ("sum", "B", 2),
        ("maze", "C", 3),
    ]
    assert {a["id"]: a["team_ids"] for a in get_json(client, f"{BASE}/awards")}["winner"] == ["t1"]
    board = get_json(client, f"{BASE}/scoreboard")
    assert [
        (r["rank"], r["team_id"], r["score"]["num_solved"], r["score"]["total_time"]) for r in board["rows"]
    ] == [
        (1, "t1", 2, 290),
        (2, "t2", 1, 45),
        (3, "t3", 1, 299),
    ]


def test_the_public_view_hides_what_the_freeze_hides(client, jury, unthawed):
    from django.test import Client

    public = Client()
    public_judged = {j["submission_id"] for j in get_json(public, f"{BASE}/judgements")}
    jury_judged = {j["submission_id"] for j in get_json(jury, f"{BASE}/judgements")}
    assert jury_judged >= FROZEN and not FROZEN & public_judged
    assert get_json(public, f"{BASE}/judgements/s9", status=404)["code"] == 404
    # Submissions themselves are public; their judgements are not.
    assert {s["id"] for s in get_json(public, f"{BASE}/submissions")} >= FROZEN

    public_rows = {r["team_id"]: r for r in get_json(public, f"{BASE}/scoreboard")["rows"]}
    jury_rows = {r["team_id"]: r for r in get_json(jury, f"{BASE}/scoreboard")["rows"]}
    assert public_rows["t1"]["score"]["num_solved"] == 1 and jury_rows["t1"]["score"]["num_solved"] == 2
    sum_cell = next(p for p in public_rows["t1"]["problems"] if p["problem_id"] == "sum")
    assert sum_cell["num_pending"] == 1 and not sum_cell["solved"]
    assert public_rows["t3"]["score"]["num_solved"] == 0
    validate("scoreboard.json", get_json(public, f"{BASE}/scoreboard"))

    public_feed = feed_events(public)
    assert not {e["id"] for e in public_feed if e["type"] == "judgements"} & FROZEN
    assert public_feed[-1]["data"]["thawed"] is None
    assert get_json(public, f"{BASE}/awards") == []  # they would tell the frozen results
    # Private clarifications are the jury's.
    assert [c["id"] for c in get_json(public, f"{BASE}/clarifications")] == ["c3"]
    assert {c["id"] for c in get_json(jury, f"{BASE}/clarifications")} == {"c1", "c2", "c3"}


def test_a_revealed_cell_shows_its_judgement_before_the_thaw(client, unthawed):
    from contests.models import ContestSubmission

    ContestSubmission.objects.filter(contest=unthawed, clics_id="s8").update(revealed=True)
    judged = {j["submission_id"] for j in get_json(client, f"{BASE}/judgements")}
    assert "s8" in judged and not {"s7", "s9"} & judged


def test_after_the_thaw_the_public_sees_everything(client, imported):
    assert {j["submission_id"] for j in get_json(client, f"{BASE}/judgements")} >= FROZEN


def test_a_staff_token_or_basic_auth_is_the_jury(client, staff, alice, unthawed):
    staff_key = token_create(user=staff, name="cds", scope="read")[1]
    alice_key = token_create(user=alice, name="mine", scope="read")[1]
    credentials = base64.b64encode(b"staff:staff-password").decode()
    for header, sees in [
        (f"Token {staff_key}", True),
        (f"Basic {credentials}", True),
        (f"Token {alice_key}", False),
    ]:
        judged = {
            j["submission_id"] for j in get_json(client, f"{BASE}/judgements", HTTP_AUTHORIZATION=header)
        }
        assert (judged >= FROZEN) is sees, header
    error = get_json(client, f"{BASE}/judgements", status=401, HTTP_AUTHORIZATION="Token nope")
    assert error["code"] == 401 and error["message"]


def test_filters_on_id_properties(jury, imported):
    assert {s["team_id"] for s in get_json(jury, f"{BASE}/submissions?team_id=t1")} == {"t1"}
    both = get_json(jury, f"{BASE}/submissions?team_id=t2&problem_id=hello")
    assert [s["id"] for s in both] == ["s3", "s4"]
    assert [c["id"] for c in get_json(jury, f"{BASE}/clarifications?to_team_id=")] == ["c3", "c1"]


def test_errors_have_the_specs_shape(client, imported):
    assert get_json(client, "/api/contests/nope", status=404) == {"code": 404, "message": "no contest 'nope'"}
    assert get_json(client, f"{BASE}/teams/t99", status=404)["code"] == 404
    assert get_json(client, f"{BASE}/scoreboard?group_id=nope", status=400)["code"] == 400
    assert client.post(f"{BASE}/teams").status_code in (403, 405)


def test_a_private_contest_is_the_jurys(client, jury, imported):
    Contest.objects.filter(pk=imported.pk).update(visibility=Visibility.PRIVATE)
    from django.test import Client

    assert Client().get(BASE).status_code == 404
    assert get_json(Client(), "/api/contests/") == []
    assert get_json(jury, BASE)["id"] == "mini26"


def test_group_scoreboard_ranks_the_group_alone(client, imported):
    rows = get_json(client, f"{BASE}/scoreboard?group_id=observers")["rows"]
    assert [(r["rank"], r["team_id"]) for r in rows] == [(1, "t3")]


def test_since_token_sends_what_came_after(jury, imported):
    events = feed_events(jury)
    tokens = [int(e["token"]) for e in events]
    assert tokens == sorted(tokens)
    live = [e for e in events if e["type"] in ("submissions", "judgements", "clarifications")]
    middle = live[len(live) // 2]
    later = feed_events(jury, f"stream=false&since_token={middle['token']}")
    later_live = [e for e in later if e["type"] in ("submissions", "judgements", "clarifications")]
    assert later_live == live[len(live) // 2 + 1 :]
    assert later[0]["type"] == "contest" and later[-1]["type"] == "state"  # configuration and state again
    assert feed_events(jury, f"stream=false&since_token={events[-1]['token']}")[-1] == events[-1]
    for bad in ("x", "99999", "-1"):
        response = jury.get(f"{BASE}/event-feed?stream=false&since_token={bad}")
        assert response.status_code == 400 and response.json()["code"] == 400


def test_the_feed_orders_live_data_by_time(jury, imported):
    events = feed_events(jury)
    kinds = [e["type"] for e in events]
    assert kinds.index("teams") < kinds.index("submissions")
    assert kinds[-1] == "state" and events[-1]["data"]["end_of_updates"] is not None
    s1 = kinds.index("submissions")
    first_judgement = next(e for e in events if e["type"] == "judgements")
    assert first_judgement["data"]["submission_id"] == events[s1]["id"] == "s1"


def test_judgements_revealed_at_the_thaw_come_after_older_tokens(client, imported):
    events = feed_events(client)
    thawed_at = imported.thawed_at
    assert thawed_at is not None
    live = [e for e in events if e["type"] in ("submissions", "judgements", "clarifications")]
    revealed = [i for i, e in enumerate(live) if e["type"] == "judgements" and e["id"] in FROZEN]
    others = [i for i, e in enumerate(live) if not (e["type"] == "judgements" and e["id"] in FROZEN)]
    assert min(revealed) > max(others)


def _score_feed(tmp_path):
    """The same contest scored (IOI style): points per judgement, no penalty time."""
    out = []
    for line in FEED.read_text().splitlines():
        event = json.loads(line) if line.strip() else None
        if event and event["data"]:
            data = event["data"]
            if event["type"] == "contest":
                data.update(scoreboard_type="score")
                data.pop("penalty_time")
            elif event["type"] == "problems":
                data["max_score"] = 100
            elif event["type"] == "judgements" and data.get("judgement_type_id"):
                data["score"] = 100 if data["judgement_type_id"] == "AC" else 30
        out.append(json.dumps(event) if event else line)
    path = tmp_path / "event-feed.ndjson"
    path.write_text("\n".join(out) + "\n")
    return path


@pytest.mark.parametrize("who", ["public", "jury"])
def test_a_score_contest_validates_too(client, staff, tmp_path, who):
    call_command("import_contest", str(_score_feed(tmp_path)), stdout=io.StringIO(), stderr=io.StringIO())
    if who == "jury":
        client.force_login(staff)
    contest = get_json(client, BASE)
    validate("contest.json", contest)
    assert contest["scoreboard_type"] == "score" and "penalty_time" not in contest
    for endpoint, schema in COLLECTIONS.items():
        validate(schema, get_json(client, f"{BASE}/{endpoint}"))
    board = get_json(client, f"{BASE}/scoreboard")
    validate("scoreboard.json", board)
    assert board["rows"][0]["team_id"] == "t1" and board["rows"][0]["score"]["score"] == 200
    assert all(j["score"] in (30, 100) for j in get_json(client, f"{BASE}/judgements"))
    for event in feed_events(client):
        validate("event-feed.json", event)
