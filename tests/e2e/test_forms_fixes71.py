"""Two forms a user could not put right in a browser: Explore's refused ``limit`` (or
``min_n``) rode along in a hidden input, so "Show" sent it again and was refused again;
/records' page size was a 19 px sliver (styled as the checkboxes beside it), its "100"
shown as ":"."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.e2e.conftest import Tab


def test_a_refused_limit_on_explore_can_be_corrected_in_the_form(desktop: Tab) -> None:
    page = desktop.page
    desktop.watch.expect_status(422)
    answer = desktop.go("/explore?by=level&where=role:ml_engineer&limit=0")
    assert answer is not None and answer.status == 422
    expect(page.get_by_test_id("explore-error")).to_contain_text("must be 1 or more, not 0")
    limit = page.get_by_label("Most groups shown (limit)")
    expect(limit).to_have_value("0")
    limit.fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    asked = parse_qs(urlsplit(page.url).query)
    assert asked["limit"] == ["3"] and asked["where"] == ["role:ml_engineer"]
    expect(page.get_by_test_id("explore-error")).to_have_count(0)
    expect(page.get_by_test_id("stats-table")).to_be_visible()


def test_a_refused_option_cleared_on_explore_is_not_given(desktop: Tab) -> None:
    page = desktop.page
    desktop.watch.expect_status(422)
    desktop.go("/explore?by=level&where=role:ml_engineer&min_n=0")
    page.get_by_label("Fewest records a group needs (min_n)").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    asked = parse_qs(urlsplit(page.url).query)
    assert "min_n" not in asked and asked["where"] == ["role:ml_engineer"]
    expect(page.get_by_test_id("stats-table")).to_be_visible()


def test_records_page_size_shows_what_is_typed_in_it(tab: Tab) -> None:
    tab.open("/records?where=company:Google&per_page=100")
    size = tab.page.get_by_label("Records per page (1 to 500)")
    expect(size).to_have_value("100")
    width, text_width = size.evaluate("e => [e.clientWidth, e.scrollWidth]")
    # Wide enough for its largest value, "500", whole: it had been 17 px inside.
    assert width >= 60 and text_width <= width
