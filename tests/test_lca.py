"""DOL LCA disclosure files (source ``lca``), as CSV and as XLSX read by calamine."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
import pytest

from paygrade.formats import rows_bar
from paygrade.ingest import ingest_file
from paygrade.progress import listening
from paygrade.records import BadInputFile
from paygrade.sources import workbook
from paygrade.store import Store
from tests.conftest import opened_copy

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "fixture-lca-small.csv"
SAN_FRANCISCO = "San Francisco-Oakland-Fremont, CA"
SAN_JOSE = "San Jose-Sunnyvale-Santa Clara, CA"
NOT_CERTIFIED = "is not pay evidence (only certified filings count)"

# What fixture-lca-small.csv must give, row by row (source_row -> fields).
EXPECTED = {
    1: dict(
        year=2024,
        company="Amazon",
        title="Machine Learning Engineer",
        role="ml_engineer",
        level=None,
        city="Menlo Park",
        state="CA",
        metro=SAN_FRANCISCO,
        employment_type="full_time",
        amount=75.5 * 2080,
    ),
    2: dict(
        year=2024,
        company="Google",
        title="Senior Software Engineer",
        role="software_engineer",
        level="senior",
        city="Sunnyvale",
        state="CA",
        metro=SAN_JOSE,
        employment_type="full_time",
        amount=3000.0 * 52,
    ),
    3: dict(
        year=2023,
        company="Apple",
        title="Data Scientist",
        role="data_scientist",
        level=None,
        city="Cupertino",
        state="CA",
        metro=SAN_JOSE,
        employment_type="part_time",
        amount=15000.0 * 12,
    ),
    4: dict(
        year=2024,
        company="Meta",
        title="Research Scientist",
        role="research_scientist",
        level=None,
        city="Menlo Park",
        state="CA",
        metro=SAN_FRANCISCO,
        employment_type="full_time",
        amount=6000.0 * 26,
    ),
    5: dict(
        year=2024,
        company="Microsoft",
        title="Data Engineer II",
        role="data_engineer",
        level="mid",
        city="Redmond",
        state="WA",
        metro="Seattle-Tacoma-Bellevue, WA",
        employment_type="full_time",
        amount=165000.0,
    ),
    # BEGIN_DATE blank: the year comes from DECISION_DATE.
    6: dict(
        year=2023,
        company="Netflix",
        title="Machine Learning Engineer",
        role="ml_engineer",
        level=None,
        city="Los Gatos",
        state="CA",
        metro=SAN_JOSE,
        employment_type="full_time",
        amount=450000.0,
    ),
}
QUARANTINED = {
    7: f'case status: "Denied" {NOT_CERTIFIED}',
    8: f'case status: "Withdrawn" {NOT_CERTIFIED}',
    9: f'case status: "Certified - Withdrawn" {NOT_CERTIFIED}',
}


@pytest.fixture(scope="module")
def geography_db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("geography") / "geography.duckdb"
    built = Store.open(path)
    ingest_file(built, "oflc_geography", data_dir / "oflc-geography-2025-26.csv")
    built.close()
    return path


@pytest.fixture
def geo_store(geography_db: Path, tmp_path: Path) -> Iterator[Store]:
    with opened_copy(geography_db, tmp_path) as opened:
        yield opened


def fixture_rows() -> tuple[list[str], list[list[str]]]:
    with SMALL.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def _excel_value(column: str, text: str) -> object:
    """A CSV cell as DOL's workbook holds it: dates as real dates, wages as numbers."""
    if not text:
        return None
    if column.endswith("_DATE"):
        if "/" in text:
            return dt.datetime.strptime(text, "%m/%d/%Y")
        return dt.datetime.fromisoformat(text)
    if column in ("WAGE_RATE_OF_PAY_FROM", "PREVAILING_WAGE"):
        return float(text.replace("$", "").replace(",", ""))
    return text


def write_workbook(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


ODS = "urn:oasis:names:tc:opendocument:xmlns"


def write_ods(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    """A hand-written OpenDocument spreadsheet (what LibreOffice saves): one sheet."""

    def cell(value: Any) -> str:
        if isinstance(value, int | float):
            kind = f'office:value-type="float" office:value="{value}"'
        else:
            kind = 'office:value-type="string"'
        return f"<table:table-cell {kind}><text:p>{escape(str(value))}</text:p></table:table-cell>"

    table = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
        for row in [header, *rows]
    )
    content = (
        f'<office:document-content xmlns:office="{ODS}:office:1.0" '
        f'xmlns:table="{ODS}:table:1.0" xmlns:text="{ODS}:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Sheet1">{table}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    mimetype = "application/vnd.oasis.opendocument.spreadsheet"
    manifest = (
        f'<manifest:manifest xmlns:manifest="{ODS}:manifest:1.0" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as ods:
        ods.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # first and stored, as ODF asks
        ods.writestr("META-INF/manifest.xml", manifest)
        ods.writestr("content.xml", content)
    return path


def fixture_workbook(path: Path) -> Path:
    header, rows = fixture_rows()
    converted = [[_excel_value(c, v) for c, v in zip(header, row, strict=True)] for row in rows]
    return write_workbook(path, header, converted)


def records(store: Store, ingest_id: int | None) -> dict[int, dict[str, Any]]:
    cursor = store.con.execute("SELECT * FROM records WHERE ingest_id = ?", [ingest_id])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {int(r["source_row"]): r for r in rows}


def reasons(store: Store, ingest_id: int | None) -> dict[int, str]:
    rows = store.con.execute(
        "SELECT source_row, reason FROM quarantine WHERE ingest_id = ?", [ingest_id]
    ).fetchall()
    return {int(row): str(reason) for row, reason in rows}


def check_fixture_ingest(store: Store, path: Path) -> dict[int, dict[str, Any]]:
    result = ingest_file(store, "lca", path)
    assert (result.status, result.rows_read, result.rows_accepted, result.rows_rejected) == (
        "ok",
        9,
        6,
        3,
    )
    got = records(store, result.ingest_id)
    assert sorted(got) == sorted(EXPECTED)
    for row, expected in EXPECTED.items():
        record = got[row]
        assert {k: record[k] for k in expected} == pytest.approx(expected), row
        assert record["amount_usd"] == pytest.approx(expected["amount"])
        assert (record["source"], record["pay_component"], record["currency"]) == (
            "lca",
            "base",
            "USD",
        )
        assert record["country"] == "US"
    assert reasons(store, result.ingest_id) == QUARANTINED
    return got


def test_csv_fixture(geo_store: Store) -> None:
    check_fixture_ingest(geo_store, SMALL)


def test_xlsx_with_real_dates_gives_the_same_records(geo_store: Store, tmp_path: Path) -> None:
    from_csv = check_fixture_ingest(geo_store, SMALL)
    book = fixture_workbook(tmp_path / "lca.xlsx")
    ingest_id = geo_store.scalar("SELECT max(ingest_id) FROM ingest_log") + 1
    from_xlsx = check_fixture_ingest(geo_store, book)
    for row, record in from_csv.items():
        assert from_xlsx[row] | {"ingest_id": 0} == record | {"ingest_id": 0}
    # calamine gave the dates as dates (an ISO string), not as Excel serial numbers.
    payload = geo_store.scalar(
        "SELECT payload FROM raw_rows WHERE ingest_id >= ? AND source_row = 1", [ingest_id]
    )
    assert json.loads(payload)["BEGIN_DATE"].startswith("2024-10-01")
    assert json.loads(payload)["WAGE_RATE_OF_PAY_FROM"] == "75.5"


def test_xlsx_is_skipped_when_ingested_again(geo_store: Store, tmp_path: Path) -> None:
    book = fixture_workbook(tmp_path / "lca.xlsx")
    assert ingest_file(geo_store, "lca", book).status == "ok"
    again = ingest_file(geo_store, "lca", book)
    assert again.status == "skipped"
    assert geo_store.scalar("SELECT count(*) FROM records") == 6


def test_without_geography_there_is_no_metro(store: Store) -> None:
    result = ingest_file(store, "lca", SMALL)
    got = records(store, result.ingest_id)
    assert {r["metro"] for r in got.values()} == {None}
    assert got[1]["city"] == "Menlo Park"  # the city is still cleaned


def test_unknown_wage_unit_and_bad_wage_quarantine(store: Store, tmp_path: Path) -> None:
    header, rows = fixture_rows()
    unit, wage = header.index("WAGE_UNIT_OF_PAY"), header.index("WAGE_RATE_OF_PAY_FROM")
    fortnight = [*rows[1]]
    fortnight[unit] = "Fortnight"
    blank_wage = [*rows[1]]
    blank_wage[wage] = ""
    blank_unit = [*rows[1]]
    blank_unit[unit] = ""
    spaces_unit = [*rows[1]]
    spaces_unit[unit] = "   "
    path = tmp_path / "lca.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, fortnight, blank_wage, blank_unit, spaces_unit])
    result = ingest_file(store, "lca", path)
    assert reasons(store, result.ingest_id) == {
        1: "bad pay_period: 'Fortnight' is not one of year, month, biweekly, week, hour",
        2: "missing amount",
        # A wage with no unit could be hourly or yearly: never guessed.
        3: "missing pay_period",
        4: "missing pay_period",
    }


def test_a_date_or_full_time_mark_given_unreadable_is_said_as_given(
    store: Store, tmp_path: Path
) -> None:
    # Both had been said as nothing given: "missing year" for a start date "01-OCT-24"
    # (and its other dates blank), and no reason at all for FULL_TIME_POSITION "maybe".
    header, rows = fixture_rows()
    dated = [*rows[1]]
    for column, value in [("BEGIN_DATE", "01-OCT-24"), ("DECISION_DATE", ""),
                          ("RECEIVED_DATE", "")]:  # fmt: skip
        dated[header.index(column)] = value
    maybe = [*rows[1]]
    maybe[header.index("FULL_TIME_POSITION")] = "maybe"
    fallback = [*rows[1]]  # an unreadable start, a readable decision: its year
    fallback[header.index("BEGIN_DATE")] = "01-OCT-24"
    serial = [*dated]  # an Excel date serial as text: it had been read as the year 2019
    serial[header.index("BEGIN_DATE")] = "42019"
    path = tmp_path / "lca.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, dated, maybe, fallback, serial])
    result = ingest_file(store, "lca", path)
    said = reasons(store, result.ingest_id)
    assert said[1] == "bad year: '01-OCT-24' is not a whole number"
    assert said[2].startswith("bad employment_type: 'maybe'")
    assert said[4].startswith("impossible year: 42019")
    assert 3 not in said and result.rows_accepted == 1


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_files_own_source_row_of_any_case_is_kept(
    store: Store, tmp_path: Path, suffix: str
) -> None:
    # "SOURCE_ROW" in a CSV was replaced by the row numbers without a word (DuckDB's names
    # are of any case); in a workbook it was "Column with name source_row already exists",
    # an internal error (status 70).
    header, rows = fixture_rows()
    given = [[*row, str(101 + i)] for i, row in enumerate(rows[:2])]
    path = tmp_path / f"lca{suffix}"
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([[*header, "SOURCE_ROW"], *given])
    else:
        write_workbook(path, [*header, "SOURCE_ROW"], given)
    result = ingest_file(store, "lca", path)
    payloads = store.con.execute(
        "SELECT source_row, payload->>'SOURCE_ROW' FROM raw_rows WHERE ingest_id = ? "
        "ORDER BY source_row",
        [result.ingest_id],
    ).fetchall()
    assert payloads == [(1, "101"), (2, "102")]
    # A column source_row_1 beside it, the name the file's source_row is kept under, had
    # its values replaced by the other's without a word: the file is refused, naming both.
    both = tmp_path / f"both{suffix}"
    if suffix == ".csv":
        with both.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(
                [[*header, "source_row", "source_row_1"], *[[*r, "7", "8"] for r in rows[:2]]]
            )
    else:
        write_workbook(
            both, [*header, "source_row", "source_row_1"], [[*r, "7", "8"] for r in rows[:2]]
        )
    with pytest.raises(BadInputFile, match="columns source_row and source_row_1 both"):
        ingest_file(store, "lca", both)


def test_missing_required_columns_are_named(store: Store) -> None:
    path = FIXTURES / "fixture-lca-missing-columns.csv"
    with pytest.raises(
        BadInputFile, match=r"missing required column.*CASE_STATUS, WAGE_UNIT_OF_PAY"
    ):
        ingest_file(store, "lca", path)


@pytest.fixture
def broken_books(tmp_path: Path) -> dict[str, Path]:
    real = fixture_workbook(tmp_path / "real.xlsx").read_bytes()
    header, _ = fixture_rows()
    books = {
        "truncated": tmp_path / "truncated.xlsx",
        "renamed-text": tmp_path / "renamed.xlsx",
        "header-only": write_workbook(tmp_path / "header.xlsx", header, []),
        "missing-columns": write_workbook(tmp_path / "cols.xlsx", ["CASE_STATUS"], [["Certified"]]),
        "duplicate-column": write_workbook(
            tmp_path / "dup.xlsx", [*header, "JOB_TITLE"], [["x"] * (len(header) + 1)]
        ),
        "empty-sheet": write_workbook(tmp_path / "empty.xlsx", [], []),
    }
    books["truncated"].write_bytes(real[: len(real) // 2])
    books["renamed-text"].write_bytes(SMALL.read_bytes())
    return books


@pytest.mark.parametrize(
    ("book", "message"),
    [
        ("truncated", "truncated.xlsx: not a readable XLSX workbook"),
        ("renamed-text", "renamed.xlsx: not a readable XLSX workbook"),
        ("header-only", "header.xlsx: the sheet has a header but no data rows"),
        ("missing-columns", "cols.xlsx: missing required column.*EMPLOYER_NAME"),
        ("duplicate-column", "dup.xlsx: column 'JOB_TITLE' appears twice"),
        ("empty-sheet", "empty.xlsx: the workbook's first sheet is empty"),
    ],
)
def test_broken_workbooks_are_rejected(
    store: Store, broken_books: dict[str, Path], book: str, message: str
) -> None:
    with pytest.raises(BadInputFile, match=message):
        ingest_file(store, "lca", broken_books[book])
    assert store.scalar("SELECT count(*) FROM ingest_log") == 0
    assert store.scalar("SELECT count(*) FROM raw_rows") == 0


@pytest.mark.parametrize("name", ["mine.xlsx", "mine.ods"])
def test_csv_source_reads_a_workbook_of_canonical_columns(
    store: Store, tmp_path: Path, name: str
) -> None:
    # A spreadsheet of one's own records was refused ("a workbook, not a comma-separated
    # text file"; LibreOffice's .ods "binary content"): it is read as the CSV would be,
    # numbers and all.
    write = write_ods if name.endswith(".ods") else write_workbook
    book = write(
        tmp_path / name,
        ["year", "title", "pay_component", "amount_usd", "country"],
        [[2024, "Senior ML Engineer", "base", 185000, "Deutschland"],
         [2023.0, "Data Scientist", "total", "150,000", "US"],
         [2024, "Data Scientist", "total", "lots", "US"]],
    )  # fmt: skip
    result = ingest_file(store, "csv", book)
    assert (result.rows_read, result.rows_accepted) == (3, 2)
    got = store.con.execute(
        "SELECT source_row, year, role, amount_usd, country FROM records ORDER BY source_row"
    ).fetchall()
    assert got == [
        (1, 2024, "ml_engineer", 185000.0, "DE"),
        (2, 2023, "data_scientist", 150000.0, "US"),
    ]
    assert store.scalar("SELECT reason FROM quarantine") == "bad amount_usd: 'lots' is not a number"


def test_a_workbook_is_read_from_its_visible_sheet_and_never_in_part(
    store: Store, tmp_path: Path
) -> None:
    # Sheet "B" holding the table's other rows was left out without a word ("read 1,
    # accepted 1"); a hidden first sheet (a lookup list) was read as the table.
    header = ["year", "title", "pay_component", "amount_usd"]
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "A"
    first.append(header)
    first.append([2024, "ML Engineer", "base", 150000])
    second = book.create_sheet("B")
    second.append(header)
    second.append([2024, "ML Engineer", "base", 160000])
    book.create_sheet("notes").append(["collected by hand, 2024"])
    book.save(tmp_path / "split.xlsx")
    with pytest.raises(BadInputFile, match=r"split.xlsx: sheet 'B' has the columns of sheet 'A'"):
        ingest_file(store, "csv", tmp_path / "split.xlsx")
    # Still the table: B's columns in another order and case, with one more (compared as
    # lists, as a note beside the first sheet's header padding it with blank cells, they
    # had differed, and B's rows were left out).
    for cell, name in zip(second[1], ["AMOUNT_USD", "Title", "pay_component", "year"], strict=True):
        cell.value = name
    second["E1"] = "notes"
    book.save(tmp_path / "split2.xlsx")
    with pytest.raises(BadInputFile, match=r"split2.xlsx: sheet 'B' has the columns of sheet"):
        ingest_file(store, "csv", tmp_path / "split2.xlsx")
    # B without one of A's columns (2024's sheet, no company) is the table too: its rows
    # had been left out without a word.
    second.delete_cols(1)
    book.save(tmp_path / "split3.xlsx")
    with pytest.raises(BadInputFile, match=r"sheet 'B' has 3 of the 4 columns of sheet 'A'"):
        ingest_file(store, "csv", tmp_path / "split3.xlsx")
    assert store.scalar("SELECT count(*) FROM raw_rows") == 0
    del book["B"]  # a sheet of notes beside the table is no part of it: read
    first.sheet_state = "hidden"
    lookup = book.create_sheet("lookup", 0)  # first, hidden: the table is the visible one
    lookup.append(["level", "meaning"])
    lookup.sheet_state = "hidden"
    first.sheet_state = "visible"
    book.active = 1
    book.save(tmp_path / "hidden.xlsx")
    result = ingest_file(store, "csv", tmp_path / "hidden.xlsx")
    assert (result.rows_read, result.rows_accepted) == (1, 1)
    assert store.scalar("SELECT amount_usd FROM records") == 150_000


def test_a_workbook_column_with_no_name_is_dropped_when_empty_and_named_when_not(
    store: Store, tmp_path: Path
) -> None:
    # A note in G3 padded every row to seven cells: the empty 5th and 6th columns were
    # refused as "no name: a comma too many?" (a CSV's words), the note's column too.
    header = ["year", "title", "pay_component", "amount_usd"]
    path = write_workbook(tmp_path / "noted.xlsx", header, [[2024, "ML Engineer", "base", 150000]])
    book = openpyxl.load_workbook(path)
    book.active["G3"] = "checked by Bob"
    book.save(path)
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "csv", path)
    said = str(refused.value)
    assert said.startswith(
        "noted.xlsx: unknown column(s) the 7th (no name in the header, and values below it);"
    )
    book.active["G3"] = None  # the note gone, nothing below a blank header cell: read
    book.active["G1"] = None
    book.save(path)
    result = ingest_file(store, "csv", path)
    assert (result.rows_read, result.rows_accepted) == (1, 1)


def test_csv_source_names_the_columns_of_a_workbook_it_cannot_read(
    store: Store, tmp_path: Path
) -> None:
    book = fixture_workbook(tmp_path / "lca.xlsx")
    with pytest.raises(BadInputFile, match=r"lca\.xlsx: missing required column\(s\): year, title"):
        ingest_file(store, "csv", book)
    assert store.scalar("SELECT count(*) FROM ingest_log") == 0


def paygrade_command() -> list[str]:
    beside = Path(sys.executable).parent / "paygrade"
    found = str(beside) if beside.is_file() else shutil.which("paygrade")
    assert found, "the paygrade console script is not installed"
    return [found]


def test_cli_ingests_xlsx_and_rejects_a_broken_one(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    book = fixture_workbook(tmp_path / "lca.xlsx")
    ok = subprocess.run(
        [*paygrade_command(), "--db", str(db), "ingest", "lca", str(book)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("lca lca.xlsx: read 9, accepted 6, rejected 3 (case status 3)")
    assert ok.stderr == ""  # not a terminal: no progress bar, no spinner frames in a log
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(book.read_bytes()[:1000])
    bad = subprocess.run(
        [*paygrade_command(), "--db", str(db), "ingest", "lca", str(broken)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: broken.xlsx: not a readable XLSX workbook")
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_workbook_reports_rows_read_in_batches(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "BATCH_ROWS", 4)
    seen: list[tuple[int, int]] = []
    with listening(lambda done, total: seen.append((done, total))):
        result = ingest_file(store, "lca", fixture_workbook(tmp_path / "lca.xlsx"))
    assert result.rows_read == 9
    assert seen == [(4, 9), (8, 9), (9, 9)]


def test_workbook_skips_blank_rows_above_and_inside_the_table(store: Store, tmp_path: Path) -> None:
    header, rows = fixture_rows()
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for i, row in enumerate([header, *rows[:2], [], rows[2]]):
        for j, value in enumerate(row):
            sheet.cell(row=3 + i, column=2 + j, value=value)  # from B3: blank rows and column
    book.save(tmp_path / "offset.xlsx")
    result = ingest_file(store, "lca", tmp_path / "offset.xlsx")
    assert (result.rows_read, result.rows_accepted) == (3, 3)
    titles = store.con.execute(
        "SELECT source_row, title FROM records WHERE ingest_id = ? ORDER BY source_row",
        [result.ingest_id],
    ).fetchall()
    assert [row for row, _ in titles] == [1, 2, 3]
    assert [title for _, title in titles] == [EXPECTED[n]["title"] for n in (1, 2, 3)]


def test_rows_bar_shows_rows_read_then_normalizing() -> None:
    assert rows_bar(1, 4, width=4) == "[#---] 1/4 rows read (25%)"
    assert rows_bar(4, 4) == "4 rows read; normalizing"


def test_a_misspelt_worksite_is_the_one_city_of_its_state_it_spells(
    geo_store: Store, tmp_path: Path
) -> None:
    # 306 filings had no metro: SEATLLE, SETTLE and KIRLAND were not Seattle's.
    header, rows = fixture_rows()
    city, state = header.index("WORKSITE_CITY"), header.index("WORKSITE_STATE")
    worksites = [("SEATLLE", "WA"), ("KIRLAND", "WA"), ("San Franisco", "CA"),
                 ("Moorisville", "NC"), ("Seattle", "MA")]  # fmt: skip
    written = []
    for (name, where), row in zip(worksites, rows, strict=False):
        written.append([*row[:city], name, *row[city + 1 : state], where, *row[state + 1 :]])
    path = tmp_path / "fixture-lca-misspelt.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *written])
    result = ingest_file(geo_store, "lca", path)
    metros = dict(
        geo_store.con.execute(
            "SELECT source_row, metro FROM records WHERE ingest_id = ?", [result.ingest_id]
        ).fetchall()
    )
    seattle = "Seattle-Tacoma-Bellevue, WA"
    assert sorted(metros) == [1, 2, 3, 4, 5]  # every one a record
    assert [metros[row] for row in range(1, 6)] == [
        seattle, seattle, SAN_FRANCISCO,
        None,  # Morrisville or Mooresville: not guessed between
        None,  # no Seattle in Massachusetts: a state is never changed
    ]  # fmt: skip
