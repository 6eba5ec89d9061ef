"""A user's own files, third round: a ``paygrade records --format csv`` listing re-imports,
``source_row`` is a row's place in the file (blank rows counted), and quarantine reasons
say a blank cell as missing and a tiny amount as given. Hand-written fixture rows (named
fixture-*, never product data) in real DuckDB stores; CPI-U is the real mirrored series."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from paygrade.evidence import ROW_KEYS
from paygrade.ingest import ingest_file
from paygrade.records import FIELD_NAMES, BadInputFile
from paygrade.store import Store
from tests.conftest import ok_each, write_file

CANONICAL = "year,title,pay_component,amount,currency\n"


def _reasons(store: Store, ingest_id: int | None) -> dict[int, str]:
    rows = store.con.execute(
        "SELECT source_row, reason FROM quarantine WHERE ingest_id = ?", [ingest_id]
    ).fetchall()
    return {int(row): str(reason) for row, reason in rows}


def _rows_kept(store: Store, ingest_id: int | None) -> list[int]:
    """The source_row of each record of ``ingest_id``, in order."""
    rows = store.con.execute(
        "SELECT source_row FROM records WHERE ingest_id = ? ORDER BY source_row", [ingest_id]
    ).fetchall()
    return [int(row) for (row,) in rows]


# --- 1. a records listing re-imports ------------------------------------------------------

# Every field a listing shows; a copy (rows 2 and 3), a flagged row (US pay below the
# federal minimum wage), a converted amount (amount_usd given beside the euros).
LISTED = (
    "year,title,company,city,state,country,metro,level,years_experience,pay_component,"
    "amount,currency,amount_usd\n"
    "2024,Senior Machine Learning Engineer,Google,Mountain View,CA,US,,,6,base,210000,USD,\n"
    "2023,Data Scientist,Acme Corp,Austin,TX,US,,mid,3,total,150000,USD,\n"
    "2023,Data Scientist,Acme Corp,Austin,TX,US,,mid,3,total,150000,USD,\n"
    "2024,ML Engineer,,,,DE,,,,base,90000,EUR,97000\n"
    '2022,Data Engineer,,,,US,"Seattle-Tacoma-Bellevue, WA",entry,0.5,base,12000,USD,\n'
)
# A record's values, as compared: all canonical fields but where it came from.
COMPARED = [f for f in FIELD_NAMES if f not in ("source", "source_row")] + ["dup_rank", "flags"]


def _by_row(store: Store, file: str, row: str = "r.source_row") -> dict[int, tuple[Any, ...]]:
    """Each record of ``file``'s values (``COMPARED``) by ``row``: its own source_row, or
    what its raw row says."""
    found = store.con.execute(
        f"""SELECT CAST({row} AS BIGINT), {", ".join(f"r.{f}" for f in COMPARED)}
        FROM records r JOIN ingest_log l USING (ingest_id)
        JOIN raw_rows w ON w.ingest_id = r.ingest_id AND w.source_row = r.source_row
        WHERE l.file = ?""",
        [file],
    ).fetchall()
    return {int(number): tuple(values) for number, *values in found}


def test_a_records_listing_re_imports_with_each_records_values(
    tmp_path: Path, data_dir: Path
) -> None:
    # It was "unknown column(s) 'file', 'licence', 'flags', 'dup_rank', 'licence_url'".
    db = tmp_path / "fixture-store.duckdb"
    built = Store.open(db)
    ingest_file(built, "cpi", data_dir / "cpi-u-annual.csv")
    ingest_file(built, "csv", write_file(tmp_path, "fixture-listed.csv", LISTED))
    built.close()
    (listed,) = ok_each(
        ["--db", db, "records", "--where", "source=csv", "--include-flagged", "--format", "csv"]
    )
    assert listed.splitlines()[0].split(",") == list(ROW_KEYS)
    listing = write_file(tmp_path, "fixture-listing.csv", listed)
    # Into another store: into its own, a listing is skipped as stored already.
    other = tmp_path / "fixture-other.duckdb"
    built = Store.open(other)
    ingest_file(built, "cpi", data_dir / "cpi-u-annual.csv")
    built.close()
    ok_each(["--db", other, "ingest", "csv", listing])

    store, again_in = Store.open(db), Store.open(other)
    try:
        before = _by_row(store, "fixture-listed.csv")
        again = _by_row(again_in, "fixture-listing.csv", "w.payload->>'source_row'")
        payload = again_in.con.execute(
            """SELECT w.payload FROM raw_rows w JOIN ingest_log l USING (ingest_id)
            WHERE l.file = 'fixture-listing.csv' AND w.payload->>'source_row' = '1'"""
        ).fetchall()[0][0]
    finally:
        store.close()
        again_in.close()
    assert len(before) == 5
    assert again == before  # the copy a copy again (dup_rank 2), the flags found anew
    assert [v[COMPARED.index("dup_rank")] for _, v in sorted(before.items())] == [1, 1, 2, 1, 1]
    assert before[5][COMPARED.index("flags")] == ["below_us_minimum_wage"]
    assert before[1][COMPARED.index("amount_usd_real")] is not None  # recomputed from CPI-U
    # The listing's own columns are kept as given in the raw row, never taken.
    kept = json.loads(payload)
    assert (kept["file"], kept["dup_rank"]) == ("fixture-listed.csv", "1")


def test_the_listing_columns_accepted_are_those_a_listing_adds() -> None:
    from paygrade.sources.canonical_csv import LISTING_COLUMNS

    # A column added to the listing must be accepted (or made canonical) too.
    assert set(ROW_KEYS) - set(FIELD_NAMES) == set(LISTING_COLUMNS)


def test_a_column_neither_canonical_nor_a_listings_is_still_refused(
    store: Store, tmp_path: Path
) -> None:
    text = "year,title,pay_component,amount_usd,salary\n2024,ML Engineer,base,150000,1\n"
    path = write_file(tmp_path, "fixture-salary.csv", text)
    with pytest.raises(BadInputFile, match=r"unknown column\(s\) 'salary'; .*\(file, licence"):
        ingest_file(store, "csv", path)


# --- 2. source_row is a row's place in the file ----------------------------------------


def test_a_row_after_blank_lines_is_numbered_by_its_place_in_the_file(
    store: Store, tmp_path: Path
) -> None:
    # 'oops' is data row 4 (line 5); the blank lines had been skipped when numbering: 2.
    text = CANONICAL + "2024,Eng L,base,100000,USD\n\n\n2024,Eng L2,base,oops,USD\n"
    result = ingest_file(store, "csv", write_file(tmp_path, "fixture-blank.csv", text))
    assert _reasons(store, result.ingest_id) == {4: "bad amount: 'oops' is not a number"}
    assert _rows_kept(store, result.ingest_id) == [1]


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_rows_are_numbered_by_place_across_quoted_line_breaks_and_blank_lines(
    store: Store, tmp_path: Path, ending: str
) -> None:
    # A quoted field over three lines is one row; a blank line is a row, counted.
    lines = [
        "year,title,company,pay_component,amount,currency",
        '2024,ML Engineer,"Acme',
        "",
        'Corp",base,100000,USD',
        "",
        "2024,Data Engineer,,base,90000,USD",
        "2024,Data Engineer,,base,x,USD",
    ]
    path = write_file(tmp_path, "fixture-blank-quoted.csv", ending.join(lines) + ending)
    result = ingest_file(store, "csv", path)
    assert _rows_kept(store, result.ingest_id) == [1, 3]
    assert _reasons(store, result.ingest_id) == {4: "bad amount: 'x' is not a number"}


def test_a_workbook_row_after_an_empty_row_is_numbered_by_its_place(
    store: Store, tmp_path: Path
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["year", "title", "pay_component", "amount", "currency"])  # row 1
    for _ in range(4):  # rows 2-5
        sheet.append([2024, "ML Engineer", "base", 150000, "USD"])
    sheet.append([])  # row 6: empty
    sheet.append([2024, "ML Engineer", "base", "oops", "USD"])  # row 7: data row 6
    book.save(tmp_path / "fixture-empty-row.xlsx")
    result = ingest_file(store, "csv", tmp_path / "fixture-empty-row.xlsx")
    assert _reasons(store, result.ingest_id) == {6: "bad amount: 'oops' is not a number"}
    assert _rows_kept(store, result.ingest_id) == [1, 2, 3, 4]


# --- 3. what quarantine says --------------------------------------------------------------


def test_a_cell_of_spaces_is_missing_as_an_empty_one_is(store: Store, tmp_path: Path) -> None:
    text = (
        "year,title,pay_component,amount,currency,years_experience\n"
        "  ,ML Engineer,base,100000,USD,\n"  # 1: had been "bad year: '  ' is not a whole..."
        "2024,ML Engineer,base,   ,USD,\n"  # 2: had been "bad amount: '   ' is not a number"
        "2024,ML Engineer,base,100000,USD,  \n"  # 3: had been "bad years_experience: '  '"
        "2024,ML Engineer,base,\t,USD,\n"  # 4: a tab is space too
    )
    result = ingest_file(store, "csv", write_file(tmp_path, "fixture-spaces.csv", text))
    assert _reasons(store, result.ingest_id) == {
        1: "missing year",
        2: "missing amount",
        4: "missing amount",
    }
    assert _rows_kept(store, result.ingest_id) == [3]


def test_a_blank_amount_beside_an_amount_usd_is_not_a_bad_number(
    store: Store, tmp_path: Path
) -> None:
    text = "year,title,pay_component,amount,currency,amount_usd\n2024,ML Engineer,base,1,USD,  \n"
    result = ingest_file(store, "csv", write_file(tmp_path, "fixture-blank-usd.csv", text))
    # amount_usd of spaces is not given (not "bad amount_usd: '  ' is not a number").
    assert _reasons(store, result.ingest_id) == {
        1: "implausible amount: 1 USD a year is outside 1,000-5,000,000"
    }


@pytest.mark.parametrize(
    ("amount", "said"), [(0.001, "0.001"), (0.5, "0.5"), (1.5, "1.50"), (12, "12")]
)
def test_a_tiny_workbook_amount_is_said_as_given_not_rounded_to_zero(
    store: Store, tmp_path: Path, amount: float, said: str
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["year", "title", "pay_component", "amount", "currency"])
    book.active.append([2024, "ML Engineer", "base", amount, "USD"])
    book.save(tmp_path / "fixture-tiny.xlsx")
    result = ingest_file(store, "csv", tmp_path / "fixture-tiny.xlsx")
    assert _reasons(store, result.ingest_id) == {
        1: f"implausible amount: {said} USD a year is outside 1,000-5,000,000"
    }


def test_the_summary_counts_a_row_of_several_reasons_under_its_first(
    store: Store, tmp_path: Path
) -> None:
    # ",,base,," had been counted as "missing year; missing title; missing amount; ...".
    # (A row of empty cells alone, ",,,,", is a blank row: test_ingest_fixes9.)
    text = CANONICAL + ",,base,,\n,Eng,base,100000,USD\n2024,Eng,base,oops,USD\n"
    result = ingest_file(store, "csv", write_file(tmp_path, "fixture-several.csv", text))
    assert result.top_reasons == [("missing year", 2), ("bad amount", 1)]
