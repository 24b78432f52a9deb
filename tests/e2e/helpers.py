"""What the browser tests share: the browser's arguments, logging in, typing code."""

from playwright.sync_api import Page

from bench.stack import Stack

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def log_in(page: Page, stack: Stack, username: str, password: str | None = None) -> None:
    page.goto(stack.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or stack.logins[username])
    page.click("form.card button[type=submit]")
    page.wait_for_url(stack.base_url + "/")


def type_source(page: Page, source: str) -> None:
    """Type the source as a user would: into Monaco where the page mounted it, else the text area."""
    if page.viewport_size and page.viewport_size["width"] >= 600:
        page.wait_for_selector("body[data-editor=monaco] .monaco-editor .view-lines")
        page.click(".monaco-editor .view-lines")
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.type(source)
    else:
        page.fill("textarea[name=source]", source)
