"""A user's files, fifth round: an over-long CSV line named by its line, progress while a
large CSV is read, a workbook formula with no saved value, a Parquet folder that lacks the
column a question needs, and a workbook's other sheets read no further than their header.
Hand-written fixture rows (named fixture-*, never product data)."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from paygrade.formats import IngestProgress, rows_bar
from paygrade.progress import listening
from paygrade.records import BadInputFile
from paygrade.sources import reading, workbook
from paygrade.sources.reading import MAX_LINE_BYTES, inspect_file, stage_csv
from paygrade.sources.workbook import stage_text_or_workbook
from tests import test_reading
from tests.conftest import write_file
from tests.test_cli import run
from tests.test_reading import HEADER, REQUIRED, ROW

# test_reading's fixture, here by name: a connection of its own for each test.
con = test_reading.con


# --- 1. a line longer than a line may be, named by its line -----------------------------


def test_an_over_long_line_is_named_by_its_line_and_says_what_to_do(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    # Line 2 holds a field over three lines, so the long row (the 4th data row) is line 7.
    body = ROW + '2023,"Data\nScientist\nII",base,1\n' + ROW
    long_row = "2023," + "x" * (MAX_LINE_BYTES + 10) + ",base,1\n"
    path = write_file(tmp_path, "fixture-long.csv", HEADER + body + long_row + ROW)
    with pytest.raises(BadInputFile) as caught:
        stage_csv(con, inspect_file(path), "raw", REQUIRED)
    said = str(caught.value)
    assert said.startswith(
        f"fixture-long.csv: cannot read as CSV: line 7 is longer than {MAX_LINE_BYTES} bytes"
    )
    assert "delete the line" in said


# --- 2. progress while a large CSV is read ----------------------------------------------


def test_staging_a_csv_reports_its_rows_read_as_a_workbook_does(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    path = write_file(tmp_path, "fixture-rows.csv", HEADER + ROW * 3 + "\n" + ROW)
    seen: list[tuple[int, int]] = []
    with listening(lambda done, total: seen.append((done, total))):
        stage_csv(con, inspect_file(path), "raw", REQUIRED, by_place=True)
    assert seen == [(4, 4)]  # then the bar says "4 rows read; normalizing"
    assert rows_bar(*seen[-1]) == "4 rows read; normalizing"


class _HalfRead:
    """A DuckDB connection whose query is always half read (``query_progress``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def execute(self, *args: Any) -> duckdb.DuckDBPyConnection:
        return self.con.execute(*args)

    def query_progress(self) -> float:
        return 50.0

    def interrupt(self) -> None:
        self.con.interrupt()


def test_a_large_csv_reports_rows_read_while_duckdb_reads_it(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "PROGRESS_BYTES", 0)
    facts = inspect_file(write_file(tmp_path, "fixture-rows.csv", HEADER + ROW * 100))
    heard = threading.Event()
    seen: list[tuple[int, int]] = []

    def listener(done: int, total: int) -> None:
        seen.append((done, total))
        heard.set()

    def read() -> None:  # ends once a report is heard: no timing
        heard.wait(30)

    with listening(listener):
        reading._with_progress(_HalfRead(con), read, facts)  # type: ignore[arg-type]
    assert seen[0] == (50, 100)
    # DuckDB's settings as they were, and its own bar (drawn on stdout) never asked for.
    assert con.execute(
        "SELECT current_setting('progress_bar_time'), current_setting('enable_progress_bar_print')"
    ).fetchone() == (2000, False)


def test_a_large_csv_refused_while_read_is_refused_to_the_caller(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "PROGRESS_BYTES", 0)
    path = write_file(tmp_path, "fixture-ragged.csv", HEADER + ROW + "2023,x,base\n")
    with pytest.raises(BadInputFile, match="line 3: 3 fields where the header has 4"):
        stage_csv(con, inspect_file(path), "raw", REQUIRED)


@pytest.mark.parametrize("terminal", [True, False])
def test_the_ingest_bar_shows_a_csvs_rows_on_a_terminal_only(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, terminal: bool
) -> None:
    from rich.console import Console

    path = write_file(tmp_path, "fixture-rows.csv", HEADER + ROW * 2)
    err = Console(file=io.StringIO(), force_terminal=terminal)
    progress = IngestProgress(err, Console(file=io.StringIO()))
    progress.begin("ingesting csv: fixture-rows.csv")
    try:
        with listening(progress.rows):
            stage_csv(con, inspect_file(path), "raw", REQUIRED)
        said = str(progress.status.status)
    finally:
        progress.end()
    bar = " 2 rows read; normalizing" if terminal else ""
    assert said == "ingesting csv: fixture-rows.csv" + bar


# --- 3. a workbook formula with no saved value ------------------------------------------


def _formula_workbook(path: Path) -> Path:
    """A fixture workbook as openpyxl writes it: formulas, and no values saved for them."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "fixture-pay"
    sheet.append(["year", "title", "pay_component", "amount_usd"])
    sheet.append([2023, "ML Engineer", "base", 150000])
    sheet.append([2023, "ML Engineer", "base", "=D2*2"])
    sheet.append([2023, "ML Engineer", "base", "=SUM(D2:D3)"])
    book.create_sheet("notes").append(["=1+1"])
    book.save(path)
    return path


def test_a_formula_without_a_saved_value_is_named_not_quarantined_as_missing(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    path = _formula_workbook(tmp_path / "fixture-formulas.xlsx")
    with pytest.raises(BadInputFile) as caught:
        stage_text_or_workbook(con, inspect_file(path), "raw", REQUIRED)
    assert str(caught.value) == (
        "fixture-formulas.xlsx: cell D3 (and 1 more) of sheet 'fixture-pay' holds a formula "
        "without a saved value (the file was written by a program that does not calculate, "
        "such as a script): open the file in Excel or LibreOffice, save it, and ingest again"
    )


@pytest.mark.parametrize(
    ("cells", "found"),
    [
        (b'<c r="D3"><f>B2*2</f><v /></c>', ("D3", 1)),  # openpyxl's
        (b'<c r="E9" s="1"><f t="shared" si="0"/></c><c r="F9"><f>1</f><v></v></c>', ("E9", 2)),
        (b'<c r="D3" t="n"><f>B2*2</f><v>300000</v></c>', None),  # Excel's: calculated
        (b'<c r="D3" t="str"><f>IF(A1="","",A1)</f><v></v></c>', None),  # an empty text result
        (b'<c r="A1" s="2"/><c r="B1"><v>5</v></c>', None),
    ],
    ids=["openpyxl", "shared-and-empty-v", "calculated", "empty-text-result", "no-formula"],
)
def test_formula_cells_without_a_saved_value_are_found_in_the_sheet_xml(
    cells: bytes, found: tuple[str, int] | None
) -> None:
    xml = b"<worksheet><sheetData><row>" + cells + b"</row></sheetData></worksheet>"
    assert workbook._uncalculated(io.BytesIO(xml)) == found


def test_ctrl_c_while_calamine_parses_a_sheet_stops_before_the_parse_ends(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # calamine parses a sheet in Rust, not looking at Python's signals: in the main thread
    # a Ctrl-C waited for the whole parse (600,000 rows: 10.5 s). A parse that waits on
    # an event stands for it; interrupt_main() is a Ctrl-C that is taken only when Python
    # runs again in the main thread, as it is after such a native call.
    import _thread

    import python_calamine

    started, release, ended = threading.Event(), threading.Event(), threading.Event()
    parsing: list[threading.Thread] = []

    class SlowWorkbook:
        @staticmethod
        def from_path(path: str) -> object:
            parsing.append(threading.current_thread())
            started.set()
            # Bounds the old code's wait; long enough that a loaded machine's Ctrl-C comes
            # first (at 5 s, under a load of 8 on two cores, the parse had ended before it).
            release.wait(30)
            ended.set()
            raise ValueError("fixture: no workbook")

    def press_ctrl_c() -> None:
        started.wait(30)
        _thread.interrupt_main()

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", SlowWorkbook)
    path = _formula_workbook(tmp_path / "fixture-slow.xlsx")
    threading.Thread(target=press_ctrl_c, daemon=True).start()
    try:
        with pytest.raises(KeyboardInterrupt):
            stage_text_or_workbook(con, inspect_file(path), "raw", REQUIRED)
        # Taken while the parse still runs, in a thread of its own (which ends with the
        # process): not after it. (Not is_alive(): a join cut short says a thread ended.)
        assert parsing[0] is not threading.main_thread() and not ended.is_set()
    finally:
        release.set()


# --- 4. a Parquet folder lacking what a question asks of --------------------------------


def _folder(tmp_path: Path, name: str, **columns: list[Any]) -> Path:
    """A folder of one hand-written fixture Parquet file of ``columns``."""
    rows = {
        "source": ["fixture"] * 3,
        "pay_component": ["base"] * 3,
        "amount_usd": [100_000.0, 120_000.0, 140_000.0],
        **columns,
    }
    folder = tmp_path / name
    folder.mkdir()
    pq.write_table(pa.table({k: v for k, v in rows.items() if v}), folder / "fixture.parquet")
    return folder


def test_real_dollars_of_a_folder_without_amount_usd_real_say_the_column_is_missing(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path, "nominal", year=[2023] * 3)
    done = run("stats", "--from-parquet", folder, "--real")
    assert (done.returncode, done.stdout) == (1, "")
    # It was "the 3 matching records are of years without CPI-U, which real dollars leave out".
    assert done.stderr == (
        f"error: {folder}: the Parquet files have no amount_usd_real column, which real dollars "
        "(--real) are read from: `paygrade export` writes it from a store that holds CPI-U; "
        "or leave --real out\n"
    )


def test_distinct_rows_of_a_folder_of_later_copies_say_no_row_is_a_first_copy(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path, "copies", year=[2023] * 3, dup_rank=[2, 2, 3])
    done = run("stats", "--from-parquet", folder, "--distinct-rows")
    assert done.returncode == 1
    # It was "no record in DIR has amount_usd", of rows that all had one.
    assert done.stderr == (
        f"error: {folder}: no row is a first copy (dup_rank = 1), which --distinct-rows "
        "counts: every row is a later copy of another; leave --distinct-rows out\n"
    )
    counted = run("stats", "--from-parquet", folder, "--format", "json")
    assert counted.returncode == 0 and json.loads(counted.stdout)["groups"][0]["n"] == 3


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_a_filter_on_a_column_the_folder_lacks_says_so(tmp_path: Path, engine: str) -> None:
    folder = _folder(tmp_path, "yearless")
    done = run("stats", "--from-parquet", folder, "--where", "year=2023", "--engine", engine)
    assert done.returncode == 1
    # It was "no record matches all of these filters together"; said before Spark starts.
    assert done.stderr == (
        f"error: {folder}: the Parquet files have no year column, so no row can match "
        "--where year=...: leave that filter out\n"
    )
