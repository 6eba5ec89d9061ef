"""Paging through records lists every record exactly once, even when two ingested files
share a name (they stay two files, so their rows tie on year, source, file and row)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.evidence import records
from paygrade.ingest import ingest_file
from paygrade.store import Store
from tests.conftest import write_file

HEADER = "year,title,company,level,country,pay_component,amount_usd\n"
# Hand-written fixture rows: every amount differs, so each record is told apart by it.
FIXTURE_ROWS = 40


def fixture_file(folder: Path, first_amount: int, year: int) -> Path:
    """A fixture file named like its twin in another folder, holding other amounts."""
    folder.mkdir()
    rows = "".join(
        f"{year},Machine Learning Engineer,Fixtureco,senior,US,base,{first_amount + i * 10}\n"
        for i in range(FIXTURE_ROWS)
    )
    return write_file(folder, "fixture-my-records.csv", HEADER + rows)


def every_page(store: Store, per_page: int) -> list[tuple[int, float]]:
    """(year, amount_usd) of each listed record, page after page until one is empty."""
    seen: list[tuple[int, float]] = []
    page = 1
    while rows := records(store, {"source": ["csv"]}, page=page, per_page=per_page)["rows"]:
        seen += [(row["year"], row["amount_usd"]) for row in rows]
        page += 1
    return seen


@pytest.mark.parametrize("per_page", [3, 7, 11])
def test_paging_lists_each_record_of_same_named_files_once(
    store: Store, tmp_path: Path, per_page: int
) -> None:
    ingest_file(store, "csv", fixture_file(tmp_path / "d1", 100_000, 2024))
    ingest_file(store, "csv", fixture_file(tmp_path / "d2", 200_000, 2024))
    ingest_file(store, "csv", fixture_file(tmp_path / "d3", 300_000, 2023))
    seen = every_page(store, per_page)
    expected = {(2024, 100_000.0 + i * 10) for i in range(FIXTURE_ROWS)}
    expected |= {(2024, 200_000.0 + i * 10) for i in range(FIXTURE_ROWS)}
    expected |= {(2023, 300_000.0 + i * 10) for i in range(FIXTURE_ROWS)}
    assert len(seen) == len(expected) == 3 * FIXTURE_ROWS
    assert set(seen) == expected
    # Newest first still holds across the pages.
    assert [year for year, _ in seen] == sorted((year for year, _ in seen), reverse=True)
