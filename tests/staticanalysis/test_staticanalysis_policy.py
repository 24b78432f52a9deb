"""Per-problem policies: modes, and bans turned into blocking rules."""

from __future__ import annotations

import pytest

from staticanalysis.engine import analyze
from staticanalysis.model import Severity
from staticanalysis.policy import Policy, PolicyMode, decide, policy_rules

NO_SORTED = Policy(banned_identifiers={"py3": ("sorted",)})
NO_SORT_CPP = Policy(banned_identifiers={"cpp17": ("sort",)})


def _banned(report):
    return [(f.rule, f.line) for f in report.findings if f.rule.startswith("policy-")]


def test_it_turns_a_banned_python_identifier_into_a_blocking_finding():
    source = "a = list(map(int, input().split()))\nprint(*sorted(a))\n"
    report = analyze("py3", source, NO_SORTED)
    assert _banned(report) == [("policy-banned-identifier", 2)]
    finding = report.findings[0]
    assert finding.severity is Severity.BLOCK
    assert "sorted" in finding.message
    assert decide(report, NO_SORTED)


def test_it_applies_a_py3_ban_to_pypy3_and_leaves_other_problems_alone():
    source = "print(sorted([3, 1, 2]))\n"
    assert _banned(analyze("pypy3", source, NO_SORTED))
    assert not analyze("py3", source).findings
    assert not _banned(analyze("py3", "a = [3, 1]\na.sort()\nprint(a)\n", NO_SORTED))


def test_it_catches_a_banned_python_name_behind_an_alias_or_getattr():
    assert _banned(analyze("py3", "s = sorted\nprint(s([2, 1]))\n", NO_SORTED))
    assert _banned(analyze("py3", "f = getattr(__builtins__, 'sorted')\n", NO_SORTED))


@pytest.mark.parametrize("language", ["cpp17", "cpp20"])
def test_it_turns_a_banned_cpp_identifier_into_a_blocking_finding(language):
    source = (
        "#include <bits/stdc++.h>\nusing namespace std;\n"
        "int main() {\n    vector<int> a{3, 1, 2};\n    sort(a.begin(), a.end());\n"
        "    std::sort(a.begin(), a.end());\n}\n"
    )
    report = analyze(language, source, NO_SORT_CPP)
    assert _banned(report) == [("policy-banned-identifier", 5), ("policy-banned-identifier", 6)]
    assert decide(report, NO_SORT_CPP)
    assert not _banned(analyze(language, source.replace("sort(", "stable_sort("), NO_SORT_CPP))


@pytest.mark.parametrize(
    ("language", "bans", "source", "lines"),
    [
        ("py3", {"banned_calls": {"py3": ["sort"]}}, "a = [2, 1]\na.sort()\nb = sorted(a)\n", [2]),
        (
            "py3",
            {"banned_imports": {"python": ["heapq"]}},
            "import heapq\nfrom heapq import heappush\n",
            [1, 2],
        ),
        (
            "c",
            {"banned_calls": {"c": ["qsort"]}},
            "#include <stdlib.h>\nint main(void) { int a[2]; qsort(a, 2, 4, 0); }\n",
            [2],
        ),
        (
            "cpp17",
            {"banned_imports": {"cpp": ["algorithm"]}},
            "#include <algorithm>\n#include <vector>\n",
            [1],
        ),
        (
            "java",
            {"banned_calls": {"java": ["Collections.sort"]}},
            "class Main { void f(java.util.List<Integer> l) {"
            " Collections.sort(l); java.util.Arrays.sort(new int[1]); } }\n",
            [1],
        ),
        (
            "java",
            {"banned_imports": {"java": ["java.util.PriorityQueue"]}},
            "import java.util.*;\nimport java.util.PriorityQueue;\nclass Main {}\n",
            [2],
        ),
        ("js", {"banned_calls": {"js": ["sort"]}}, "const a = [2, 1];\na.sort((x, y) => x - y);\n", [2]),
        ("js", {"banned_imports": {"js": ["lodash"]}}, "const _ = require('lodash');\n", [1]),
        (
            "go",
            {"banned_imports": {"go": ["sort"]}, "banned_calls": {"go": ["sort.Ints"]}},
            'package main\n\nimport "sort"\n\nfunc main() {\n\ta := []int{2, 1}\n\tsort.Ints(a)\n}\n',
            [3, 7],
        ),
        (
            "rust",
            {"banned_imports": {"rust": ["std::collections::BinaryHeap"]}},
            "use std::collections::{BinaryHeap, HashMap};\nfn main() {}\n",
            [1],
        ),
        (
            "rust",
            {"banned_calls": {"rust": ["sort_unstable"]}},
            "fn main() {\n    let mut v = vec![2, 1];\n    v.sort_unstable();\n}\n",
            [3],
        ),
    ],
)
def test_it_supports_banned_imports_and_calls_in_every_language(language, bans, source, lines):
    policy = Policy.from_dict({"mode": "block", **bans})
    report = analyze(language, source, policy)
    assert sorted({line for _, line in _banned(report)}) == lines, report.findings
    assert decide(report, policy)


def test_it_reports_but_does_not_block_in_report_mode():
    policy = Policy(mode=PolicyMode.REPORT, banned_identifiers={"py3": ("sorted",)})
    report = analyze("py3", "print(sorted([1]))\n", policy)
    assert _banned(report)
    assert report.blocking
    assert not decide(report, policy)


def test_it_round_trips_through_json_friendly_dicts():
    policy = Policy(mode=PolicyMode.REPORT, banned_calls={"cpp17": ("sort", "std::stable_sort")})
    data = policy.to_dict()
    assert data == {
        "mode": "report",
        "banned_imports": {},
        "banned_calls": {"cpp17": ["sort", "std::stable_sort"]},
        "banned_identifiers": {},
    }
    assert Policy.from_dict(data) == policy
    assert Policy.from_dict({}).mode is PolicyMode.BLOCK


@pytest.mark.parametrize("term", ['so"rt', "a b", "x\\y", "", "(sort)"])
def test_it_rejects_names_that_are_not_names(term):
    with pytest.raises(ValueError, match="invalid banned name"):
        Policy(banned_identifiers={"py3": (term,)})


def test_it_rejects_unknown_modes():
    with pytest.raises(ValueError):
        Policy.from_dict({"mode": "maybe"})


def test_it_ignores_bans_for_other_languages():
    policy = Policy(banned_identifiers={"java": ("sort",), "kotlin": ("sorted",)})
    assert policy_rules(policy, "python") == ()
    assert policy_rules(None, "python") == ()
    assert len(policy_rules(policy, "java")) == 1
