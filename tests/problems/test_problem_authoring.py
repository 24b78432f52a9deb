import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from problems.models import Problem, ProblemFile, VerificationRun
from problems.storage import blob_get, blob_put
from tests.problems.package_helpers import PACKAGES, run_command

pytestmark = pytest.mark.django_db


def change_url(problem):
    return reverse("admin:problems_problem_change", args=[problem.pk])


def change_form_data(page):
    """The POST data of an admin change form as rendered, inlines included."""
    data = {}

    def add(form):
        for name in form.fields:
            field = form[name]
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list | tuple):
                value = [str(v) for v in value]
            data[field.html_name] = value

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def request_verification(client, problem, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:problems_problem_changelist"),
            {"action": "verify_submissions", "_selected_action": [problem.pk]},
        )
    run = VerificationRun.objects.get(problem=problem)
    assert response.status_code == 302
    assert response.url == reverse("admin:problems_problem_verification_run", args=[problem.pk, run.pk])
    return response.url


# --- verification ---------------------------------------------------------------------------------


@pytest.mark.docker
def test_it_verifies_reference_submissions_in_a_worker(
    admin_client, run_worker, django_capture_on_commit_callbacks
):
    run_command("import_problem", str(PACKAGES / "sum"))
    problem = Problem.objects.get(slug="sum")

    url = request_verification(admin_client, problem, django_capture_on_commit_callbacks)

    waiting = admin_client.get(url)
    assert waiting.status_code == 200
    assert '<meta http-equiv="refresh"' in waiting.content.decode()
    run_worker()
    page = admin_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and '<meta http-equiv="refresh"' not in html
    run = page.context["run"]
    assert run.status == VerificationRun.Status.DONE and run.finished_at is not None
    rows = run.report["submissions"]
    assert {row["file"] for row in rows} >= {"accepted/sum.py", "wrong_answer/difference.py"}
    assert all(row["ok"] for row in rows)
    assert 'id="verification-report"' in html and "accepted/sum.py" in html and "MISMATCH" not in html


def test_it_shows_a_failed_verification_instead_of_an_error_page(
    admin_client, aplusb, run_worker, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("the sandbox is on fire")

    monkeypatch.setattr("problems.services.verify", broken)
    url = request_verification(admin_client, aplusb, django_capture_on_commit_callbacks)

    run_worker()
    page = admin_client.get(url)

    assert page.status_code == 200
    run = VerificationRun.objects.get(problem=aplusb)
    assert run.status == VerificationRun.Status.FAILED and "the sandbox is on fire" in run.error
    assert "the sandbox is on fire" in page.content.decode()


def test_it_lists_recent_runs_and_requests_one_from_the_page(
    admin_client, aplusb, staff, django_capture_on_commit_callbacks, judge_queue
):
    older = VerificationRun.objects.create(problem=aplusb, requested_by=staff, status="done", report={})
    url = reverse("admin:problems_problem_verification", args=[aplusb.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)

    newer = VerificationRun.objects.exclude(pk=older.pk).get()
    assert response.status_code == 302 and response.url.endswith(f"/verification/{newer.pk}/")
    page = admin_client.get(url)
    assert page.context["run"] == newer
    assert [r.pk for r in page.context["runs"]] == [newer.pk, older.pk]
    assert reverse("admin:problems_problem_verification_run", args=[aplusb.pk, older.pk]) in (
        page.content.decode()
    )


def test_it_gives_non_staff_no_access_to_verification(client, alice, aplusb):
    url = reverse("admin:problems_problem_verification", args=[aplusb.pk])
    client.force_login(alice)

    assert client.get(url).status_code == 302
    assert client.post(url).status_code == 302
    response = client.post(
        reverse("admin:problems_problem_changelist"),
        {"action": "verify_submissions", "_selected_action": [aplusb.pk]},
    )
    assert response.status_code == 302 and "/login/" in response.url
    assert not VerificationRun.objects.exists()


# --- authors and attachments ------------------------------------------------------------------------


def test_it_shows_authors_on_the_problem_page(client, aplusb, alice, bob):
    aplusb.authors.set([alice, bob])

    html = client.get(reverse("problem_detail", args=[aplusb.slug])).content.decode()

    assert "Authors: alice, bob" in html


def test_it_edits_authors_in_the_admin(admin_client, aplusb, alice):
    data = change_form_data(admin_client.get(change_url(aplusb)))
    data["authors"] = [str(alice.pk)]

    response = admin_client.post(change_url(aplusb), data)

    assert response.status_code == 302, response.context["errors"]
    assert list(aplusb.authors.all()) == [alice]


def add_file(problem, path, data, kind=ProblemFile.Kind.ATTACHMENT):
    return ProblemFile.objects.create(problem=problem, kind=kind, path=path, sha256=blob_put(data))


def test_it_lists_and_serves_attachments_of_a_visible_problem(client, aplusb):
    add_file(aplusb, "attachments/hello.py", b"print('hi')\n")
    url = reverse("problem_attachment", args=[aplusb.slug, "hello.py"])

    page = client.get(reverse("problem_detail", args=[aplusb.slug]))
    response = client.get(url)

    assert url in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="hello.py"'
    assert b"".join(response.streaming_content) == b"print('hi')\n"


def test_it_hides_attachments_of_hidden_problems(client, alice, aplusb):
    add_file(aplusb, "attachments/hello.py", b"print('hi')\n")
    aplusb.is_visible = False
    aplusb.save()
    client.force_login(alice)

    assert client.get(reverse("problem_attachment", args=[aplusb.slug, "hello.py"])).status_code == 404


def test_it_never_serves_other_kinds_of_files(client, aplusb):
    add_file(aplusb, "output_validators/check/check.py", b"secret", ProblemFile.Kind.OUTPUT_VALIDATOR)
    # A hidden kind under an attachment-like path is still hidden.
    add_file(aplusb, "attachments/check.py", b"x", ProblemFile.Kind.INPUT_VALIDATOR)

    for name in ["check.py", "../output_validators/check/check.py", "missing.txt"]:
        assert client.get(reverse("problem_attachment", args=[aplusb.slug, name])).status_code == 404
    page = client.get(reverse("problem_detail", args=[aplusb.slug])).content.decode()
    assert "check.py" not in page


def test_it_adds_an_attachment_in_the_admin(admin_client, client, aplusb):
    data = change_form_data(admin_client.get(change_url(aplusb)))
    data["files-TOTAL_FORMS"] = "1"
    data["files-0-upload"] = SimpleUploadedFile("notes.txt", b"read me\n")

    response = admin_client.post(change_url(aplusb), data)

    assert response.status_code == 302, response.context["errors"]
    attachment = aplusb.files.get()
    assert (attachment.kind, attachment.path) == (ProblemFile.Kind.ATTACHMENT, "attachments/notes.txt")
    served = client.get(reverse("problem_attachment", args=[aplusb.slug, "notes.txt"]))
    assert b"".join(served.streaming_content) == b"read me\n"


# --- test cases in the admin ----------------------------------------------------------------------


def test_it_replaces_a_test_case_and_toggles_sample_in_the_admin(admin_client, aplusb):
    case = aplusb.test_cases.get(order=2)
    page = admin_client.get(change_url(aplusb))
    assert "10 -4" in page.content.decode()  # small tests are shown
    data = change_form_data(page)
    index = [f.instance.pk for f in page.context["inline_admin_formsets"][1].formset.forms].index(case.pk)
    data[f"test_cases-{index}-input_file"] = SimpleUploadedFile("2.in", b"7 8\n")
    data[f"test_cases-{index}-answer_file"] = SimpleUploadedFile("2.ans", b"15\n")
    data[f"test_cases-{index}-is_sample"] = "on"

    response = admin_client.post(change_url(aplusb), data)

    assert response.status_code == 302, response.context["errors"]
    case.refresh_from_db()
    assert case.is_sample
    assert blob_get(case.input_sha256) == b"7 8\n" and blob_get(case.answer_sha256) == b"15\n"
    others = aplusb.test_cases.exclude(pk=case.pk).order_by("order")
    assert [blob_get(c.input_sha256) for c in others] == [b"1 2\n", b"1000000000 1000000000\n"]


def test_it_links_large_test_files_instead_of_showing_them(admin_client, client, staff, aplusb):
    case = aplusb.test_cases.get(order=3)
    big = b"9 " * 5000 + b"\n"
    case.input_sha256 = blob_put(big)
    case.save()
    url = reverse("admin:problems_problem_testfile", args=[aplusb.pk, case.pk, "input"])

    html = admin_client.get(change_url(aplusb)).content.decode()
    download = admin_client.get(url)

    assert f"{len(big)} bytes" in html and url in html and "9 9 9 9" not in html
    assert b"".join(download.streaming_content) == big
    client.force_login(staff)  # staff without permissions on problems
    assert client.get(url).status_code == 403


def test_it_fails_a_verification_whose_worker_died(db, admin_user, settings, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    from problems.models import Problem, VerificationRun
    from problems.services import VERIFICATION_LOST, problem_upsert, verification_recover

    problem: Problem = problem_upsert(slug="p", title="P", statement="s")
    stuck = VerificationRun.objects.create(problem=problem, requested_by=admin_user, status="running")
    fresh = VerificationRun.objects.create(problem=problem, requested_by=admin_user, status="running")
    VerificationRun.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=2))
    assert verification_recover() == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert (stuck.status, stuck.error) == ("failed", VERIFICATION_LOST)
    assert fresh.status == "running"
