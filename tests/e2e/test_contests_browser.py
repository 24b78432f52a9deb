"""Contests in a real browser against a real stack: a second viewer sees the board change live when a
contestant gets AC, the freeze shows pending cells, and a clarification is answered live."""

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from bench.stack import Stack

pytestmark = [pytest.mark.docker, pytest.mark.browser]

AB = "a, b = map(int, input().split())\nprint(a + b)\n"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
# A contest in its freeze right now, with the demo's A + B as its problem A.
FROZEN_CONTEST = """
from datetime import timedelta
from django.utils import timezone
from contests.services import contest_create, contest_problem_add
from problems.models import Problem
now = timezone.now()
contest = contest_create(slug="frozen", title="Frozen Cup", start=now - timedelta(hours=2),
                         end=now + timedelta(hours=1), freeze_minutes=90)
contest_problem_add(contest=contest, problem_id=Problem.objects.get(slug="aplusb").pk, label="A")
"""
# Marks a page's document: still set after the change means it was not reloaded.
MARK = "window.__sameDocument = true;"


@pytest.fixture(scope="module")
def stack():
    with Stack("e2e-contests", redis_db_base=12, workers=1) as running:
        running.manage("shell", "-c", FROZEN_CONTEST)
        yield running


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def context(browser: Browser, stack: Stack, username: str | None) -> BrowserContext:
    ctx = browser.new_context()
    ctx.set_default_timeout(60_000)
    expect.set_options(timeout=60_000)
    if username is not None:
        page = ctx.new_page()
        page.goto(stack.base_url + "/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", stack.logins[username])
        page.click("button[type=submit]")
        page.wait_for_url(stack.base_url + "/")
        page.close()
    return ctx


def live(page: Page, url: str) -> Page:
    """Open a contest page and wait until its live feed is connected."""
    page.goto(url)
    expect(page.locator("#contest")).to_have_attribute("data-live", "1")
    page.evaluate(MARK)
    return page


def register_and_submit(page: Page, stack: Stack, slug: str) -> None:
    page.goto(f"{stack.base_url}/contests/{slug}/")
    if page.locator("#participation button", has_text="Register").count():
        page.click("#participation button")
    page.goto(f"{stack.base_url}/contests/{slug}/problems/A/")
    page.select_option("select[name=language]", "py3")
    page.fill("textarea[name=source]", AB)
    page.click("#submit")
    page.wait_for_url(f"{stack.base_url}/submissions/*/")


def test_a_second_viewer_sees_the_board_change_live_on_ac(stack, browser):
    contestant = context(browser, stack, "alice").new_page()
    viewer = live(
        context(browser, stack, None).new_page(), f"{stack.base_url}/contests/demo-icpc/scoreboard/"
    )
    register_and_submit(contestant, stack, "demo-icpc")
    expect(contestant.locator("#verdict")).to_have_text("Accepted")
    row = viewer.locator("#board-rows tr", has_text="alice")
    expect(row.locator("td.solved")).to_have_count(1)
    assert viewer.evaluate("window.__sameDocument === true")
    # The row took its place: ranks are in order.
    ranks = [int(r) for r in viewer.locator("#board-rows td.rank").all_inner_texts()]
    assert ranks == sorted(ranks)


def test_the_freeze_shows_pending_to_the_public_and_the_result_to_the_jury(stack, browser):
    contestant_ctx = context(browser, stack, "alice")
    public = live(context(browser, stack, None).new_page(), f"{stack.base_url}/contests/frozen/scoreboard/")
    jury = live(
        context(browser, stack, "admin").new_page(), f"{stack.base_url}/contests/frozen/scoreboard/?view=jury"
    )
    register_and_submit(contestant_ctx.new_page(), stack, "frozen")
    expect(jury.locator("#board-rows tr", has_text="alice").locator("td.solved")).to_have_count(1)
    public_row = public.locator("#board-rows tr", has_text="alice")
    expect(public_row.locator("td.pending")).to_have_count(1)
    expect(public_row.locator("td.pending")).to_contain_text("1?")
    assert public.evaluate("window.__sameDocument === true")
    # The contestant still sees their own verdict, in their pinned row.
    own = contestant_ctx.new_page()
    own.goto(f"{stack.base_url}/contests/frozen/scoreboard/")
    expect(own.locator("#own-row td.solved")).to_have_count(1)
    expect(own.locator("#board-rows tr", has_text="alice").locator("td.pending")).to_have_count(1)


def test_a_clarification_is_answered_live(stack, browser):
    alice = context(browser, stack, "alice")
    asking = alice.new_page()
    asking.goto(f"{stack.base_url}/contests/demo-icpc/")
    if asking.locator("#participation button", has_text="Register").count():
        asking.click("#participation button")
    live(asking, f"{stack.base_url}/contests/demo-icpc/clarifications/")
    asking.fill("textarea[name=text]", "May the input have leading zeros?")
    asking.click("#ask button")
    expect(asking.locator("#clarifications")).to_contain_text("leading zeros")
    live(asking, asking.url)
    elsewhere = live(alice.new_page(), f"{stack.base_url}/contests/demo-icpc/problems/")
    staff = context(browser, stack, "admin").new_page()
    staff.goto(f"{stack.base_url}/contests/demo-icpc/jury/")
    question = staff.locator(".jury-queue li", has_text="leading zeros")
    question.locator("textarea").fill("No, never.")
    question.locator("button").click()
    expect(staff.locator(".jury-queue")).not_to_contain_text("leading zeros")
    expect(asking.locator("#clarifications")).to_contain_text("No, never.")
    assert asking.evaluate("window.__sameDocument === true")
    expect(elsewhere.locator("#unread")).to_have_text("1")
    assert elsewhere.evaluate("window.__sameDocument === true")
