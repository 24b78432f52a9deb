"""A real browser on the profile page: create an API token, copy its key, use it on both APIs, and
revoke it (confirming in the dialog); screenshots of the steps under var/screenshots/."""

import pytest
import requests
from playwright.sync_api import expect, sync_playwright

from bench.stack import ROOT
from tests.e2e.helpers import CHROMIUM_ARGS, log_in, page_errors

pytestmark = [pytest.mark.docker, pytest.mark.browser]

SHOTS = ROOT / "var" / "screenshots"


def v1_status(stack, key: str) -> int:
    headers = {"Authorization": f"Token {key}"}
    return requests.get(stack.base_url + "/api/v1/submissions/", headers=headers, timeout=10).status_code


def judge0_status(stack, key: str) -> int:
    headers = {"X-Auth-Token": key}
    return requests.get(stack.base_url + "/judge0/languages", headers=headers, timeout=10).status_code


def test_a_token_is_created_used_and_revoked_in_the_browser(stack):
    SHOTS.mkdir(parents=True, exist_ok=True)
    profile = stack.base_url + "/users/alice/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=stack.base_url)
        page = context.new_page()
        page.set_default_timeout(30_000)
        errors = page_errors(page)
        try:
            log_in(page, stack, "alice")
            page.goto(profile)
            expect(page.locator("#api-tokens h2")).to_have_text("API tokens")

            page.fill("#token-name", "e2e laptop")
            page.select_option("#token-scope", "read")
            page.click("#token-form button[type=submit]")
            key_field = page.locator("#new-key-value")
            expect(key_field).to_be_visible()
            expect(page.locator("#new-key")).to_contain_text("it will not be shown again")
            expect(page.locator("#new-key")).to_be_in_viewport()  # the form's #api-tokens
            key = key_field.input_value()
            assert len(key) >= 40
            row = page.locator("#token-table tr.is-new")
            expect(row).to_contain_text("e2e laptop")
            expect(row).to_contain_text("Read only")
            expect(row).to_contain_text(key[:8] + "…")
            expect(row).to_contain_text("never")

            # The copy button, shown by the page's script, puts the key on the clipboard.
            page.click("#new-key button[data-copy]")
            expect(page.locator("#copy-status")).to_have_text("Copied to the clipboard.")
            assert page.evaluate("navigator.clipboard.readText()") == key
            page.screenshot(path=str(SHOTS / "tokens-new-key-1280.png"), full_page=True)
            page.set_viewport_size({"width": 390, "height": 900})
            # Once the page has laid itself out again at the new width, nothing sticks out.
            page.wait_for_function("document.documentElement.scrollWidth <= 390", timeout=20_000)
            page.screenshot(path=str(SHOTS / "tokens-new-key-390.png"), full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})

            assert v1_status(stack, key) == 200
            assert judge0_status(stack, key) == 200

            # Never shown again; the table says it was used.
            page.goto(profile)
            assert key not in page.content()
            expect(page.locator("#new-key-value")).to_have_count(0)
            row = page.locator("#token-table tbody tr", has_text="e2e laptop")
            expect(row).not_to_contain_text("never")

            # Revoking asks first: dismissed, nothing happens; accepted, the token is gone.
            page.once("dialog", lambda dialog: dialog.dismiss())
            row.get_by_role("button", name="Revoke e2e laptop").click()
            expect(row).to_have_count(1)
            assert v1_status(stack, key) == 200
            messages: list[str] = []

            def accept(dialog) -> None:
                messages.append(dialog.message)
                dialog.accept()

            page.once("dialog", accept)
            row.get_by_role("button", name="Revoke e2e laptop").click()
            expect(page.locator(".flash")).to_contain_text("Token “e2e laptop” revoked")
            assert page.url == profile
            assert messages and "e2e laptop" in messages[0]
            expect(page.locator("#token-table tbody tr", has_text="e2e laptop")).to_have_count(0)
            page.screenshot(path=str(SHOTS / "tokens-revoked-1280.png"), full_page=True)

            assert v1_status(stack, key) == 401
            assert judge0_status(stack, key) == 401
        finally:
            browser.close()
    assert not errors, errors
