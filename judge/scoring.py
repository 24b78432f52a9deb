"""Verdict aggregation and scoring: pure functions."""

from __future__ import annotations

from collections.abc import Sequence

from judge.verdicts import Verdict


def final_verdict(verdicts: Sequence[Verdict]) -> Verdict:
    """IE anywhere makes the result untrustworthy, so it wins; else the first non-AC test in order."""
    if Verdict.IE in verdicts:
        return Verdict.IE
    for verdict in verdicts:
        if verdict not in (Verdict.AC, Verdict.SK):
            return verdict
    return Verdict.AC
