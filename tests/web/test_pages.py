"""Every page renders, and its number of queries does not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from judge.models import Submission

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def urls(submission: Submission) -> list[str]:
    return [
        reverse("home"),
        reverse("problem_list"),
        reverse("problem_list") + "?q=Problem&tag=tag-0&difficulty=1",
        reverse("problem_detail", args=[submission.problem.slug]),
        reverse("submission_list"),
        reverse("submission_list") + "?verdict=AC&language=py3&problem=p1",
        reverse("submission_detail", args=[submission.pk]),
        reverse("profile", args=["alice"]),
        reverse("all_submissions"),
        reverse("staff_queue"),
        reverse("staff_queue") + "?rows=1",
    ]


@pytest.mark.parametrize("index", range(11))
def test_it_renders_every_page_with_as_many_queries_for_5_rows_as_for_50(
    client, alice, staff, populate, index
):
    few = populate(5)
    client.force_login(staff)
    url = urls(few[0])[index]
    baseline = count_queries(client, url)
    Submission.objects.all().delete()
    from problems.models import Problem, Tag

    Problem.objects.all().delete()
    Tag.objects.all().delete()
    many = populate(50)
    assert count_queries(client, urls(many[0])[index]) == baseline, url


def test_it_renders_the_public_pages_for_anonymous_visitors(client, populate):
    submission = populate(3)[0]
    for url in [
        reverse("home"),
        reverse("problem_list"),
        reverse("problem_detail", args=[submission.problem.slug]),
        reverse("profile", args=["alice"]),
        reverse("signup"),
        reverse("login"),
    ]:
        assert client.get(url).status_code == 200, url


def test_it_keeps_staff_pages_from_contestants_and_from_staff_outside_the_jury(
    client, alice, bare_staff, staff, populate
):
    populate(2)
    for user in [alice, bare_staff]:
        client.force_login(user)
        for name in ["all_submissions", "staff_queue"]:
            assert client.get(reverse(name)).status_code == 403, (user, name)
        assert client.post(reverse("submission_rejudge", args=[1])).status_code == 403, user
    client.force_login(staff)
    for name in ["all_submissions", "staff_queue"]:
        assert client.get(reverse(name)).status_code == 200, name


def test_it_marks_solved_problems_and_shows_acceptance(client, alice, populate):
    populate(5)
    client.force_login(alice)
    page = client.get(reverse("problem_list")).content.decode()
    # alice has submissions 0 (AC on p0), 2 (TLE on p2) and 4 (RTE on p4).
    assert page.count('class="mark-solved"') == 1
    assert page.count('class="mark-tried"') == 2
    assert "100%" in page and "0%" in page


def test_it_filters_problems_by_search_tag_and_difficulty(client, populate):
    populate(6)
    page = client.get(reverse("problem_list") + "?q=Problem 4").content.decode()
    assert "Problem 4" in page and "Problem 3" not in page
    page = client.get(reverse("problem_list") + "?tag=tag-2").content.decode()
    assert "Problem 2" in page and "Problem 5" in page and "Problem 1" not in page
    page = client.get(reverse("problem_list") + "?difficulty=3").content.decode()
    assert "Problem 2" in page and "Problem 5" in page and "Problem 0" not in page


def test_it_filters_my_submissions(client, alice, populate):
    populate(10)
    client.force_login(alice)
    page = client.get(reverse("submission_list") + "?verdict=TLE").content.decode()
    assert page.count('class="verdict v-TLE"') == 1
    assert 'class="verdict v-AC"' not in page
    # Only alice's own, even for the "all" figure: bob's submission 1 is not there.
    ids = Submission.objects.filter(user=alice).values_list("pk", flat=True)
    other = Submission.objects.exclude(user=alice).order_by("id")[0]
    page = client.get(reverse("submission_list")).content.decode()
    assert all(f">{pk}</a>" in page for pk in ids)
    assert f">{other.pk}</a>" not in page


def test_it_shows_the_verdict_chart_and_fastest_runs_on_the_problem_page(client, populate):
    submission = populate(5)[0]
    page = client.get(reverse("problem_detail", args=[submission.problem.slug])).content.decode()
    assert 'id="verdict-chart"' in page and 'data-chart="verdict-chart"' in page
    assert "Fastest accepted" in page and "10 ms" in page


def test_it_shows_the_activity_heat_map_and_verdicts_on_the_profile(client, populate):
    populate(10)
    page = client.get(reverse("profile", args=["alice"])).content.decode()
    assert page.count('class="day ') >= 365
    assert "5 submissions on 1 days" in page
    assert 'id="verdict-chart"' in page


def test_the_home_page_shows_the_contests_a_hook_provides(client, populate, monkeypatch):
    from types import SimpleNamespace

    from judge import hooks

    contest = SimpleNamespace(title="Autumn Cup", get_absolute_url="/contests/autumn/", start=None, end=None)
    monkeypatch.setattr(hooks, "home_page_context", [lambda user: {"upcoming_contests": [contest]}])
    page = client.get(reverse("home")).content.decode()
    assert "Upcoming" in page and '<a href="/contests/autumn/">Autumn Cup</a>' in page
    monkeypatch.setattr(hooks, "home_page_context", [])
    assert "Autumn Cup" not in client.get(reverse("home")).content.decode()
