"""A median interval whose two ends are both the group's smallest and largest pay (n 6-8)
reads "suppressed" on the pages, as docs/methodology.md and the report say it: Explore
had shown "not shown – not shown" (ML engineers' US base pay, principal row, n 8)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.ingest import ingest_file
from paygrade.store import Store
from paygrade.store.snapshot import publish_file
from paygrade.web import create_app
from tests.conftest import write_file
from tests.web.html import Page

QUERY = "by=level&where=company:Fixture%20Co&where=pay_component:base"


@pytest.fixture(scope="module")
def intervals(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """Fixture: an app over 6 principal and 30 senior base-pay records of one company,
    the first a group whose interval ends at its smallest and largest pay."""
    folder = tmp_path_factory.mktemp("intervals")
    db = folder / "intervals.duckdb"
    lines = ["year,title,company,country,pay_component,amount_usd,level"]
    lines += [
        f"2024,ML Engineer,Fixture Co,US,base,{300_000 + i * 1_000},principal" for i in range(6)
    ]
    lines += [
        f"2024,ML Engineer,Fixture Co,US,base,{150_000 + i * 1_000},senior" for i in range(30)
    ]
    store = Store.open(db)
    ingest_file(store, "csv", write_file(folder, "fixture-intervals.csv", "\n".join(lines)))
    store.close()
    publish_file(db)
    with TestClient(create_app(Settings(db=db))) as client:
        yield client


def test_an_interval_of_no_known_end_reads_suppressed(intervals: TestClient) -> None:
    groups = intervals.get(f"/api/v1/stats?{QUERY}").json()["groups"]
    ends = {g["key"]["level"]: g["p50_ci"] for g in groups}
    assert ends["principal"] == [None, None] and None not in ends["senior"]
    table = Page(intervals.get(f"/explore?{QUERY}").text).table("stats-table")
    column = table.rows[0].index("median 95% CI")
    cells = {row[0]: row[column] for row in table.rows[1:]}
    # As the CLI and the report say it: "suppressed" alone reads as too few records. The
    # sources page, where the table's key links for the interval, says what it means.
    assert cells["principal"] == "suppressed (min/max)"
    said = Page(intervals.get("/sources").text).html
    assert '"not shown", and both such ends read "suppressed (min/max)"' in said
    low, high = ends["senior"]
    assert cells["senior"] == f"${low:,.0f} – ${high:,.0f}"
