"""Screening in the submission pipeline: its own queue, findings stored, SV stops judging."""

import json
import threading
import time

import django_rq
import pytest
from django.core.management import call_command
from django.urls import reverse

from judge.models import Submission
from judge.services import submission_create, submission_judge
from sandbox.engine import Sandbox
from staticanalysis.models import Finding, ScreeningPolicy
from staticanalysis.services import screening_run

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.docker]

AB_OK = "a, b = map(int, input().split())\nprint(a + b)\n"
AB_SHELL = "import os\na, b = map(int, input().split())\nos.system('true')\nprint(a + b)\n"


@pytest.fixture
def screening_queue():
    queue = django_rq.get_queue("screening")
    queue.empty()
    yield queue
    queue.empty()


def run_all(*queues):
    django_rq.get_worker(*queues, worker_class="rq.worker.SimpleWorker").work(burst=True)


def test_it_blocks_process_creation_with_sv_before_judging(
    client, alice, staff, aplusb, judge_queue, screening_queue
):
    client.force_login(alice)
    client.post(reverse("submit", args=[aplusb.slug]), {"language": "py3", "source": AB_SHELL})
    submission = Submission.objects.get()
    assert [job.args for job in screening_queue.jobs] == [(submission.pk,)]

    run_all("screening")  # screening is fast and usually finishes first
    run_all("judge")
    submission.refresh_from_db()
    assert (submission.status, submission.verdict, submission.score) == ("done", "SV", 0)
    assert "line 3" in submission.feedback
    assert not submission.results.exists()  # the judge never claimed it
    finding = Finding.objects.get(severity="block")
    assert (finding.line, finding.snippet) == (3, "os.system('true')")

    page = client.get(reverse("submission_detail", args=[submission.pk])).content.decode()
    assert "Security Violation" in page and "Blocked by screening" in page
    assert 'id="findings"' not in page  # the policy does not show findings to contestants
    client.force_login(staff)
    assert 'id="findings"' in client.get(reverse("submission_detail", args=[submission.pk])).content.decode()


def test_it_only_reports_in_report_mode(alice, aplusb, judge_queue, screening_queue):
    ScreeningPolicy.objects.create(problem=aplusb, mode="report", show_to_contestant=True)
    submission = submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_SHELL)
    run_all("screening", "judge")
    submission.refresh_from_db()
    assert submission.verdict == "AC"
    assert submission.screening.findings.filter(severity="block").exists()
    assert not submission.screening.blocked


def test_it_does_not_analyse_when_off(alice, aplusb, judge_queue, screening_queue):
    ScreeningPolicy.objects.create(problem=aplusb, mode="off")
    submission = submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_SHELL)
    screening = screening_run(submission_id=submission.pk)
    assert screening is not None
    assert not screening.analysed and not screening.findings.exists()


def test_a_screening_job_for_a_deleted_submission_does_nothing(alice, aplusb, judge_queue, screening_queue):
    submission = submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_SHELL)
    submission_id = submission.pk
    submission.delete()
    assert screening_run(submission_id=submission_id) is None


def test_it_enforces_problem_specific_bans(alice, aplusb, judge_queue, screening_queue):
    ScreeningPolicy.objects.create(problem=aplusb, mode="block", banned_calls={"py3": ["sorted"]})
    banned = submission_create(
        user=alice,
        problem=aplusb,
        language_key="py3",
        source="print(sum(sorted(map(int, input().split()))))\n",
    )
    allowed = submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_OK)
    run_all("screening", "judge")
    banned.refresh_from_db()
    allowed.refresh_from_db()
    assert (banned.verdict, allowed.verdict) == ("SV", "AC")


def test_sv_kills_a_running_judgement_at_once(
    alice, aplusb, judge_queue, screening_queue, settings, monkeypatch
):
    settings.JUDGE_HEARTBEAT_S = 0.2
    # Each test sleeps 30 s under a 41 s wall limit: only a kill ends its run sooner.
    aplusb.time_limit_ms = 20_000
    aplusb.save(update_fields=["time_limit_ms"])
    slow = "import os, time\ntime.sleep(30)\nprint(3)\nif 0: os.system('x')\n"
    runs: list[dict[str, float]] = []
    real_run = Sandbox.run

    def recorded_run(self, *args, **kwargs):
        run = {"started": time.monotonic()}
        runs.append(run)
        try:
            return real_run(self, *args, **kwargs)
        finally:
            run["ended"] = time.monotonic()

    monkeypatch.setattr(Sandbox, "run", recorded_run)
    submission = submission_create(user=alice, problem=aplusb, language_key="py3", source=slow)
    judging = threading.Thread(target=submission_judge, kwargs={"submission_id": submission.pk})
    judging.start()
    deadline = time.monotonic() + 60
    while not runs and time.monotonic() < deadline:
        time.sleep(0.02)
    assert runs, "the first test never started"
    blocked_at = time.monotonic()
    screening_run(submission_id=submission.pk)
    judging.join(timeout=60)
    assert not judging.is_alive()
    submission.refresh_from_db()
    assert submission.verdict == "SV"
    assert submission.results.count() == 0  # the running test was killed, none completed
    # The first test's run was in progress when SV arrived, and ended long before its 30 s sleep.
    assert len(runs) == 1
    assert runs[0]["started"] < blocked_at < runs[0]["ended"] < runs[0]["started"] + 15


def test_a_finished_judgement_is_overridden_only_by_policy(alice, aplusb, judge_queue, screening_queue):
    submission = submission_create(user=alice, problem=aplusb, language_key="py3", source=AB_SHELL)
    run_all("judge")
    screening_run(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.verdict == "AC"
    ScreeningPolicy.objects.create(problem=aplusb, mode="block", override_finished=True)
    screening_run(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.verdict == "SV"


def test_the_analyze_command_prints_json(tmp_path, capsys):
    path = tmp_path / "x.py"
    path.write_text("import subprocess\nsubprocess.run(['ls'])\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command("analyze", str(path), "--json")
    assert exit_info.value.code == 1
    findings = json.loads(capsys.readouterr().out)
    assert findings and set(findings[0]) == {"rule", "severity", "line", "column", "message"}
