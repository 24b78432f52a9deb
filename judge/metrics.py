"""Worker metrics for Prometheus (the web process exports its own through django-prometheus)."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import Counter, Gauge, Histogram, start_http_server

from common.queues import get_queue

JUDGEMENTS = Counter("rce_judgements", "Submissions judged, by final verdict", ["verdict", "language"])
JUDGING_SECONDS = Histogram(
    "rce_judging_seconds", "Wall time of one judgement", buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120)
)
QUEUE_LENGTH = Gauge("rce_queue_length", "Jobs waiting in a queue", ["queue"])
RECOVERED = Counter("rce_recovered_submissions", "Submissions re-enqueued by the recovery step")


def _queue_length(name: str) -> Callable[[], float]:
    queue = get_queue(name)
    return lambda: float(queue.count)


def serve_metrics(port: int, queues: list[str]) -> None:
    for name in queues:
        QUEUE_LENGTH.labels(queue=name).set_function(_queue_length(name))
    start_http_server(port, addr="0.0.0.0")  # noqa: S104 - scraped over the internal network
