"""Statements beyond the main one: translations (`problem.<language>.md|tex`), sample interactions
(`data/sample/*.interaction`) and the images a statement shows. Pure functions over names and text,
shared by the package import and the problem page's selectors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from problems.packages.latex import LatexError, latex_to_markdown

DEFAULT_LANGUAGE = "en"
# Where the imported statement's language is kept, in the problem's package metadata.
STATEMENT_LANGUAGE_KEY = "statement_language"
STATEMENT_FILE = re.compile(r"problem(?:\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z]{2})?))?\.(?P<ext>md|tex|pdf)")
INTERACTION_SUFFIX = ".interaction"
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}
# Markdown images and LaTeX-converted ones: `![alt](name "title")`.
_MARKDOWN_IMAGE = re.compile(r"(!\[[^\]]*\]\()([^)\s]+)((?:\s+\"[^\"]*\")?\))")
_HTML_IMAGE = re.compile(r"(<img\b[^>]*\bsrc=\")([^\"]+)(\")", re.IGNORECASE)


def statement_language(name: str) -> str | None:
    """The language of a statement file's name (`problem.sv.md` -> "sv", `problem.md` -> "en"), or
    None when it is not a statement file."""
    match = STATEMENT_FILE.fullmatch(PurePosixPath(name).name)
    if match is None:
        return None
    return (match.group("lang") or DEFAULT_LANGUAGE).lower()


def statement_markdown(name: str, text: str) -> str:
    """A statement file's text as Markdown (LaTeX converted); raises LatexError."""
    if name.endswith(".tex"):
        return latex_to_markdown(text).markdown
    return text


def is_interaction(path: str) -> bool:
    return path.startswith("data/sample/") and path.endswith(INTERACTION_SUFFIX)


@dataclass(frozen=True)
class Exchange:
    """One line of a sample interaction: `to_judge` is what the submission writes (`>` lines)."""

    to_judge: bool
    text: str


def parse_interaction(text: str) -> list[Exchange]:
    """The lines of an `.interaction` file; lines starting with neither `>` nor `<` are ignored, as
    problemtools does."""
    exchanges = []
    for line in text.splitlines():
        if line[:1] in (">", "<"):
            exchanges.append(Exchange(line[0] == ">", line[1:]))
    return exchanges


def image_type(name: str) -> str | None:
    return IMAGE_TYPES.get(PurePosixPath(name).suffix.lower())


def link_images(markdown: str, url_for: dict[str, str]) -> str:
    """Relative image references replaced by the URLs of the stored files they name (`url_for` maps
    a file name relative to the statement directory to its URL); other references are left alone."""

    def replace(match: re.Match[str]) -> str:
        target = match.group(2)
        url = url_for.get(target.removeprefix("./"))
        return f"{match.group(1)}{url}{match.group(3)}" if url else match.group(0)

    return _HTML_IMAGE.sub(replace, _MARKDOWN_IMAGE.sub(replace, markdown))


__all__ = ["LatexError", "statement_markdown"]
