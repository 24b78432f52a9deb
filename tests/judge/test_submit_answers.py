"""Submit-answer problems on the site: the answers (a text, or a zip of `<test case>.ans` files) are
checked with the problem's output validator in the sandbox; nothing is run."""

import io
import zipfile

import pytest
from django.urls import reverse

from judge.models import Submission
from problems.models import Problem
from tests.problems.package_helpers import PACKAGES, import_package

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.docker]

EXACT = {"sample/1.ans": "9\n", "secret/easy/1.ans": "25\n", "secret/hard/1.ans": "15129\n"}


@pytest.fixture
def answerscore(languages, settings, tmp_path):
    settings.TESTDATA_ROOT = tmp_path / "testdata"
    import_package(PACKAGES / "answerscore")
    Problem.objects.filter(slug="answerscore").update(is_visible=True)
    return Problem.objects.get(slug="answerscore")


def _zip(files: dict[str, str]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    buffer.seek(0)
    buffer.name = "answers.zip"
    return buffer


def _submit(client, problem, files):
    url = reverse("submit", args=[problem.slug])
    return client.post(url, {"language": "answer", "source": "", "source_file": _zip(files)})


def test_zipped_answers_are_judged_with_the_output_validator(client, alice, answerscore, run_worker):
    client.login(username="alice", password="alice-password")
    page = client.get(reverse("problem_detail", args=[answerscore.slug]))
    assert b'value="answer"' in page.content and b"Answer" in page.content
    right = _submit(client, answerscore, EXACT | {"secret/hard/2.ans": "20857489\n"})
    partial = _submit(client, answerscore, EXACT | {"secret/hard/2.ans": "many\n"})
    assert right.status_code == 302 and partial.status_code == 302, partial.content[-2000:]

    run_worker()

    good, part = Submission.objects.order_by("id")
    assert good.language.key == "answer"
    assert (good.status, good.verdict, good.score) == ("done", "AC", 100)
    assert (part.verdict, part.score) == ("WA", 40)
    assert [r.verdict for r in part.results.order_by("index")] == ["AC", "AC", "AC", "WA"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (EXACT, b"no answer for test case secret/hard/2"),
        (EXACT | {"secret/hard/2.ans": "1", "secret/hard/3.ans": "1"}, b"secret/hard/3.ans: no test case"),
        (EXACT | {"../secret/hard/2.ans": "1"}, b"not a safe path"),
    ],
    ids=["missing", "extra", "dotdot"],
)
def test_answers_that_do_not_fit_the_test_cases_are_refused(client, alice, answerscore, files, message):
    client.login(username="alice", password="alice-password")
    response = _submit(client, answerscore, files)
    assert response.status_code == 400
    assert message in response.content
    assert not Submission.objects.exists()
