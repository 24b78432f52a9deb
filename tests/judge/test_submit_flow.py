"""The walking skeleton end to end: log in, submit, queue in Redis, judge in Docker, see the verdict."""

import pytest
from django.urls import reverse

from judge.models import Submission
from judge.services import SUBMISSION_EMPTY_SOURCE, SUBMISSION_UNKNOWN_LANGUAGE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.docker]

AB_OK = "a, b = map(int, input().split())\nprint(a + b)\n"
AB_WRONG = "a, b = map(int, input().split())\nprint(a - b)\n"


def submit(client, problem, source, language="py3"):
    return client.post(reverse("submit", args=[problem.slug]), {"language": language, "source": source})


def test_it_judges_a_correct_and_a_wrong_submission(client, alice, aplusb, run_worker):
    client.login(username="alice", password="alice-password")
    ok = submit(client, aplusb, AB_OK)
    wrong = submit(client, aplusb, AB_WRONG)
    assert ok.status_code == 302 and wrong.status_code == 302
    assert Submission.objects.filter(status="queued").count() == 2

    run_worker()

    good, bad = Submission.objects.order_by("id")
    assert (good.status, good.verdict, good.score) == ("done", "AC", 100)
    assert [r.verdict for r in good.results.all()] == ["AC", "AC", "AC"]
    assert bad.verdict == "WA"
    # The first test is 1 2 -> -1, so judging stops there (ICPC style) and the rest are skipped.
    assert [r.verdict for r in bad.results.all()] == ["WA", "SK", "SK"]

    page = client.get(ok["Location"])
    assert page.status_code == 200
    assert b"Accepted" in page.content
    assert page.content.count(b"v-AC") >= 4


def test_it_reports_a_compile_error(client, alice, aplusb, run_worker):
    client.login(username="alice", password="alice-password")
    submit(client, aplusb, "int main() { return missing; }\n", language="cpp17")
    run_worker()
    submission = Submission.objects.get()
    assert submission.verdict == "CE"
    assert "missing" in submission.compile_output
    assert b"missing" in client.get(reverse("submission_detail", args=[submission.pk])).content


@pytest.mark.parametrize(
    ("source", "language", "message"),
    [
        ("   \n", "py3", SUBMISSION_EMPTY_SOURCE),
        ("print(1)", "cobol", "Select a valid choice"),
        ("x" * (64 * 1024 + 1), "py3", "larger than 64 KiB"),
    ],
)
def test_it_rejects_bad_input_with_a_form_error(client, alice, aplusb, source, language, message):
    client.login(username="alice", password="alice-password")
    response = submit(client, aplusb, source, language)
    assert response.status_code == 400
    assert message.encode() in response.content
    assert not Submission.objects.exists()


def test_it_rejects_a_disabled_language(client, alice, aplusb):
    from judge.models import Language
    from judge.services import SubmissionRejected, submission_create

    Language.objects.filter(key="py3").update(is_enabled=False)
    with pytest.raises(SubmissionRejected, match=SUBMISSION_UNKNOWN_LANGUAGE):
        submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_OK)


def test_it_hides_invisible_problems(client, alice, aplusb):
    aplusb.is_visible = False
    aplusb.save()
    client.login(username="alice", password="alice-password")
    assert client.get(reverse("problem_detail", args=[aplusb.slug])).status_code == 404
    assert submit(client, aplusb, AB_OK).status_code == 404
    assert not Submission.objects.exists()


def test_it_requires_login_to_submit(client, aplusb):
    response = submit(client, aplusb, AB_OK)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_keeps_submissions_private(client, alice, bob, staff, aplusb, judge_queue):
    client.login(username="alice", password="alice-password")
    submit(client, aplusb, AB_OK)
    submission = Submission.objects.get()
    url = reverse("submission_detail", args=[submission.pk])
    client.login(username="bob", password="bob-password")
    assert client.get(url).status_code == 404
    client.login(username="staff", password="staff-password")
    assert client.get(url).status_code == 200


def test_it_shows_the_statement_and_samples(client, aplusb):
    page = client.get(reverse("problem_detail", args=[aplusb.slug]))
    assert page.status_code == 200
    assert b"<strong>two</strong>" in page.content
    assert b"1 2" in page.content  # the sample input
    assert b"1000000000 1000000000" not in page.content  # hidden tests stay hidden
