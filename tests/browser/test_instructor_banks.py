"""Every instructor may read any published bank, the shipped one included (issue 11 #3)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.bank_samples import sample_bank

pytestmark = pytest.mark.browser


def login(page, user) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard")


def test_an_instructor_reads_the_shipped_bank_but_cannot_change_it(page, make_user, make_bank):
    shipped = make_bank(owner=None)  # published, shipped with the site
    other = make_user(role="instructor")
    make_bank(owner=other, bank=sample_bank("hidden-draft"), status="draft")
    teacher = make_user(role="instructor")
    login(page, teacher)
    page.get_by_role("link", name="Banks", exact=True).click()
    expect(page.locator("h1")).to_have_text("Question banks")
    expect(page.get_by_text("No banks yet")).to_have_count(0)
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)  # the other instructor's draft stays theirs
    rows.get_by_role("link", name=shipped.title).click()
    expect(page.locator("h1")).to_have_text(shipped.title)
    expect(page.get_by_role("link", name="Delete")).to_have_count(0)
    expect(page.get_by_role("link", name="Publish")).to_have_count(0)
    page.get_by_role("link", name="Preview questions").click()
    expect(page.locator("h1")).to_contain_text("Preview")
    assert page.locator(".correct-answer, .answer").count() > 0
    page.get_by_role("navigation", name="This bank").get_by_role("link", name="Facts").click()
    expect(page.locator("tbody tr").first).to_be_visible()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    # Changing it stays with its owner (here the site's admins).
    response = page.goto(page.url.split("/facts")[0] + "/publish")
    assert response.status == 403
