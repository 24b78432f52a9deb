"""A newcomer's whole journey in a real browser, with and without JavaScript."""

import time

import pytest
from playwright.sync_api import Request, expect, sync_playwright

from tests.e2e.helpers import CHROMIUM_ARGS, page_errors, type_source

pytestmark = [pytest.mark.docker, pytest.mark.browser]

AB = "a, b = map(int, input().split())\nprint(a + b)\n"
AB_WRONG = "a, b = map(int, input().split())\nprint(a - b)\n"


@pytest.fixture
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        expect.set_options(timeout=60_000)
        yield browser
        browser.close()


def test_a_new_user_signs_up_solves_a_problem_and_sees_a_failed_sample(stack, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(30_000)
    errors = page_errors(page)
    username = f"newbie{int(time.time() * 1000) % 10**8}"

    page.goto(stack.base_url + "/")
    page.click("main >> text=Sign up")
    page.fill("input[name=username]", username)
    page.fill("input[name=password1]", "Correct-Horse-9")
    page.fill("input[name=password2]", "Correct-Horse-9")
    page.click("#signup-form button[type=submit]")
    page.wait_for_url(stack.base_url + "/")
    expect(page.locator(".topbar")).to_contain_text(username)

    page.click("nav >> text=Problems")
    page.click("text=A + B")
    page.wait_for_url("**/problems/aplusb/")
    page.select_option("select[name=language]", "py3")
    type_source(page, AB)

    page.click("details.custom-run summary")
    page.fill("#run-stdin", "20 22\n")
    page.click("#run-button")
    expect(page.locator("#run-output")).to_contain_text("Output:\n42")

    # Ctrl+Enter in the editor submits.
    page.click(".monaco-editor .view-lines")
    page.keyboard.press("Control+Enter")
    page.wait_for_url("**/submissions/*/")
    expect(page.locator("#verdict")).to_have_text("Accepted")
    expect(page.locator("#results td.v-AC")).to_have_count(10)
    expect(page.locator("#progress")).to_have_js_property("value", 10)
    expect(page.locator("#progress-text")).to_have_text("10 of 10")
    expect(page.locator("pre.source code.hljs")).to_have_count(1)  # highlighted

    page.goto(stack.base_url + "/problems/aplusb/")
    type_source(page, AB_WRONG)
    page.click("#submit-form button[type=submit]")
    page.wait_for_url("**/submissions/*/")
    expect(page.locator("#verdict")).to_have_text("Wrong Answer")
    # The first test is the sample 1 2: its input, the answer and the output, side by side, fetched
    # when judging ended (no reload).
    expect(page.locator(".failed-sample .received")).to_have_text("-1\n")
    expect(page.locator(".failed-sample .expected")).to_have_text("3\n")

    page.goto(stack.base_url + f"/users/{username}/")
    expect(page.locator("#solved-title + ul")).to_contain_text("A + B")
    assert not errors, errors


def test_without_javascript_a_textarea_submits_and_a_reload_shows_the_verdict(stack, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(stack.base_url + "/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", stack.logins["alice"])
    page.click("form.card button[type=submit]")
    page.goto(stack.base_url + "/problems/aplusb/")
    assert page.locator(".monaco-editor").count() == 0
    page.select_option("select[name=language]", "py3")
    page.fill("textarea[name=source]", AB)
    page.click("#submit-form button[type=submit]")
    page.wait_for_url("**/submissions/*/")
    deadline = time.monotonic() + 90
    while page.inner_text("#verdict") != "Accepted" and time.monotonic() < deadline:
        time.sleep(1)
        page.reload()
    assert page.inner_text("#verdict") == "Accepted"
    assert page.locator("#results td.v-AC").count() == 10
    context.close()


def test_the_staff_queue_shows_a_new_submission_and_its_verdict_live(stack, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(30_000)
    page.goto(stack.base_url + "/accounts/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", stack.logins["admin"])
    page.click("form.card button[type=submit]")
    page.goto(stack.base_url + "/staff/queue/")
    page.wait_for_selector("#queue-live[data-live='1']", state="attached")
    page.evaluate("window.__sameDocument = true")
    submission_id = stack.submit(stack.login("alice"), AB)
    row = page.locator(f"#queue-rows tr[data-id='{submission_id}']")
    expect(row.locator("[data-cell=verdict]")).to_have_text("Accepted")
    expect(row.locator("button", has_text="Rejudge")).to_have_count(1)
    assert page.evaluate("window.__sameDocument") is True
    row.locator("button", has_text="Rejudge").click()
    expect(page.locator(".flash")).to_contain_text(f"#{submission_id} is queued for rejudging")
    expect(page.locator(f"#queue-rows tr[data-id='{submission_id}'] [data-cell=verdict]")).to_have_text(
        "Accepted"
    )


def test_a_phone_gets_the_text_area_and_ctrl_enter_submits(stack, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    editor_requests: list[str] = []

    def seen(request: Request) -> None:
        if "monaco" in request.url:
            editor_requests.append(request.url)

    page.on("request", seen)
    page.goto(stack.base_url + "/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", stack.logins["alice"])
    page.click("form.card button[type=submit]")
    page.goto(stack.base_url + "/problems/aplusb/")
    page.wait_for_load_state("networkidle")
    assert editor_requests == []  # the editor is not even downloaded
    expect(page.locator("textarea[name=source]")).to_be_visible()
    page.select_option("select[name=language]", "py3")
    page.fill("textarea[name=source]", AB)
    page.press("textarea[name=source]", "Control+Enter")
    page.wait_for_url("**/submissions/*/")
    expect(page.locator("#verdict")).to_have_text("Accepted")
    context.close()
