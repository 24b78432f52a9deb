"""Writes of the judge app: creating submissions, judging them, keeping languages in sync."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from common.exceptions import ApplicationError
from grading.answers import AnswerLayoutError
from grading.checking.checkers import CheckerUnavailable
from grading.grader import GradeResult, TestOutcome
from grading.verdicts import Verdict
from judge import hooks
from judge.custom_runs import custom_runs_in_flight
from judge.events import broadcast_on_commit, submission_state, test_event
from judge.fairness import (
    admission_refusal,
    held_user_ids,
    rejudge_dispatch,
    submission_cost_s,
    submission_dispatch,
)
from judge.judging import answer_language, check_answers, grade_submission
from judge.metrics import JUDGEMENTS, JUDGING_SECONDS, RECOVERED
from judge.models import Language, Status, Submission, TestResult
from judge.queueing import Priority, enqueue_judging, queued_submission_ids
from judge.selectors import problem_judging_data
from problems.models import Problem
from problems.permissions import can_view_problem
from problems.selectors import problem_checker_get, problem_is_submit_answer
from sandbox.engine import Sandbox
from sandbox.languages import all_languages
from sandbox.types import SandboxError

log = logging.getLogger(__name__)

SUBMISSION_EMPTY_SOURCE = "The source is empty."
SUBMISSION_SOURCE_TOO_LARGE = "The source is larger than {limit} KiB."
SUBMISSION_UNKNOWN_LANGUAGE = "Unknown or disabled language."
SUBMISSION_PROBLEM_HIDDEN = "This problem does not accept submissions."
SUBMISSION_BAD_ANSWERS = "The answers do not fit the test cases:"
MAX_ATTEMPTS = 3
# Seconds before the first retry after an infrastructure failure; doubles with each attempt.
RETRY_BACKOFF_S = 5.0
INFRA_REJUDGES = 3
# How long a test's result may wait to share a commit and a broadcast with the next ones.
RESULTS_MAX_DELAY_S = 0.1


class SubmissionRejected(ApplicationError):
    pass


class JudgingAborted(Exception):
    """The submission was taken from this worker (blocked by screening, or recovered as lost)."""


def language_sync() -> list[Language]:
    """Make the Language table match the sandbox's registry (new keys are enabled)."""
    languages = []
    for key, language in all_languages().items():
        row, _ = Language.objects.update_or_create(key=key, defaults={"name": language.name})
        languages.append(row)
    Language.objects.exclude(key__in=all_languages()).update(is_enabled=False)
    return languages


def _validate_submission(
    *, user: User, problem: Problem, language_key: str, source: str, allow_hidden: bool = False
) -> Language:
    if not source.strip():
        raise SubmissionRejected(SUBMISSION_EMPTY_SOURCE)
    limit = settings.SUBMISSION_MAX_SOURCE_BYTES
    if len(source.encode()) > limit:
        raise SubmissionRejected(SUBMISSION_SOURCE_TOO_LARGE.format(limit=limit // 1024))
    if not allow_hidden and not can_view_problem(user, problem):
        raise SubmissionRejected(SUBMISSION_PROBLEM_HIDDEN)
    if problem_is_submit_answer(problem=problem):
        try:
            check_answers(problem=problem, source=source)
        except AnswerLayoutError as exc:
            raise SubmissionRejected(f"{SUBMISSION_BAD_ANSWERS} {exc}.") from None
        return answer_language()
    language = Language.objects.filter(key=language_key, is_enabled=True).first()
    if language is None:
        raise SubmissionRejected(SUBMISSION_UNKNOWN_LANGUAGE)
    return language


def _admit(user: User, problem: Problem) -> None:
    """The per-user cap on work in flight and the judging-time budget (judge/fairness.py)."""
    if not settings.RATELIMIT_ENABLE:
        return  # RCE_RATELIMIT=false: tests and benchmarks
    cost_s = submission_cost_s(time_limit_ms=problem.time_limit_ms, tests=problem.test_cases.count())
    refusal = admission_refusal(
        user=user, runs_in_flight=lambda u: custom_runs_in_flight(user=u), cost_s=cost_s
    )
    if refusal is not None:
        raise SubmissionRejected(refusal)


@transaction.atomic
def submission_create(
    *,
    user: User,
    problem: Problem,
    language_key: str,
    source: str,
    allow_hidden: bool = False,
    priority: Priority = Priority.PRACTICE,
) -> Submission:
    """`allow_hidden`: the caller (a contest, say) has checked that this user may submit to a problem
    hidden from the practice set; `priority`: the queue (contest submissions go first)."""
    language = _validate_submission(
        user=user, problem=problem, language_key=language_key, source=source, allow_hidden=allow_hidden
    )
    _admit(user, problem)
    submission = Submission.objects.create(
        user=user, problem=problem, language=language, source=source, priority=priority.value
    )
    # On its queue now, or held behind the user's earlier ones; workers must see the committed row,
    # so the job is enqueued only once the transaction commits.
    submission_dispatch(user_id=user.pk)
    for hook in hooks.on_submission_created:
        transaction.on_commit(partial(hook, submission.pk))
    broadcast_on_commit(submission, submission_state(submission))
    return submission


def _claim(submission_id: int) -> bool:
    """Move queued -> judging; False when another worker already has it (or it is done)."""
    updated = Submission.objects.filter(pk=submission_id, status=Status.QUEUED).update(
        status=Status.JUDGING, attempts=F("attempts") + 1, heartbeat_at=timezone.now()
    )
    return updated == 1


def _ours(submission: Submission) -> QuerySet[Submission]:
    """The submission while this judgement still holds it: still `judging`, and by the attempt that
    claimed it, not a later one (recovered as lost, then claimed again by another worker)."""
    return Submission.objects.filter(pk=submission.pk, status=Status.JUDGING, attempts=submission.attempts)


class _TestResults:
    """A judgement's test results, committed and broadcast in batches.

    Tests that end within RESULTS_MAX_DELAY_S of each other share a transaction and one broadcast:
    ten fast tests cost one commit instead of ten. A result waits at most about twice that long: the
    judging thread commits what is pending once its oldest result is that old, and so does the
    heartbeat thread while a slow test runs. Each commit renews the lease in the same transaction,
    so a judgement that lost its submission writes nothing more.
    """

    def __init__(self, submission: Submission, total: int) -> None:
        self.submission = submission
        self.total = total
        self.passed = 0
        self.pending: list[tuple[float, TestOutcome]] = []
        self.lost = False
        # When the lease was last renewed (the claim has just done it): every commit renews it too.
        self.renewed_at = time.monotonic()
        # Held while committing: batches are committed, and their events sent, in test order.
        self.lock = threading.Lock()

    def add(self, outcome: TestOutcome) -> None:
        """A test has ended (judging thread)."""
        with self.lock:
            self.pending.append((time.monotonic(), outcome))
            self._commit(older_than_s=RESULTS_MAX_DELAY_S)

    def commit(self, older_than_s: float = 0.0) -> bool:
        """Commit what is pending (only if its oldest result is older_than_s); False once the lease is
        lost. Raising is the judging thread's business: see add() and flush()."""
        with self.lock:
            try:
                self._commit(older_than_s)
            except JudgingAborted:
                return False
            return True

    def flush(self) -> None:
        """Commit everything pending (judging thread, before the verdict)."""
        with self.lock:
            self._commit(older_than_s=0.0)

    def _commit(self, older_than_s: float) -> None:
        if self.lost:
            raise JudgingAborted(self.submission.pk)
        if not self.pending or time.monotonic() - self.pending[0][0] < older_than_s:
            return
        outcomes = [outcome for _, outcome in self.pending]
        passed, events = self.passed, []
        with transaction.atomic():
            # Renew the lease first: a submission taken away (SV, or recovered as lost) gets no more
            # results. The claim removed earlier results, and only this attempt may add more.
            if not _ours(self.submission).update(heartbeat_at=timezone.now()):
                self.lost = True
                raise JudgingAborted(self.submission.pk)
            self.renewed_at = time.monotonic()
            results = TestResult.objects.bulk_create(
                TestResult(
                    submission=self.submission,
                    index=outcome.index,
                    verdict=outcome.verdict.value,
                    time_ms=outcome.time_ms,
                    memory_kb=outcome.memory_kb,
                    exit_code=outcome.exit_code,
                    signal=outcome.signal,
                    message=outcome.message,
                    output=outcome.output.decode(errors="replace"),
                )
                for outcome in outcomes
            )
            for result in results:
                passed += result.verdict == Verdict.AC
                score_so_far = round(100 * passed / self.total, 6) if self.total else 0.0
                events.append(test_event(result, total=self.total, score_so_far=score_so_far))
            broadcast_on_commit(self.submission, *events)
        # Only once committed: after a database error, the next commit tries them again.
        self.pending, self.passed = [], passed


def _finish(submission: Submission, result: GradeResult) -> bool:
    extra = {}
    if submission.problem.show_team_message:
        # Only problems that opted in: the output validator wrote it for the contestant.
        extra["feedback"] = result.team_message
    updated = _ours(submission).update(
        status=Status.DONE,
        verdict=result.verdict.value,
        score=result.score,
        max_time_ms=result.time_ms,
        max_memory_kb=result.memory_kb,
        compile_output=result.compile_output,
        judged_at=timezone.now(),
        error=_judge_error(result),
        **extra,
    )
    return updated == 1


def _judge_error(result: GradeResult) -> str:
    """Why a test ended in IE (an output validator that failed, say), for staff."""
    failed = next((t for t in result.tests if t.verdict is Verdict.IE), None)
    return f"test {failed.index}: {failed.message}" if failed is not None else ""


def _fail(submission: Submission, reason: str, *, final: bool = False) -> None:
    """Infrastructure failure: back to `queued` while attempts remain (submission_recover re-enqueues
    it after an exponential back-off), else a final IE, judged again by
    outages.submission_rejudge_after_outage once the engine is healthy. `final` marks a problem that
    cannot be judged as it stands (no retry). Never AC or WA because of infrastructure."""
    exhausted = final or submission.attempts >= MAX_ATTEMPTS
    now = timezone.now()
    _ours(submission).update(
        status=Status.DONE if exhausted else Status.QUEUED,
        verdict=Verdict.IE.value if exhausted else "",
        error=reason,
        judged_at=now if exhausted else None,
        retry_at=None
        if exhausted
        else now + timedelta(seconds=RETRY_BACKOFF_S * 2 ** (submission.attempts - 1)),
        infra_error=exhausted and not final,
    )


class _Heartbeat:
    """Refreshes a submission's lease from a side thread while a long compile or test runs, and
    commits test results left pending while one does (see _TestResults)."""

    def __init__(self, submission: Submission, results: _TestResults) -> None:
        self.submission = submission
        self.results = results
        self.every_s: float = settings.JUDGE_HEARTBEAT_S
        self.sandbox: Sandbox | None = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(min(self.every_s, RESULTS_MAX_DELAY_S)):
                try:
                    still_ours = self.results.commit(older_than_s=RESULTS_MAX_DELAY_S)
                    # A commit of results renews the lease too: renew it here only when none has.
                    if still_ours and time.monotonic() - self.results.renewed_at >= self.every_s:
                        still_ours = _ours(self.submission).update(heartbeat_at=timezone.now()) == 1
                        self.results.renewed_at = time.monotonic()
                except DatabaseError:
                    # The judging thread commits pending results itself; the lease is renewed
                    # next time round.
                    log.warning("heartbeat of submission %s failed", self.submission.pk, exc_info=True)
                    connection.close()
                    continue
                if not still_ours:
                    if self.sandbox is not None:
                        # Blocked by screening (or recovered as lost) while a test runs: stop it now.
                        self.sandbox.abort()
                    return
        finally:
            connection.close()

    def attach(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()


def submission_judge(*, submission_id: int) -> Submission | None:
    """Judge one submission; returns None if another worker already claimed it."""
    if not _claim(submission_id):
        return None
    submission = Submission.objects.select_related("problem", "language").get(pk=submission_id)
    # One of the user's places on the queue is free again: their next held submission takes it.
    submission_dispatch(user_id=submission.user_id, priority=submission.priority)
    TestResult.objects.filter(submission=submission).delete()
    broadcast_on_commit(submission, submission_state(submission))
    problem = submission.problem
    try:
        checker = problem_checker_get(problem=problem)
    except CheckerUnavailable as exc:
        return _judge_failed(submission, f"the problem's output validator cannot be run: {exc}")
    tests, groups = problem_judging_data(problem=problem)
    results = _TestResults(submission, len(tests))
    started = time.monotonic()
    try:
        with _Heartbeat(submission, results) as heartbeat:
            result = grade_submission(
                problem=problem,
                language_key=submission.language.key,
                source=submission.source,
                tests=tests,
                groups=groups,
                checker=checker,
                on_test=results.add,
                on_start=heartbeat.attach,
            )
            results.flush()
    except CheckerUnavailable as exc:
        return _judge_failed(submission, str(exc))
    except JudgingAborted:
        log.info("judging of submission %s was aborted", submission_id)
        submission.refresh_from_db()
        return submission
    except SandboxError as exc:
        log.warning("judging submission %s failed: %s", submission_id, exc)
        _fail(submission, str(exc))
        return _refreshed_and_broadcast(submission)
    _finish(submission, result)
    JUDGEMENTS.labels(verdict=result.verdict.value, language=submission.language.key).inc()
    JUDGING_SECONDS.observe(time.monotonic() - started)
    return _refreshed_and_broadcast(submission)


def _judge_failed(submission: Submission, reason: str) -> Submission:
    """A final IE: the problem cannot be judged as it stands, and retrying will not change that."""
    _fail(submission, reason, final=True)
    return _refreshed_and_broadcast(submission)


def _refreshed_and_broadcast(submission: Submission) -> Submission:
    """The submission as stored now, its new state sent to its watchers once committed."""
    submission.refresh_from_db()
    broadcast_on_commit(submission, submission_state(submission))
    if submission.status == Status.DONE:
        _judged_on_commit(submission.pk)
    return submission


def _judged_on_commit(submission_id: int) -> None:
    """Tell the apps built on judging (contests' boards) that a verdict is final, once committed."""
    for hook in hooks.on_submission_judged:
        transaction.on_commit(partial(hook, submission_id))


def submission_recover(*, stale_after_s: float = 15, queued_after_s: float = 10) -> list[int]:
    """Put lost work back on the queue; returns the ids re-enqueued.

    A submission still `judging` whose heartbeat is older than stale_after_s lost its worker (killed,
    or its machine died): it goes back to `queued` through a conditional update, so a worker that is
    merely slow and finishes later cannot produce a second verdict. A submission `queued` for longer
    than queued_after_s may have lost its job (Redis restarted empty): it is enqueued again; the claim
    in submission_judge makes a duplicate job harmless.
    """
    now = timezone.now()
    recovered = []
    for submission in Submission.objects.filter(
        status=Status.JUDGING, heartbeat_at__lt=now - timedelta(seconds=stale_after_s)
    ):
        reverted = Submission.objects.filter(
            pk=submission.pk, status=Status.JUDGING, heartbeat_at=submission.heartbeat_at
        ).update(status=Status.QUEUED, dispatched_at=now)
        if reverted:
            recovered.append(submission.pk)
    cutoff = now - timedelta(seconds=queued_after_s)
    # Held submissions (fair dispatch) have no job to lose: dispatching below puts them on the queue.
    waiting = Submission.objects.filter(status=Status.QUEUED, dispatched_at__isnull=False).filter(
        Q(retry_at__lte=now)
        | Q(retry_at__isnull=True, heartbeat_at__isnull=True, created_at__lt=cutoff)
        | Q(retry_at__isnull=True, heartbeat_at__lt=cutoff)
    )
    candidates = [pk for pk in waiting.values_list("pk", flat=True) if pk not in recovered]
    if candidates:
        # Reading the queues fetches every job in them: only when some submission may need it.
        in_queue = queued_submission_ids()
        recovered += [pk for pk in candidates if pk not in in_queue]
    priorities = dict(Submission.objects.filter(pk__in=recovered).values_list("pk", "priority"))
    for pk in recovered:
        enqueue_judging(pk, Priority(priorities[pk]))
    if recovered:
        RECOVERED.inc(len(recovered))
        log.info("re-enqueued lost submissions %s", recovered)
    for user_id in held_user_ids():
        submission_dispatch(user_id=user_id)
    rejudge_dispatch()
    return recovered


def submission_rejudge(*, submission_ids: list[int]) -> list[int]:
    """Queue finished submissions for judging again, at rejudge priority; returns the ids queued.

    Submissions still queued or being judged are left alone: rejudging those would let two jobs race
    for one submission. The status guard in the update makes this safe against concurrent finishes.
    """
    queued = []
    for pk in submission_ids:
        updated = Submission.objects.filter(pk=pk, status=Status.DONE).update(
            status=Status.QUEUED,
            verdict="",
            attempts=0,
            error="",
            heartbeat_at=None,
            retry_at=None,
            infra_error=False,
            # Staff's batch at the lowest priority, held and dispatched a few at a time (fairness).
            priority=Priority.REJUDGE.value,
            dispatched_at=None,
        )
        if updated:
            queued.append(pk)
    rejudge_dispatch()
    return queued


def submission_block(*, submission_id: int, message: str, override_finished: bool = False) -> bool:
    """Give a submission the SV verdict because screening blocked it; True if it changed.

    Judging still queued or running is stopped: the judging worker notices at its next heartbeat
    that the submission is no longer `judging` and abandons it. A finished judgement is overridden
    only when the problem's policy asks for it.
    """
    statuses = [Status.QUEUED, Status.JUDGING] + ([Status.DONE] if override_finished else [])
    updated = Submission.objects.filter(pk=submission_id, status__in=statuses).update(
        status=Status.DONE,
        verdict=Verdict.SV.value,
        score=0,
        feedback=message,
        judged_at=timezone.now(),
    )
    if updated:
        submission = Submission.objects.get(pk=submission_id)
        broadcast_on_commit(submission, submission_state(submission))
        _judged_on_commit(submission_id)
    return bool(updated)
