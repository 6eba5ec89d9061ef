"""Reading the pages' tables the way a person does: by column heading."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

# Each body row as {column heading: cell text}; a row's heading cells (th) count too.
_ROWS = """(table) => {
  const heads = Array.from(table.tHead.rows[0].cells).map(c => c.textContent.trim());
  return Array.from(table.tBodies[0].rows).map(r => Object.fromEntries(
    Array.from(r.cells).map((c, i) => [heads[i], c.textContent.trim()])));
}"""


def rows_of(table: Locator) -> list[dict[str, str]]:
    """A table's body rows, each as column heading -> text (cells before a colspan line up).

    Only the leading columns of a suppressed row (the key, n, distinct n) are reliable.
    """
    rows: list[dict[str, str]] = table.evaluate(_ROWS)
    return rows


def number(text: str) -> int:
    """``"5,201"`` -> 5201."""
    return int(text.replace(",", ""))


def records_total(page: Page) -> int:
    """The records page's total: its table's caption says "Records 1-50 of 5,201"."""
    caption = page.get_by_test_id("records-table").locator("caption").inner_text()
    found = re.search(r"of ([\d,]+)", caption)
    assert found, caption
    return number(found.group(1))


def not_listed(page: Page) -> int:
    """How many submitted salaries the records page counts but does not list."""
    note = page.get_by_test_id("not-listed")
    return number(note.inner_text().split()[0]) if note.count() else 0
