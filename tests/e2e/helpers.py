"""What the browser tests share: the browser's arguments, logging in, typing code, page errors."""

from playwright.sync_api import ConsoleMessage, Page

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


def page_errors(page: Page) -> list[str]:
    """A list that collects what the Content Security Policy blocks (logged to the console) and the
    scripts that throw (one that breaks because of the policy does), as the page goes on."""
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
