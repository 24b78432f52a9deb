"""A real browser against a real stack: log in, submit, watch the verdict arrive live."""

import signal

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.helpers import CHROMIUM_ARGS, log_in, page_errors, type_source

pytestmark = [pytest.mark.docker, pytest.mark.browser]

# Each test takes 0.15 s, longer than the judge waits to commit results together: one event per test.
AB_SLOW = "import time\ntime.sleep(0.15)\na, b = map(int, input().split())\nprint(a + b)\n"
# Records the number of result rows and the progress bar's value at each change of the table.
WATCH_ROWS = """
window.__sameDocument = true;
const tbody = document.querySelector('#results tbody');
const progress = document.getElementById('progress');
window.__rowsSeen = [[tbody.children.length, progress.value]];
new MutationObserver(() => window.__rowsSeen.push([tbody.children.length, progress.value]))
    .observe(tbody, {childList: true, subtree: true, characterData: true});
"""


@pytest.fixture
def page(stack):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(30_000)
        expect.set_options(timeout=30_000)
        errors = page_errors(page)
        yield page
        page.screenshot(path=str(stack.var_dir / "last-page.png"), full_page=True)
        browser.close()
        assert not errors, errors


def test_it_shows_each_test_verdict_live_without_reloading(stack, page):
    log_in(page, stack, "alice")
    page.goto(stack.base_url + "/problems/aplusb/")
    assert "A + B" in page.inner_text("h1")
    assert page.locator(".statement .katex").count() >= 2  # $a$ and $b$ rendered by KaTeX
    page.select_option("select[name=language]", "py3")
    type_source(page, AB_SLOW)
    # The judge worker is held until the page is open and watching, however slow the machine: the
    # page must then see the tests arrive one after another, not find them all there at once.
    (worker,) = stack.worker_procs
    worker.send_signal(signal.SIGSTOP)
    try:
        page.click("#submit-form button[type=submit]")
        page.wait_for_url("**/submissions/*/")
        assert page.inner_text("#status") == "Queued"
        page.wait_for_selector("#submission[data-live='1']", state="attached")
        page.evaluate(WATCH_ROWS)
    finally:
        worker.send_signal(signal.SIGCONT)
    # (A locator, not wait_for_function: a predicate given as a string is evaluated with eval(),
    # which the page's policy forbids.)
    expect(page.locator("#verdict")).to_have_text("Accepted")

    seen = page.evaluate("window.__rowsSeen")  # [rows, progress] at each change of the table
    assert seen[0][0] == 0
    counts = sorted({rows for rows, _ in seen})
    assert counts[-1] == 10 and len(counts) >= 4, seen  # in several steps, each test in its turn
    assert all(progress == rows for rows, progress in seen), seen  # the progress bar follows the rows
    assert page.evaluate("window.__sameDocument") is True  # updated live, never reloaded
    assert page.evaluate("document.getElementById('progress').value") == 10
    assert page.locator("#results tbody tr").count() == 10
    assert page.locator("#results td.v-AC").count() == 10
    assert page.inner_text("#status") == "Done"


def test_it_runs_code_on_custom_input(stack, page):
    log_in(page, stack, "alice")
    page.goto(stack.base_url + "/problems/aplusb/")
    assert page.input_value("select[name=language]") == "py3"
    type_source(page, "a, b = map(int, input().split())\nprint(a * b)\n")
    page.click("details.custom-run summary")
    page.fill("#run-stdin", "6 7\n")
    page.click("#run-button")
    expect(page.locator("#run-output")).to_contain_text("Output:")
    output = page.inner_text("#run-output")
    assert "Verdict: AC" in output and "Output:\n42" in output


def test_it_shows_form_errors_without_losing_the_source(stack, page):
    log_in(page, stack, "alice")
    page.goto(stack.base_url + "/problems/aplusb/")
    type_source(page, "   ")
    page.click("#submit-form button[type=submit]")
    assert "The source is empty." in page.inner_text(".errors")


def test_it_serves_the_admin_pages_under_the_policy(stack, page):
    log_in(page, stack, "admin")
    for path in ["/admin/", "/admin/problems/problem/", "/admin/problems/problem/add/", "/django-rq/"]:
        page.goto(stack.base_url + path)
        assert page.locator("#content").count() == 1, path
    page.goto(stack.base_url + "/admin/problems/problem/")
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("#problem_form")).to_be_visible()
    # The admin's own scripts still run: the inline formsets get their "Add another" links.
    expect(page.locator(".add-row a").first).to_be_visible()
