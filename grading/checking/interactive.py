"""Interactive problems, Kattis protocol: the submission and the author's interactor run in separate
sandboxes, connected only by the host relaying what each one writes to the other's input.

The interactor is called as `interactor input answer feedback_dir [flags]` (the files placed in its
own container), talks to the submission over its stdin and stdout, and exits 42 (accepted) or 43
(wrong answer). When one side's output closes, the other side's input is closed, so that a program
waiting for more sees end of file.

The verdict of one test, as problemtools decides it, from both results and from which side closed
its output first:

1. The interactor did not exit with 42 or 43 (it crashed, was killed, ran out of time or memory or
   exited otherwise): IE, whatever the submission did.
2. The interactor rejected (43) and was first to finish: WA, however the submission ended; it may
   well have crashed or waited forever because the interactor stopped talking. It is stopped at once.
3. Otherwise a submission that did not end well gets its own verdict, even if the interactor
   accepted or rejected after seeing end of file: TLE (CPU, or the wall clock, which is how a
   submission that stops responding ends), MLE, OLE, RTE (a crash or a non-zero exit), or IE if its
   sandbox failed.
4. Otherwise the interactor's verdict: 42 AC, 43 WA.

The submission's own limits hold as in any run; the interactor has the checker's CPU and memory
limits and a wall clock a little longer than the submission's.
"""

from __future__ import annotations

import dataclasses
import selectors
import time
from collections.abc import Sequence
from dataclasses import dataclass

from grading.checking.checkers import (
    ANSWER,
    CHECKER_LIMITS,
    FEEDBACK_FILES,
    INPUT,
    OUTCOME_VERDICTS,
    Checker,
    CheckerKind,
    CheckerUnavailable,
    Judged,
    args_for_kattis,
    judge_by_kattis,
)
from grading.checking.validators import open_checker_box
from grading.verdicts import Verdict
from sandbox.config import SandboxConfig
from sandbox.engine import Sandbox
from sandbox.stream import Stream
from sandbox.types import ExecResult, Limits, Outcome, SourceFile

# Output of one side held for the other before the host stops reading it, as a full pipe would.
RELAY_BACKLOG = 4 << 20
INTERACTOR_GRACE_MS = 2000
INTERACTOR_OUTPUT_BYTES = 64 << 20


@dataclass(frozen=True)
class Exchange:
    submission: ExecResult
    interactor: ExecResult
    interactor_first: bool


def interaction_judgement(exchange: Exchange, case_max: float | None = None) -> Judged:
    """One test's verdict from an exchange, by the rules in this module's docstring."""
    said = judge_by_kattis(exchange.interactor, case_max)
    if said.verdict is Verdict.IE:
        return said
    if said.verdict is Verdict.WA and exchange.interactor_first:
        return said
    submission = exchange.submission
    if submission.outcome is not Outcome.OK:
        verdict = OUTCOME_VERDICTS[submission.outcome]
        message = "; ".join(m for m in (submission.summary, said.message) if m)
        return Judged(verdict, message, said.team_message)
    return said


def relay(submission: Stream, interactor: Stream) -> Exchange:
    """Pass each program's output to the other's input until both have ended.

    A side whose peer is not taking its input is read no further (back-pressure, as with a pipe);
    each side's deadline is the backstop for a side that stops answering.
    """
    state = _Relay(submission, interactor)
    with selectors.DefaultSelector() as sel:
        while submission.result is None or interactor.result is None:
            state.watch(sel)
            now = time.monotonic()
            running = [s for s in state.peers if s.result is None]
            expired = [s for s in running if s.deadline <= now]
            for stream in expired:
                state.unwatch(sel, stream)
                state.deliver(stream, stream.expire())
            if not expired:
                for key, mask in sel.select(min(s.deadline for s in running) - now):
                    state.serve(key.data, mask)
    assert submission.result is not None and interactor.result is not None
    return Exchange(submission.result, interactor.result, state.interactor_first)


class _Relay:
    """Who talks to whom, and in which order the two sides closed their output."""

    def __init__(self, submission: Stream, interactor: Stream) -> None:
        self.interactor = interactor
        self.peers = {submission: interactor, interactor: submission}
        self.closed: list[Stream] = []

    @property
    def interactor_first(self) -> bool:
        return bool(self.closed) and self.closed[0] is self.interactor

    def watch(self, sel: selectors.BaseSelector) -> None:
        for stream, peer in self.peers.items():
            events = 0
            if stream.result is None:
                if peer.backlog < RELAY_BACKLOG:
                    events |= selectors.EVENT_READ
                if stream.wants_write():
                    events |= selectors.EVENT_WRITE
            registered = sel.get_map().get(stream.fileno())
            if not events:
                self.unwatch(sel, stream)
            elif registered is None:
                sel.register(stream, events, stream)
            elif registered.events != events:
                sel.modify(stream, events, stream)

    def unwatch(self, sel: selectors.BaseSelector, stream: Stream) -> None:
        if sel.get_map().get(stream.fileno()) is not None:
            sel.unregister(stream)

    def serve(self, stream: Stream, mask: int) -> None:
        if mask & selectors.EVENT_WRITE:
            stream.flush()
        if mask & selectors.EVENT_READ:
            for event in stream.receive():
                self.deliver(stream, event)

    def deliver(self, stream: Stream, event: bytes | ExecResult) -> None:
        peer = self.peers[stream]
        if isinstance(event, bytes) and event:
            peer.send(event)
            peer.flush()
            return
        if stream not in self.closed:
            self.closed.append(stream)
        peer.close_input()
        if stream is self.interactor and isinstance(event, ExecResult) and self._decided(event):
            peer.stop()
        peer.flush()

    def _decided(self, interactor: ExecResult) -> bool:
        """Rejected or failed first: the verdict no longer depends on the submission."""
        return self.interactor_first and judge_by_kattis(interactor).verdict is not Verdict.AC


class Interactor:
    """A compiled interactor, ready to run against the submission once per test."""

    def __init__(self, checker: Checker, submission_limits: Limits, config: SandboxConfig | None) -> None:
        if checker.program is None:
            raise CheckerUnavailable("an interactive problem needs an output validator program")
        if checker.kind is not CheckerKind.KATTIS:
            raise CheckerUnavailable("only Kattis interactors are supported, not testlib ones")
        self.checker = checker
        self.program = checker.program
        self.config = config
        self.limits = dataclasses.replace(
            CHECKER_LIMITS,
            output_bytes=INTERACTOR_OUTPUT_BYTES,
            wall_ms=submission_limits.effective_wall_ms + INTERACTOR_GRACE_MS,
        )
        self.box: Sandbox | None = None

    def __enter__(self) -> Interactor:
        self.box = open_checker_box(self.program, self.limits, self.config)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.box is not None:
            self.box.close()

    def run(
        self,
        box: Sandbox,
        *,
        input_data: bytes,
        answer: bytes,
        group: str,
        args: Sequence[str] = (),
        validator_args: Sequence[str] | None = None,
    ) -> tuple[ExecResult, Judged]:
        """Run the submission compiled in `box` (with `args`) against the interactor on one test."""
        assert self.box is not None
        files = [SourceFile(INPUT, input_data), SourceFile(ANSWER, answer)]
        flags = self.checker.args_for(group) if validator_args is None else validator_args
        interactor = self.box.stream(args=args_for_kattis(flags), files=files, collect=FEEDBACK_FILES)
        submission = box.stream(args=args)
        exchange = relay(submission, interactor)
        return exchange.submission, interaction_judgement(exchange, self.checker.case_max(group))
