"""The offer page in a browser: a profile with several fields wrong, filled in and sent as a
person does, is said whole (the page had said and marked the first wrong field alone)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import Tab

# Typed into the profile: the role right, three fields wrong, in the form's order.
TYPED = {"o-years": "70", "o-country": "Narnia", "o-currency": "eux"}


def test_every_profile_field_at_fault_is_said_and_marked_at_once(tab: Tab) -> None:
    page = tab.page
    tab.open("/offers")
    page.locator("#o-role").select_option("ml_engineer")
    for field, typed in TYPED.items():
        page.locator(f"#{field}").fill(typed)
    page.locator("#o1-base").fill("185000")
    tab.watch.expect_status(422)
    with tab.navigation():
        page.get_by_role("button", name="Compare offers").click()
    # Each input at fault marked, described by the profile's error.
    for field in TYPED:
        expect(page.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#{field}")).to_have_attribute("aria-describedby", "o-profile-error")
    for right in ("#o-role", "#o-level", "#o-metro", "#o1-base"):
        expect(page.locator(right)).not_to_have_attribute("aria-invalid", "true")
    beside = page.locator("#o-profile-error")
    expect(beside).to_be_visible()
    lines = beside.inner_text().splitlines()
    assert len(lines) == 3, lines
    assert lines[0] == "years of experience are 0 to 60, not 70"
    assert "'Narnia'" in lines[1] and "'eux'" in lines[2]
    # The summary, where the page lands (#answer), lists each linked to its input.
    summary = page.get_by_test_id("offer-errors")
    expect(summary).to_be_in_viewport()
    links = summary.get_by_role("link")
    expect(links).to_have_count(3)
    assert [links.nth(i).get_attribute("href") for i in range(3)] == [f"#{f}" for f in TYPED]
    assert links.all_inner_texts() == lines
