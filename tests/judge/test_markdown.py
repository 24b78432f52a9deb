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
