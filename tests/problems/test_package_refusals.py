"""Packages refused: always one message naming the file and the rule, never a traceback."""

import shutil

import pytest
from django.core.management.base import CommandError

from tests.problems.package_helpers import import_package

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "edit", "message"),
    [
        (
            "multipass",
            lambda p: (p / "problem.yaml").write_text(
                (p / "problem.yaml")
                .read_text()
                .replace("type: multi-pass", "type: [multi-pass, submit-answer]")
            ),
            "problem 'multipass': problem.yaml: a submit-answer problem cannot be interactive or multi-pass",
        ),
        (
            "multipass",
            lambda p: (p / "problem.yaml").write_text("problem_format_version: 1999\n"),
            "problem 'multipass': problem.yaml: unknown problem_format_version '1999'",
        ),
        (
            "arguments",
            lambda p: (p / "submissions/accepted/obey.py").rename(p / "submissions/accepted/obey.xyz"),
            "problem 'arguments': submissions/accepted/obey.xyz: unknown language (extension '.xyz')",
        ),
        (
            "arguments",
            lambda p: (
                (p / "submissions/accepted/notes").mkdir()
                or (p / "submissions/accepted/notes/README").write_text("x")
            ),
            "problem 'arguments': submissions/accepted/notes/: "
            "cannot tell the program's language (found: none)",
        ),
        (
            "statements",
            lambda p: shutil.rmtree(p / "statement"),
            "problem 'statements': statement/: no problem statement directory",
        ),
    ],
    ids=["submit-answer", "format-version", "unknown-extension", "directory-without-sources", "no-statement"],
)
def test_malformed_packages_are_refused_with_a_message(package, name, edit, message):
    path = package(name)
    edit(path)

    with pytest.raises(CommandError) as raised:
        import_package(path)

    assert str(raised.value).startswith(message)
