"""The submission page after judging (fake sandbox): a failed sample shows its data and the program's
output side by side; a failed hidden test never does. Staff rejudge from the page or the queue."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grading import grader
from judge.models import Status, Submission, TestResult
from judge.services import submission_create, submission_judge
from sandbox.fake import CannedRun, fake_sandboxes

pytestmark = pytest.mark.django_db(transaction=True)

INPUTS = [b"1 2\n", b"10 -4\n", b"1000000000 1000000000\n"]


@pytest.fixture
def judged(alice, aplusb, judge_queue, monkeypatch):
    def judge(*outputs: bytes) -> Submission:
        canned = {stdin: CannedRun(out) for stdin, out in zip(INPUTS, outputs, strict=True)}
        factory, _ = fake_sandboxes(canned)
        monkeypatch.setattr(grader, "Sandbox", factory)
        submission = submission_create(user=alice, problem=aplusb, language_key="py3", source="print(3)\n")
        judge_queue.empty()
        submission_judge(submission_id=submission.pk)
        submission.refresh_from_db()
        return submission

    return judge


def test_a_failed_sample_shows_input_expected_and_received_output(client, alice, judged):
    submission = judged(b"-1\n", b"6\n", b"2000000000\n")
    assert submission.verdict == "WA"
    assert TestResult.objects.get(submission=submission, index=1).output == "-1\n"
    client.force_login(alice)
    page = client.get(reverse("submission_detail", args=[submission.pk])).content.decode()
    assert "Test 1 (a sample)" in page
    assert '<pre class="expected">3\n</pre>' in page
    assert '<pre class="received">-1\n</pre>' in page
    assert '<code class="language-python">' in page


def test_a_failed_hidden_test_never_shows_its_data_or_output(client, alice, judged):
    submission = judged(b"3\n", b"7\n", b"2000000000\n")
    assert submission.verdict == "WA"
    assert list(TestResult.objects.filter(submission=submission).values_list("output", flat=True)) == [
        "",
        "",
        "",
    ]
    client.force_login(alice)
    page = client.get(reverse("submission_detail", args=[submission.pk])).content.decode()
    assert "Your output" not in page and "10 -4" not in page


def test_it_submits_an_uploaded_file(client, alice, aplusb, judge_queue):
    client.force_login(alice)
    upload = SimpleUploadedFile("sol.py", b"print(sum(map(int, input().split())))\n")
    response = client.post(
        reverse("submit", args=["aplusb"]), {"language": "py3", "source": "", "source_file": upload}
    )
    assert response.status_code == 302
    assert Submission.objects.get().source.startswith("print(sum(")


def test_it_rejects_an_uploaded_file_that_is_not_text(client, alice, aplusb, judge_queue):
    client.force_login(alice)
    upload = SimpleUploadedFile("a.out", b"\x7fELF\xff\xfe\x00")
    response = client.post(reverse("submit", args=["aplusb"]), {"language": "py3", "source_file": upload})
    assert response.status_code == 400
    assert "not UTF-8 text" in response.content.decode()


def test_staff_rejudge_a_finished_submission(client, staff, judged, judge_queue):
    submission = judged(b"3\n", b"6\n", b"2000000000\n")
    client.force_login(staff)
    response = client.post(reverse("submission_rejudge", args=[submission.pk]), {"next": "/staff/queue/"})
    assert response.status_code == 302 and response["Location"] == "/staff/queue/"
    submission.refresh_from_db()
    assert submission.status == Status.QUEUED
    page = client.get(reverse("staff_queue")).content.decode()
    assert f'data-id="{submission.pk}"' in page and "queued for rejudging" in page


def test_contestants_cannot_rejudge(client, alice, judged):
    submission = judged(b"3\n", b"6\n", b"2000000000\n")
    client.force_login(alice)
    response = client.post(reverse("submission_rejudge", args=[submission.pk]))
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.status == Status.DONE


def test_a_scoring_problem_shows_the_score_of_each_group(client, alice, aplusb, judge_queue, monkeypatch):
    from problems.models import ProblemType
    from problems.services import StoredCase, StoredGroup, problem_replace_tests
    from problems.storage import blob_put

    def case(name, given, answer, sample=False):
        return StoredCase(name, blob_put(given), blob_put(answer), sample)

    aplusb.problem_type = ProblemType.SCORING
    aplusb.save()
    problem_replace_tests(
        problem=aplusb,
        groups=[
            StoredGroup("sample", True, [case("sample/1", b"1 2\n", b"3\n", True)]),
            StoredGroup("secret/easy", False, [case("secret/easy/1", b"1 2\n", b"3\n")], points=30),
            StoredGroup("secret/hard", False, [case("secret/hard/1", b"10 -4\n", b"6\n")], points=70),
        ],
    )
    factory, _ = fake_sandboxes({b"1 2\n": CannedRun(b"3\n"), b"10 -4\n": CannedRun(b"3\n")})
    monkeypatch.setattr(grader, "Sandbox", factory)
    submission = submission_create(user=alice, problem=aplusb, language_key="py3", source="print(3)\n")
    judge_queue.empty()
    submission_judge(submission_id=submission.pk)
    client.force_login(alice)
    page = client.get(reverse("submission_detail", args=[submission.pk])).content.decode()
    assert "Score by group" in page
    assert '<td>secret/easy</td><td class="num">30</td><td class="num">30</td>' in page
    assert '<td>secret/hard</td><td class="num">0</td><td class="num">70</td><td>No points</td>' in page
    assert "Your output" not in page  # the failed test is hidden
