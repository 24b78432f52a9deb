"""Judging metrics for Prometheus, served by each worker (common.metrics)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

JUDGEMENTS = Counter("rce_judgements", "Submissions judged, by final verdict", ["verdict", "language"])
JUDGING_SECONDS = Histogram(
    "rce_judging_seconds", "Wall time of one judgement", buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120)
)
RECOVERED = Counter("rce_recovered_submissions", "Submissions re-enqueued by the recovery step")
