"""Bad input and honest words, stop 71 (part 2): a Parquet file named as a workbook, an
h1b_2024 column of the wrong type, a sheet's missing column said as a first line's, the
shifted-row refusal's "fix the row" of several rows, and the report's words on OEWS pay
and on the managers' rows."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from paygrade.compare import compare
from paygrade.ingest import ingest_file
from paygrade.records import BadInputFile
from paygrade.report.build import _row, sources_side_by_side
from paygrade.report.management import management_table
from paygrade.store import Store
from tests.test_h1b_2024 import SCHEMA, filing

HEADER = "year,country,pay_component,amount,currency,title,company,city"


def _counts(store: Store) -> tuple[int, ...]:
    return tuple(
        int(store.scalar(f"SELECT count(*) FROM {table}") or 0)
        for table in ("ingest_log", "records", "raw_rows", "quarantine")
    )


def _filings(columns: dict[str, pa.Array]) -> pa.Table:
    """Two filings typed as the real extract is, with ``columns`` put in their place."""
    rows = [
        filing("Acme Corp", "Data Scientist", 150_000.0, "Year", 150_000.0, 0),
        filing("Beta Labs", "Machine Learning Engineer", 80.0, "Hour", 166_400.0, 1),
    ]
    table = pa.Table.from_pylist(rows, SCHEMA)
    for name, values in columns.items():
        table = table.set_column(table.schema.get_field_index(name), name, values)
    return table


# --- a file named as a workbook that is another format ------------------------------


def _parquet_bytes(path: Path) -> None:
    pq.write_table(_filings({}), path)


def _sqlite_bytes(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (year TEXT)")
    con.close()


def _pdf_bytes(path: Path) -> None:
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")


@pytest.mark.parametrize(
    ("name", "write", "said"),
    [
        ("fixture-filings.xlsx", _parquet_bytes, "it is a Parquet file, not a workbook"),
        ("fixture-filings.ods", _parquet_bytes, "it is a Parquet file, not a workbook"),
        ("fixture-db.xlsx", _sqlite_bytes, "it is an SQLite database, not a workbook"),
        ("fixture-doc.xls", _pdf_bytes, "it is a PDF document, not a workbook"),
    ],
)
def test_a_file_of_another_format_named_as_a_workbook_says_what_it_is(
    store: Store, tmp_path: Path, name: str, write: object, said: str
) -> None:
    # `paygrade ingest lca X.xlsx` of a Parquet file had said "(ZipError)".
    path = tmp_path / name
    write(path)  # type: ignore[operator]
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "lca", path)
    kind = name.rpartition(".")[2].upper()
    assert str(refused.value) == f"{name}: not a readable {kind} workbook ({said})"
    assert _counts(store) == (0, 0, 0, 0)


# --- an h1b_2024 column of the wrong type ---------------------------------------------


@pytest.mark.parametrize(
    ("values", "typed"),
    [
        (pa.array([12345, 67890]), "int64"),
        (pa.array([{"a": 1}, {"a": 2}]), "struct<a: int64>"),
        (pa.array([["Acme"], ["Beta"]]), "list<element: string>"),
    ],
)
def test_an_employer_column_not_of_text_refuses_the_file(
    store: Store, tmp_path: Path, values: pa.Array, typed: str
) -> None:
    # Staged as text, an employer of integers or structs had been stored as a company
    # ("12345", "{'a': 1}"), without a word.
    path = tmp_path / "fixture-typed.parquet"
    pq.write_table(_filings({"EMPLOYER_NAME": values}), path)
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "h1b_2024", path)
    assert str(refused.value) == (
        f"fixture-typed.parquet: column EMPLOYER_NAME is of type {typed}, not text: nothing "
        "stored from the file; write the column as text and ingest again"
    )
    assert _counts(store) == (0, 0, 0, 0)


def test_every_column_of_the_wrong_type_is_named(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "fixture-two-typed.parquet"
    columns = {
        "SOC_CODE": pa.array([151252, 152051]),
        "WAGE_RATE_OF_PAY_FROM": pa.array([True, False]),
    }
    pq.write_table(_filings(columns), path)
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "h1b_2024", path)
    assert str(refused.value) == (
        "fixture-two-typed.parquet: column SOC_CODE is of type int64, not text and column "
        "WAGE_RATE_OF_PAY_FROM is of type bool, not numbers: nothing stored from the file; "
        "write each column as its kind and ingest again"
    )
    assert _counts(store) == (0, 0, 0, 0)


def test_columns_of_their_kind_are_read_as_before(store: Store, tmp_path: Path) -> None:
    # A pandas category of employers (a dictionary of texts), wages as text and as
    # integers: each holds what it should, and is read as before.
    path = tmp_path / "fixture-kinds.parquet"
    columns = {
        "EMPLOYER_NAME": pa.array(["Initech", "Beta Labs"]).dictionary_encode(),
        "WAGE_RATE_OF_PAY_FROM": pa.array(["150000.0", "80.0"]),
        "ANNUAL_WAGE": pa.array([150_000, 166_400]),
    }
    pq.write_table(_filings(columns), path)
    result = ingest_file(store, "h1b_2024", path)
    assert (result.rows_read, result.rows_accepted) == (2, 2)
    got = store.con.execute(
        "SELECT company, amount_usd FROM records ORDER BY amount_usd"
    ).fetchall()
    assert got == [("Initech", 150_000.0), ("Beta Labs", 166_400.0)]


# --- a sheet's missing column ---------------------------------------------------------


def test_a_sheets_missing_column_is_said_of_its_rows_not_a_first_line(
    store: Store, tmp_path: Path
) -> None:
    # The header below a blank row, on a sheet named "Pay": it had been "read as the
    # header, the first line", of a sheet, which has rows.
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Pay"
    sheet.append([])
    sheet.append(["year", "title"])
    sheet.append([2024, "Engineer"])
    path = tmp_path / "fixture-two-columns.xlsx"
    book.save(path)
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "csv", path)
    said = str(refused.value)
    assert said.startswith("fixture-two-columns.xlsx: missing required column(s): ")
    assert said.endswith(
        "(read as the header, the first row with a value of sheet 'Pay': 'year', 'title')"
    )
    assert "line" not in said
    assert _counts(store) == (0, 0, 0, 0)


# --- a CSV row longer than its header, of several rows --------------------------------


@pytest.mark.parametrize(
    ("rows", "fix"),
    [
        (["Engineer, ML,Acme,"], "fix the row and ingest again"),
        (["Engineer, ML,Acme,", "Lead, Data,Acme,"], "(2 rows so in all); fix the rows and"),
        # Two blank fields too many: how many rows are so is not known.
        (["Engineer, ML,Acme,,"], "fix each row so and ingest again"),
    ],
)
def test_the_shifted_row_refusal_asks_to_fix_the_rows_it_counts(
    store: Store, tmp_path: Path, rows: list[str], fix: str
) -> None:
    path = tmp_path / "fixture-shifted.csv"
    lines = [f"2024,US,base,{150_000 + i},USD,{row}" for i, row in enumerate(rows)]
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "csv", path)
    said = str(refused.value)
    assert said.startswith("fixture-shifted.csv: cannot read as CSV: line 2: ")
    assert fix in said
    assert _counts(store) == (0, 0, 0, 0)


# --- the report's words ---------------------------------------------------------------


def test_the_report_says_oews_wages_count_incentive_pay(real_store: Store) -> None:
    # "H-1B filings and BLS OEWS report base pay": OEWS wages include incentive pay
    # (DOMAIN.md), as the report's location section says.
    text = sources_side_by_side(real_store)["text"]
    assert text[1] == (
        "Surveys report total pay; H-1B filings report base pay; BLS OEWS report base wages "
        "with incentive pay, without year-end bonuses or equity: compare rows, never average "
        "them."
    )
    # compare says it so on every face, the report's sentence being its note.
    notes = compare(real_store, role="ml_engineer", country="US")["notes"]
    assert "BLS OEWS report base wages with incentive pay" in notes[0]
    assert "BLS OEWS report base pay" not in " ".join(notes)


def test_the_management_table_says_the_ml_managers_are_among_all_managers(
    real_store: Store,
) -> None:
    table = management_table(real_store, _row)
    _, ml_managers, managers = table["rows"]
    assert 0 < ml_managers["n"] < managers["n"]  # 53 of 3,084 in the real store
    assert (
        "the any-field managers' row includes the ML or AI managers' records, not more beside them"
    ) in table["notes"]


# The footer of every page, and /sources' methodology ("Base vs. total pay") besides.
@pytest.mark.parametrize(("url", "times"), [("/", 1), ("/sources", 2)])
def test_the_pages_say_oews_wages_count_incentive_pay(app: Any, url: str, times: int) -> None:
    # They said "H-1B filings, BLS OEWS and OFLC wage levels report base pay", as the
    # report's note had.
    page = app.get(url)
    assert page.status_code == 200
    said = " ".join(re.sub(r"<[^>]+>", " ", page.text).split())
    assert said.count("BLS OEWS and OFLC wage levels report base wages with incentive pay") == times
    assert "OFLC wage levels report base pay" not in said
