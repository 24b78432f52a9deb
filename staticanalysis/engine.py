"""``analyze``: the single entry point that screens one submission's source."""

from __future__ import annotations

from staticanalysis.analysers import python as python_analyser
from staticanalysis.analysers import treesitter as treesitter_analyser
from staticanalysis.languages import PYTHON, family_for
from staticanalysis.model import AnalysisReport, Finding, Hit, Rule, Severity
from staticanalysis.policy import Policy, PolicyMode, policy_rules
from staticanalysis.rules import rules_for

SNIPPET_LENGTH = 200


def normalise_source(source: str | bytes) -> str:
    """Text the analysers can rely on: valid UTF-8, ``\\n`` line ends, no BOM.

    Python and tree-sitter disagree about lone ``\\r``; normalising first keeps the line
    numbers of both in step with the snippets taken from the same text.
    """
    if isinstance(source, bytes):
        text = source.decode("utf-8", "replace")
    else:
        try:
            source.encode("utf-8")
            text = source
        except UnicodeEncodeError:
            text = source.encode("utf-8", "replace").decode("utf-8")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _run(family: str, text: str, rules: tuple[Rule, ...], prefilter: bool, hits: list[Hit]) -> None:
    if family == PYTHON:
        selected = python_analyser.select_rules(text, rules) if prefilter else rules
        if selected:
            python_analyser.analyse(text, selected, hits)
        return
    selected = treesitter_analyser.select_rules(text, rules) if prefilter else rules
    if selected:
        treesitter_analyser.analyse(family, text, selected, hits)


def _findings(text: str, hits: list[Hit]) -> list[Finding]:
    lines = text.split("\n")
    seen: set[tuple[str, int, int]] = set()
    findings: list[Finding] = []
    for hit in hits:
        line_text = lines[hit.line - 1] if 0 < hit.line <= len(lines) else ""
        # Analysers report UTF-8 byte offsets; people count characters.
        column = len(line_text.encode("utf-8")[: hit.byte_column].decode("utf-8", "ignore")) + 1
        key = (hit.rule_id, hit.line, column)
        if key in seen:
            continue
        seen.add(key)
        findings.append(
            Finding(hit.rule_id, hit.severity, hit.line, column, line_text[:SNIPPET_LENGTH], hit.message)
        )
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return findings


def analyze(
    language: str, source: str | bytes, policy: Policy | None = None, *, prefilter: bool = True
) -> AnalysisReport:
    """Screen ``source`` written in ``language`` (a project language key such as ``py3``).

    Never raises for bad input: unknown languages come back with ``analysed=False``,
    unparsable sources with a ``parse-error`` info finding, sources too pathological to
    analyse in bounded time with an ``analysis-incomplete`` warning, and an internal failure
    with an ``analysis-error`` warning next to whatever was found before it.
    ``prefilter=False`` parses even sources that contain no rule's triggers (for tests and
    benchmarks).
    """
    family = family_for(language)
    if family is None:
        return AnalysisReport(language, None, analysed=False, note=f"language {language!r} is not analysed")
    if policy is not None and policy.mode is PolicyMode.OFF:
        return AnalysisReport(
            language, family, analysed=False, note="static analysis is off for this problem"
        )
    text = normalise_source(source)
    rules = rules_for(family) + policy_rules(policy, family)
    hits: list[Hit] = []
    try:
        _run(family, text, rules, prefilter, hits)
    except Exception as exc:  # screening must never take the judge down
        hits.append(Hit("analysis-error", Severity.WARN, f"analysis failed: {type(exc).__name__}", 1, 0))
    return AnalysisReport(language, family, analysed=True, findings=_findings(text, hits))
