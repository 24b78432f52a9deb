"""One user cannot starve the judge: admission (work in flight, cost per minute) and fair dispatch.

Admission, as a submission or a run is asked for: a user may have at most JUDGE_MAX_IN_FLIGHT
submissions and custom runs queued or running at once, and spend at most JUDGE_COST_BUDGET_S of
worst-case worker time per minute (a submission costs its compile plus every test at the time
limit; a run its compile plus its one run), so a problem with many slow tests counts for more than a
small one.

Fair dispatch: a submission is stored `queued` at once, but put on its priority's RQ queue only
while its user has fewer than JUDGE_DISPATCH_PER_USER submissions of that priority waiting there;
the others are held in the database (`dispatched_at` empty). Each claim by a worker dispatches the
user's next held one, behind whatever other users queued meanwhile: a burst from one user
interleaves with everyone else's submissions instead of standing in front of them (round robin),
and a user alone on an idle judge still keeps every worker busy. Nothing
lives only in Redis: a held submission is a row, and recovery (services.submission_recover) both
re-enqueues dispatched submissions whose job was lost and dispatches for every user with held work,
so a dead worker or an emptied Redis delays a submission but never loses it.

Rejudges (staff's batches, at the lowest priority) are dispatched the same way, all of them as one
user's: at most JUDGE_DISPATCH_PER_USER wait on the rejudge queue, the rest are held in the
database, and each claim of a rejudge dispatches the next. A rejudge of a whole problem (hundreds of
submissions) thus never stands on a queue in front of anything enqueued after it, new contest and
practice submissions or a problem's verification, and recovery dispatches held rejudges too.

Two dispatches for one user at the same moment may both see a free slot and put one more on the
queue than the limit: that costs some fairness, never a submission.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from redis.exceptions import RedisError

from judge import hooks
from judge.models import Status, Submission
from judge.queueing import Priority, enqueue_judging

log = logging.getLogger(__name__)

IN_FLIGHT_EXCEEDED = (
    "You have {count} submissions and runs waiting or being judged (at most {limit}); "
    "wait for one to finish, then try again."
)
COST_EXCEEDED = "You have used this minute's judging time; wait a minute, then try again."
# Worst-case worker seconds of a compile: charged once per submission and per run.
COMPILE_COST_S = 10.0
COST_WINDOW_S = 60
FAIR_PRIORITIES = (Priority.CONTEST, Priority.PRACTICE)


def submissions_in_flight(*, user: User) -> int:
    """The user's submissions queued or being judged (rejudges are staff's work, not counted)."""
    return (
        Submission.objects.filter(user=user, status__in=[Status.QUEUED, Status.JUDGING])
        .exclude(priority=Priority.REJUDGE)
        .count()
    )


def admission_refusal(*, user: User, runs_in_flight: Callable[[User], int], cost_s: float) -> str | None:
    """Why this new piece of work is refused (a message for the user), or None when it is admitted;
    an admitted one is charged cost_s against the user's budget for this minute. Redis out of reach
    admits on the database's count alone: a submission is never refused for the queue's outage."""
    if not settings.RATELIMIT_ENABLE:
        return None  # RCE_RATELIMIT=false: tests and benchmarks
    limit = settings.JUDGE_MAX_IN_FLIGHT
    in_flight = submissions_in_flight(user=user)
    # Work of the apps built on judging (the Judge0 API's runs): one cap for all of a user's work.
    in_flight += sum(count(user) for count in hooks.work_in_flight)
    try:
        in_flight += runs_in_flight(user)
    except RedisError:
        log.warning("could not count the runs of user %s in flight", user.pk, exc_info=True)
    if in_flight >= limit:
        return IN_FLIGHT_EXCEEDED.format(count=in_flight, limit=limit)
    if not _charge(user, cost_s):
        return COST_EXCEEDED
    return None


def _charge(user: User, cost_s: float) -> bool:
    """Add cost_s to the user's spending this minute; False (and nothing added) once the budget was
    already spent. One piece of work may overshoot the budget, so even a costly problem can be tried
    once a minute."""
    cost = max(1, math.ceil(cost_s))
    key = f"judge-cost:{user.pk}:{int(time.time()) // COST_WINDOW_S}"
    try:
        cache.add(key, 0, timeout=2 * COST_WINDOW_S)
        spent = cache.incr(key, cost)
        if spent - cost >= settings.JUDGE_COST_BUDGET_S:
            cache.decr(key, cost)
            return False
    except RedisError:
        log.warning("could not charge user %s for judging time", user.pk, exc_info=True)
    return True


def submission_cost_s(*, time_limit_ms: int, tests: int) -> float:
    return COMPILE_COST_S + tests * time_limit_ms / 1000


def submission_dispatch(*, user_id: int, priority: str | None = None) -> list[int]:
    """Put the user's oldest held submissions on their queues (of this priority, or of each) while
    the user has free slots there; returns the ids dispatched, each enqueued once this commits. For
    a rejudge (priority REJUDGE) the held rejudges of every user are dispatched instead."""
    if priority == Priority.REJUDGE.value:
        return rejudge_dispatch()
    dispatched = []
    with transaction.atomic():
        for fair in FAIR_PRIORITIES:
            if priority is None or fair.value == priority:
                dispatched += _dispatch(user_id, fair)
    return dispatched


def rejudge_dispatch() -> list[int]:
    """Put the oldest held rejudges on the rejudge queue while fewer than JUDGE_DISPATCH_PER_USER
    wait there; returns the ids dispatched, each enqueued once this commits."""
    with transaction.atomic():
        return _dispatch(None, Priority.REJUDGE)


def _dispatch(user_id: int | None, priority: Priority) -> list[int]:
    """Dispatch the held submissions of this priority: the user's, or (None) all of them as one."""
    mine = Submission.objects.filter(priority=priority, status=Status.QUEUED)
    if user_id is not None:
        mine = mine.filter(user_id=user_id)
    if not mine.filter(dispatched_at__isnull=True).exists():
        return []  # nothing held: the usual case, one query
    # Waiting on the queue (or for a retry after an infrastructure failure); not those being judged.
    waiting = mine.filter(dispatched_at__isnull=False).count()
    free = settings.JUDGE_DISPATCH_PER_USER - waiting
    if free <= 0:
        return []
    held = mine.filter(dispatched_at__isnull=True).order_by("id")
    dispatched = []
    for pk in held.values_list("pk", flat=True)[:free]:
        # Conditional: a concurrent dispatch that took this one first makes this a no-op.
        if Submission.objects.filter(pk=pk, status=Status.QUEUED, dispatched_at__isnull=True).update(
            dispatched_at=timezone.now()
        ):
            dispatched.append(pk)
            transaction.on_commit(partial(enqueue_judging, pk, priority))
    return dispatched


def held_user_ids() -> list[int]:
    """Users with submissions held back by fair dispatch (recovery dispatches for each)."""
    held = Submission.objects.filter(
        status=Status.QUEUED, dispatched_at__isnull=True, priority__in=FAIR_PRIORITIES
    )
    return sorted(set(held.values_list("user_id", flat=True)))
