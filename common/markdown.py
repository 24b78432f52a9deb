"""Markdown to sanitized HTML: statements are written by staff but rendered to everyone.

Math (`$...$`, `$$...$$`) is cut out before Markdown sees it, so that `_` and `*` inside formulas
stay formulas, and put back escaped as `\\(...\\)` / `\\[...\\]` for KaTeX to render in the browser.
"""

from __future__ import annotations

import html
import re
from functools import cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "span": {"class"},
    "code": {"class"},
}
# $$display$$ (may span lines) first, then $inline$ on one line that neither starts nor ends with a
# space and is not followed by a digit (as pandoc does); \$ is a literal dollar.
MATH = re.compile(
    r"(?<!\\)\$\$(.+?)(?<!\\)\$\$"  # display
    r"|(?<![\\$])\$(?=[^\s$])([^\n$]+?)(?<=[^\s\\])\$(?![\d$])",  # inline
    re.DOTALL,
)
# Private-use characters: Markdown and the sanitizer leave them alone, and statements never use them.
PLACEHOLDER = "\ue000{}\ue001"


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")


def render_markdown(text: str) -> str:
    formulas: list[str] = []

    def stash(match: re.Match[str]) -> str:
        display, inline = match.group(1), match.group(2)
        body = html.escape(display if display is not None else inline)
        formulas.append(f"\\[{body}\\]" if display is not None else f"\\({body}\\)")
        return PLACEHOLDER.format(len(formulas) - 1)

    source = MATH.sub(stash, text.replace("\ue000", "").replace("\ue001", ""))
    rendered = nh3.clean(
        _parser().render(source),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
    )
    for index, formula in enumerate(formulas):
        rendered = rendered.replace(PLACEHOLDER.format(index), f'<span class="math">{formula}</span>')
    return rendered
