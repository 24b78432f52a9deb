from __future__ import annotations

from django.db import transaction

from problems.models import Problem, TestCase
from problems.storage import blob_put


@transaction.atomic
def problem_upsert(
    *,
    slug: str,
    title: str,
    statement: str,
    time_limit_ms: int = 2000,
    memory_limit_kb: int = 256 * 1024,
    output_limit_kb: int = 64 * 1024,
    is_visible: bool = False,
) -> Problem:
    problem = Problem.objects.filter(slug=slug).first() or Problem(slug=slug)
    problem.title = title
    problem.statement = statement
    problem.time_limit_ms = time_limit_ms
    problem.memory_limit_kb = memory_limit_kb
    problem.output_limit_kb = output_limit_kb
    problem.is_visible = is_visible
    problem.full_clean()
    problem.save()
    return problem


@transaction.atomic
def problem_set_tests(*, problem: Problem, cases: list[tuple[bytes, bytes, bool]]) -> list[TestCase]:
    """Replace a problem's tests with (input, answer, is_sample) triples, in order."""
    problem.test_cases.all().delete()
    created = []
    for order, (input_data, answer, is_sample) in enumerate(cases, start=1):
        case = TestCase(
            problem=problem,
            order=order,
            input_sha256=blob_put(input_data),
            answer_sha256=blob_put(answer),
            is_sample=is_sample,
        )
        case.full_clean()
        case.save()
        created.append(case)
    return created
