from html.parser import HTMLParser

import pytest

from common.markdown import render_markdown


def test_it_renders_markdown():
    assert "<strong>bold</strong>" in render_markdown("**bold**")


def test_it_escapes_raw_html():
    html = render_markdown("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_it_drops_javascript_links():
    html = render_markdown("[x](javascript:alert(1)) and [ok](https://example.org)")
    assert 'href="javascript' not in html
    assert 'href="https://example.org"' in html


def test_it_keeps_math_away_from_markdown():
    html = render_markdown("Let $a_1 * b_2$ and $$\\sum_{i=1}^n x_i$$ cost \\$5, not $ 3 $.")
    assert '<span class="math">\\(a_1 * b_2\\)</span>' in html
    assert '<span class="math">\\[\\sum_{i=1}^n x_i\\]</span>' in html
    assert "<em>" not in html
    assert "$5" in html and "$ 3 $" in html


def test_it_escapes_html_inside_math():
    html = render_markdown("$<img src=x onerror=alert(1)>$")
    assert "<img" not in html and "&lt;img" in html


class Tree(HTMLParser):
    """Start tags with their attributes, failing on an end tag that closes anything but the last open."""

    VOID = {"br", "hr", "img"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.feed(html)
        self.close()
        assert not self.open, f"unclosed {self.open} in {html!r}"

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open}"
        self.open.pop()


def test_it_keeps_a_formula_in_a_link_title_as_text_and_the_html_well_formed():
    html = render_markdown('See [the note](https://example.org "$m$ text") here, $x$.')

    tree = Tree(html)
    assert [tag for tag, _ in tree.tags] == ["p", "a", "span"]
    link = tree.tags[1][1]
    assert link["href"] == "https://example.org" and link["title"] == "$m$ text"
    assert '<span class="math">\\(x\\)</span>' in html


def test_it_keeps_a_formula_in_an_image_alt_as_text_and_the_html_well_formed():
    html = render_markdown('![a $m$ b](https://example.org/x.png "t $q$ u")')

    tree = Tree(html)
    assert [tag for tag, _ in tree.tags] == ["p", "img"]
    image = tree.tags[1][1]
    assert (image["alt"], image["title"]) == ("a $m$ b", "t $q$ u")


def test_it_renders_display_math_on_its_own_lines_as_a_block():
    html = render_markdown("Sum:\n\n$$\n\\sum_i x_i < y\n$$\n")

    assert '<div class="math">\\[\\sum_i x_i &lt; y\\]</div>' in html
    Tree(html)


def test_it_leaves_dollars_in_code_alone():
    assert render_markdown("`$x$`") == "<p><code>$x$</code></p>\n"


XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    '[x](JaVaScRiPt:alert(1) "$a$")',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '[x](https://a "$x$" onmouseover="alert(1)")',
    '[x](https://a "a $b" onmouseover="alert(1)$ c")',
    '![$a$" onerror="alert(1)](https://a/x.png)',
    '![x](https://a/x.png "$a$\\" onerror=\\"alert(1)")',
    "$</span><script>alert(1)</script>$",
    "$$</div><img src=x onerror=alert(1)>$$",
    "$$\n</div><script>alert(1)</script>\n$$",
    "$x$](javascript:alert(1))",
    "[$x$](javascript:alert(1))",
    "`</code><script>alert(1)</script>`",
    "```\n</pre><script>alert(1)</script>\n```",
    "\ue000 0 \ue001 $a$ \ue0000\ue001",
    "<a href='javascript:alert(1)'>x</a>",
    "[x]: javascript:alert(1)\n\n[y][x]",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> $b$ |",
]


@pytest.mark.parametrize("source", XSS)
def test_it_neutralises_script_in_statements(source):
    html = render_markdown(source)

    tree = Tree(html)
    for tag, attrs in tree.tags:
        assert tag not in {"script", "svg", "iframe", "object", "embed", "style", "form", "input"}, html
        assert not [name for name in attrs if name.startswith("on") or name == "style"], html
        for name in ("href", "src"):
            assert (attrs.get(name) or "https:").split(":")[0] in {"https", "http", "mailto"}, html
        if tag in ("span", "div"):
            assert attrs == {"class": "math"}, html
