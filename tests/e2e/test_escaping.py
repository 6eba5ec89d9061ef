"""Text from the data or the visitor is shown as text: a title ``<script>alert(1)</script>``
in a record, in a filter or typed into the form never becomes markup (no dialog, no
element, no blocked inline script in the console; the watch fails the test on each)."""

from __future__ import annotations

from urllib.parse import urlencode

from playwright.sync_api import Page, expect

from tests.e2e.conftest import XSS_ATTRIBUTE, XSS_TITLE, Tab
from tests.e2e.helpers import rows_of

INJECTED = "main script, [onload], [onerror], main img:not([data-testid])"


def assert_nothing_injected(page: Page) -> None:
    assert page.locator(INJECTED).count() == 0


def test_titles_from_the_data_show_as_text_in_records_and_explore(desktop: Tab) -> None:
    page = desktop.page
    desktop.open("/records?where=source:csv")
    titles = {row["title"] for row in rows_of(page.get_by_test_id("records-table"))}
    assert {XSS_TITLE, XSS_ATTRIBUTE} <= titles
    assert_nothing_injected(page)

    desktop.open("/explore?by=title&where=source:csv")
    shown = {row["title"] for row in rows_of(page.get_by_test_id("stats-table"))}
    assert {XSS_TITLE, XSS_ATTRIBUTE} <= shown
    assert_nothing_injected(page)


def test_filters_echoed_into_the_page_stay_text(desktop: Tab) -> None:
    page = desktop.page
    # A filter on a field the form has no control for is kept in a checked box's value,
    # and said beside it.
    desktop.open("/explore?" + urlencode({"by": "level", "where": f"title:{XSS_ATTRIBUTE}"}))
    kept = page.get_by_test_id("kept-where")
    box = kept.locator("input[type=checkbox][name=where]")
    assert XSS_ATTRIBUTE in box.first.get_attribute("value", timeout=5_000)  # type: ignore[operator]
    expect(kept).to_contain_text(XSS_ATTRIBUTE)
    assert_nothing_injected(page)
    # A value no record holds is named back in the no-match notice and its text box.
    desktop.open("/explore?" + urlencode({"where": f"metro:{XSS_TITLE}"}))
    expect(page.get_by_test_id("no-match")).to_contain_text(XSS_TITLE)
    expect(page.get_by_label("Metro area")).to_have_value(XSS_TITLE)
    assert_nothing_injected(page)
    # A value a vocabulary does not have is named beside the form it came from.
    desktop.watch.expect_status(422)
    answer = page.goto("/explore?" + urlencode({"where": f"industry:{XSS_TITLE}"}))
    assert answer is not None and answer.status == 422
    expect(page.get_by_test_id("explore-error")).to_contain_text(XSS_TITLE)
    assert_nothing_injected(page)


def test_a_title_typed_into_the_form_comes_back_as_text(desktop: Tab) -> None:
    page = desktop.page
    desktop.open("/submit")
    form = page.get_by_test_id("submit-form")
    form.get_by_label("Job title *", exact=True).fill(XSS_TITLE)
    form.get_by_label("Country (ISO code) *", exact=True).fill(XSS_ATTRIBUTE)
    desktop.watch.expect_status(422)  # no base pay, no year: sent back with the errors
    with page.expect_navigation():
        form.get_by_role("button", name="Submit for review").click()
    form = page.get_by_test_id("submit-form")
    expect(form.get_by_label("Job title *", exact=True)).to_have_value(XSS_TITLE)
    expect(form.get_by_label("Country (ISO code) *", exact=True)).to_have_value(XSS_ATTRIBUTE)
    assert_nothing_injected(page)
