"""Where a JVM program starts, read from its sources: Java's class with `main`, Kotlin's file with a
top-level `main` (its `XxxKt` class), Scala's object with `main` or extending `App`.

Pure functions over source text: comments and string literals are blanked out, then declarations
are found by brace depth. Good enough for programs that compile; a program that fools it fails to
run, which is its own doing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

_JAVA_TYPE = re.compile(r"\b(class|interface|enum|record)\s+([A-Za-z_$][\w$]*)")
# Bounded between `static` and `void`: a hostile source of many `static`s must not make it quadratic.
_JAVA_MAIN = re.compile(r"\bstatic\b[^;{}=]{0,200}?\bvoid\s+main\s*\(")
_PACKAGE = re.compile(r"^\s*package\s+([A-Za-z_][\w.]*)", re.MULTILINE)
_KOTLIN_MAIN = re.compile(r"\bfun\s+main\s*\(")
_KOTLIN_JVM_NAME = re.compile(r"@file\s*:\s*JvmName\s*\(\s*\"([A-Za-z_$][\w$]*)\"\s*\)")
_SCALA_OBJECT = re.compile(r"\bobject\s+([A-Za-z_$][\w$]*)")
_SCALA_APP = re.compile(r"\bextends\s+App\b")
_SCALA_MAIN = re.compile(r"\bdef\s+main\s*\(")


class EntryPointError(ValueError):
    """No entry point, or several: the message is for the contestant (a compile error)."""


@dataclass(frozen=True)
class EntryPoint:
    main_class: str
    # The file name the main source must have (Java's public class), or "" to keep it as it is.
    file_name: str = ""


def blank_literals(source: str) -> str:
    """The source with comments, string and character literals replaced by spaces (line breaks kept),
    so braces and keywords inside them are not seen."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        two = source[i : i + 2]
        if two == "//":
            end = source.find("\n", i)
            end = n if end < 0 else end
        elif two == "/*":
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
        elif source.startswith('"""', i):
            end = source.find('"""', i + 3)
            end = n if end < 0 else end + 3
        elif source[i] in "\"'":
            end = _literal_end(source, i)
        else:
            out.append(source[i])
            i += 1
            continue
        out.append("".join(c if c == "\n" else " " for c in source[i:end]))
        i = end
    return "".join(out)


def _literal_end(source: str, start: int) -> int:
    quote, i = source[start], start + 1
    while i < len(source) and source[i] not in (quote, "\n"):
        i += 2 if source[i] == "\\" else 1
    if quote == "'" and (i >= len(source) or source[i] != quote):
        return start + 1  # a Scala symbol or a lone quote, not a literal
    return min(i + 1, len(source))


def top_level_blocks(text: str) -> list[tuple[str, str]]:
    """(header, body) of every brace block at depth 0; the header is what precedes the block since the
    last `;` or `}` at depth 0."""
    blocks: list[tuple[str, str]] = []
    depth, header_start, body_start = 0, 0, 0
    for i, char in enumerate(text):
        if char == "{":
            if depth == 0:
                body_start = i + 1
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                blocks.append((text[header_start : body_start - 1], text[body_start:i]))
                header_start = i + 1
        elif char == ";" and depth == 0:
            header_start = i + 1
    return blocks


def outside_blocks(text: str) -> str:
    """The text at depth 0: nested blocks' contents removed."""
    depth, kept = 0, []
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def _qualified(text: str, name: str) -> str:
    package = _PACKAGE.search(text)
    return f"{package.group(1)}.{name}" if package else name


def _one(found: list[str], what: str) -> str:
    if not found:
        raise EntryPointError(f"no {what}")
    if len(found) > 1:
        raise EntryPointError(f"several {what}s ({', '.join(sorted(found))}): keep only one")
    return found[0]


# --- Java -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _JavaType:
    name: str
    public: bool
    has_main: bool


def _java_types(source: str) -> tuple[str, list[_JavaType]]:
    text = blank_literals(source)
    types = []
    for header, body in top_level_blocks(text):
        match = _JAVA_TYPE.search(header)
        if match is None:
            continue
        modifiers = header[: match.start()]
        types.append(
            _JavaType(
                match.group(2),
                bool(re.search(r"\bpublic\b", modifiers)),
                bool(_JAVA_MAIN.search(outside_blocks(body))),
            )
        )
    return text, types


def java_entry_point(sources: Mapping[str, str]) -> EntryPoint:
    """The class to run: the top-level class with `static void main(`; among several, the public one.
    A single source is renamed after its public class, as javac requires."""
    candidates: list[tuple[str, str, _JavaType]] = []
    public_types: dict[str, str] = {}
    for filename, source in sources.items():
        text, types = _java_types(source)
        for java_type in types:
            if java_type.public:
                public_types[filename] = java_type.name
            if java_type.has_main:
                candidates.append((filename, text, java_type))
    if len(candidates) > 1:
        candidates = [c for c in candidates if c[2].public] or candidates
    filename, text, found = _pick(candidates, "class with a `public static void main(String[] args)` method")
    file_name = ""
    if len(sources) == 1 and filename in public_types:
        file_name = f"{public_types[filename]}.java"
    return EntryPoint(_qualified(text, found.name), file_name)


def _pick(candidates: list[tuple[str, str, _JavaType]], what: str) -> tuple[str, str, _JavaType]:
    _one([c[2].name for c in candidates], what)
    return candidates[0]


# --- Kotlin -----------------------------------------------------------------------------------


def kotlin_class_for_file(filename: str) -> str:
    """The JVM class Kotlin compiles a file's top-level functions into: `hello.kt` -> `HelloKt`."""
    stem = PurePosixPath(filename).stem
    name = re.sub(r"[^\w$]", "_", stem) or "_"
    return f"{name[0].upper()}{name[1:]}Kt"


def kotlin_entry_point(sources: Mapping[str, str]) -> EntryPoint:
    """The class of the file with a top-level `fun main(` (its @file:JvmName if it has one)."""
    found: dict[str, str] = {}
    for filename, source in sources.items():
        text = blank_literals(source)
        if _KOTLIN_MAIN.search(outside_blocks(text)):
            jvm_name = _KOTLIN_JVM_NAME.search(source)
            name = jvm_name.group(1) if jvm_name else kotlin_class_for_file(filename)
            found[_qualified(text, name)] = filename
    return EntryPoint(_one(list(found), "top-level `fun main()`"))


# --- Scala ------------------------------------------------------------------------------------


def scala_entry_point(sources: Mapping[str, str]) -> EntryPoint:
    """The top-level object with a `def main(` or extending App."""
    found: list[str] = []
    for source in sources.values():
        text = blank_literals(source)
        for header, body in top_level_blocks(text):
            match = _SCALA_OBJECT.search(header)
            if match is None:
                continue
            if _SCALA_APP.search(header) or _SCALA_MAIN.search(outside_blocks(body)):
                found.append(_qualified(text, match.group(1)))
    return EntryPoint(_one(found, "object with `def main(args: Array[String])` or `extends App`"))


ENTRY_POINTS = {"java": java_entry_point, "kotlin": kotlin_entry_point, "scala": scala_entry_point}
