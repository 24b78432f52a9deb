import pytest

from grading.verdicts import Verdict
from judge.models import Language, Status, Submission, TestResult
from problems.models import Problem, Tag

VERDICTS = [Verdict.AC, Verdict.WA, Verdict.TLE, Verdict.AC, Verdict.RTE]


@pytest.fixture
def populate(db, languages, alice, bob):
    """n problems with tags, and n finished submissions of alice's and bob's with a test result each."""

    def make(n: int) -> list[Submission]:
        tags = [Tag.objects.create(slug=f"tag-{i}", name=f"Tag {i}") for i in range(3)]
        problems = Problem.objects.bulk_create(
            Problem(slug=f"p{i}", title=f"Problem {i}", statement="S", is_visible=True, difficulty=1 + i % 3)
            for i in range(n)
        )
        for i, problem in enumerate(problems):
            problem.tags.set(tags[: 1 + i % 3])
        py3 = Language.objects.get(key="py3")
        submissions = Submission.objects.bulk_create(
            Submission(
                user=(alice, bob)[i % 2],
                problem=problems[i % len(problems)],
                language=py3,
                source="print(1)",
                status=Status.DONE,
                verdict=VERDICTS[i % len(VERDICTS)].value,
                max_time_ms=10 + i,
                max_memory_kb=1000,
            )
            for i in range(n)
        )
        TestResult.objects.bulk_create(
            TestResult(submission=s, index=1, verdict=s.verdict, time_ms=5) for s in submissions
        )
        return submissions

    return make
