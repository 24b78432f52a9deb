"""Hostile strings shared by the web corpus: each must come back escaped, never as markup."""

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOADS = [SCRIPT, IMG]


def escaped(text: str) -> str:
    """How Django's autoescape writes the text into a page."""
    from django.utils.html import escape

    return str(escape(text))
