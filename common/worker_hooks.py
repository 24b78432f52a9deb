"""What a worker process runs besides its queues, registered by each app from its AppConfig.ready():
the worker command (common/management/commands/worker.py) knows no app and runs what is here.

- Recoveries put lost work back: run once as the worker starts and then every few seconds, from
  every worker at once, so each must be safe to run concurrently (conditional updates, idempotent
  jobs). A recovery that fails is logged and tried again next round.
- Services run beside the worker for its lifetime: a context manager, entered before the worker
  takes its first job and left on its way out, given how often maintenance runs.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Generic, TypeVar

Recovery = Callable[[], object]
Service = Callable[[float], AbstractContextManager[object]]
T = TypeVar("T")


@dataclass(frozen=True)
class Registered(Generic[T]):
    name: str
    run: T


_recoveries: list[Registered[Recovery]] = []
_services: list[Registered[Service]] = []


def register_recovery(name: str, recover: Recovery) -> None:
    if all(r.name != name for r in _recoveries):
        _recoveries.append(Registered(name, recover))


def register_service(name: str, service: Service) -> None:
    if all(s.name != name for s in _services):
        _services.append(Registered(name, service))


def recoveries() -> list[Registered[Recovery]]:
    return list(_recoveries)


def services() -> list[Registered[Service]]:
    return list(_services)
