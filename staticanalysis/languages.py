"""Which analyser handles which of the project's language keys."""

from __future__ import annotations

import os

PYTHON = "python"
C = "c"
CPP = "cpp"
JAVA = "java"
JAVASCRIPT = "javascript"
GO = "go"
RUST = "rust"

FAMILIES: tuple[str, ...] = (PYTHON, C, CPP, JAVA, JAVASCRIPT, GO, RUST)

# The project's language keys; anything else (kotlin, ruby, ...) is reported as not analysed.
LANGUAGE_FAMILIES: dict[str, str] = {
    "py3": PYTHON,
    "pypy3": PYTHON,
    "c": C,
    "cpp17": CPP,
    "cpp20": CPP,
    "java": JAVA,
    "js": JAVASCRIPT,
    "go": GO,
    "rust": RUST,
}

# One language key per family, used wherever a family has to be turned back into a key.
FAMILY_KEYS: dict[str, str] = {
    PYTHON: "py3",
    C: "c",
    CPP: "cpp17",
    JAVA: "java",
    JAVASCRIPT: "js",
    GO: "go",
    RUST: "rust",
}

EXTENSIONS: dict[str, str] = {
    ".py": "py3",
    ".c": "c",
    ".cc": "cpp17",
    ".cpp": "cpp17",
    ".cxx": "cpp17",
    ".java": "java",
    ".js": "js",
    ".go": "go",
    ".rs": "rust",
}


def family_for(language: str) -> str | None:
    """The analyser family of a language key; family names themselves are accepted too."""
    if language in LANGUAGE_FAMILIES:
        return LANGUAGE_FAMILIES[language]
    return language if language in FAMILIES else None


def language_for_path(path: str) -> str | None:
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())
