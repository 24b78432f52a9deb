"""Every page at a phone's and a desktop's width, light and dark: axe-core finds no serious or
critical accessibility violation, and a screenshot of each is kept under var/screenshots/ to look at.
The contest pages use the demo contests the stack loads: demo-icpc and demo-ioi running (alice takes
part in demo-ioi), demo-archive finished. Alice has an API token, and creates one more on each pass."""

import json
import time
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from bench.stack import ROOT, Stack
from tests.e2e.helpers import CHROMIUM_ARGS

pytestmark = [pytest.mark.docker, pytest.mark.browser]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "var" / "screenshots"
VARIANTS = [(1280, "light"), (390, "light"), (1280, "dark")]
AB_WRONG = "a, b = map(int, input().split())\nprint(a - b)\n"


def wait_judged(session, stack: Stack, submission_id: int) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        page = session.get(f"{stack.base_url}/submissions/{submission_id}/").text
        if 'data-status="done"' in page:
            return
        time.sleep(0.5)
    raise AssertionError(f"submission {submission_id} was not judged")


def register(session, stack: Stack, slug: str) -> None:
    """Take part in a contest as its page's form does (nothing changes when registered already)."""
    session.get(f"{stack.base_url}/contests/{slug}/").raise_for_status()
    session.post(
        f"{stack.base_url}/contests/{slug}/register",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{stack.base_url}/contests/{slug}/"},
    ).raise_for_status()


def create_token(session, stack: Stack, name: str) -> None:
    """Create an API token as the profile page's form does, so that the page lists one."""
    session.get(f"{stack.base_url}/users/alice/").raise_for_status()
    session.post(
        f"{stack.base_url}/account/tokens/",
        data={"name": name, "scope": "read", "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{stack.base_url}/users/alice/"},
    ).raise_for_status()


@pytest.fixture(scope="module")
def pages(stack):
    """(name, who, path) for every page; who is None (a visitor), alice or admin."""
    alice = stack.login("alice")
    wrong = stack.submit(alice, AB_WRONG)
    right = stack.submit(alice, "a, b = map(int, input().split())\nprint(a + b)\n")
    wait_judged(alice, stack, wrong)
    wait_judged(alice, stack, right)
    register(alice, stack, "demo-ioi")
    create_token(alice, stack, "grading script")
    return [
        ("home", None, "/"),
        ("signup", None, "/accounts/signup/"),
        ("login", None, "/accounts/login/"),
        ("problems", "alice", "/problems/"),
        ("problem", "alice", "/problems/aplusb/"),
        ("submission-wa", "alice", f"/submissions/{wrong}/"),
        ("submission-ac", "alice", f"/submissions/{right}/"),
        ("my-submissions", "alice", "/submissions/"),
        ("profile", "alice", "/users/alice/"),
        # The page the profile's token form answers with, the new key shown once (see below).
        ("profile-new-token", "alice", "/users/alice/"),
        ("password-change", "alice", "/accounts/password/"),
        ("staff-queue", "admin", "/staff/queue/"),
        ("all-submissions", "admin", "/submissions/all/"),
        ("contests", None, "/contests/"),
        ("contest-running", "alice", "/contests/demo-icpc/"),
        ("contest-joined", "alice", "/contests/demo-ioi/"),
        ("contest-finished", None, "/contests/demo-archive/"),
        ("contest-problems", "alice", "/contests/demo-ioi/problems/"),
        ("contest-problem", "alice", "/contests/demo-ioi/problems/A/"),
        ("scoreboard-running", None, "/contests/demo-icpc/scoreboard/"),
        ("scoreboard-own-row", "alice", "/contests/demo-ioi/scoreboard/"),
        ("scoreboard-finished", None, "/contests/demo-archive/scoreboard/"),
        ("scoreboard-jury", "admin", "/contests/demo-icpc/scoreboard/?view=jury"),
        ("contest-submissions", "alice", "/contests/demo-ioi/submissions/"),
        ("clarifications", "alice", "/contests/demo-ioi/clarifications/"),
        ("jury", "admin", "/contests/demo-icpc/jury/"),
    ]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def contexts(browser: Browser, stack: Stack, width: int, scheme: Literal["light", "dark"]):
    """A browser context per user, logged in; the policy is bypassed only to inject axe-core."""
    made = {}
    for who in (None, "alice", "admin"):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True
        )
        if who is not None:
            page = context.new_page()
            page.goto(stack.base_url + "/accounts/login/")
            page.fill("input[name=username]", who)
            page.fill("input[name=password]", stack.logins[who])
            page.click("form.card button[type=submit]")
            page.wait_for_url(stack.base_url + "/")
            page.close()
        made[who] = context
    return made


# A page and its scripts, fonts and styles on a slow or busy machine (Playwright's default is 30 s).
SETTLE_MS = 90_000


@pytest.mark.parametrize(("width", "scheme"), VARIANTS)
def test_every_page_passes_axe_and_is_photographed(stack, browser, pages, width, scheme):
    SHOTS.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[dict[str, Any]]] = {}
    too_wide: list[str] = []
    by_user = contexts(browser, stack, width, scheme)
    for name, who, path in pages:
        page = by_user[who].new_page()
        # "load": the page with its scripts, styles, images and fonts. Not "networkidle", which
        # never came once in a clean-clone run at phone width although every request had been
        # answered (some connection of the browser's own stayed open).
        page.goto(stack.base_url + path, wait_until="load", timeout=SETTLE_MS)
        if name == "problem" and width >= 600:
            expect(page.locator(".monaco-editor")).to_have_count(1)
        if name == "profile-new-token":
            page.fill("#token-name", f"laptop {width} {scheme}")
            page.click("#token-form button[type=submit]")
            expect(page.locator("#new-key-value")).to_have_count(1, timeout=SETTLE_MS)
            page.wait_for_load_state("load", timeout=SETTLE_MS)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        found[name] = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        # Nothing wider than the screen: wide tables scroll inside their own box.
        if page.evaluate("document.documentElement.scrollWidth") > width:
            too_wide.append(name)
        suffix = f"{width}" if scheme == "light" else f"{width}-dark"
        page.screenshot(path=str(SHOTS / f"{name}-{suffix}.png"), full_page=True)
        page.close()
    for context in by_user.values():
        context.close()
    (SHOTS / f"axe-{width}-{scheme}.json").write_text(json.dumps(found, indent=1))
    serious = {
        name: [v for v in violations if v["impact"] in ("serious", "critical")]
        for name, violations in found.items()
    }
    assert not any(serious.values()), {name: v for name, v in serious.items() if v}
    assert not too_wide, f"wider than {width} px: {too_wide}"
