"""Reads for a problem's statement on its page: the statement in the chosen language (the imported one
or a translation kept from the package), with its images linked to where they are served, the
languages to switch between, and the sample interactions of interactive problems."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404
from django.urls import reverse

from problems.models import Problem, ProblemFile
from problems.packages.latex import LatexError
from problems.packages.statements import (
    DEFAULT_LANGUAGE,
    STATEMENT_LANGUAGE_KEY,
    Exchange,
    image_type,
    is_interaction,
    link_images,
    parse_interaction,
    statement_language,
    statement_markdown,
)
from problems.selectors import access_problem
from problems.storage import blob_get

STATEMENT_DIRS = ("statement/", "problem_statement/")


@dataclass(frozen=True)
class StatementLanguage:
    code: str
    # The page's query string that selects it ("" for the main statement).
    query: str
    current: bool


@dataclass(frozen=True)
class StatementView:
    language: str
    markdown: str
    languages: list[StatementLanguage] = field(default_factory=list)
    # One list of exchanges per sample interaction, in file order.
    interactions: list[list[Exchange]] = field(default_factory=list)


def _statement_files(problem: Problem) -> list[ProblemFile]:
    return list(problem.files.filter(kind=ProblemFile.Kind.STATEMENT).order_by("path"))


def _name_in_statement(path: str) -> str | None:
    for directory in STATEMENT_DIRS:
        if path.startswith(directory):
            return path[len(directory) :]
    return None


def _translations(stored: list[ProblemFile]) -> dict[str, ProblemFile]:
    found: dict[str, ProblemFile] = {}
    for item in stored:
        name = _name_in_statement(item.path)
        language = statement_language(name) if name else None
        if language is None or item.path.endswith(".pdf"):
            continue
        # Markdown wins over LaTeX for one language, as at import.
        if language not in found or item.path.endswith(".md"):
            found[language] = item
    return found


def _image_urls(problem: Problem, stored: list[ProblemFile]) -> dict[str, str]:
    urls: dict[str, str] = {}
    for item in stored:
        name = _name_in_statement(item.path)
        if name and image_type(name):
            url = reverse("problem_statement_file", args=[problem.slug, name])
            urls[name] = url
            urls.setdefault(posixpath.splitext(name)[0], url)  # \includegraphics{figure}
    return urls


def problem_statement_view(*, problem: Problem, language: str | None = None) -> StatementView:
    """The statement in `language` when the package had it (else the main one), ready to render."""
    stored = _statement_files(problem)
    translations = _translations(stored)
    main_language = str(problem.package_metadata.get(STATEMENT_LANGUAGE_KEY) or DEFAULT_LANGUAGE)
    markdown, chosen = problem.statement, main_language
    if language and language != main_language and language in translations:
        item = translations[language]
        try:
            markdown = statement_markdown(item.path, blob_get(item.sha256).decode(errors="replace"))
            chosen = language
        except LatexError:
            pass  # the main statement, rather than none
    codes = sorted({main_language, *translations})
    languages = [
        StatementLanguage(code, "" if code == main_language else f"?lang={code}", code == chosen)
        for code in codes
    ]
    interactions = [
        parse_interaction(blob_get(item.sha256).decode(errors="replace"))
        for item in stored
        if is_interaction(item.path)
    ]
    return StatementView(
        language=chosen,
        markdown=link_images(markdown, _image_urls(problem, stored)),
        languages=languages if len(languages) > 1 else [],
        interactions=interactions,
    )


def access_statement_image(*, user: User | AnonymousUser, slug: str, name: str) -> tuple[ProblemFile, str]:
    """A statement image of a problem this user may see, and its content type; nothing else of the
    statement directory (a LaTeX source, say) is served."""
    problem = access_problem(user=user, slug=slug)
    content_type = image_type(name)
    if content_type is None:
        raise Http404("No such image")
    paths = [f"{directory}{name}" for directory in STATEMENT_DIRS]
    item = problem.files.filter(kind=ProblemFile.Kind.STATEMENT, path__in=paths).first()
    if item is None:
        raise Http404("No such image")
    return item, content_type
