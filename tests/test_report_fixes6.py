"""The report's tables say what ``paygrade stats`` warns of the same question: its
real-dollar trends had left out records of a year CPI-U does not reach (2026, with CPI-U to
2025) without a word, the only note under the table its flagged records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paygrade.ingest import ingest_file
from paygrade.report.build import trends
from paygrade.report.render import sources_note
from paygrade.store import Store
from tests.conftest import write_file


@pytest.fixture(scope="module")
def beyond_cpi(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Iterator[Store]:
    """Fixture: a store of CPI-U, OFLC's areas, OEWS and 12 US ML engineers' total pay in WA, 6 of
    CPI-U's last year and 6 of the year after it."""
    folder = tmp_path_factory.mktemp("beyond")
    store = Store.open(folder / "beyond.duckdb")
    ingest_file(store, "cpi", data_dir / "cpi-u-annual.csv")
    ingest_file(store, "oflc_geography", data_dir / "oflc-geography-2025-26.csv")
    ingest_file(store, "oews", None)  # its metros
    last = int(store.scalar("SELECT max(year) FROM cpi"))
    lines = ["year,title,company,country,state,pay_component,amount_usd,level"]
    lines += [
        f"{year},Machine Learning Engineer,Fixturecorp,US,WA,total,{200_000 + i * 1_000},senior"
        for year in (last, last + 1)
        for i in range(6)
    ]
    ingest_file(store, "csv", write_file(folder, "fixture-beyond-cpi.csv", "\n".join(lines)))
    yield store
    store.close()


def test_the_real_dollar_trends_say_the_records_cpi_leaves_out(beyond_cpi: Store) -> None:
    last = int(beyond_cpi.scalar("SELECT max(year) FROM cpi"))
    total = trends(beyond_cpi)["tables"][0]
    assert total["caption"] == "By year, total pay in real dollars, US"
    assert [row["key"]["year"] for row in total["rows"]] == [last]
    said = (
        f"Left out: 6 records of years CPI-U does not reach (its last is {last}): nominal "
        "dollars count them."
    )
    assert said in sources_note(total)
    # None is flagged: the count under the table is CPI-U's, not the flagged records'.
    assert "flagged" not in sources_note(total)


def test_a_metros_cpi_adjusted_medians_say_the_records_cpi_leaves_out(
    beyond_cpi: Store,
) -> None:
    # The records-beside-OEWS table's "median, CPI-adjusted" of each row had left out the
    # records of a year CPI-U does not reach without a word.
    from paygrade.report.location import metro_table

    last = int(beyond_cpi.scalar("SELECT max(year) FROM cpi"))
    table = metro_table(beyond_cpi, "ml_engineer", "Seattle-Tacoma-Bellevue, WA")
    (row,) = [r for r in table["rows"] if r["key"]["source"] == "csv"]
    assert row["n"] == 12 and row["p50_real"] is not None
    said = f"left out: 6 records of years CPI-U does not reach (its last is {last})"
    assert any(
        note.startswith(f"{row['group']}, CPI-adjusted median: {said}") for note in table["notes"]
    )
