"""A salary submitted through the form is received (pending review), counted once approved
on the command line while the server runs, and never listed on its own."""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path

from playwright.sync_api import Page, expect

from paygrade.config import Settings
from paygrade.engines import PRIVATE_MIN
from paygrade.store import Store
from paygrade.submissions import approve, queue, submit
from tests.e2e.conftest import Tab
from tests.e2e.helpers import not_listed, number, rows_of
from tests.test_cli import ok
from tests.test_submissions import GOOD

# Label -> what a person types (the form's labels, required ones marked *).
SALARY = {
    "Job title *": "Machine Learning Engineer",
    "Company": "Paygrade E2E Labs",
    "Years of experience": "7",
    "City": "Seattle",
    "US state (two letters)": "WA",
    "Country (ISO code) *": "US",
    "Base salary per year *": "200,000",
    "Bonus per year": "20000",
    "Stock per year": "50000",
    "Year the pay applies to *": "2024",
}


def submitted_n(page: Page) -> int:
    """The n of the 'submission' source on /explore?by=source (0 while there is none)."""
    rows = rows_of(page.get_by_test_id("stats-table"))
    return sum(number(row["n"]) for row in rows if row["source"] == "submission")


def test_a_submitted_salary_counts_once_approved(desktop: Tab, e2e_db: Path) -> None:
    # One salary alone counts in no group (fewer than PRIVATE_MIN of a pay component):
    # nine others are approved first, so that the one sent through the form makes ten.
    # They are published with it (the command line's approval publishes the store).
    settings = Settings(db=e2e_db)
    with closing(Store.open(e2e_db)) as store:
        for i in range(PRIVATE_MIN - 1):
            salary = {**GOOD, "company": "Paygrade E2E Labs", "base": 190_000 + i}
            approve(store, settings, submit(settings, salary, client=f"e2e-{i}")["id"])
    page = desktop.page
    desktop.open("/explore?by=source")
    before = submitted_n(page)
    assert before == 0  # not published yet, and nine would count nowhere

    desktop.open("/submit")
    form = page.get_by_test_id("submit-form")
    for label, text in SALARY.items():
        form.get_by_label(label, exact=True).fill(text)
    form.get_by_label("Experience level").select_option("senior")
    with page.expect_navigation():
        form.get_by_role("button", name="Submit for review").click()
    result = page.get_by_test_id("submit-result")
    expect(result).to_contain_text("received")
    # The thanks names no queue id (ids count the submissions): the queue does.
    assert not re.search(r"\d", result.inner_text()), result.inner_text()
    (queued,) = queue(settings)
    found = str(queued["id"])

    desktop.open("/explore?by=source")
    assert submitted_n(page) == before  # pending: not counted yet

    out = ok("--db", e2e_db, "submissions", "approve", found)
    assert f"submission {found} approved" in out
    desktop.settled(page.reload)
    after = submitted_n(page)
    assert after == 2 * PRIVATE_MIN, "the approved salary is not counted on /explore"

    # Counted, never listed one by one.
    desktop.open("/records?where=source:submission")
    assert not_listed(page) == after
    assert page.get_by_test_id("records-table").count() == 0
