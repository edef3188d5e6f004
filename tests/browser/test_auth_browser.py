"""Register, log in, see your name and log out in real Chromium, with CSRF on."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_register_login_and_logout(page):
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)

    page.goto("/")
    assert "Learn the facts, with their sources." in page.locator("h1").inner_text()
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("Zoë")
    page.get_by_label("Password", exact=True).fill("a browser tested passphrase")
    page.get_by_label("Repeat password").fill("a browser tested passphrase")
    page.get_by_role("button", name="Create account").click()

    expect(page.locator("h1")).to_have_text("Hello, Zoë")
    expect(page.locator(".flash")).to_contain_text("first account on this site")
    expect(page.locator(".account-name")).to_have_text("Zoë")
    page.get_by_role("button", name="Log out").click()
    expect(page.locator(".flash")).to_contain_text("You are logged out.")
    expect(page.locator(".account-name")).to_have_count(0)

    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("Username").fill("ZOË")
    page.get_by_label("Password").fill("a browser tested passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".account-name")).to_have_text("Zoë")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Sign up")).to_be_visible()

    # The strict Content-Security-Policy blocked nothing the pages need.
    assert problems == []


def test_stylesheet_loads_under_the_csp(page):
    page.goto("/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(246, 247, 251)"
