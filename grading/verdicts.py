"""Verdicts, defined once. Django-free so the sandbox side and the CLI can use them."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    AC = "AC"
    WA = "WA"
    TLE = "TLE"
    MLE = "MLE"
    OLE = "OLE"
    RTE = "RTE"
    CE = "CE"
    IE = "IE"
    SV = "SV"
    SK = "SK"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Verdict.AC: "Accepted",
    Verdict.WA: "Wrong Answer",
    Verdict.TLE: "Time Limit Exceeded",
    Verdict.MLE: "Memory Limit Exceeded",
    Verdict.OLE: "Output Limit Exceeded",
    Verdict.RTE: "Run-Time Error",
    Verdict.CE: "Compilation Error",
    Verdict.IE: "Internal Error",
    Verdict.SV: "Security Violation",
    Verdict.SK: "Skipped",
}
