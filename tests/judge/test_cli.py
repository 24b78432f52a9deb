import json

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.docker]


def judge_file(tmp_path, capsys, name, source, *args):
    path = tmp_path / name
    path.write_text(source)
    call_command("judge", str(path), "--problem", "aplusb", *args)
    return json.loads(capsys.readouterr().out)


def test_it_prints_one_json_object_for_an_accepted_file(tmp_path, capsys, aplusb):
    report = judge_file(tmp_path, capsys, "ab.py", "a, b = map(int, input().split())\nprint(a + b)\n")
    assert report["verdict"] == "AC" and report["score"] == 100
    assert len(report["tests"]) == 3
    assert all(t["verdict"] == "AC" and t["time_ms"] >= 0 and t["memory_kb"] > 0 for t in report["tests"])


def test_it_detects_the_language_and_reports_wrong_answers(tmp_path, capsys, aplusb):
    source = '#include <cstdio>\nint main(){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n",a*b);}\n'
    report = judge_file(tmp_path, capsys, "ab.cpp", source, "--all-tests")
    assert report["verdict"] == "WA"
    assert [t["verdict"] for t in report["tests"]] == ["WA", "WA", "WA"]


def test_it_fails_clearly_on_an_unknown_problem(tmp_path, aplusb):
    from django.core.management.base import CommandError

    path = tmp_path / "x.py"
    path.write_text("print(1)")
    with pytest.raises(CommandError, match="no problem 'nope'"):
        call_command("judge", str(path), "--problem", "nope")
