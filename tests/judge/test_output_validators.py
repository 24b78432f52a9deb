"""Authors' output validators (Kattis and testlib conventions) through grade() and the real engine."""

import hashlib
import os
from pathlib import Path

import pytest

from grading.checking.checkers import (
    Checker,
    CheckerKind,
    CheckerProgram,
    CheckerUnavailable,
    program_sources,
)
from grading.grader import TestData, grade
from grading.scoring import GroupInfo
from grading.verdicts import Verdict
from sandbox.languages import get_language
from sandbox.types import Limits, SourceFile

pytestmark = pytest.mark.docker

PY = get_language("py3")
LIMITS = Limits(time_ms=2000, memory_kb=128 * 1024, output_bytes=1 << 20)
ECHO = "import sys\nsys.stdout.buffer.write(sys.stdin.buffer.read())\n"

# Decides by the first word of the team's output (the submission echoes its input).
KATTIS_VALIDATOR = r"""
import os, sys
input_path, answer_path, feedback = sys.argv[1:4]
team = sys.stdin.buffer.read()
word = team.split()[0].decode() if team.split() else ""
def write(name, text):
    with open(feedback + name, "w") as f:
        f.write(text)
assert open(input_path, "rb").read() == team
if word == "ac":
    write("judgemessage.txt", "fine, for staff")
    sys.exit(42)
if word == "wa":
    write("judgemessage.txt", "expected " + open(answer_path).read())
    write("teammessage.txt", "look at the second line")
    sys.exit(43)
if word == "flags":
    write("judgemessage.txt", " ".join(sys.argv[4:]))
    sys.exit(42)
if word == "plant":
    os.symlink("/etc/passwd", feedback + "judgemessage.txt")
    os.mkfifo(feedback + "teammessage.txt")
    sys.exit(43)
if word == "crash":
    write("judgeerror.txt", "cannot parse the answer")
    sys.exit(1)
if word == "noisy":
    sys.stdout.write("z" * (2 << 20))
    sys.exit(42)
sys.exit(0)
"""

TESTLIB_CHECKER = r"""
import sys
input_path, output_path, answer_path = sys.argv[1:4]
team = open(output_path, "rb").read()
assert open(input_path, "rb").read() == team and open(answer_path).read() == "ANSWER"
code, report = {
    "ok": (0, "ok 1 number"),
    "wa": (1, "wrong answer expected 3, found 4"),
    "pe": (2, "wrong output format Unexpected end of file"),
    "fail": (3, "FAIL the answer file is broken"),
    "half": (7, "points 0.5 half of the pairs"),
    "too-many": (7, "points 1.5 more than all"),
}[team.split()[0].decode()]
sys.stderr.write(report)
sys.exit(code)
"""


def python_checker(source: str, kind: CheckerKind = CheckerKind.KATTIS, **kwargs) -> Checker:
    program = CheckerProgram(PY, (SourceFile(PY.source_name, source.encode()),))
    return Checker(program=program, kind=kind, **kwargs)


def cases(*outputs: bytes, group: str = "") -> list[TestData]:
    return [TestData(index=i, input=o, answer=b"ANSWER", group=group) for i, o in enumerate(outputs, 1)]


def run(checker: Checker, tests: list[TestData], source: str = ECHO, **kwargs):
    options = {"limits": LIMITS, "stop_on_failure": False, "checker": checker, **kwargs}
    return grade(language=PY, source=source, tests=tests, **options)


def test_a_kattis_validator_decides_and_its_feedback_is_collected():
    result = run(python_checker(KATTIS_VALIDATOR), cases(b"ac\n", b"wa\n", b"crash\n", b"zero\n", b"noisy\n"))

    assert [t.verdict for t in result.tests] == [Verdict.AC, Verdict.WA, Verdict.IE, Verdict.IE, Verdict.IE]
    accepted, rejected, crashed, zero, noisy = result.tests
    assert accepted.message == "fine, for staff" and accepted.team_message == ""
    # judgemessage.txt is for staff (TestResult.message); teammessage.txt is the contestant's.
    assert rejected.message == "expected ANSWER"
    assert rejected.team_message == "look at the second line"
    assert result.team_message == "look at the second line"
    assert "exited with code 1" in crashed.message and "cannot parse the answer" in crashed.message
    assert "exited with code 0" in zero.message
    assert "wrote too much output" in noisy.message
    assert result.verdict is Verdict.IE


def test_a_kattis_validator_gets_each_groups_flags_and_cannot_return_links():
    checker = python_checker(KATTIS_VALIDATOR, group_flags={"g1": "case_sensitive", "g2": "x y"}, flags="top")
    tests = [*cases(b"flags\n", group="g1"), *cases(b"flags\n", group="g2"), *cases(b"flags\n")]
    tests += cases(b"plant\n")

    result = run(checker, tests)

    assert [t.message for t in result.tests[:3]] == ["case_sensitive", "x y", "top"]
    planted = result.tests[3]
    assert planted.verdict is Verdict.WA
    assert planted.message == "rejected by the output validator" and planted.team_message == ""


def test_a_testlib_checker_gives_ok_wa_pe_fail_and_points():
    checker = python_checker(TESTLIB_CHECKER, CheckerKind.TESTLIB)
    result = run(checker, cases(b"ok\n", b"wa\n", b"pe\n", b"fail\n", b"half\n", b"too-many\n"))

    verdicts = [t.verdict for t in result.tests]
    assert verdicts == [Verdict.AC, Verdict.WA, Verdict.WA, Verdict.IE, Verdict.WA, Verdict.IE]
    assert result.tests[1].message == "wrong answer expected 3, found 4"
    assert "FAIL the answer file is broken" in result.tests[3].message
    assert result.tests[4].score == 0.5
    assert "outside [0, 1]" in result.tests[5].message
    # Partial credit counts: (1 + 0.5) of 6 tests.
    assert result.score == 25.0


def test_testlib_points_count_within_groups():
    checker = python_checker(TESTLIB_CHECKER, CheckerKind.TESTLIB)
    groups = [GroupInfo("sample", True, None, "pass-fail"), GroupInfo("secret", False, 100, "sum")]
    tests = [*cases(b"ok\n", group="sample"), *cases(b"ok\n", b"half\n", group="secret")]

    result = run(checker, tests, groups=groups)

    assert result.score == 75.0 and result.verdict is Verdict.WA


HOSTILE = r"""
import os, sys
# Names the checker's side uses, planted in the submission's own container: they stay there.
for name in ("/tmp/feedback", "/tmp/files", "/box/judgemessage.txt", "/tmp/team_output"):
    try:
        os.symlink("/etc/passwd", name)
    except OSError:
        pass
sys.stdout.buffer.write(bytes(range(256)) * 2048 + b"\n../../etc/passwd\0/tmp/feedback\n")
"""

EXPECTS_JUNK = r"""
import sys
team = sys.stdin.buffer.read()
expected = bytes(range(256)) * 2048 + b"\n../../etc/passwd\0/tmp/feedback\n"
with open(sys.argv[3] + "judgemessage.txt", "w") as f:
    f.write("%d bytes" % len(team))
sys.exit(42 if team == expected else 43)
"""


def host_tmp() -> dict[str, int]:
    entries = {}
    for name in os.listdir("/tmp"):
        try:
            entries[name] = (Path("/tmp") / name).lstat().st_uid
        except OSError:
            continue
    return entries


def test_hostile_team_output_reaches_the_validator_as_bytes_only():
    before, passwd = host_tmp(), hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()

    result = run(python_checker(EXPECTS_JUNK), cases(b""), source=HOSTILE)
    flood = run(python_checker(EXPECTS_JUNK), cases(b""), source="print('x' * (2 << 20))\n")

    assert result.verdict is Verdict.AC, result.tests[0].message
    junk = bytes(range(256)) * 2048 + b"\n../../etc/passwd\0/tmp/feedback\n"
    assert result.tests[0].message == f"{len(junk)} bytes"
    # Over the output limit: OLE, and the validator is never asked.
    assert flood.verdict is Verdict.OLE and flood.tests[0].message != "0 bytes"
    new = {name: uid for name, uid in host_tmp().items() if name not in before}
    assert not {name for name, uid in new.items() if uid == 65534 or name in ("feedback", "files")}
    assert hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest() == passwd


CPP_VALIDATOR = r"""
#include <cstdio>
#include "verdicts.h"
int main(int argc, char **argv) {
    long long n = 0, x = 0;
    FILE *in = std::fopen(argv[1], "r");
    if (!in || std::fscanf(in, "%lld", &n) != 1) return 1;
    if (std::scanf("%lld", &x) != 1) return REJECTED;
    return x * x == n ? ACCEPTED : REJECTED;
}
"""


def test_a_compiled_validator_with_a_helper_header_and_one_that_does_not_compile():
    files = {
        "output_validator/validate.cpp": CPP_VALIDATOR.encode(),
        "output_validator/verdicts.h": b"#define ACCEPTED 42\n#define REJECTED 43\n",
    }
    program = program_sources("output_validator", sorted(files), files.__getitem__)
    assert program.language.key == "cpp17" and {s.name for s in program.sources} == {
        "validate.cpp",
        "verdicts.h",
    }
    square_root = "n = int(input())\nprint(-int(n ** 0.5) if n != 2 else 1)\n"

    result = run(Checker(program=program), cases(b"9\n", b"2\n"), source=square_root)

    assert [t.verdict for t in result.tests] == [Verdict.AC, Verdict.WA]
    broken = CheckerProgram(PY, (SourceFile(PY.source_name, b"def broken(:\n"),))
    with pytest.raises(CheckerUnavailable, match="does not compile"):
        run(Checker(program=broken), cases(b"9\n"))
