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
