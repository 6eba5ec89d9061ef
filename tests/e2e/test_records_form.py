"""/records' form in a browser, without a script: a filter chosen lists its records; a bad
one comes back in the form, the error beside it (it was the bare error page)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.e2e.conftest import Tab


def test_the_records_form_lists_a_filter_and_keeps_a_bad_one_beside_its_error(
    desktop: Tab,
) -> None:
    page = desktop.page
    desktop.open("/records")
    page.get_by_label("Role", exact=True).select_option("ml_engineer")
    page.get_by_label("Company", exact=True).fill("Google")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    asked = parse_qs(urlsplit(page.url).query)["where"]
    assert sorted(asked) == ["company:Google", "role:ml_engineer"]
    expect(page.get_by_test_id("records-table")).to_be_visible()
    expect(page.get_by_label("Company", exact=True)).to_have_value("Google")

    desktop.watch.expect_status(422)
    page.get_by_label("Company", exact=True).fill("")
    page.get_by_label("Records per page (1 to 500)").fill("0")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("records-error")).to_contain_text("must be 1 or more, not 0")
    expect(page.get_by_test_id("records-table")).to_have_count(0)
    expect(page.get_by_label("Role", exact=True)).to_have_value("ml_engineer")  # the form as sent
    expect(page.get_by_label("Records per page (1 to 500)")).to_have_value("0")
