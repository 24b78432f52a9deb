"""Contest pages through the test client: who sees what, and the forms calling their services."""

from datetime import timedelta

import pytest
from django.test import Client

from contests.clarifications import clarification_ask
from contests.models import ContestSubmission, ScoreboardVisibility, Team, Visibility
from contests.services import contest_create, contest_register
from judge.services import submission_create

from .test_services import submit

pytestmark = pytest.mark.django_db

SOURCE = "print(sum(map(int, input().split())))\n"


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_list_and_the_contest_page(contest):
    page = client_for().get("/contests/")
    assert page.status_code == 200 and b"Spring Contest" in page.content
    detail = client_for().get("/contests/spring/")
    assert b"Log in" in detail.content and b"countdown" in detail.content


def test_the_home_page_lists_running_and_upcoming_contests(contest, alice, now):
    contest_create(
        slug="winter", title="Winter Cup", start=now + timedelta(days=2), end=now + timedelta(days=3)
    )
    contest_create(
        slug="autumn", title="Autumn Cup", start=now - timedelta(days=3), end=now - timedelta(days=2)
    )
    page = client_for(alice).get("/").content.decode()
    running, upcoming = page.index("Running now"), page.index("Upcoming")
    assert running < page.index('<a href="/contests/spring/">Spring Contest</a>') < upcoming
    assert upcoming < page.index('<a href="/contests/winter/">Winter Cup</a>')
    assert "Autumn Cup" not in page
    contest.visibility = Visibility.PRIVATE
    contest.save()
    assert "Spring Contest" not in client_for(alice).get("/").content.decode()


def test_a_private_contest_is_a_404_to_outsiders(contest, alice, staff):
    contest.visibility = Visibility.PRIVATE
    contest.save()
    assert client_for(alice).get("/contests/spring/").status_code == 404
    assert b"Spring" not in client_for(alice).get("/contests/").content
    assert client_for(staff).get("/contests/spring/").status_code == 200


def test_register_then_submit_then_see_it(contest, alice, judge_queue):
    client = client_for(alice)
    assert client.post("/contests/spring/register").status_code == 302
    assert Team.objects.filter(contest=contest, members=alice).exists()
    problems = client.get("/contests/spring/problems/")
    assert b"hidden-b" not in problems.content and b">B</a>" in problems.content
    page = client.get("/contests/spring/problems/B/")
    assert page.status_code == 200
    response = client.post("/contests/spring/problems/B/submit", {"language": "py3", "source": SOURCE})
    entry = ContestSubmission.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/submissions/{entry.submission_id}/"
    assert b"Pending" in client.get("/contests/spring/submissions/").content
    assert client.get("/contests/spring/problems/").content.count(b"Attempted") == 1


def test_problems_are_hidden_before_the_start(contest, alice, staff, now):
    contest.start, contest.end = now + timedelta(hours=1), now + timedelta(hours=2)
    contest.save()
    client = client_for(alice)
    assert b"shown when the contest starts" in client.get("/contests/spring/problems/").content
    assert client.get("/contests/spring/problems/A/").status_code == 404
    assert client_for(staff).get("/contests/spring/problems/A/").status_code == 200


def test_a_refused_submission_shows_why(contest, alice, now):
    contest.end = now - timedelta(minutes=1)
    contest.start = now - timedelta(hours=2)
    contest.save()
    Team.objects.create(contest=contest, display_name="alice").members.add(alice)
    response = client_for(alice).post(
        "/contests/spring/problems/A/submit", {"language": "py3", "source": SOURCE}
    )
    assert response.status_code == 400 and b"Your contest is over." in response.content


def test_the_scoreboard_page_and_its_exports(contest, alice, bob, staff):
    contest_register(contest=contest, user=alice)
    contest_register(contest=contest, user=bob)
    page = client_for(alice).get("/contests/spring/scoreboard/")
    assert page.status_code == 200
    assert page.content.count(b'<tr data-team="') == 3  # two rows and the pinned own row
    assert b'id="own-row"' in page.content
    assert client_for(alice).get("/contests/spring/scoreboard/?view=jury").content.count(b"jury view") == 0
    assert b"(jury view)" in client_for(staff).get("/contests/spring/scoreboard/?view=jury").content
    assert client_for().get("/contests/spring/scoreboard.csv").content.startswith(b"rank,team")
    assert client_for().get("/contests/spring/scoreboard.clics.json").json()["rows"][0]["rank"] == 1
    assert client_for().get("/contests/spring/scoreboard.json").json()["contest"] == "spring"
    assert client_for().get("/contests/spring/scoreboard.xml").status_code == 404
    students = contest.groups.create(name="students")
    Team.objects.get(members=alice).groups.add(students)
    filtered = client_for(bob).get(f"/contests/spring/scoreboard/?group={students.pk}")
    assert filtered.content.count(b'<tr data-team="') == 2  # alice's row, ranked 1st, and bob's own
    assert b'<td class="rank">1</td><td class="team"><span class="name">alice' in filtered.content


def test_a_hidden_scoreboard_is_a_404_to_contestants(contest, alice, staff):
    contest.scoreboard_visibility = ScoreboardVisibility.NEVER
    contest.save()
    assert client_for(alice).get("/contests/spring/scoreboard/").status_code == 404
    assert client_for(staff).get("/contests/spring/scoreboard/").status_code == 200


def test_clarifications_asked_and_answered_from_the_pages(contest, alice, bob, staff):
    contest_register(contest=contest, user=alice)
    contest_register(contest=contest, user=bob)
    alice_client = client_for(alice)
    assert (
        alice_client.post(
            "/contests/spring/clarifications/ask", {"problem": "A", "text": "n > 0?"}
        ).status_code
        == 302
    )
    jury = client_for(staff).get("/contests/spring/jury/")
    assert b"n &gt; 0?" in jury.content
    question = jury.context["queue"][0][0]
    client_for(staff).post(
        f"/contests/spring/jury/clarifications/{question.pk}/answer", {f"q{question.pk}-text": "Yes."}
    )
    assert client_for(staff).get("/contests/spring/jury/").context["queue"] == []
    answer = question.replies.get()
    assert b'class="unread" id="unread" data-count="1"' in alice_client.get("/contests/spring/").content
    assert alice_client.get(f"/contests/spring/clarifications/{answer.pk}.json").json()["text"] == "Yes."
    assert client_for(bob).get(f"/contests/spring/clarifications/{answer.pk}.json").status_code == 404
    assert b"Yes." in alice_client.get("/contests/spring/clarifications/").content
    assert b'data-count="0"' in alice_client.get("/contests/spring/").content


def test_jury_pages_are_for_staff(contest, alice):
    team = contest_register(contest=contest, user=alice)
    clarification_ask(contest=contest, team=team, user=alice, text="?")
    assert client_for(alice).get("/contests/spring/jury/").status_code == 302
    assert client_for(alice).post("/contests/spring/jury/board/unfreeze").status_code == 302
    assert contest.thawed_at is None


def test_jury_board_actions_report_refusals(contest, staff):
    response = client_for(staff).post("/contests/spring/jury/board/finalize", follow=True)
    assert b"The contest has not ended yet." in response.content


def test_the_admin_pages_open(contest, staff):
    staff.is_superuser = True
    staff.save()
    client = client_for(staff)
    assert client.get(f"/admin/contests/contest/{contest.pk}/change/").status_code == 200
    assert client.get("/admin/contests/team/").status_code == 200


def test_virtual_and_windowed_starts_from_the_contest_page(contest, alice, bob, now):
    contest.window_minutes = 30
    contest.save()
    client = client_for(alice)
    client.post("/contests/spring/register")
    assert b"Start my 30 minutes" in client.get("/contests/spring/").content
    assert client.post("/contests/spring/window")["Location"] == "/contests/spring/problems/"
    assert Team.objects.get(members=alice).starts_at is not None
    contest.start, contest.end = now - timedelta(hours=3), now - timedelta(hours=1)
    contest.save()
    page = client_for(bob).get("/contests/spring/")
    assert b"Start a virtual participation now" in page.content
    assert client_for(bob).post("/contests/spring/virtual")["Location"] == "/contests/spring/problems/"
    assert Team.objects.get(members=bob).virtual


def test_my_submissions_filter_by_contest(contest, alice, aplusb):
    contest_register(contest=contest, user=alice)
    entry = submit(contest, alice, "A")
    practice = submission_create(user=alice, problem=aplusb, language_key="py3", source=SOURCE)
    client = client_for(alice)
    page = client.get("/submissions/").content.decode()
    assert '<option value="spring">Spring Contest</option>' in page
    assert f">{entry.submission_id}</a>" in page and f">{practice.pk}</a>" in page
    only = client.get("/submissions/?contest=spring").content.decode()
    assert f">{entry.submission_id}</a>" in only and f">{practice.pk}</a>" not in only
