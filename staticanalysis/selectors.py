from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User

from judge.models import Submission
from judge.permissions import can_view_judging_details
from staticanalysis.models import Finding, ScreeningPolicy
from staticanalysis.policy import Policy, PolicyMode


def screening_policy_for(*, problem_id: int) -> Policy:
    row = ScreeningPolicy.objects.filter(problem_id=problem_id).first()
    if row is None:
        return Policy(mode=PolicyMode.BLOCK)
    return Policy(
        mode=PolicyMode(row.mode),
        banned_imports=row.banned_imports,
        banned_calls=row.banned_calls,
        banned_identifiers=row.banned_identifiers,
    )


def visible_findings(*, user: User | AnonymousUser, submission: Submission) -> list[Finding]:
    """Findings the jury and the problem's authors always see; the contestant only when the problem's
    policy says so."""
    screening = getattr(submission, "screening", None)
    if screening is None:
        return []
    if not can_view_judging_details(user, submission):
        row = ScreeningPolicy.objects.filter(problem_id=submission.problem_id).first()
        if row is None or not row.show_to_contestant:
            return []
    return list(screening.findings.all())


def findings_page_context(user: User | AnonymousUser, submission: Submission) -> dict[str, Any]:
    """What the submission page shows of screening (a hook the judge app offers)."""
    return {"findings": visible_findings(user=user, submission=submission)}
