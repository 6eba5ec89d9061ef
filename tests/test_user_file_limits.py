"""A user's own files past what a table holds: a workbook spanning billions of cells, a
value far right of the table, a header of thousands of columns. Each is refused in a
line, in memory bounded by the table (they had aborted the process, or taken 8-18 GB).
Hand-written fixture rows (named fixture-*, never product data) in real DuckDB stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.ingest import ingest_file
from paygrade.records import BadInputFile
from paygrade.store import Store
from tests.conftest import write_file

HEADER = ["year", "title", "pay_component", "amount", "currency"]
ROW = [2024, "ML Engineer", "base", 150000, "USD"]


def _book(path: Path, *, rows: int = 3, far: str | None = None, blank_far: bool = False) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for _ in range(rows):
        sheet.append(ROW)
    if far is not None:
        sheet[far] = "" if blank_far else "x"
    book.save(path)
    return path


def test_a_sheet_spanning_billions_of_cells_is_refused_before_it_is_read(
    store: Store, tmp_path: Path
) -> None:
    # One stray cell at XFD1048576 in a 2 KB file: calamine asked for 512 GB and the
    # process aborted (status 134, a Rust backtrace).
    path = _book(tmp_path / "fixture-stray.xlsx", far="XFD1048576")
    with pytest.raises(BadInputFile, match=r"spans A1:XFD1048576 \(17,179,869,184 cells\)"):
        ingest_file(store, "csv", path)
    assert store.con.execute("SELECT count(*) FROM records").fetchone() == (0,)


def test_a_value_right_of_the_table_is_refused_naming_its_cell(
    store: Store, tmp_path: Path
) -> None:
    # 500 rows and one cell at XFD502 had staged 16,384 columns (8 GB, or killed).
    path = _book(tmp_path / "fixture-far.xlsx", rows=500, far="XFD502")
    with pytest.raises(BadInputFile, match="data row 501 has a value in column XFD, right of"):
        ingest_file(store, "csv", path)


def test_blank_cells_right_of_the_table_are_no_columns(store: Store, tmp_path: Path) -> None:
    path = _book(tmp_path / "fixture-far-blank.xlsx", rows=4, far="AZ5", blank_far=True)
    result = ingest_file(store, "csv", path)
    assert (result.rows_read, result.rows_accepted) == (4, 4)


def test_a_header_of_thousands_of_columns_is_refused_at_once(store: Store, tmp_path: Path) -> None:
    # A comma too many, 200,000 times: 18 GB and "Out of Memory" after two minutes.
    commas = "," * 5_000
    text = ",".join(HEADER) + commas + "\n" + ",".join(map(str, ROW)) + commas + "\n"
    path = write_file(tmp_path, "fixture-wide.csv", text)
    with pytest.raises(BadInputFile, match=r"the header has 5,005 columns \(5,000 of them with no"):
        ingest_file(store, "csv", path)


def test_cells_merged_down_rows_are_refused_naming_them(store: Store, tmp_path: Path) -> None:
    import openpyxl

    # A company merged over three rows was stored on the first only: "accepted 3", two
    # records without their company, unsaid.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["year", "title", "company", "pay_component", "amount", "currency"])
    for title in ("ML Engineer", "Senior ML Engineer", "Staff ML Engineer"):
        sheet.append([2024, title, "Google", "base", 180000, "USD"])
    sheet.merge_cells("C2:C4")
    book.save(tmp_path / "fixture-merged.xlsx")
    with pytest.raises(BadInputFile, match="cells C2:C4 are merged: a merged cell's value"):
        ingest_file(store, "csv", tmp_path / "fixture-merged.xlsx")
    assert store.con.execute("SELECT count(*) FROM records").fetchone() == (0,)
