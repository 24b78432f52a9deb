"""Staff status grants nothing by itself: the jury group's named permissions and problem authorship
decide who sees hidden problems and other users' submissions, who rejudges, who watches the live
queue; /django-rq/ is for superusers and /metrics for the internal network."""

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from config.asgi import application
from judge.models import Submission
from judge.permissions import JURY_GROUP, JURY_PERMISSIONS
from judge.services import submission_create

AB_OK = "a, b = map(int, input().split())\nprint(a + b)\n"


@pytest.fixture
def hidden(aplusb):
    aplusb.is_visible = False
    aplusb.save()
    return aplusb


@pytest.fixture
def alices_submission(alice, aplusb, judge_queue):
    return submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_OK)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_migration_creates_the_jury_group_with_named_permissions():
    group = Group.objects.get(name=JURY_GROUP)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert held == set(JURY_PERMISSIONS)


@pytest.mark.django_db
def test_staff_status_alone_sees_neither_hidden_problems_nor_others_submissions(
    bare_staff, alices_submission, hidden
):
    client = logged_in(bare_staff)
    assert client.get(reverse("problem_detail", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("submission_detail", args=[alices_submission.pk])).status_code == 404
    assert alices_submission.source not in client.get(reverse("submission_list")).content.decode()
    assert client.get(f"/api/v1/submissions/{alices_submission.pk}/").status_code == 404
    assert hidden.slug not in client.get("/api/v1/problems/").content.decode()


@pytest.mark.django_db
def test_the_jury_sees_hidden_problems_every_submission_and_checker_messages(
    staff, alices_submission, hidden
):
    client = logged_in(staff)
    assert client.get(reverse("problem_detail", args=[hidden.slug])).status_code == 200
    page = client.get(reverse("submission_detail", args=[alices_submission.pk]))
    assert page.status_code == 200 and page.context["show_messages"] is True
    assert client.get(f"/api/v1/submissions/{alices_submission.pk}/").status_code == 200


@pytest.mark.django_db
def test_an_author_sees_their_hidden_problem_and_its_submissions_and_nothing_more(
    alice, bob, aplusb, judge_queue, languages
):
    from problems.services import problem_upsert

    other = problem_upsert(slug="other", title="Other", statement="x", is_visible=True)
    on_aplusb = submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_OK)
    on_other = submission_create(user=alice, problem=other, language_key="py3", source=AB_OK)
    aplusb.is_visible = False
    aplusb.save()
    aplusb.authors.add(bob)
    client = logged_in(bob)
    assert client.get(reverse("problem_detail", args=[aplusb.slug])).status_code == 200
    page = client.get(reverse("submission_detail", args=[on_aplusb.pk]))
    assert page.status_code == 200 and page.context["show_messages"] is True
    assert client.get(reverse("submission_detail", args=[on_other.pk])).status_code == 404
    # An author may submit to their hidden problem; a stranger may not even see it.
    client.post(reverse("submit", args=[aplusb.slug]), {"language": "py3", "source": AB_OK})
    assert Submission.objects.filter(user=bob, problem=aplusb).count() == 1
    stranger = logged_in(alice)
    assert stranger.get(reverse("problem_detail", args=[aplusb.slug])).status_code == 404


@pytest.mark.django_db
def test_the_rejudge_action_and_api_need_the_rejudge_permission(bare_staff, staff, alices_submission):
    from django.contrib.auth.models import Permission

    bare_staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_submission", "change_submission"])
    )
    changelist = logged_in(bare_staff).get(reverse("admin:judge_submission_changelist"))
    assert changelist.status_code == 200
    assert "Rejudge selected submissions" not in changelist.content.decode()
    rejudge = f"/api/v1/submissions/{alices_submission.pk}/rejudge/"
    assert logged_in(bare_staff).post(rejudge).status_code == 403
    changelist = logged_in(staff).get(reverse("admin:judge_submission_changelist"))
    # The jury has no model permission in the admin, so no change list; the API is theirs.
    assert changelist.status_code == 403
    assert logged_in(staff).post(rejudge).status_code == 202


@pytest.mark.django_db
def test_django_rq_is_for_superusers_only(bare_staff, staff, admin_client, client):
    assert client.get("/django-rq/").status_code == 302
    assert logged_in(bare_staff).get("/django-rq/").status_code == 403
    assert logged_in(staff).get("/django-rq/").status_code == 403
    assert admin_client.get("/django-rq/").status_code == 200


@pytest.mark.django_db
def test_metrics_are_for_the_internal_network_or_a_superuser(staff, admin_client, client):
    outside = "203.0.113.7"
    assert client.get("/metrics", REMOTE_ADDR=outside).status_code == 404
    assert logged_in(staff).get("/metrics", REMOTE_ADDR=outside).status_code == 404
    assert admin_client.get("/metrics", REMOTE_ADDR=outside).status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="172.18.0.5").status_code == 200
    assert client.get("/metrics").status_code == 200  # loopback


@pytest.fixture
def fresh_channel_layer():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


async def connect(path: str, user):
    client = Client()
    await sync_to_async(client.force_login)(user)
    headers = [
        (b"origin", b"http://localhost"),
        (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
    ]
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


@pytest.mark.django_db(transaction=True)
async def test_the_live_queue_is_the_jurys_not_staffs(bare_staff, staff, fresh_channel_layer):
    feed, connected, code = await connect("/ws/queue/", bare_staff)
    assert not connected and code == 4403
    await feed.disconnect()
    feed, connected, _ = await connect("/ws/queue/", staff)
    assert connected
    await feed.disconnect()
