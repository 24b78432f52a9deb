import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from problems.storage import blob_get

pytestmark = pytest.mark.django_db


def zip_upload(entries: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("tests.zip", buffer.getvalue(), content_type="application/zip")


ENTRIES = {
    "sample/1.in": b"1 2\n",
    "sample/1.out": b"3\n",
    "10.in": b"10 10\n",
    "10.ans": b"20\n",
    "2.in": b"2 2\n",
    "2.out": b"4\n",
    "big/a.in": b"5 5\n",
    "big/a.ans": b"10\n",
}


def posted_back(preview) -> str:
    """The manifest field of the preview's confirmation form, as the browser would post it."""
    match = re.search(r'name="manifest" value="([^"]+)"', preview.content.decode())
    assert match
    return match.group(1)


@pytest.fixture
def upload_url(aplusb):
    return reverse("admin:problems_problem_testdata", args=[aplusb.pk])


def test_it_links_the_upload_from_the_problem_page(admin_client, aplusb, upload_url):
    page = admin_client.get(reverse("admin:problems_problem_change", args=[aplusb.pk]))

    assert page.status_code == 200
    assert upload_url in page.content.decode()


def test_it_previews_an_upload_then_saves_it_on_confirmation(admin_client, aplusb, upload_url):
    assert admin_client.get(upload_url).status_code == 200

    preview = admin_client.post(upload_url, {"archive": zip_upload(ENTRIES)})

    assert preview.status_code == 200
    cases = preview.context["preview"].cases
    assert [(c.name, c.group, c.is_sample, c.input_size, c.answer_size) for c in cases] == [
        ("sample/1", "sample", True, 4, 2),
        ("secret/2", "secret", False, 4, 2),
        ("secret/10", "secret", False, 6, 3),
        ("secret/big/a", "secret/big", False, 4, 3),
    ]
    html = preview.content.decode()
    assert "secret/big/a" in html and "Save these tests" in html
    assert aplusb.test_cases.count() == 3  # nothing saved yet

    saved = admin_client.post(upload_url, {"manifest": posted_back(preview)})

    assert saved.status_code == 302
    assert saved.url == reverse("admin:problems_problem_change", args=[aplusb.pk])
    tests = list(aplusb.test_cases.order_by("order"))
    assert [(t.name, t.is_sample, t.group.name) for t in tests] == [
        ("sample/1", True, "sample"),
        ("secret/2", False, "secret"),
        ("secret/10", False, "secret"),
        ("secret/big/a", False, "secret/big"),
    ]
    assert blob_get(tests[2].input_sha256) == b"10 10\n" and blob_get(tests[2].answer_sha256) == b"20\n"


def test_it_shows_package_errors_on_the_form_and_saves_nothing(admin_client, aplusb, upload_url):
    entries = {**ENTRIES, "3.in": b"3 3\n"}

    page = admin_client.post(upload_url, {"archive": zip_upload(entries)})

    assert page.status_code == 200
    assert "secret/3.in: missing answer file secret/3.ans or secret/3.out" in page.content.decode()
    assert aplusb.test_cases.count() == 3


def test_it_rejects_a_tampered_manifest(admin_client, aplusb, upload_url):
    response = admin_client.post(upload_url, {"manifest": "0" * 64}, follow=True)

    assert "upload the zip again" in response.content.decode()
    assert aplusb.test_cases.count() == 3


def test_it_reads_a_kattis_data_folder(admin_client, aplusb, upload_url):
    entries = {
        "data/sample/1.in": b"1 1\n",
        "data/sample/1.ans": b"2\n",
        "data/secret/g1/1.in": b"2 2\n",
        "data/secret/g1/1.ans": b"4\n",
    }

    preview = admin_client.post(upload_url, {"archive": zip_upload(entries)})

    assert [c.name for c in preview.context["preview"].cases] == ["sample/1", "secret/g1/1"]


def test_it_refuses_staff_without_change_permission(client, staff, upload_url):
    client.force_login(staff)

    assert client.get(upload_url).status_code == 403


@pytest.fixture
def other_problem(aplusb):
    from problems.services import problem_set_tests, problem_upsert

    problem = problem_upsert(slug="other", title="Other", statement="x", time_limit_ms=1000, is_visible=True)
    problem_set_tests(problem=problem, cases=[(b"1\n", b"1\n", True)])
    return problem


def test_it_refuses_to_attach_another_problems_upload(admin_client, aplusb, other_problem, upload_url):
    preview = admin_client.post(upload_url, {"archive": zip_upload(ENTRIES)})
    other_url = reverse("admin:problems_problem_testdata", args=[other_problem.pk])

    response = admin_client.post(other_url, {"manifest": posted_back(preview)}, follow=True)

    assert "upload the zip again" in response.content.decode()
    assert other_problem.test_cases.count() == 1
    assert aplusb.test_cases.count() == 3


def test_it_refuses_a_bare_manifest_digest(admin_client, aplusb, upload_url):
    preview = admin_client.post(upload_url, {"archive": zip_upload(ENTRIES)})
    digest = preview.context["preview"].manifest_sha256

    response = admin_client.post(upload_url, {"manifest": digest}, follow=True)

    assert "upload the zip again" in response.content.decode()
    assert aplusb.test_cases.count() == 3


def test_it_refuses_a_tampered_signature(admin_client, aplusb, upload_url):
    preview = admin_client.post(upload_url, {"archive": zip_upload(ENTRIES)})
    token = posted_back(preview)

    response = admin_client.post(upload_url, {"manifest": token[:-2] + "xx"}, follow=True)

    assert "upload the zip again" in response.content.decode()
    assert aplusb.test_cases.count() == 3
