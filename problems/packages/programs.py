"""A package's jury programs as the sandbox gets them: a submission's files (a single file, or a
directory flattened), with the package's `include/<language>/` files added, in its language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath

from sandbox.languages import Language, get_language
from sandbox.languages.programs import with_extra_files
from sandbox.types import SourceFile

INCLUDE_DIR = "include"
# The package format's language codes (the Kattis language list) for our language keys; our own keys
# name an include directory too.
PACKAGE_LANGUAGE_CODES: Mapping[str, tuple[str, ...]] = {
    "c": ("c",),
    "cpp17": ("cpp", "c++"),
    "cpp20": ("cpp", "c++"),
    "csharp": ("csharp", "cs"),
    "go": ("go",),
    "haskell": ("haskell",),
    "java": ("java",),
    "js": ("javascript", "nodejs"),
    "kotlin": ("kotlin",),
    "lisp": ("lisp", "commonlisp"),
    "lua": ("lua",),
    "ocaml": ("ocaml",),
    "pascal": ("pascal",),
    "perl": ("perl",),
    "php": ("php",),
    "prolog": ("prolog",),
    "py3": ("python3", "python"),
    "pypy3": ("python3", "python", "pypy3"),
    "ruby": ("ruby",),
    "rust": ("rust",),
    "scala": ("scala",),
    "bash": ("bash", "sh"),
}


class DuplicateFile(ValueError):
    pass


def include_dirs(language: Language) -> tuple[str, ...]:
    codes = (language.key, *PACKAGE_LANGUAGE_CODES.get(language.key, ()))
    return tuple(f"{INCLUDE_DIR}/{code}" for code in dict.fromkeys(codes))


def included_files(language: Language | None, include: Mapping[str, bytes]) -> list[SourceFile]:
    """The files of `include/<code>/` for this language (`include` maps package paths to contents)."""
    if language is None:
        return []
    prefixes = tuple(f"{d}/" for d in include_dirs(language))
    return [
        SourceFile(PurePosixPath(p).name, c) for p, c in sorted(include.items()) if p.startswith(prefixes)
    ]


def flatten(files: Iterable[tuple[str, bytes]]) -> list[SourceFile]:
    """Files by their base name, as the sandbox holds them; raises DuplicateFile on a clash."""
    placed: dict[str, bytes] = {}
    for path, content in files:
        name = PurePosixPath(path).name
        if name in placed:
            raise DuplicateFile(f"two files named {name}")
        placed[name] = content
    return [SourceFile(name, content) for name, content in placed.items()]


def with_includes(
    language: Language | None, own: Sequence[SourceFile], include: Mapping[str, bytes], hint: str = ""
) -> list[SourceFile]:
    """A program's files with the problem's include files for its language added; an included file
    replaces the program's file of the same name, as the package format says."""
    extra = included_files(language, include)
    if language is None:
        return list(own)
    return with_extra_files(language, own, extra, hint)


def jury_program(
    language: Language | None, files: Mapping[str, bytes], include: Mapping[str, bytes], hint: str = ""
) -> tuple[Language, list[SourceFile]]:
    """The language to compile with (a directory with build/run scripts and no known source: bash's
    image) and the files, flattened, with the include files for the language."""
    return language or get_language("bash"), with_includes(language, flatten(files.items()), include, hint)
