from datetime import timedelta

import pytest
from django.utils import timezone

from contests.models import ContestSubmission
from contests.services import contest_create, contest_problem_add, contest_submission_judged
from judge.models import Status, Submission
from problems.services import problem_upsert
from tests.conftest import AB_CASES

SOURCE = "print(sum(map(int, input().split())))\n"
# The A + B fixture's inputs and the right outputs, as the fake sandbox replays them.
AB_CASES_OUT = {stdin: answer for stdin, answer, _ in AB_CASES}


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def second_problem(db, languages):
    return problem_upsert(slug="hidden-b", title="B", statement="B", is_visible=False)


@pytest.fixture
def contest(aplusb, second_problem, now):
    """Running for an hour yet, its last 30 minutes frozen (from 30 minutes from now)."""
    contest = contest_create(
        slug="spring",
        title="Spring Contest",
        start=now - timedelta(hours=1),
        end=now + timedelta(hours=1),
        freeze_minutes=30,
    )
    contest_problem_add(contest=contest, problem_id=aplusb.pk, label="A", order=1)
    contest_problem_add(contest=contest, problem_id=second_problem.pk, label="B", order=2)
    return contest


@pytest.fixture
def verdict():
    """Give a contest submission's judge submission a final verdict, as the judge would, and run
    the hook the judge calls."""

    def give(entry: ContestSubmission, value: str, score: float = 0.0) -> ContestSubmission:
        assert entry.submission_id is not None
        Submission.objects.filter(pk=entry.submission_id).update(
            status=Status.DONE, verdict=value, score=score, judged_at=timezone.now()
        )
        contest_submission_judged(entry.submission_id)
        entry.refresh_from_db()
        return entry

    return give
