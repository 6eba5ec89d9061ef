"""Defects a new graduate met on the pages in Chromium, over the in-process client: the
ladder's path blamed mid for entry's missing base pay."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.html import Page

FELL_BACK = "(the path is total pay elsewhere: too few records of it at this level here)"


def test_the_ladder_page_marks_the_levels_that_fell_back(client: TestClient) -> None:
    # It read "mid in 2 years base (total pay before this level, too few records of it
    # here)" beside the levels table's 1,452 mid total-pay records.
    page = Page(client.get("/ladder?country=US&years=0").text)
    rows = page.table("path-table").rows[1:]  # the header row first
    assert [(row[0], row[3].split()[0]) for row in rows[:3]] == [
        ("entry", "total"), ("mid", "total"), ("senior", "total"),
    ]  # fmt: skip
    marked = [row[0] for row in rows if FELL_BACK in row[3]]
    assert marked == [row[0] for row in rows if row[3].startswith("base")]
    assert {e.text for e in page.by_testid("path-component-changed")} <= {FELL_BACK}
