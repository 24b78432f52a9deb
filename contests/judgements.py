"""CLICS judgement types: the standard ones seeded for native contests, the judge's verdicts mapped
onto them, and how scoring sees each (contests.formats.base outcomes)."""

from __future__ import annotations

from dataclasses import dataclass

from contests.formats.base import COMPILE_ERROR, NO_PENALTY, PENDING, REJECTED, SOLVED
from grading.verdicts import Verdict


@dataclass(frozen=True)
class StandardType:
    clics_id: str
    name: str
    penalty: bool
    solved: bool


# CLICS' standard judgement types that the judge gives, plus SV for screening's blocks.
STANDARD_TYPES = [
    StandardType("AC", "Accepted", penalty=False, solved=True),
    StandardType("WA", "Wrong Answer", penalty=True, solved=False),
    StandardType("TLE", "Time Limit Exceeded", penalty=True, solved=False),
    StandardType("MLE", "Memory Limit Exceeded", penalty=True, solved=False),
    StandardType("OLE", "Output Limit Exceeded", penalty=True, solved=False),
    StandardType("RTE", "Run-Time Error", penalty=True, solved=False),
    StandardType("CE", "Compile Error", penalty=False, solved=False),
    StandardType("JE", "Judging Error", penalty=False, solved=False),
    StandardType("SV", "Security Violation", penalty=True, solved=False),
]

VERDICT_TO_CLICS = {
    Verdict.AC: "AC",
    Verdict.WA: "WA",
    Verdict.TLE: "TLE",
    Verdict.MLE: "MLE",
    Verdict.OLE: "OLE",
    Verdict.RTE: "RTE",
    Verdict.CE: "CE",
    Verdict.IE: "JE",
    Verdict.SV: "SV",
    Verdict.SK: "JE",
}

COMPILE_ERROR_ID = "CE"
JUDGING_ERROR_IDS = frozenset({"JE", "IE"})


def outcome(*, clics_id: str | None, penalty: bool, solved: bool) -> int:
    """How scoring sees a judgement (None: pending)."""
    if clics_id is None:
        return PENDING
    if solved:
        return SOLVED
    if clics_id == COMPILE_ERROR_ID and not penalty:
        return COMPILE_ERROR
    return REJECTED if penalty else NO_PENALTY
