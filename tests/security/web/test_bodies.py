"""Over-long and malformed bodies get a clear 4xx with a message, never a 500 and never a row."""

import pytest
from django.urls import reverse

from judge.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_an_over_long_source_is_a_form_error(signed_in, aplusb, settings):
    source = "x" * (settings.SUBMISSION_MAX_SOURCE_BYTES + 1)
    response = signed_in.post(reverse("submit", args=[aplusb.slug]), {"language": "py3", "source": source})
    assert response.status_code == 400
    assert b"The source is larger than 64 KiB." in response.content
    assert not Submission.objects.exists()


def test_an_over_long_run_body_is_413(signed_in, languages, settings):
    # Over what a source (JSON-escaped) and an input may take together, under what Django reads at all.
    body = {
        "language": "py3",
        "source_code": "x" * (2 * settings.SUBMISSION_MAX_SOURCE_BYTES + (2 << 20) + 8192),
    }
    response = signed_in.post(reverse("v1_run_list"), body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request is larger than")


def test_a_body_over_what_django_reads_is_413_too(signed_in, languages):
    body = {"language": "py3", "source_code": "x" * (3 << 20)}
    response = signed_in.post(reverse("v1_run_list"), body, content_type="application/json")
    assert response.status_code == 413 and response.json()["code"] == "too_large"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{", 400),
        (b"[]", 400),
        (b'{"language": "py3"}', 400),
        (b'{"language": 7, "source_code": [], "stdin": {}}', 400),
        (b"\xff\xfe", 400),
    ],
)
def test_a_malformed_run_body_is_400(signed_in, languages, body, status):
    response = signed_in.post(reverse("v1_run_list"), body, content_type="application/json")
    assert response.status_code == status
    assert "detail" in response.json() or response.json()


@pytest.mark.parametrize(
    "body", [b"{", b"null", b'{"problem": "aplusb", "language": "py3", "source": ["x"]}']
)
def test_a_malformed_v1_submission_is_400_with_the_api_error_shape(signed_in, aplusb, body):
    response = signed_in.post(reverse("v1_submission_list"), body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "code", "fields"}
    assert not Submission.objects.exists()


def test_a_form_post_without_fields_is_a_form_error(signed_in, aplusb):
    response = signed_in.post(reverse("submit", args=[aplusb.slug]), {})
    assert response.status_code == 400 and b"This field is required." in response.content
