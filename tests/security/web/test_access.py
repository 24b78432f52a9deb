"""Bob (an outsider), and a staff account without the jury's permissions, cannot reach Alice's
submissions and runs, nor hidden problems and their data, by page, API, WebSocket or attachment URL:
each gives the same answer as something that does not exist (404, or 4403 on a socket), so that
nothing tells them it is there."""

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import reverse

from config.asgi import application
from judge.services import submission_create
from problems.models import ProblemFile
from problems.storage import blob_put

AB_OK = "print(1)\n"


@pytest.fixture
def alices(alice, aplusb, judge_queue):
    return submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_OK)


@pytest.fixture(params=["bob", "bare_staff"])
def bobs_client(request) -> Client:
    """An outsider: another user, or staff without the jury's permissions."""
    client = Client()
    client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.fixture
def hidden(aplusb):
    ProblemFile.objects.create(
        problem=aplusb, kind=ProblemFile.Kind.ATTACHMENT, path="attachments/a.txt", sha256=blob_put(b"secret")
    )
    aplusb.is_visible = False
    aplusb.save()
    return aplusb


@pytest.mark.django_db
def test_another_users_submission_is_not_found(bobs_client, alices):
    page = bobs_client.get(reverse("submission_detail", args=[alices.pk]))
    assert page.status_code == 404 and b"<h1>Not Found</h1>" in page.content
    api = bobs_client.get(reverse("v1_submission_detail", args=[alices.pk]))
    assert api.status_code == 404
    assert api.json() == {"detail": "Not found.", "code": "not_found", "fields": {}}


@pytest.mark.django_db
def test_another_users_submission_is_not_listed(bobs_client, alices):
    page = bobs_client.get(reverse("submission_list")).content
    assert f"/submissions/{alices.pk}/".encode() not in page
    assert bobs_client.get(reverse("v1_submission_list")).json()["results"] == []


@pytest.mark.django_db(transaction=True)
def test_another_users_run_is_not_found(client, alice, bobs_client, languages):
    client.force_login(alice)
    run = client.post(
        reverse("v1_run_list"),
        {"language": "py3", "source_code": AB_OK, "stdin": "secret"},
        content_type="application/json",
    ).json()["id"]
    response = bobs_client.get(reverse("v1_run_detail", args=[run]))
    assert response.status_code == 404 and response.json()["detail"] == "No such run."
    from common.queues import QueueName, get_queue

    get_queue(QueueName.JUDGE_RUN).empty()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        lambda p: reverse("problem_detail", args=[p.slug]),
        lambda p: reverse("v1_problem_detail", args=[p.slug]),
        lambda p: reverse("problem_attachment", args=[p.slug, "a.txt"]),
    ],
    ids=["page", "api", "attachment"],
)
def test_a_hidden_problem_and_its_attachments_are_not_found(bobs_client, hidden, url):
    response = bobs_client.get(url(hidden))
    assert response.status_code == 404 and b"secret" not in response.content


@pytest.mark.django_db
def test_submitting_to_a_hidden_problem_is_not_found(bobs_client, hidden):
    response = bobs_client.post(reverse("submit", args=[hidden.slug]), {"language": "py3", "source": AB_OK})
    assert response.status_code == 404
    response = bobs_client.post(
        reverse("v1_submission_list"),
        {"problem": hidden.slug, "language": "py3", "source": AB_OK},
        content_type="application/json",
    )
    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/ws/submissions/{submission}/", "/ws/queue/", "/ws/problems/{slug}/mine/"])
@pytest.mark.parametrize("outsider", ["bob", "bare_staff"])
async def test_another_users_feeds_are_refused(request, alice, aplusb, judge_queue, path, outsider):
    channel_layers.backends.clear()
    submission = await sync_to_async(submission_create)(
        user=alice, problem=aplusb, language_key="py3", source=AB_OK
    )
    aplusb.is_visible = False
    await sync_to_async(aplusb.save)()
    client = Client()
    await sync_to_async(client.force_login)(await sync_to_async(request.getfixturevalue)(outsider))
    headers = [
        (b"origin", b"http://localhost"),
        (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
    ]
    feed = WebsocketCommunicator(
        application, path.format(submission=submission.pk, slug=aplusb.slug), headers=headers
    )
    connected, code = await feed.connect()
    assert not connected and code == 4403
    await feed.disconnect()
    channel_layers.backends.clear()
