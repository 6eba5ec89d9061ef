"""Ingesting a user's own salary file, from an analyst's audit: a blank row under the header,
a re-imported listing, a state written as its country's code, the row numbers quarantine
gives, a row of separators, and a company level the company does not have.

Every file here is a hand-written fixture (named ``fixture-*``), never product data.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from paygrade.ingest import ingest_file
from paygrade.store import Store
from tests.conftest import run_each, write_file

HEADER = "year,title,company,pay_component,amount_usd\n"


def counted(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM records"))


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    """A fixture workbook of ``rows`` from A1 (an empty list: an empty sheet row)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(number, column, value)
    book.save(path)
    return path


def test_a_file_with_a_blank_row_under_its_header_is_ingested_beside_another_file(
    store: Store, tmp_path: Path
) -> None:
    # It had been "internal error (KeyError): 13": its columns were looked for in row 1.
    first = write_file(tmp_path, "fixture-first.csv", HEADER + "2024,Data Analyst,F,base,90001\n")
    second = HEADER + "\n2024,Data Analyst,Secondco,base,90002\n"
    assert ingest_file(store, "csv", first).status == "ok"
    done = ingest_file(store, "csv", write_file(tmp_path, "fixture-second.csv", second))
    assert (done.status, counted(store)) == ("ok", 2)


def test_a_workbook_with_an_empty_row_2_is_ingested_beside_another_file(
    store: Store, tmp_path: Path
) -> None:
    first = write_file(tmp_path, "fixture-first.csv", HEADER + "2024,Data Analyst,F,base,90001\n")
    rows: list[list[object]] = [
        HEADER.strip().split(","),
        [],
        [2024, "Data Analyst", "W", "base", 90003],
    ]
    book = _workbook(tmp_path / "fixture-blank-row-2.xlsx", rows)
    assert ingest_file(store, "csv", first).status == "ok"
    assert ingest_file(store, "csv", book).status == "ok"
    assert counted(store) == 2


def test_a_stored_file_with_a_blank_first_row_is_compared_with_a_new_one(
    store: Store, tmp_path: Path
) -> None:
    # With a row quarantined the files are compared by raw rows, and the stored one, its
    # first row kept being row 2, had been left out: its row was stored a second time.
    rows = "2024,Data Analyst,Thirdco,base,90002\n2024,Data Analyst,Thirdco,base,oops\n"
    blank = write_file(tmp_path, "fixture-blank-first.csv", HEADER + "\n" + rows)
    again = write_file(tmp_path, "fixture-no-blank.csv", HEADER + rows)
    assert ingest_file(store, "csv", blank).status == "ok"
    assert ingest_file(store, "csv", again).summary() == (
        "csv fixture-no-blank.csv: skipped (every row is stored already, "
        "from fixture-blank-first.csv)"
    )
    assert counted(store) == 1


# The audit's file (in USD: a fresh store has no euro rate): a company with a suffix
# the listing drops ("Zalando SE" is "Zalando").
SUFFIXED = (
    "year,title,company,country,pay_component,amount,currency\n"
    "2024,ML Engineer,Zalando SE,DE,base,72500,USD\n"
    "2024,ML Engineer,Zalando SE,DE,base,80000,USD\n"
)
# Fields a listing does not show: the company's own level, its industry.
UNLISTED = (
    "year,title,company,company_level,industry,pay_component,amount_usd\n"
    "2024,ML Engineer,Google,L5,tech,base,190000\n"
)


def _listed_again(tmp_path: Path, text: str) -> str:
    """What ingesting a fixture file, then its own ``records --format csv`` listing, says."""
    db, listing = tmp_path / "l.duckdb", tmp_path / "fixture-listing.csv"
    first = write_file(tmp_path, "fixture-own.csv", text)
    ingested, listed = run_each(
        ("--db", db, "ingest", "csv", first), ("--db", db, "records", "--format", "csv")
    )
    assert ingested.returncode == listed.returncode == 0
    listing.write_text(listed.stdout, encoding="utf-8", newline="")
    (again,) = run_each(("--db", db, "ingest", "csv", listing))
    return again.stdout


@pytest.mark.parametrize("text", [SUFFIXED, UNLISTED], ids=["company-suffix", "unlisted-fields"])
def test_a_listing_of_records_it_cannot_say_whole_is_skipped_as_stored(
    tmp_path: Path, text: str
) -> None:
    # It had been "read 2, accepted 2": compared by company_raw, industry, company_level.
    assert _listed_again(tmp_path, text) == (
        "csv fixture-listing.csv: skipped (every row is stored already, from fixture-own.csv)\n"
    )


def test_two_files_that_are_not_listings_differing_in_a_field_one_says_both_count(
    store: Store, tmp_path: Path
) -> None:
    other = UNLISTED.replace(",tech,", ",finance,")
    for name, text in (("fixture-tech.csv", UNLISTED), ("fixture-finance.csv", other)):
        assert ingest_file(store, "csv", write_file(tmp_path, name, text)).status == "ok"
    without = UNLISTED.replace(",industry", "").replace(",tech", "")
    done = ingest_file(store, "csv", write_file(tmp_path, "fixture-no-industry.csv", without))
    assert (done.status, counted(store)) == ("ok", 3)


# State and country, as the audit wrote them: a state's code as another country's.
STATES = (
    "year,title,company,state,country,pay_component,amount_usd\n"
    "2024,ML Engineer,Fixture India,IN,IN,base,90001\n"
    "2024,ML Engineer,Fixture Canada,California,Canada,base,90002\n"
    "2024,ML Engineer,Fixture Puerto Rico,PR,PR,base,90004\n"
    "2024,ML Engineer,Fixture Indiana,IN,US,base,90006\n"
)


def test_a_state_written_as_its_country_code_is_a_state_only_for_a_territory(
    store: Store, tmp_path: Path
) -> None:
    # IN with India had been stored as Indiana, California with Canada as CA, CA.
    ingest_file(store, "csv", write_file(tmp_path, "fixture-states.csv", STATES))
    stored = store.con.execute("SELECT state, country FROM records ORDER BY source_row").fetchall()
    assert stored == [("PR", "PR"), ("IN", "US")]
    reasons = store.con.execute("SELECT reason FROM quarantine ORDER BY source_row").fetchall()
    assert reasons == [
        ("bad state: IN is in the US, but the country is IN",),
        ("bad state: CA is in the US, but the country is CA",),
    ]


def test_a_quarantined_row_is_headed_as_its_data_row_not_its_line(tmp_path: Path) -> None:
    # Headed "source_row", fifty.csv's "26" had been read as line 26 (it is on line 27), and
    # an xlsx's "3" (its header on sheet row 3) as sheet row 3 (it is on row 6).
    db = tmp_path / "q.duckdb"
    rows = [[], [], ["year", "title", "pay_component", "amount_usd"], [2024, "ML", "base", 1]]
    book = _workbook(tmp_path / "fixture-offset.xlsx", [*rows, [], [2024, "ML", "bse", 151003]])
    _, table, listed = run_each(
        ("--db", db, "ingest", "csv", book),
        ("--db", db, "quarantine", "--format", "table"),
        ("--db", db, "quarantine", "--format", "csv"),
        env={"COLUMNS": "160"},
    )
    heading = next(line for line in table.stdout.splitlines() if "reason" in line)
    assert heading.split()[:4] == ["source", "file", "data", "row"]
    assert listed.stdout.splitlines()[0] == "source,file,source_row,reason,raw"
    assert [line.split(",")[2] for line in listed.stdout.splitlines()[1:]] == ["1", "3"]


def test_a_csv_row_of_separators_alone_is_a_blank_row_still_counted(
    store: Store, tmp_path: Path
) -> None:
    # ";;;" had been read and quarantined ("missing year; missing title; ..."), where the
    # same empty row of a workbook is skipped.
    text = "year;title;pay_component;amount_usd\n2024;ML;base;150000\n;;;\n2024;ML;bse;150001\n"
    done = ingest_file(store, "csv", write_file(tmp_path, "fixture-separators.csv", text))
    assert (done.rows_read, done.rows_accepted) == (2, 1)
    kept = store.con.execute("SELECT source_row FROM quarantine").fetchall()
    assert kept == [(3,)]


def test_ingest_all_says_the_files_it_left_alone_and_the_sources_not_found(
    data_dir: Path, tmp_path: Path
) -> None:
    # A folder of three sources' files and two of no source's had ingested what it knew,
    # exit 0, without a word of the rest.
    from tests.test_cli import run
    from tests.test_replacement import first_lines

    folder = tmp_path / "data"
    folder.mkdir()
    first_lines(data_dir, folder, "aijobs-salaries-2025-01.csv", 101)
    for name in ("so-survey-2023-usd.csv", "cpi-u-annual.csv"):  # their first 101 lines
        with (data_dir / name).open(encoding="utf-8", newline="") as real:
            head = "".join(line for _, line in zip(range(101), real, strict=False))
            write_file(folder, name, head)
    for name in ("extra-unknown.csv", "notes.txt", "SOURCES.md", ".DS_Store"):
        (folder / name).write_text("a hand-written test fixture\n")
    done = run("--db", tmp_path / "s.duckdb", "--data-dir", folder, "ingest", "--all")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-2] == (
        "left alone: extra-unknown.csv, notes.txt (no source reads them; `paygrade ingest "
        "csv FILE` reads your own)"
    )
    assert lines[-1] == (
        "not found: 7 sources' files (oflc-geography-2025-26.csv, "
        "oflc-wage-levels-2025-26-tech.csv, bls-oews-national-tech-2020-2024.csv, "
        "bea-rpp-msa-*.csv, h1b-data-jobs-2015-2019.csv, h1b-lca-fy2013q3.csv, "
        "h1b-lca-fy2024q1-fulltime.parquet): ingested the others"
    )


def test_the_whole_mirror_leaves_nothing_out() -> None:
    # Its SOURCES.md is the mirror's own notes: no line about it at every ingest.
    from paygrade.ingest import left_out
    from tests.conftest import real_data_dir

    left = left_out(real_data_dir())
    assert (left.unread, left.missing) == ([], [])
