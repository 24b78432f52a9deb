"""Realistic accepted solutions in every analysed language must never be blocked."""

from __future__ import annotations

import collections
import pathlib

import pytest

from staticanalysis.engine import analyze
from staticanalysis.languages import language_for_path

SOLUTIONS = sorted((pathlib.Path(__file__).parent / "solutions").iterdir())


def test_it_has_several_accepted_solutions_per_language():
    families = collections.Counter(language_for_path(path.name) for path in SOLUTIONS)
    assert set(families) == {"py3", "c", "cpp17", "java", "js", "go", "rust"}
    assert all(count >= 2 for count in families.values()), families


@pytest.mark.parametrize("prefilter", [True, False], ids=["prefiltered", "parsed"])
@pytest.mark.parametrize("path", SOLUTIONS, ids=[path.name for path in SOLUTIONS])
def test_it_does_not_block_accepted_solutions(path, prefilter):
    language = language_for_path(path.name)
    assert language is not None
    report = analyze(language, path.read_bytes(), prefilter=prefilter)
    assert report.analysed
    assert not report.blocking, report.findings
    assert not {"parse-error", "analysis-error"} & {f.rule for f in report.findings}


@pytest.mark.parametrize("language", ["pypy3", "cpp20"])
def test_it_treats_sibling_language_keys_alike(language):
    source = next(path for path in SOLUTIONS if path.suffix == (".py" if language == "pypy3" else ".cpp"))
    assert not analyze(language, source.read_text()).blocking
