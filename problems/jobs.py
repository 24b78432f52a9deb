"""RQ jobs for problems: carry ids only, load and call a service. Enqueued by kind
(common.queues), never by importing this module."""

from __future__ import annotations

from problems.services import verification_run


def verify_problem(run_id: int) -> None:
    verification_run(run_id=run_id)
