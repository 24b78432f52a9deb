"""The engine: language mapping, robustness, positions, the prefilter and decisions."""

from __future__ import annotations

import base64
import pathlib
import random
import time

import pytest

from staticanalysis.analysers.limits import PARSE_BUDGET_SECONDS, QUERY_BUDGET_SECONDS
from staticanalysis.engine import SNIPPET_LENGTH, analyze
from staticanalysis.languages import FAMILY_KEYS, LANGUAGE_FAMILIES, family_for, language_for_path
from staticanalysis.model import Severity
from staticanalysis.policy import Policy, PolicyMode, decide
from staticanalysis.rules import ALL_RULES

SOLUTIONS = pathlib.Path(__file__).parent / "solutions"
PAYLOAD = base64.b64encode(bytes(range(7, 250))).decode()


def _rules(report):
    return {finding.rule for finding in report.findings}


def test_it_maps_every_project_language_key_to_an_analyser():
    assert family_for("py3") == family_for("pypy3") == "python"
    assert family_for("cpp17") == family_for("cpp20") == "cpp"
    assert {family_for(key) for key in ("c", "java", "js", "go", "rust")} == {
        "c",
        "java",
        "javascript",
        "go",
        "rust",
    }
    assert set(LANGUAGE_FAMILIES) == {"py3", "pypy3", "c", "cpp17", "cpp20", "java", "js", "go", "rust"}


@pytest.mark.parametrize("language", ["kotlin", "ruby", "haskell", "", "PY3"])
def test_it_reports_unknown_languages_as_not_analysed(language):
    report = analyze(language, 'fun main() = println("hi")\n')
    assert not report.analysed
    assert report.findings == []
    assert not report.blocking
    assert language in report.note or not language
    assert not decide(report)


@pytest.mark.parametrize("language", sorted(LANGUAGE_FAMILIES))
def test_it_survives_garbage_and_binary_sources(language):
    generator = random.Random(language)
    sources: list[str | bytes] = [
        b"",
        bytes(generator.randrange(256) for _ in range(4096)),
        b"\x00\x00\x00int main\x00(",
        b"\xff\xfe\xfa invalid utf-8 \xc3",
        "\ud800 lone surrogate",
        "(" * 5000,
        "{" * 5000 + "}" * 10,
        "a." * 20000 + "b",
        '"unterminated string\n' * 50,
        "\ufeffBOM first\r\nthen CRLF\rand CR\n",
    ]
    for source in sources:
        report = analyze(language, source)
        assert report.analysed
        assert "analysis-error" not in _rules(report), (source[:40], report.findings)


def test_it_turns_python_syntax_errors_into_an_info_finding():
    report = analyze("py3", "import os\nos.system('ls'\n")
    assert report.analysed
    assert [(f.rule, f.severity) for f in report.findings] == [("parse-error", Severity.INFO)]
    assert not report.blocking


def test_it_reports_one_based_lines_columns_and_the_source_line():
    source = "import sys\n\nx = 1;   import os; os.system('id')\n"
    finding = next(f for f in analyze("py3", source).findings if f.rule == "py-os-system")
    assert (finding.line, finding.column) == (3, 21)
    assert finding.snippet == "x = 1;   import os; os.system('id')"
    assert finding.severity is Severity.BLOCK and finding.message


def test_it_counts_columns_in_characters_not_bytes():
    source = 'int main(void) { const char *s = "ééé"; return system(s); }\n'
    finding = next(f for f in analyze("c", source).findings if f.rule == "c-system")
    assert finding.column == source.index("system(") + 1


def test_it_truncates_snippets_to_200_characters():
    source = "x = " + "1 + " * 200 + "eval('1')\n"
    finding = next(f for f in analyze("py3", source).findings if f.rule == "py-eval")
    assert len(finding.snippet) == SNIPPET_LENGTH
    assert source.startswith(finding.snippet)


def test_it_keeps_line_numbers_right_with_crlf_line_endings():
    source = b'#include <stdlib.h>\r\nint main(void) {\r\n    return system("ls");\r\n}\r\n'
    finding = next(f for f in analyze("c", source).findings if f.rule == "c-system")
    assert (finding.line, finding.column) == (3, 12)


def test_it_reports_each_rule_once_per_position():
    report = analyze("py3", "import subprocess\nsubprocess.run(['ls'])\n")
    positions = [(f.rule, f.line, f.column) for f in report.findings]
    assert len(positions) == len(set(positions))


def test_it_skips_parsing_clean_sources_without_changing_results():
    # Every example and accepted solution must give the same findings with and without the
    # trigger prefilter (parse errors aside: an unparsed source has none).
    sources: list[tuple[str | None, str]] = [
        (FAMILY_KEYS[family], source)
        for rule in ALL_RULES
        for family in rule.languages
        for source in rule.bad + rule.good
    ]
    sources += [(language_for_path(path.name), path.read_text()) for path in sorted(SOLUTIONS.iterdir())]
    for language, source in sources:
        assert language is not None
        fast = [f for f in analyze(language, source).findings if f.rule != "parse-error"]
        slow = [f for f in analyze(language, source, prefilter=False).findings if f.rule != "parse-error"]
        assert fast == slow, (language, source[:80])


@pytest.mark.parametrize(
    ("language", "source", "rule_id"),
    [
        # adjacent literals are one constant
        ("py3", 'path = ("/pr" "oc/self/mem")\n', "py-escape-path"),
        # so is a backslash-newline inside a literal
        ("py3", 'path = "/pr\\\noc/self/mem"\n', "py-escape-path"),
        # escapes spell anything
        ("py3", 'path = "\\x2fetc\\x2fshadow"\n', "py-escape-path"),
        # Python folds fullwidth identifiers to ASCII (NFKC)
        ("py3", "import os\nos.\uff53\uff59\uff53\uff54\uff45\uff4d('id')\n", "py-os-system"),
        # dynamic lookups resolve through constants
        ("py3", "getattr(__import__('o' 's'), 'sys' 'tem')('id')\n", "py-os-system"),
        ("py3", "import sys\nsys.modules['subprocess'].run('id')\n", "py-subprocess"),
        ("py3", "b = __builtins__.__dict__['eval']\nb('1')\n", "py-eval"),
        ("py3", "imp = __import__\nimp('socket')\n", "py-socket"),
        ("py3", f"import base64\nexec(base64.b64decode('{PAYLOAD}'))\n", "py-decode-exec"),
        ("py3", f"import base64\nexec(base64.b64decode('{PAYLOAD}'))\n", "py-encoded-blob"),
        ("cpp17", 'int main() { return std::system("ls"); }\n', "c-system"),
        ("cpp20", 'int main() { return ::system("ls"); }\n', "c-system"),
        ("cpp17", 'const char *p = R"(/var/run/docker.sock)";\n', "c-escape-path"),
        ("cpp17", '#include "/dev/stdin"\nint main() {}\n', "c-device-include"),
        ("js", "const m = await import('node:child_process');\n", "js-child-process"),
        ("go", 'package main\n\nimport x "os/exec"\n\nfunc main() { x.Command("ls") }\n', "go-process"),
    ],
)
def test_it_sees_through_common_disguises(language, source, rule_id):
    assert rule_id in _rules(analyze(language, source))


@pytest.mark.parametrize(
    ("language", "source"),
    [
        (
            "py3",
            "import sys\ninput = sys.stdin.readline\nsys.setrecursionlimit(10**6)\nprint(sorted([3, 1]))\n",
        ),
        ("py3", "import threading\nthreading.stack_size(1 << 26)\nthreading.Thread(target=print).start()\n"),
        ("py3", "data = open(0).read().split()\nprint(' '.join(data))\n"),
        ("cpp17", "#include <bits/stdc++.h>\nint main() { std::ios::sync_with_stdio(false); }\n"),
        ("rust", "fn main() { let v = vec![1u8]; let s = unsafe { std::str::from_utf8_unchecked(&v) }; }\n"),
        ("js", "const lines = require('fs').readFileSync('/dev/stdin', 'utf8').split('\\n');\n"),
    ],
)
def test_it_never_blocks_everyday_idioms(language, source):
    report = analyze(language, source)
    assert report.analysed
    assert not report.blocking, report.findings


def test_it_blocks_only_in_block_mode_and_only_for_block_findings():
    dangerous = analyze("py3", "import os\nos.system('ls')\n")
    merely_odd = analyze("py3", "print(eval('1 + 1'))\n")
    assert dangerous.blocking and not merely_odd.blocking
    assert decide(dangerous) and decide(dangerous, Policy(mode=PolicyMode.BLOCK))
    assert not decide(dangerous, Policy(mode=PolicyMode.REPORT))
    assert not decide(merely_odd, Policy(mode=PolicyMode.BLOCK))


def test_it_does_not_analyse_when_the_policy_is_off():
    report = analyze("py3", "import os\nos.system('ls')\n", Policy(mode=PolicyMode.OFF))
    assert not report.analysed
    assert report.findings == []
    assert not decide(report, Policy(mode=PolicyMode.OFF))


def test_it_serialises_reports():
    data = analyze("c", "int main(void) { fork(); }\n").to_dict()
    assert data["analysed"] is True and data["family"] == "c"
    assert data["findings"][0]["rule"] == "c-fork"
    assert set(data["findings"][0]) == {"rule", "severity", "line", "column", "snippet", "message"}


@pytest.mark.parametrize(
    ("language", "source"),
    [
        ("c", "{" * 65536),  # unclosed brackets: an error node queried in quadratic time
        ("js", "a" + ".b" * 100000),  # a very deep (valid) tree
        ("java", "a<" * 30000),  # generics ambiguity: a parse that ignores its timeout
        ("go", '"' * 60000),  # a parse that runs into its timeout
    ],
)
def test_it_refuses_pathological_sources_quickly(language, source):
    started = time.perf_counter()
    report = analyze(language, source, prefilter=False)
    # Bounded by the parse and query budgets (plus start-up, slower on a busy machine), where an
    # unbounded analysis of these sources would take minutes.
    assert time.perf_counter() - started < 5 * (PARSE_BUDGET_SECONDS + QUERY_BUDGET_SECONDS)
    finding = next(f for f in report.findings if f.rule == "analysis-incomplete")
    assert finding.severity is Severity.WARN
    assert not report.blocking


def test_it_says_when_a_query_ran_out_of_time(monkeypatch):
    from staticanalysis.analysers import limits

    monkeypatch.setattr(limits, "QUERY_BUDGET_SECONDS", 1e-9)
    report = analyze("c", 'int main(void) { return system("ls"); }\n')
    assert "analysis-incomplete" in _rules(report)


def test_it_analyses_ordinary_deep_nesting():
    source = "int main(void) {" + "{" * 200 + 'system("ls");' + "}" * 200 + "}\n"
    assert _rules(analyze("c", source)) == {"c-system"}
