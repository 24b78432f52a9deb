"""Registry of languages: one small module each, discovered by name."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import PurePath

from sandbox.languages.base import Language

__all__ = ["Language", "UnknownLanguage", "all_languages", "get_language", "language_for_filename"]


# Modules of this package that are not one language each.
_NOT_LANGUAGES = ("base", "entrypoints", "programs")


class UnknownLanguage(KeyError):
    pass


@cache
def all_languages() -> dict[str, Language]:
    found: dict[str, Language] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name in _NOT_LANGUAGES:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        language: Language = module.LANGUAGE
        found[language.key] = language
    return dict(sorted(found.items()))


def get_language(key: str) -> Language:
    try:
        return all_languages()[key]
    except KeyError:
        raise UnknownLanguage(f"unknown language {key!r}") from None


def language_for_filename(filename: str) -> Language:
    """Detect the language from a file's extension, the way problemtools does."""
    suffix = PurePath(filename).suffix
    for language in all_languages().values():
        if suffix in language.extensions:
            return language
    raise UnknownLanguage(f"no language for extension {suffix!r} of {filename}")
