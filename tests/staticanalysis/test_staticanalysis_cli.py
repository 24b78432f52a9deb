"""The ``analyze`` command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from staticanalysis.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def dangerous(tmp_path):
    path = tmp_path / "solution.py"
    path.write_text("import os\nos.system('ls')\nprint(eval('1'))\n")
    return path


def test_it_prints_findings_as_a_json_list(dangerous):
    code, out, _ = _run("analyze", "--language", "py3", str(dangerous), "--json")
    findings = json.loads(out)
    assert code == 1
    assert isinstance(findings, list) and len(findings) == 2
    for finding in findings:
        assert set(finding) == {"rule", "severity", "line", "column", "message"}
    assert findings[0] == {
        "rule": "py-os-system",
        "severity": "block",
        "line": 2,
        "column": 1,
        "message": "runs a shell command",
    }
    assert findings[1]["severity"] == "warn"


def test_it_prints_a_table_by_default(dangerous):
    code, out, _ = _run("--language", "py3", str(dangerous))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split() == ["LINE:COL", "SEVERITY", "RULE", "MESSAGE"]
    assert lines[1].split()[:3] == ["2:1", "block", "py-os-system"]


def test_it_detects_the_language_from_the_extension(tmp_path):
    for name, source in [
        ("a.cc", "int main() { fork(); }\n"),
        ("Main.java", "class Main {}\n"),
        ("x.rs", ""),
    ]:
        path = tmp_path / name
        path.write_text(source)
        code, out, _ = _run(str(path), "--json")
        assert code == (1 if name == "a.cc" else 0)
        assert isinstance(json.loads(out), list)


def test_it_exits_cleanly_for_clean_and_unanalysed_sources(tmp_path):
    path = tmp_path / "main.kt"
    path.write_text('fun main() = println("hi")\n')
    assert _run("--language", "kotlin", str(path), "--json")[:2] == (0, "[]\n")
    code, out, _ = _run("--language", "kotlin", str(path))
    assert code == 0 and out.startswith("not analysed")
    clean = tmp_path / "ok.go"
    clean.write_text('package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(1) }\n')
    assert _run(str(clean)) == (0, "no findings\n", "")


def test_it_fails_with_usage_errors(tmp_path):
    unknown = tmp_path / "solution.txt"
    unknown.write_text("hello")
    code, _, err = _run(str(unknown))
    assert code == 2 and "--language" in err
    assert _run("--language", "py3", str(tmp_path / "missing.py"))[0] == 2
    assert _run()[0] == 2


def test_it_applies_a_policy_file(tmp_path):
    source = tmp_path / "s.py"
    source.write_text("print(sorted([2, 1]))\n")
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"mode": "block", "banned_identifiers": {"py3": ["sorted"]}}))
    code, out, _ = _run(str(source), "--policy", str(policy), "--json")
    assert code == 1
    assert [f["rule"] for f in json.loads(out)] == ["policy-banned-identifier"]


def test_it_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "staticanalysis.cli", "analyze", "--language", "c", "-", "--json"],
        input=b'int main(void) { return system("id"); }\n',
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)[0]["rule"] == "c-system"
