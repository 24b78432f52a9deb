"""Programs of one or several files: which file is the main one, what the compile and run commands
become, which language a directory of files is in, and programs built by `build`/`run` scripts.

Pure over file names and contents; the result is a Language (its commands adjusted) and the files
to place in the sandbox, so the sandbox compiles it as any single-file program.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from sandbox.languages import Language, UnknownLanguage, all_languages, language_for_filename
from sandbox.languages.entrypoints import ENTRY_POINTS, EntryPointError
from sandbox.types import SourceFile

BUILD_SCRIPT, RUN_SCRIPT = "build", "run"
# A directory mixing these is C++ (C helpers in a C++ program, say).
_C_FAMILY = ("cpp17", "c")


class ProgramError(ValueError):
    """The files do not make a program we can compile: the message says why (a compile error)."""


@dataclass(frozen=True)
class Program:
    language: Language
    sources: tuple[SourceFile, ...]


def language_of_files(names: Sequence[str]) -> Language:
    """The one language of a directory's sources (headers and other files ignored). Raises
    ProgramError when there is none or several."""
    found: dict[str, Language] = {}
    for name in names:
        try:
            language = language_for_filename(name)
        except UnknownLanguage:
            continue
        found[language.key] = language
    if set(found) == set(_C_FAMILY):
        return found[_C_FAMILY[0]]
    if len(found) != 1:
        described = ", ".join(sorted(found)) or "none"
        raise ProgramError(f"cannot tell the program's language (found: {described})")
    return next(iter(found.values()))


def is_unit(language: Language, name: str) -> bool:
    return PurePosixPath(name).suffix in language.extensions


def main_file(language: Language, files: Sequence[SourceFile], hint: str = "") -> str:
    """The file a program of several sources starts from, as problemtools picks it: the only source
    of the language, else the one named `main` or `__main__` (or after the program, `hint`), else the
    one that checks `__name__ == "__main__"`."""
    units = [f for f in files if is_unit(language, f.name)]
    if len(units) == 1:
        return units[0].name
    if not units:
        raise ProgramError(f"no {language.name} source file")
    # `__main__.py`: the 2023-07 format's entry point of a Python program that is a package.
    stems = ("main", "__main__", PurePosixPath(hint).stem.lower())
    named = [f.name for f in units if PurePosixPath(f.name).stem.lower() in stems]
    if len(named) == 1:
        return named[0]
    guarded = [f.name for f in units if b"__main__" in f.content]
    if len(guarded) == 1:
        return guarded[0]
    listed = ", ".join(sorted(f.name for f in units))
    raise ProgramError(f"cannot tell the main file among {listed}: name it main{language.extensions[0]}")


def prepare_program(language: Language, files: Sequence[SourceFile], hint: str = "") -> Program:
    """The language with its commands adjusted to these files, and the files as placed in the box.
    A JVM language's class to run is found from the sources; a language that compiles every source
    gets them all on its command line; other languages get their main file renamed to `source_name`.
    Raises ProgramError when that cannot be done."""
    names = [f.name for f in files]
    if len(set(names)) != len(names):
        raise ProgramError("two files have the same name")
    if BUILD_SCRIPT in names or RUN_SCRIPT in names:
        return scripted_program(language, files)
    if language.entry_point:
        return _jvm_program(language, files)
    if language.compile_all:
        return _compiled_together(language, files)
    main = main_file(language, files, hint)
    if main != language.source_name and language.source_name in names:
        raise ProgramError(f"a file other than the main one is named {language.source_name}")
    placed = tuple(SourceFile(language.source_name if f.name == main else f.name, f.content) for f in files)
    if len(placed) > 1:
        language = _with_script_directory(language)
    return Program(language, placed)


def with_extra_files(
    language: Language, own: Sequence[SourceFile], extra: Sequence[SourceFile], hint: str = ""
) -> list[SourceFile]:
    """A program's own files and files added to it (a problem's include files): the main file is
    found among its own (and renamed to `source_name`) unless an added file is the main one already
    (a driver); an added file replaces an own file of the same name."""
    replaced = {f.name for f in extra}
    kept = [f for f in own if f.name not in replaced]
    if not extra or language.compile_all or language.entry_point or language.source_name in replaced:
        return [*kept, *extra]
    try:
        main = main_file(language, kept, hint)
    except ProgramError:
        return [*kept, *extra]
    return [SourceFile(language.source_name if f.name == main else f.name, f.content) for f in kept] + list(
        extra
    )


def _compiled_together(language: Language, files: Sequence[SourceFile]) -> Program:
    units = sorted(f.name for f in files if is_unit(language, f.name))
    if not units:
        raise ProgramError(f"no {language.name} source file")
    if units == [language.source_name] or language.compile is None:
        return Program(language, tuple(files))
    at = language.compile.index(language.source_name)
    compile_argv = (*language.compile[:at], *units, *language.compile[at + 1 :])
    return Program(dataclasses.replace(language, compile=compile_argv), tuple(files))


def _with_script_directory(language: Language) -> Language:
    """Python's isolated mode (-I) leaves the script's directory off sys.path, where a program of
    several files finds its modules: -E -s keep the rest of what -I does."""
    if "-I" not in language.run:
        return language
    at = language.run.index("-I")
    run = (*language.run[:at], "-E", "-s", *language.run[at + 1 :])
    return dataclasses.replace(language, run=run, forkserver=False)


def _jvm_program(language: Language, files: Sequence[SourceFile]) -> Program:
    units = {f.name: f.content.decode(errors="replace") for f in files if is_unit(language, f.name)}
    if not units:
        raise ProgramError(f"no {language.name} source file")
    try:
        entry = ENTRY_POINTS[language.entry_point](units)
    except EntryPointError as exc:
        raise ProgramError(f"cannot find where the program starts: {exc}") from None
    placed = list(files)
    if entry.file_name and len(units) == 1:
        only = next(iter(units))
        placed = [SourceFile(entry.file_name, f.content) if f.name == only else f for f in files]
    unit_names = sorted(f.name for f in placed if is_unit(language, f.name))
    assert language.compile is not None
    at = language.compile.index(language.source_name)
    compile_argv = (*language.compile[:at], *unit_names, *language.compile[at + 1 :])
    run_argv = (*language.run[:-1], entry.main_class)
    return Program(dataclasses.replace(language, compile=compile_argv, run=run_argv), tuple(placed))


def scripted_program(language: Language | None, files: Sequence[SourceFile]) -> Program:
    """A program with its own `build` and/or `run` script (the package format's convention): `build`
    runs once as the compile step, `run` runs the program; without `run`, `build` must leave an
    executable `run`. In the image of the directory's language, else the base image."""
    names = {f.name for f in files}
    image = language.image if language is not None else "base"
    base = language or all_languages()["bash"]
    compile_argv = ("bash", BUILD_SCRIPT) if BUILD_SCRIPT in names else None
    run_argv = ("bash", RUN_SCRIPT) if RUN_SCRIPT in names else ("./run",)
    scripted = dataclasses.replace(
        base,
        key=f"{base.key}-scripted",
        name=f"{base.name} (build/run scripts)",
        image=image,
        compile=compile_argv,
        run=run_argv,
        forkserver=False,
        compile_all=False,
        entry_point="",
    )
    return Program(scripted, tuple(files))


def program_language(names: Sequence[str]) -> Language | None:
    """The language of a directory, or None when it has build/run scripts and no known source."""
    try:
        return language_of_files(names)
    except ProgramError:
        if BUILD_SCRIPT in names or RUN_SCRIPT in names:
            return None
        raise
