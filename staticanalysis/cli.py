"""``analyze --language KEY FILE [--json] [--policy POLICY.json]``: screen one file.

Exit status: 0 when nothing would block judging, 1 when a finding of ``block`` severity was
found, 2 for usage errors and unreadable files. The leading word ``analyze`` is optional, so
the same ``main`` serves ``python -m staticanalysis.cli analyze ...`` and a management command
that passes only the options.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from staticanalysis.engine import analyze
from staticanalysis.languages import EXTENSIONS, LANGUAGE_FAMILIES, language_for_path
from staticanalysis.model import AnalysisReport
from staticanalysis.policy import Policy

_JSON_KEYS = ("rule", "severity", "line", "column", "message")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="analyze", description="Screen a submission's source for forbidden or malicious patterns."
    )
    parser.add_argument(
        "--language",
        "-l",
        metavar="KEY",
        help=f"language key ({', '.join(LANGUAGE_FAMILIES)}); default: from the file extension "
        f"({' '.join(EXTENSIONS)})",
    )
    parser.add_argument("file", metavar="FILE", help="source file to analyse ('-' for standard input)")
    parser.add_argument("--json", action="store_true", help="print findings as a JSON list")
    parser.add_argument("--policy", metavar="POLICY", help="JSON file with a per-problem policy")
    return parser


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


def _load_policy(path: str | None) -> Policy | None:
    if path is None:
        return None
    with open(path, encoding="utf-8") as handle:
        return Policy.from_dict(json.load(handle))


def render_json(report: AnalysisReport) -> str:
    return json.dumps([{key: finding.to_dict()[key] for key in _JSON_KEYS} for finding in report.findings])


def render_table(report: AnalysisReport) -> str:
    if not report.analysed:
        return f"not analysed: {report.note}"
    if not report.findings:
        return "no findings"
    rows = [("LINE:COL", "SEVERITY", "RULE", "MESSAGE")]
    rows += [(f"{f.line}:{f.column}", f.severity.value, f.rule, f.message) for f in report.findings]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        lines.append("  ".join((*cells, row[3])))
    return "\n".join(lines)


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["analyze"]:
        args_list = args_list[1:]
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse exits on --help and on errors
        return int(exc.code or 0)
    language = args.language or language_for_path(args.file)
    if language is None:
        print(f"analyze: cannot tell the language of {args.file}; pass --language", file=err)
        return 2
    try:
        source = _read(args.file)
        policy = _load_policy(args.policy)
    except (OSError, ValueError) as exc:
        print(f"analyze: {exc}", file=err)
        return 2
    report = analyze(language, source, policy)
    if args.json:
        if not report.analysed:
            print(f"analyze: not analysed: {report.note}", file=err)
        print(render_json(report), file=out)
    else:
        print(render_table(report), file=out)
    return 1 if report.blocking else 0


if __name__ == "__main__":
    raise SystemExit(main())
