"""Who may do what with problems: Django permissions (the "jury" group holds them, see the judge app's
migration 0005) and problem authorship, never `is_staff` alone.

Small `can_*` predicates and `*_visible_q` filters that other apps (the judge, contests) reuse; each
check on its own line, so that coverage shows every branch.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from problems.models import Problem

VIEW_HIDDEN_PROBLEM = "problems.view_hidden_problem"

AnyUser = User | AnonymousUser


def can_view_hidden_problems(user: AnyUser) -> bool:
    """Every hidden problem (the jury); an author sees only their own, see can_view_problem."""
    return user.has_perm(VIEW_HIDDEN_PROBLEM)


def is_problem_author(user: AnyUser, problem: Problem) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return problem.authors.filter(pk=user.pk).exists()


def can_view_problem(user: AnyUser, problem: Problem) -> bool:
    if problem.is_visible:
        return True
    if can_view_hidden_problems(user):
        return True
    return is_problem_author(user, problem)


def problems_visible_q(user: AnyUser) -> Q:
    """The problems this user may see, as a filter on Problem."""
    if can_view_hidden_problems(user):
        return Q()
    if not user.is_authenticated or not user.is_active:
        return Q(is_visible=True)
    return Q(is_visible=True) | Q(pk__in=Problem.objects.filter(authors=user).values("pk"))
