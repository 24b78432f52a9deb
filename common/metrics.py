"""A worker's own metrics endpoint for Prometheus (the web process exports its metrics through
django-prometheus); the apps define their counters in their own metrics modules."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from prometheus_client import Gauge, start_http_server

from common.queues import get_queue

QUEUE_LENGTH = Gauge("rce_queue_length", "Jobs waiting in a queue", ["queue"])


def _queue_length(name: str) -> Callable[[], float]:
    queue = get_queue(name)
    return lambda: float(queue.count)


def serve_metrics(port: int, queues: Sequence[str]) -> None:
    for name in queues:
        QUEUE_LENGTH.labels(queue=name).set_function(_queue_length(name))
    start_http_server(port, addr="0.0.0.0")  # noqa: S104 - scraped over the internal network
