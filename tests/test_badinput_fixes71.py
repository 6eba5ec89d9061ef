"""Bad input, stop 71: a row longer than its header by blank fields, which DuckDB read
moved over a column, and a Parquet file's missing column said as a first line's."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from paygrade.ingest import ingest_file
from paygrade.records import BadInputFile
from paygrade.store import Store

HEADER = "year,country,pay_component,amount,currency,title,company,city"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _counts(store: Store) -> tuple[int, int, int, int]:
    return tuple(  # type: ignore[return-value]
        int(store.scalar(f"SELECT count(*) FROM {table}") or 0)
        for table in ("ingest_log", "records", "raw_rows", "quarantine")
    )


def test_a_row_longer_by_a_blank_field_is_refused_whole(store: Store, tmp_path: Path) -> None:
    # "Senior, ML Engineer" unquoted, in a row whose last cell (city) is blank: 9 fields
    # under 8 columns, the ninth blank. It had been stored as title "Senior", company
    # "ML Engineer", city "Acme", without a word.
    path = _write(
        tmp_path,
        "fixture-shifted.csv",
        f"{HEADER}\n"
        "2024,US,base,150000,USD,Data Scientist,Acme,Boston\n"
        "2024,US,base,160000,USD,Senior, ML Engineer,Acme,\n",
    )
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "csv", path)
    said = str(refused.value)
    assert "fixture-shifted.csv" in said
    assert "line 3: 9 fields where the header has 8, the last blank" in said
    assert "without quotes" in said
    assert _counts(store) == (0, 0, 0, 0)


def test_the_row_is_named_by_its_line_and_the_others_counted(store: Store, tmp_path: Path) -> None:
    # A quoted field over two lines before it: the row begins on line 4, not row 3's line.
    path = _write(
        tmp_path,
        "fixture-shifted-many.csv",
        f"{HEADER}\n"
        '2024,US,base,150000,USD,"Data\nScientist",Acme,Boston\n'
        "2024,US,base,160000,USD,Engineer, ML,Acme,,\n"
        "2024,US,base,170000,USD,Lead, Data,Acme,\n",
    )
    with pytest.raises(BadInputFile, match=r"line 4: 10 fields where the header has 8, the last 2"):
        ingest_file(store, "csv", path)
    one_blank_too_many = _write(
        tmp_path,
        "fixture-shifted-two.csv",
        f"{HEADER}\n"
        "2024,US,base,160000,USD,Engineer, ML,Acme,\n"
        "2024,US,base,170000,USD,Lead, Data,Acme,\n",
    )
    with pytest.raises(BadInputFile, match=r"line 2: .* \(2 rows so in all\);"):
        ingest_file(store, "csv", one_blank_too_many)
    assert _counts(store) == (0, 0, 0, 0)


def test_rows_of_the_header_width_are_read_as_before(store: Store, tmp_path: Path) -> None:
    # A blank last cell, a quoted comma, a row one field short refused as before.
    path = _write(
        tmp_path,
        "fixture-fine.csv",
        f'{HEADER}\n2024,US,base,160000,USD,"Senior, ML Engineer",Acme,\n',
    )
    result = ingest_file(store, "csv", path)
    assert (result.rows_read, result.rows_accepted) == (1, 1)
    row = store.con.execute("SELECT title, company, city FROM records").fetchone()
    assert row == ("Senior, ML Engineer", "Acme", None)
    short = _write(tmp_path, "fixture-short.csv", f"{HEADER}\n2024,US,base,1,USD,X,Acme\n")
    with pytest.raises(BadInputFile, match=r"line 2: 7 fields where the header has 8$"):
        ingest_file(store, "csv", short)


def test_a_parquet_file_missing_a_column_names_its_columns_not_a_first_line(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "fixture-no-unit.parquet"
    pq.write_table(
        pa.table({"EMPLOYER_NAME": ["Acme"], "JOB_TITLE": ["Engineer"], "WORKSITE_STATE": ["CA"]}),
        path,
    )
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "h1b_2024", path)
    said = str(refused.value)
    assert "missing required column(s)" in said
    assert "the first line" not in said
    assert "(the Parquet file's columns: 'EMPLOYER_NAME', 'JOB_TITLE', 'WORKSITE_STATE')" in said
    assert _counts(store) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("fixture-renamed.xlsx", f"{HEADER}\n2024,US,base,1,USD,X,Acme,Boston\n".encode()),
        ("fixture-renamed.ods", f"{HEADER}\n2024,US,base,1,USD,X,Acme,\n".encode("utf-16")),
    ],
)
def test_a_text_file_named_as_a_workbook_is_said_to_hold_text(
    store: Store, tmp_path: Path, name: str, data: bytes
) -> None:
    # It had been "not a readable XLSX workbook (ZipError)": the reader's class name.
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "csv", path)
    said = str(refused.value)
    assert said.startswith(f"{name}: not a readable ")
    assert (
        "(it holds text, not a workbook: a CSV file given a workbook's name? name it .csv)" in said
    )
    assert "Error" not in said
    assert _counts(store) == (0, 0, 0, 0)


def test_a_damaged_workbook_is_still_said_by_its_reader(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "fixture-junk.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(300))
    with pytest.raises(BadInputFile, match=r"not a readable XLSX workbook \(\w+\)$"):
        ingest_file(store, "lca", path)


def test_a_repeated_header_is_quarantined_as_that(store: Store, tmp_path: Path) -> None:
    # Two files joined (`cat a.csv b.csv`): the second's header is a row of the first's
    # table. It had been quarantined as "bad year: 'year' is not a whole number; ...".
    row = "2024,US,base,150000,USD,Data Scientist,Acme,Boston"
    path = _write(tmp_path, "fixture-joined.csv", f"{HEADER}\n{row}\n{HEADER.upper()}\n{row}\n")
    result = ingest_file(store, "csv", path)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 2, 1)
    assert result.top_reasons == [("repeated header", 1)]
    quarantined = store.con.execute("SELECT source_row, reason FROM quarantine").fetchall()
    assert quarantined == [
        (2, "repeated header: the row holds the column names again (files joined together?)")
    ]


def test_a_row_naming_one_column_is_not_a_header(store: Store, tmp_path: Path) -> None:
    # A title "title" in an otherwise bad row keeps the row's own reasons.
    path = _write(
        tmp_path, "fixture-one-name.csv", f"{HEADER}\n2024,US,base,oops,USD,title,Acme,Boston\n"
    )
    ingest_file(store, "csv", path)
    (reason,) = store.con.execute("SELECT reason FROM quarantine").fetchone() or ("",)
    assert reason.startswith("bad amount")
