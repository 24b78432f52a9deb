"""A native contest (run here, not imported) exported through its event feed and imported under another
id: the two scoreboards are the same, and every line of the export validates against the schema."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from contests.models import ContestSubmission, Group, JudgementType, Organization, Team
from contests.scoreboard import scoreboard_recompute
from contests.services import contest_create, contest_problem_add
from judge.models import Language
from problems.services import problem_upsert
from tests.contests.clics.schemas import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def native(aplusb):
    now = timezone.now()
    start, end = now - timedelta(hours=3), now - timedelta(hours=1)
    contest = contest_create(slug="native", title="Native Cup", start=start, end=end, freeze_minutes=30)
    second = problem_upsert(slug="second", title="Second", statement="Two.", is_visible=True)
    a = contest_problem_add(contest=contest, problem_id=aplusb.pk, label="A", color="#ff0000")
    b = contest_problem_add(contest=contest, problem_id=second.pk, label="B", order=1)
    organization = Organization.objects.create(contest=contest, name="Uni", country="NLD")
    group = Group.objects.create(contest=contest, name="Students")
    teams = [Team.objects.create(contest=contest, display_name=n, organization=organization) for n in "XYZ"]
    for team in teams:
        team.groups.add(group)
    types = {t.clics_id: t for t in JudgementType.objects.filter(contest=contest)}
    language = Language.objects.filter(is_enabled=True).order_by("key").first()
    assert language is not None
    for team, problem, minute, verdict in [
        (teams[0], a, 5, "WA"),
        (teams[0], a, 12, "AC"),
        (teams[1], a, 30, "CE"),
        (teams[1], a, 31, "AC"),
        (teams[1], b, 80, "TLE"),
        (teams[2], b, 100, "AC"),  # during the freeze
        (teams[2], a, 110, None),  # pending
    ]:
        at = start + timedelta(minutes=minute, seconds=7)
        ContestSubmission.objects.create(
            contest=contest,
            team=team,
            contest_problem=problem,
            submitted_at=at,
            contest_time_ms=(minute * 60 + 7) * 1000,
            language=language.key,
            judgement_type=types[verdict] if verdict else None,
            judged_at=at + timedelta(seconds=5) if verdict else None,
        )
    scoreboard_recompute(contest=contest)
    return contest


def test_export_then_import_keeps_the_scoreboard(client, staff, native, tmp_path, languages):
    client.force_login(staff)
    response = client.get("/api/contests/native/event-feed?stream=false")
    assert response.status_code == 200
    events = [json.loads(line) for line in response.content.decode().splitlines()]
    for event in events:
        validate("event-feed.json", event)
    events[0]["data"]["id"] = "native-copy"
    feed = tmp_path / "event-feed.ndjson"
    feed.write_text("".join(json.dumps(e) + "\n" for e in events))
    call_command("import_contest", str(feed), stdout=io.StringIO(), stderr=io.StringIO())

    for who in ("jury", "public"):
        if who == "public":
            client.logout()
        original = client.get("/api/contests/native/scoreboard").json()
        copy = client.get("/api/contests/native-copy/scoreboard").json()
        validate("scoreboard.json", copy)
        assert copy["rows"] == original["rows"], who
        assert copy["state"] == original["state"]
        assert len(original["rows"]) == 3
    client.force_login(staff)
    for endpoint in ("teams", "problems", "judgements", "submissions", "groups", "organizations"):
        original = client.get(f"/api/contests/native/{endpoint}").json()
        copy = client.get(f"/api/contests/native-copy/{endpoint}").json()
        for item in original + copy:
            item.pop("files", None)  # links into each contest's own URLs
        assert copy == original, endpoint


def test_the_jury_reads_a_native_submissions_files(client, staff, native, alice, languages):
    import io
    import zipfile

    from judge.models import Submission

    entry = ContestSubmission.objects.filter(contest=native).order_by("pk").first()
    assert entry is not None
    language = Language.objects.get(key=entry.language)
    entry.submission = Submission.objects.create(
        user=alice, problem=entry.contest_problem.problem, language=language, source="print(3)\n"
    )
    entry.save(update_fields=["submission"])
    url = f"/api/contests/native/submissions/{entry.pk}/files"
    assert client.get(url).status_code == 403
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert [archive.read(name) for name in archive.namelist()] == [b"print(3)\n"]
    listed = client.get(f"/api/contests/native/submissions/{entry.pk}").json()
    assert listed["files"][0]["href"] == f"contests/native/submissions/{entry.pk}/files"
    other = ContestSubmission.objects.filter(contest=native).order_by("pk").last()
    assert other is not None
    assert client.get(f"/api/contests/native/submissions/{other.pk}/files").status_code == 404
