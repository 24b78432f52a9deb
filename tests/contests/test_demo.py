"""The demo contests load, load again without change, and are running, running and finished."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from contests.board import contest_times
from contests.clock import Phase, contest_phase
from contests.models import Contest, ContestSubmission, ScoreboardRow
from contests.services import contest_register

pytestmark = pytest.mark.django_db


def test_it_loads_three_contests_idempotently(settings, tmp_path, alice):
    settings.TESTDATA_ROOT = tmp_path / "testdata"
    settings.VAR_DIR = tmp_path
    call_command("load_demo", verbosity=0)
    call_command("load_demo_contests", verbosity=0)

    def counts():
        return (Contest.objects.count(), ContestSubmission.objects.count(), ScoreboardRow.objects.count())

    before = counts()
    call_command("load_demo_contests", verbosity=0)
    assert counts() == before
    now = timezone.now()
    phases = {c.slug: contest_phase(contest_times(c), now) for c in Contest.objects.all()}
    assert phases["demo-icpc"] in (Phase.RUNNING, Phase.FROZEN)
    assert phases["demo-ioi"] in (Phase.RUNNING, Phase.FROZEN)
    assert phases["demo-archive"] is Phase.FINALIZED
    archive = Contest.objects.get(slug="demo-archive")
    assert ScoreboardRow.objects.filter(contest=archive, jury=False).count() == 12
    ioi = Contest.objects.get(slug="demo-ioi")
    assert ScoreboardRow.objects.filter(contest=ioi, score__gt=0).exists()
    # A newcomer can take part at once.
    assert contest_register(contest=Contest.objects.get(slug="demo-icpc"), user=alice)
