"""Judge0 v1.13.1 language ids mapped onto our languages (sandbox registry keys).

Clients hard-code Judge0's ids (71 is Python 3, 54 C++), and the Judge0 SDK resolves its aliases
to the 1.13.1 ids (its C++ is 52, its C 50), so every id a client is likely to send for a language
we have points at it. Languages without a Judge0 id in 1.13.1 (C++20, PyPy) are not offered here.
"""

from __future__ import annotations

from dataclasses import dataclass

from judge.models import Language
from judge.selectors import language_list
from sandbox.languages import UnknownLanguage, get_language


@dataclass(frozen=True)
class Judge0Language:
    id: int
    name: str
    key: str


JUDGE0_LANGUAGE_KEYS: dict[int, str] = {
    46: "bash",
    48: "c",
    49: "c",
    50: "c",
    51: "csharp",
    52: "cpp17",
    53: "cpp17",
    54: "cpp17",
    55: "lisp",
    60: "go",
    61: "haskell",
    62: "java",
    63: "js",
    64: "lua",
    65: "ocaml",
    67: "pascal",
    68: "php",
    69: "prolog",
    71: "py3",
    72: "ruby",
    73: "rust",
    78: "kotlin",
    81: "scala",
    85: "perl",
}


def judge0_languages() -> list[Judge0Language]:
    """The Judge0 ids whose language is enabled here, by id."""
    enabled: dict[str, Language] = {language.key: language for language in language_list()}
    return [
        Judge0Language(id=language_id, name=enabled[key].name, key=key)
        for language_id, key in sorted(JUDGE0_LANGUAGE_KEYS.items())
        if key in enabled
    ]


def judge0_language(language_id: int) -> Judge0Language | None:
    return next((language for language in judge0_languages() if language.id == language_id), None)


def judge0_language_detail(language: Judge0Language) -> dict[str, object]:
    """`/languages/{id}`: the id and name, plus the file and commands as Judge0 shows them."""
    try:
        sandboxed = get_language(language.key)
    except UnknownLanguage:
        return {"id": language.id, "name": language.name}
    return {
        "id": language.id,
        "name": language.name,
        "is_archived": False,
        "source_file": sandboxed.source_name,
        "compile_cmd": " ".join(sandboxed.compile) if sandboxed.compile else None,
        "run_cmd": " ".join(sandboxed.run),
    }
