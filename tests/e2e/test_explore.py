"""Explore in a browser: the filters, the URL as the whole state, the back button, the
keyboard; and every figure leads to the records that made it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Tab
from tests.e2e.helpers import not_listed, number, records_total, rows_of

PER_PAGE = 50  # records per page (paygrade.evidence.PER_PAGE)


def question(page: Page) -> dict[str, list[str]]:
    """The URL's query: the page's whole state."""
    return parse_qs(urlsplit(page.url).query)


def shown_levels(page: Page) -> list[str]:
    return [row["level"] for row in rows_of(page.get_by_test_id("stats-table"))]


def ask(page: Page, role: str, level: str, by: str) -> None:
    """Fill the form as a person does (by the labels) and send it."""
    page.get_by_label("Role").select_option(role)
    page.get_by_label("Experience level").select_option(level)
    page.get_by_label("First field").select_option(by)
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()


def test_filters_group_and_the_url_holds_the_state(desktop: Tab) -> None:
    page = desktop.page
    desktop.open("/explore")
    ask(page, role="ml_engineer", level="senior", by="level")
    first = question(page)
    assert first["by"] == ["level"]
    assert set(first["where"]) == {"role:ml_engineer", "level:senior"}
    assert shown_levels(page) == ["senior"]
    senior_url = page.url

    ask(page, role="ml_engineer", level="", by="level")  # any level
    assert question(page)["where"] == ["role:ml_engineer"]
    assert {"entry", "mid", "senior"} <= set(shown_levels(page))

    desktop.settled(page.go_back)
    assert page.url == senior_url
    expect(page.get_by_label("Experience level")).to_have_value("senior")
    expect(page.get_by_label("Role")).to_have_value("ml_engineer")
    assert shown_levels(page) == ["senior"]

    # Shared: the same URL in a fresh page is the same view.
    other = page.context.new_page()
    other.goto(senior_url)  # unwatched: its form and table are there once it has loaded
    expect(other.get_by_label("Experience level")).to_have_value("senior")
    assert shown_levels(other) == ["senior"]


FOCUSED = "document.activeElement.id || document.activeElement.textContent.trim()"


def tab_through(page: Page, until: str, limit: int) -> list[str]:
    """Press Tab until the element with id (or text) ``until`` has the focus."""
    reached: list[str] = []
    while until not in reached:
        assert len(reached) < limit, f"{limit} presses of Tab never reached {until}: {reached}"
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUSED))
    return reached


def test_tab_reaches_every_form_control_and_enter_sends_it(desktop: Tab) -> None:
    page = desktop.page
    desktop.open("/explore")
    controls = page.locator("form.filters").locator("select, input:not([type=hidden]), button")
    wanted = controls.evaluate_all("(all) => all.map(c => c.id || c.textContent.trim())")
    # The skip link and the site's menu come first.
    reached = tab_through(page, until=wanted[-1], limit=len(wanted) + 15)
    assert [name for name in reached if name in wanted] == wanted, "Tab skips or reorders"

    desktop.open("/explore")
    tab_through(page, until="f-company", limit=len(wanted) + 15)
    page.keyboard.type("Google")
    with desktop.navigation():
        page.keyboard.press("Enter")
    assert "company:Google" in question(page)["where"]
    expect(page.get_by_test_id("stats-table")).to_be_visible()


def test_a_home_figure_leads_to_its_records(desktop: Tab) -> None:
    """A small cell: every one of its records is listed on one page, and they match it."""
    page = desktop.page
    desktop.open("/")
    figure = page.locator("section.figure").filter(has_text="base pay by experience level")
    cells = rows_of(figure.get_by_test_id("stats-table"))
    mid = next(row for row in cells if row["level"] == "mid")
    n = number(mid["n"])
    assert 0 < n <= PER_PAGE, "pick a cell small enough to list on one page"
    with desktop.navigation():
        figure.get_by_role("link", name="records behind mid").click()
    assert set(question(page)["where"]) >= {"role:ml_engineer", "level:mid", "pay_component:base"}
    listed = rows_of(page.get_by_test_id("records-table"))
    assert len(listed) + not_listed(page) == n == records_total(page) + not_listed(page)
    for row in listed:
        assert (row["role"], row["level"], row["pay"]) == ("ml_engineer", "mid", "base")
        assert row["file"] and number(row["row"]) >= 1 and row["licence"]


def test_an_explore_cell_leads_to_its_records_page_by_page(desktop: Tab) -> None:
    """A large cell: the first page lists PER_PAGE of its records and the total says n."""
    page = desktop.page
    desktop.open("/explore?by=level&where=role:ml_engineer")
    cells = rows_of(page.get_by_test_id("stats-table"))
    senior = next(row for row in cells if row["level"] == "senior")
    n = number(senior["n"])
    assert n > PER_PAGE
    with desktop.navigation():
        page.get_by_role("link", name="records behind senior").click()
    assert records_total(page) + not_listed(page) == n
    listed = rows_of(page.get_by_test_id("records-table"))
    assert len(listed) == PER_PAGE
    assert {(row["role"], row["level"]) for row in listed} == {("ml_engineer", "senior")}
    pager = page.get_by_role("navigation", name="Pages of records")
    with page.expect_navigation():
        pager.get_by_role("link", name="Next page").click()
    assert question(page)["page"] == ["2"]
    assert {row["level"] for row in rows_of(page.get_by_test_id("records-table"))} == {"senior"}
