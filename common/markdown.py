"""Markdown to sanitized HTML: statements are written by staff but rendered to everyone.

Math (`$...$`, `$$...$$`) is part of the Markdown parse (a markdown-it rule), so `_` and `*` inside
formulas stay formulas; each formula becomes an element holding its escaped source between `\\(...\\)`
or `\\[...\\]`, which KaTeX's auto-render typesets in the browser. The sanitizer runs last, on the
whole document: nothing is pasted into the HTML after it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "span": {"class"},
    "div": {"class"},
    "code": {"class"},
}
MATH_TOKENS = {"math_inline": "$", "math_inline_double": "$$", "math_block": "$$"}


class _Renderer(RendererHTML):
    def renderInlineAsText(self, tokens: Sequence[Token] | None, options: OptionsDict, env: EnvType) -> str:
        """An image's alt text: formulas keep their source (markdown-it would drop them)."""
        out: list[str] = []
        for token in tokens or []:
            if token.type in MATH_TOKENS:
                delimiter = MATH_TOKENS[token.type]
                out.append(f"{delimiter}{token.content}{delimiter}")
            else:
                out.append(super().renderInlineAsText([token], options, env))
        return "".join(out)


MathRule = Callable[[RendererHTML, Sequence[Token], int, OptionsDict, EnvType], str]


def _math(tag: str, left: str, right: str) -> MathRule:
    def render(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        body = escapeHtml(tokens[idx].content.strip())
        html = f'<{tag} class="math">{left}{body}{right}</{tag}>'
        return f"{html}\n" if tag == "div" else html

    return render


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}, renderer_cls=_Renderer)
    md.enable("table").enable("strikethrough")
    # As pandoc: no space just inside the dollars and no digit just outside them, so prices such as
    # "$5 and $6" stay text; `\$` is a literal dollar.
    md.use(dollarmath_plugin, allow_labels=False, allow_space=False, allow_digits=False, double_inline=True)
    md.add_render_rule("math_inline", _math("span", "\\(", "\\)"))
    md.add_render_rule("math_inline_double", _math("span", "\\[", "\\]"))
    md.add_render_rule("math_block", _math("div", "\\[", "\\]"))
    return md


def render_markdown(text: str) -> str:
    return nh3.clean(
        _parser().render(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
    )
