from __future__ import annotations

from django.contrib.auth.models import User
from django.shortcuts import get_object_or_404

from problems.models import Problem


def profile_user(*, username: str) -> User:
    return get_object_or_404(User, username=username, is_active=True)


def solved_problems(*, problem_ids: set[int], viewer_is_staff: bool) -> list[Problem]:
    problems = Problem.objects.filter(pk__in=problem_ids).only("slug", "title", "is_visible")
    if not viewer_is_staff:
        problems = problems.filter(is_visible=True)
    return list(problems.order_by("title"))
