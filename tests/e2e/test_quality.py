"""The data quality page in a browser: its figures are the library's for the store served."""

from __future__ import annotations

from pathlib import Path

from paygrade.quality import quality_report
from paygrade.store import Store
from tests.e2e.conftest import Tab
from tests.e2e.helpers import number, rows_of


def test_the_quality_page_shows_the_library_figures(desktop: Tab, e2e_db: Path) -> None:
    desktop.open("/sources")
    desktop.page.get_by_role("link", name="Data quality").first.click()
    desktop.page.wait_for_url("**/quality")
    store = Store.open(e2e_db, read_only=True)
    try:
        report = {s["source"]: s for s in quality_report(store)["sources"]}
    finally:
        store.close()
    page = desktop.page
    sections = page.get_by_test_id("quality-source")
    shown = [sections.nth(i).get_attribute("data-source") for i in range(sections.count())]
    assert shown == list(report)
    aijobs, checks = sections.nth(shown.index("aijobs")), report["aijobs"]["checks"]
    assert (
        number(aijobs.get_by_test_id("quality-records").inner_text()) == report["aijobs"]["records"]
    )
    duplicates = aijobs.get_by_test_id("quality-duplicates").inner_text()
    assert duplicates.startswith(f"{checks['exact_duplicates']['rows']:,} rows")
    flags = {
        row["flag"]: number(row["rows"]) for row in rows_of(aijobs.get_by_test_id("quality-flags"))
    }
    assert flags == {flag: item["rows"] for flag, item in checks["implausible"]["by_flag"].items()}
    assert flags and sum(flags.values()) >= checks["implausible"]["rows"]
