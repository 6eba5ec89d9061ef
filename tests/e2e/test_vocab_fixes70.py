"""The ladder's level select offers the generic levels: a company's own level in the
address (``/ladder?company=Amazon&level=L6``) is kept as an option the form sends back,
and it now says whose level it is and what it reads as (it had said "L6" alone). A word
typed for a level ("Staff Engineer") is the generic level it reads as, chosen."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.e2e.conftest import Tab


def test_a_companys_level_is_kept_said_and_sent_back(desktop: Tab) -> None:
    page = desktop.page
    desktop.open("/ladder?company=Amazon&level=L6")
    chosen = page.locator("#l-level option:checked")
    expect(chosen).to_have_text("L6 (Amazon's level, read as senior)")
    desktop.settled(lambda: page.get_by_role("button", name="Show").click())
    sent = parse_qs(urlsplit(page.url).query)
    assert (sent["company"], sent["level"]) == (["Amazon"], ["L6"])
    expect(page.get_by_test_id("path-level-read")).to_contain_text("L6 at Amazon is read as senior")


def test_a_typed_level_word_is_its_level_chosen(desktop: Tab) -> None:
    page = desktop.page
    desktop.open("/ladder?level=Staff%20Engineer")
    expect(page.locator("#l-level option:checked")).to_have_text("staff")
    desktop.settled(lambda: page.get_by_role("button", name="Show").click())
    assert parse_qs(urlsplit(page.url).query)["level"] == ["staff"]
