"""Every registered language, compiled and run in the real sandbox; extension detection."""

import pytest

from sandbox.engine import Sandbox
from sandbox.images import RECIPES
from sandbox.languages import UnknownLanguage, all_languages, get_language, language_for_filename
from sandbox.selftest import SELF_TEST_LIMITS, LanguageCheck, check_language, format_table
from sandbox.types import SourceFile

pytestmark = pytest.mark.docker

EXTENSIONS = {
    "main.c": "c",
    "a.cc": "cpp17",
    "a.cpp": "cpp17",
    "a.cxx": "cpp17",
    "a.c++": "cpp17",
    "a.C": "cpp17",
    "Main.java": "java",
    "main.kt": "kotlin",
    "main.py": "py3",
    "main.py3": "py3",
    "main.js": "js",
    "main.go": "go",
    "main.rs": "rust",
    "main.rb": "ruby",
    "main.php": "php",
    "main.cs": "csharp",
    "main.hs": "haskell",
    "main.ml": "ocaml",
    "main.pas": "pascal",
    "main.lua": "lua",
    # problemtools: .pl is Prolog; Perl has no extension of its own and is chosen explicitly.
    "main.pl": "prolog",
    "main.sh": "bash",
    "main.scala": "scala",
    "main.sc": "scala",
    "main.lisp": "lisp",
    "main.cl": "lisp",
}


def test_at_least_fifteen_languages_are_registered():
    assert len(all_languages()) >= 15


@pytest.mark.parametrize(("filename", "key"), sorted(EXTENSIONS.items()))
def test_extension_detection(filename, key):
    assert language_for_filename(filename).key == key


@pytest.mark.parametrize("filename", ["main.txt", "Makefile", "main.PY", "main.c.orig"])
def test_unknown_extensions_are_rejected(filename):
    with pytest.raises(UnknownLanguage):
        language_for_filename(filename)


def test_every_extension_belongs_to_exactly_one_language():
    seen: dict[str, str] = {}
    for language in all_languages().values():
        for extension in language.extensions:
            assert extension.startswith("."), (language.key, extension)
            assert extension not in seen, f"{extension} claimed by {seen.get(extension)} and {language.key}"
            seen[extension] = language.key


def test_every_language_names_a_known_image_family():
    for language in all_languages().values():
        assert language.image in RECIPES, language.key
        assert language.key == language.key.lower() and language.key.isalnum()


def test_get_language_rejects_unknown_keys():
    with pytest.raises(UnknownLanguage):
        get_language("cobol")


@pytest.mark.parametrize("key", sorted(all_languages()))
def test_language_passes_its_self_test(key):
    check = check_language(get_language(key))
    assert check.ok, f"{key}: {check.message}"
    assert check.version and not check.version.startswith("?"), check.version


# Not a program in any language (the PHP tag keeps PHP from echoing it as literal text).
BROKEN = b"<?php this is not a program (((\n"


@pytest.mark.parametrize("key", sorted(k for k, language in all_languages().items() if language.compile))
def test_a_broken_program_fails_to_compile_with_a_message(key):
    language = get_language(key)
    with Sandbox(language, SELF_TEST_LIMITS) as box:
        result = box.compile([SourceFile(language.source_name, BROKEN)])
    assert not result.ok
    assert result.output.strip()


def test_format_table_lists_every_check_and_failure_messages():
    checks = [
        LanguageCheck("py3", "Python 3", "Python 3.11.2", True, "ok", 30, 8),
        LanguageCheck("rust", "Rust", "", False, "compilation failed: boom", 0, 0),
    ]
    lines = format_table(checks).splitlines()
    assert lines[0].split()[:4] == ["key", "name", "version", "ok"]
    assert lines[1].startswith("py3") and " ok " in lines[1] and "Python 3.11.2" in lines[1]
    assert (
        lines[2].startswith("rust") and "FAIL" in lines[2] and lines[2].endswith("compilation failed: boom")
    )
