"""Ingest: one file, one transaction; skipped when known; bad files leave no trace; the CLI."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pytest

import paygrade.ingest
import paygrade.store.db
from paygrade.ingest import IngestResult, given_file, ingest_file, ingest_files, ingest_given
from paygrade.records import BadInputFile, Interrupted
from paygrade.sources import get_source
from paygrade.store import Store
from tests.conftest import run_each, write_file

HEADER = "year,title,pay_component,amount_usd\n"
GOOD = "2024,Senior Data Engineer,base,150000\n"
OTHER = "2023,Machine Learning Engineer,total,210000\n"
NEGATIVE = "2024,Data Analyst,base,-5\n"
TEN_MB = 10 << 20


write = write_file


def snapshot(store: Store) -> dict[str, Any]:
    """Every table's row count and the whole ingest log: what a rejected file must not change."""
    tables = [
        row[0]
        for row in store.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1"
        ).fetchall()
    ]
    counts = {name: store.scalar(f'SELECT count(*) FROM "{name}"') for name in tables}
    log = store.con.execute("SELECT * FROM ingest_log ORDER BY ingest_id").fetchall()
    return {"counts": counts, "log": log}


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty store file, migrated once per module."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    Store.open(path).close()
    return path


@pytest.fixture
def store(empty_db: Path, tmp_path: Path) -> Iterator[Store]:
    """conftest's empty, migrated store in a real DuckDB file, opened from a copy of
    ``empty_db``: running every migration anew took most of a short test's time."""
    shutil.copyfile(empty_db, tmp_path / "test.duckdb")
    opened = Store.open(tmp_path / "test.duckdb")
    yield opened
    opened.close()


@pytest.fixture
def used_store(store: Store, tmp_path: Path) -> Store:
    """A store already holding one file, so that 'unchanged' means something."""
    ingest_file(store, "csv", write(tmp_path, "first.csv", HEADER + GOOD + NEGATIVE))
    assert store.scalar("SELECT count(*) FROM records") == 1
    return store


@contextmanager
def opened(db: Path) -> Iterator[Store]:
    store = Store.open(db)
    try:
        yield store
    finally:
        store.close()


def console_script() -> str:
    """The installed ``paygrade`` command of the environment running the tests."""
    beside = Path(sys.executable).parent / "paygrade"
    found = str(beside) if beside.is_file() else shutil.which("paygrade")
    assert found, "the paygrade console script is not installed"
    return found


def run_cli(db: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [console_script(), "--db", str(db), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- a file lands whole, once -------------------------------------------------------


def test_every_row_read_is_a_record_or_quarantined(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "mixed.csv", HEADER + GOOD + NEGATIVE + OTHER + "20x4,x,base,1\n")
    result = ingest_file(store, "csv", path)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (4, 2, 2)
    assert store.scalar("SELECT count(*) FROM records") == 2
    assert store.scalar("SELECT count(*) FROM quarantine") == 2
    payloads = store.con.execute("SELECT payload FROM raw_rows ORDER BY source_row").fetchall()
    assert [json.loads(p)["title"] for (p,) in payloads] == [
        "Senior Data Engineer",
        "Data Analyst",
        "Machine Learning Engineer",
        "x",
    ]
    quarantined = store.con.execute(
        "SELECT source_row, payload, reason FROM quarantine ORDER BY source_row"
    ).fetchall()
    assert [(row, json.loads(p)["amount_usd"]) for row, p, _ in quarantined] == [
        (2, "-5"),
        (4, "1"),
    ]
    assert all(reason for _, _, reason in quarantined)


def test_ingest_log_describes_the_file(store: Store, tmp_path: Path) -> None:
    data = (HEADER + GOOD + NEGATIVE).encode()
    path = write(tmp_path, "logged.csv", data)
    result = ingest_file(store, "csv", path)
    (row,) = store.con.execute(
        "SELECT ingest_id, source, kind, file, path, sha256, bytes, encoding, rows_read,"
        " rows_accepted, rows_rejected, status FROM ingest_log"
    ).fetchall()
    assert row == (
        result.ingest_id,
        "csv",
        "records",
        "logged.csv",
        str(path.resolve()),
        hashlib.sha256(data).hexdigest(),
        len(data),
        "utf-8",
        2,
        1,
        1,
        "ok",
    )
    assert result.summary().startswith(
        "csv logged.csv: read 2, accepted 1, rejected 1 (bad amount 1)"
    )


def test_same_bytes_again_are_skipped(used_store: Store, tmp_path: Path) -> None:
    before = snapshot(used_store)
    again = ingest_file(used_store, "csv", tmp_path / "first.csv")
    renamed = ingest_file(used_store, "csv", write(tmp_path, "copy.csv", HEADER + GOOD + NEGATIVE))
    assert [again.status, renamed.status] == ["skipped", "skipped"]
    # Which file it repeats, when its name differs (it said only "already ingested").
    assert renamed.summary() == (
        "csv copy.csv: skipped (already ingested, the same content as first.csv)"
    )
    assert again.summary() == "csv first.csv: skipped (already ingested)"
    assert snapshot(used_store) == before
    changed = ingest_file(used_store, "csv", write(tmp_path, "changed.csv", HEADER + GOOD + OTHER))
    assert changed.status == "ok"
    assert used_store.scalar("SELECT count(*) FROM records") == 3


def test_identical_rows_are_all_kept_and_ranked(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "dups.csv", HEADER + GOOD + GOOD + OTHER + GOOD + NEGATIVE + NEGATIVE)
    result = ingest_file(store, "csv", path)
    assert (result.rows_accepted, result.rows_rejected) == (4, 2)
    ranks = store.con.execute(
        "SELECT source_row, dup_rank FROM records ORDER BY source_row"
    ).fetchall()
    assert ranks == [(1, 1), (2, 2), (3, 1), (4, 3)]
    # Another file starts its own count. (It has a row of its own: a file whose rows are
    # all stored already is not ingested, test_replacement.py.)
    more = HEADER + OTHER + GOOD + "2022,Data Engineer,base,140000\n"
    second = ingest_file(store, "csv", write(tmp_path, "more.csv", more))
    assert store.con.execute(
        "SELECT dup_rank FROM records WHERE ingest_id = ? ORDER BY source_row", [second.ingest_id]
    ).fetchall() == [(1,), (1,), (1,)]


def test_rows_differing_only_in_blanks_are_not_copies(store: Store, tmp_path: Path) -> None:
    # Blank cells are NULL: two blanks are alike (a copy), a blank and a name are not.
    header = "year,title,company,pay_component,amount_usd\n"
    blank = "2024,Data Engineer,,base,150000\n"
    named = "2024,Data Engineer,Acme,base,150000\n"
    ingest_file(store, "csv", write(tmp_path, "blanks.csv", header + blank + named + blank + named))
    ranks = store.con.execute(
        "SELECT source_row, dup_rank FROM records ORDER BY source_row"
    ).fetchall()
    assert ranks == [(1, 1), (2, 1), (3, 2), (4, 2)]


def test_migration_keeps_raw_rows_and_compresses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = paygrade.store.db._migrations()
    assert (6, "raw_rows_zstd") in [m[:2] for m in every]
    db = tmp_path / "older.duckdb"
    with monkeypatch.context() as patched:
        patched.setattr(paygrade.store.db, "_migrations", lambda: [m for m in every if m[0] < 6])
        with opened(db) as older:
            # Rows as an ingest of that time left them (today's ingest writes today's schema).
            older.con.execute(
                """INSERT INTO raw_rows VALUES (1, 1, '{"year": "2024", "amount": "1"}'),
                (1, 2, '{"year": "2024", "amount": "-5"}')"""
            )
            kept = older.con.execute("SELECT * FROM raw_rows ORDER BY ALL").fetchall()
    with opened(db) as store:
        assert store.con.execute("SELECT * FROM raw_rows ORDER BY ALL").fetchall() == kept
        definition = store.scalar("SELECT sql FROM duckdb_tables() WHERE table_name = 'raw_rows'")
        assert "USING COMPRESSION ZSTD" in definition.upper()
        assert len(kept) == 2


def test_an_error_mid_ingest_leaves_the_store_unchanged(
    used_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    path = write(tmp_path, "second.csv", HEADER + OTHER + NEGATIVE)
    before = snapshot(used_store)
    with monkeypatch.context() as patch:
        patch.setattr(paygrade.ingest, "_write_quarantine", fail)
        with pytest.raises(RuntimeError, match="disk on fire"):
            ingest_file(used_store, "csv", path)
    assert snapshot(used_store) == before  # records were written before the failure: gone
    # Nothing lingers (temp tables, the sha256): the same file ingests cleanly afterwards.
    result = ingest_file(used_store, "csv", path)
    assert (result.status, result.rows_accepted, result.rows_rejected) == ("ok", 1, 1)


def test_ctrl_c_while_duckdb_reads_a_lookup_is_an_interruption(
    used_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under load, SIGINT can land while DuckDB scans a registered Arrow lookup: DuckDB
    # then reports it as an InvalidInputException naming the KeyboardInterrupt.
    def interrupted(*_args: object) -> None:
        raise duckdb.InvalidInputException(
            "Invalid Input Error: reading the object registered as '_v_industry' as Arrow "
            "data failed: KeyboardInterrupt:"
        )

    path = write(tmp_path, "second.csv", HEADER + OTHER)
    before = snapshot(used_store)
    with monkeypatch.context() as patch:
        patch.setattr(paygrade.ingest, "_write_quarantine", interrupted)
        with pytest.raises(Interrupted, match=r"interrupted, nothing stored from second\.csv"):
            ingest_file(used_store, "csv", path)
    assert snapshot(used_store) == before


def test_ctrl_c_is_an_interruption_whatever_duckdb_calls_its_error(
    used_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real SIGINT, swallowed where DuckDB calls back into Python and reported in
    # words of DuckDB's choosing (here none that mention the interrupt): the signal
    # itself marks the failure as the user's Ctrl-C, not an internal error.
    def interrupted(*_args: object) -> None:
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)  # the handler runs here
        except KeyboardInterrupt:
            raise duckdb.InvalidInputException(
                "Invalid Input Error: scan of '_places' failed"
            ) from None
        raise AssertionError("SIGINT raised nothing")

    path = write(tmp_path, "second.csv", HEADER + OTHER)
    before = snapshot(used_store)
    handler = signal.getsignal(signal.SIGINT)
    with monkeypatch.context() as patch:
        patch.setattr(paygrade.ingest, "_write_quarantine", interrupted)
        with pytest.raises(Interrupted, match=r"interrupted, nothing stored from second\.csv"):
            ingest_file(used_store, "csv", path)
    assert snapshot(used_store) == before
    assert signal.getsignal(signal.SIGINT) is handler  # the noting handler is gone


def test_ctrl_c_as_the_file_commits_says_it_was_stored(
    used_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C landing just after the file's COMMIT said "nothing stored from it", while the
    # store held it whole (and a second run said "skipped (already ingested)").
    whole = paygrade.ingest._ingest_whole

    def committed_then_interrupted(*args: Any) -> Any:
        whole(*args)
        raise KeyboardInterrupt

    path = write(tmp_path, "second.csv", HEADER + OTHER)
    with monkeypatch.context() as patch:
        patch.setattr(paygrade.ingest, "_ingest_whole", committed_then_interrupted)
        with pytest.raises(Interrupted, match=r"^interrupted after second\.csv was stored whole$"):
            ingest_file(used_store, "csv", path)
    assert ingest_file(used_store, "csv", path).status == "skipped"


def test_ctrl_c_as_ingest_all_checks_its_next_file_names_it(
    used_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C as `ingest --all` checked and hashed its next file (a tenth of a second for the
    # 4 MB aijobs file, more on a loaded machine, before the file's transaction) said
    # "error: interrupted" alone; test_cli's Ctrl-C 0.3 s into aijobs could land there.
    hashed = paygrade.ingest.inspect_file

    def interrupted_at_third(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == "third.csv":
            raise KeyboardInterrupt
        return hashed(path, *args, **kwargs)

    second = write(tmp_path, "second.csv", HEADER + OTHER)
    third = write(tmp_path, "third.csv", HEADER + "2022,Data Scientist,base,120000\n")
    csv = get_source("csv")
    with monkeypatch.context() as patch:
        patch.setattr(paygrade.ingest, "inspect_file", interrupted_at_third)
        with pytest.raises(Interrupted, match=r"^interrupted, nothing stored from third\.csv$"):
            try:
                ingest_files(used_store, [(csv, second), (csv, third)])
            except KeyboardInterrupt:  # as it came: it would stop pytest itself
                pytest.fail("Ctrl-C came out as it was: the CLI says 'interrupted' alone")
    assert ingest_file(used_store, "csv", second).status == "skipped"  # stored before it
    assert ingest_file(used_store, "csv", third).status == "ok"


def test_a_duckdb_error_without_ctrl_c_stays_an_error(
    used_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise duckdb.InvalidInputException("Invalid Input Error: scan of '_places' failed")

    path = write(tmp_path, "second.csv", HEADER + OTHER)
    with monkeypatch.context() as patch:
        patch.setattr(paygrade.ingest, "_write_quarantine", broken)
        with pytest.raises(duckdb.InvalidInputException, match="_places"):
            ingest_file(used_store, "csv", path)


@pytest.mark.parametrize(
    ("encoding", "logged"),
    [("utf-8-sig", "utf-8"), ("latin-1", "cp1252"), ("utf-16", "utf_16")],
    ids=["utf8-bom", "latin-1", "utf-16"],
)
def test_other_encodings_ingest_as_text(
    store: Store, tmp_path: Path, encoding: str, logged: str | None
) -> None:
    text = HEADER + "2024,Ingénieur de données spécialisé en apprentissage,base,150000\n"
    result = ingest_file(store, "csv", write(tmp_path, "enc.csv", text.encode(encoding)))
    assert result.rows_accepted == 1
    title = store.scalar("SELECT title FROM records")
    assert title == "Ingénieur de données spécialisé en apprentissage"
    payload = json.loads(store.scalar("SELECT payload FROM raw_rows"))
    assert list(payload) == ["year", "title", "pay_component", "amount_usd"]  # no BOM in a key
    assert store.scalar("SELECT encoding FROM ingest_log") == logged


# Hand-written fixtures: names as a Western spreadsheet writes them when not in UTF-8.
WESTERN_FIXTURE = (
    "year,title,pay_component,amount_usd,company\n"
    "2024,Maïtre de conférences,base,90000,Société Générale\n"
    "2024,Ingeniero “senior”,base,95000,Compañía Ñandú\n"
    "2024,Entwickler,base,85000,Müller AG\n"
)


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_a_western_code_page_file_keeps_its_names_and_says_its_encoding(
    store: Store, tmp_path: Path, encoding: str
) -> None:
    text = WESTERN_FIXTURE if encoding == "cp1252" else WESTERN_FIXTURE.replace("“senior”", "sr")
    result = ingest_file(
        store, "csv", write(tmp_path, "fixture-western.csv", text.encode(encoding))
    )
    assert result.summary().startswith(
        "csv fixture-western.csv (Windows-1252, not UTF-8): read 3, accepted 3, rejected 0"
    )
    rows = store.con.execute("SELECT title, company_raw FROM records ORDER BY source_row")
    assert rows.fetchall() == [
        ("Maïtre de conférences", "Société Générale"),
        ("Ingeniero “senior”" if encoding == "cp1252" else "Ingeniero sr", "Compañía Ñandú"),
        ("Entwickler", "Müller AG"),
    ]
    assert store.scalar("SELECT encoding FROM ingest_log") == "cp1252"


def test_a_utf8_file_says_no_encoding(store: Store, tmp_path: Path) -> None:
    result = ingest_file(store, "csv", write(tmp_path, "u.csv", WESTERN_FIXTURE))
    assert result.summary().startswith("csv u.csv: read 3, accepted 3, rejected 0 in ")


def test_a_file_mixing_utf8_and_latin1_is_refused_and_stores_nothing(
    used_store: Store, tmp_path: Path
) -> None:
    # Hand-written fixture: UTF-8 "Müller AG" and a Latin-1 "Maïtre" in one file. Read
    # as Windows-1250, it was stored as "MĂĽller AG" (company "Malller"), accepted 2.
    data = (
        b"year,title,pay_component,amount_usd,company\n"
        + "2024,Data Scientist,base,100000,Müller AG\n".encode()
        + b"2024,Ma\xeftre,base,90000,Acme\n"
    )
    before = snapshot(used_store)
    with pytest.raises(BadInputFile, match=r"line 3 is not UTF-8 \(byte 0xEF.*mixes encodings"):
        ingest_file(used_store, "csv", write(tmp_path, "fixture-mixed.csv", data))
    assert snapshot(used_store) == before


# --- bad files: a clear error, no trace -----------------------------------------------

BAD_FILES: dict[str, tuple[str, str, str | bytes, str]] = {
    # id: (source, file name, content, what the message must say)
    "empty": ("csv", "empty.csv", b"", "empty.csv: the file is empty"),
    "header-only": ("csv", "header.csv", HEADER, "header.csv: the file has a header but no data"),
    "missing-columns": ("csv", "cols.csv", "year,title\n2024,x\n", "missing required column"),
    "two-delimiters": ("csv", "two.csv", "year;title\tpay\n2024;x\tbase\n", "';' and tab"),
    "binary-garbage": ("csv", "garbage.csv", bytes(range(256)) * 64, "not a text file"),
    # A Parquet source given a picture: it was "not a text file", as if text were wanted.
    "png-as-parquet": (
        "h1b_2024",
        "chart.png",
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        "chart.png: not a readable Parquet file",
    ),
    # The names are the format's, case and all: the header's own spelling is said.
    "capitalized-header": (
        "csv",
        "caps.csv",
        "Year,Title,Pay_Component,Amount_USD\n2024,x,base,1\n",
        "missing required column(s): year, title, pay_component (the header has Year, "
        "Title, Pay_Component: the names must match in case)",
    ),
    "10MB-data-line": (
        "csv",
        "long.csv",
        HEADER + "2024," + "x" * TEN_MB + ",base,1\n",
        "long.csv: cannot read as CSV: line 2 is longer than 1048576 bytes",
    ),
    "10MB-only-line": ("csv", "one.csv", "x" * TEN_MB, "one.csv: the header line is longer"),
    "unknown-column": (
        "csv",
        "unk.csv",
        HEADER[:-1] + ",salary\n" + GOOD[:-1] + ",1\n",
        "'salary'",
    ),
    "duplicate-column": ("csv", "dup.csv", HEADER[:-1] + ",title\n" + GOOD[:-1] + ",x\n", "twice"),
    "ragged-row": ("csv", "ragged.csv", HEADER + GOOD + "2024,x\n", "line 3: 2 fields where"),
    "open-quote": ("csv", "quote.csv", HEADER + GOOD + '2024,"x,base,1\n', "quote left open"),
    "text-as-xlsx": ("lca", "text.xlsx", HEADER + GOOD, "text.xlsx: not a readable XLSX workbook"),
    "garbage-xlsx": ("lca", "junk.xlsx", b"PK\x03\x04" + bytes(300), "not a readable XLSX"),
    "text-as-ods": ("csv", "mine.ods", HEADER + GOOD, "mine.ods: not a readable ODS workbook"),
    # Hand-written fixture: UTF-8 "Müller" then a Latin-1 "ï" (edited by two tools).
    "mixed-encodings": (
        "csv",
        "fixture-mixed.csv",
        (HEADER + "2024,Müller,base,1\n").encode() + b"2024,Ma\xeftre,base,2\n",
        "fixture-mixed.csv: line 3 is not UTF-8 (byte 0xEF, the 8th of the line, after"
        " '2024,Ma'), yet line 2 is UTF-8 ('ü'): the file mixes encodings",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_raises_and_changes_nothing(used_store: Store, tmp_path: Path, case: str) -> None:
    source, name, content, message = BAD_FILES[case]
    path = write(tmp_path, name, content)
    before = snapshot(used_store)
    with pytest.raises(BadInputFile) as caught:
        ingest_file(used_store, source, path)
    assert message in str(caught.value)
    assert snapshot(used_store) == before


CLI_CASES = [
    "empty",
    "header-only",
    "missing-columns",
    "two-delimiters",
    "binary-garbage",
    "10MB-data-line",
    "unknown-column",
    "open-quote",
    "text-as-xlsx",
    "mixed-encodings",
]


Rejected = dict[str, tuple[subprocess.CompletedProcess[str], Any, Path]]


@pytest.fixture(scope="module")
def cli_rejections(tmp_path_factory: pytest.TempPathFactory) -> Rejected:
    """Each of ``CLI_CASES``' bad files given to ``paygrade ingest`` on a store of its own
    that holds one good file: the answer, what the store held before, and the store. Asked
    of ONE process (``run_each``, each answer caught apart): a process per case paid
    Python's start-up and paygrade's imports again, and none is about being a process."""
    asked, held = [], []
    for case in CLI_CASES:
        source, name, content, _ = BAD_FILES[case]
        folder = tmp_path_factory.mktemp(f"cli-{case}")
        db = folder / "cli.duckdb"
        with opened(db) as store:
            ingest_file(store, "csv", write(folder, "first.csv", HEADER + GOOD))
            held.append((snapshot(store), db))
        asked.append(("--db", db, "ingest", source, write(folder, name, content)))
    answers = run_each(*asked)
    return {c: (a, *h) for c, a, h in zip(CLI_CASES, answers, held, strict=True)}


@pytest.mark.parametrize("case", CLI_CASES)
def test_cli_rejects_bad_file_in_one_line(cli_rejections: Rejected, case: str) -> None:
    message = BAD_FILES[case][3]
    done, before, db = cli_rejections[case]
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and message in done.stderr
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr and done.stdout == ""
    with opened(db) as store:
        assert snapshot(store) == before


def test_cli_success_with_quarantined_rows_exits_zero(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    path = write(tmp_path, "some.csv", HEADER + GOOD + NEGATIVE + OTHER)
    # Both from one process (``run_each``): neither is about being a process of its own.
    done, again = run_each(("--db", db, "ingest", "csv", path), ("--db", db, "ingest", "csv", path))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("csv some.csv: read 3, accepted 2, rejected 1 (bad amount 1) in ")
    assert (again.returncode, again.stdout) == (0, "csv some.csv: skipped (already ingested)\n")
    with opened(db) as store:
        assert store.scalar("SELECT count(*) FROM records") == 2
        assert store.scalar("SELECT count(*) FROM ingest_log") == 1


ARGUMENT_ERRORS = [
    (("ingest", "nosuch", "x.csv"), 1, "unknown source 'nosuch'; known: "),
    # The nearest name, as every refused vocabulary value says it.
    (
        ("quarantine", "--source", "so_surve"),
        1,
        "unknown source 'so_surve' (did you mean so_survey?); known: aijobs,",
    ),
    (("ingest", "csv", "missing.csv"), 1, "missing.csv: no such file"),
    (("ingest", "csv", "."), 1, ": a folder, not a file"),  # it said "no such file"
    (("ingest", "csv"), 2, "give a SOURCE and a FILE"),
]


@pytest.mark.parametrize(("args", "code", "message"), ARGUMENT_ERRORS)
def test_cli_argument_errors(
    tmp_path_factory: pytest.TempPathFactory, args: tuple[str, ...], code: int, message: str
) -> None:
    from tests.test_cli import answered_among

    # Every case asked of one process (``answered_among``), of one store path: none
    # makes the store, so each finds none, as in a folder of its own.
    db = tmp_path_factory.getbasetemp() / "argument-errors" / "cli.duckdb"
    every = [("--db", db, *each) for each, _, _ in ARGUMENT_ERRORS]
    done = answered_among(("--db", db, *args), every)
    assert not db.parent.exists()
    assert done.returncode == code
    assert done.stderr.startswith("error: ") and message in done.stderr
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_a_fifo_is_said_to_be_no_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # it said "no such file"
    done = run_cli(tmp_path / "cli.duckdb", "ingest", "csv", fifo)
    assert (done.returncode, done.stderr) == (
        1,
        f"error: {fifo}: not a regular file (a pipe or a device): save it as a file\n",
    )


@pytest.mark.parametrize("how", ["moved over it", "written in place"])
def test_a_file_changed_after_it_was_hashed_is_refused_and_nothing_stored(
    store: Store, tmp_path: Path, how: str
) -> None:
    # Its rows were stored under the first bytes' sha256; the file holding those bytes was
    # then skipped as "already ingested", its rows never stored (an editor saving it while
    # ingest waited for the store).
    path = tmp_path / "in.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    first = tmp_path / "first.csv"
    shutil.copyfile(path, first)
    given = given_file("csv", path)
    if how == "moved over it":
        (tmp_path / "saved.csv").write_text(HEADER + OTHER + OTHER, encoding="utf-8")
        os.replace(tmp_path / "saved.csv", path)
    else:
        path.write_text(HEADER + OTHER + OTHER, encoding="utf-8")
    before = snapshot(store)
    with pytest.raises(BadInputFile, match=r"^in.csv changed while it was read: nothing stored"):
        ingest_given(store, given)
    assert snapshot(store) == before
    # Each is then stored as what it holds.
    assert ingest_file(store, "csv", path).rows_accepted == 2
    assert ingest_file(store, "csv", first).rows_accepted == 1


# --- killed mid-ingest: all or nothing ------------------------------------------------

BIG_ROWS = 300_000


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hand-written block of ten rows (one quarantined) repeated to 300k rows."""
    path = tmp_path_factory.mktemp("big") / "big.csv"
    block = (
        "2023,Senior Machine Learning Engineer,base,185000,Google,Mountain View,CA\n" * 9
        + "2023,Data Analyst,base,-1,Example,Boston,MA\n"
    )
    path.write_text(
        "year,title,pay_component,amount_usd,company,city,state\n" + block * (BIG_ROWS // 10),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("delay", [0.1, 0.45, 0.9])
def test_kill_mid_ingest_leaves_all_or_nothing(tmp_path: Path, big_csv: Path, delay: float) -> None:
    db = tmp_path / "killed.duckdb"
    process = subprocess.Popen(
        [console_script(), "--db", str(db), "ingest", "csv", str(big_csv)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not db.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=60) in (0, -signal.SIGKILL)
    with opened(db) as store:
        log = store.con.execute("SELECT rows_read, rows_accepted, rows_rejected FROM ingest_log")
        logged = log.fetchall()
        counts = store.con.execute(
            """SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM quarantine),
                (SELECT count(*) FROM raw_rows)"""
        ).fetchone()
    if not logged:  # killed before the commit: no trace of the file
        assert counts == (0, 0, 0)
    else:  # the whole file, once
        assert logged == [(BIG_ROWS, BIG_ROWS * 9 // 10, BIG_ROWS // 10)]
        assert counts == (BIG_ROWS * 9 // 10, BIG_ROWS // 10, BIG_ROWS)


def test_summary_counts_the_rows_of_reasons_it_does_not_name() -> None:
    result = IngestResult(
        "csv", "a.csv", "ok", 10, 1, 9, 0.5, [("bad amount", 2), ("bad country", 1)]
    )
    assert result.summary() == (
        "csv a.csv: read 10, accepted 1, rejected 9 (bad amount 2, bad country 1,"
        " other reasons 6: paygrade quarantine --source csv) in 0.50s"
    )


def test_summary_lists_top_reasons() -> None:
    result = IngestResult(
        "csv", "a.csv", "ok", 10, 7, 3, 0.5, [("bad amount", 2), ("missing year", 1)]
    )
    assert result.summary() == (
        "csv a.csv: read 10, accepted 7, rejected 3 (bad amount 2, missing year 1) in 0.50s"
    )


def test_a_reader_gone_early_does_not_stop_a_write_halfway(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> None:
    from contextlib import closing

    from paygrade.sources import REGISTRY, RecordSource
    from tests.test_cli import PAYGRADE
    from tests.test_read_ahead import head_of_data

    db = tmp_path / "store.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    # Every mirrored file, its records cut short: what is written after the reader left
    # is a line per file, however long each file is.
    env["PAYGRADE_DATA_DIR"] = str(head_of_data(tmp_path_factory, data_dir))
    mirrored = [s for s in REGISTRY.values() if isinstance(s, RecordSource) and s.filename]

    def read_one_line_then_leave(*args: str) -> int:
        writing = subprocess.Popen(
            [str(PAYGRADE), "--db", str(db), *args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        assert writing.stdout is not None
        writing.stdout.readline()
        writing.stdout.close()  # as `| head -1` does
        return writing.wait(timeout=300)

    # `paygrade ingest --all | head -3` had stopped at the reference files (records: 0),
    # and `rebuild | head -1` after its first files, both with status 0 and not a word.
    assert read_one_line_then_leave("ingest", "--all") == 0
    with closing(duckdb.connect(str(db), read_only=True)) as con:
        files = con.execute("SELECT count(*) FROM ingest_log WHERE kind = 'records'").fetchone()
        assert files == (len(mirrored),)
    env["PAYGRADE_REFERENCE_YEAR"] = "2023"
    assert read_one_line_then_leave("rebuild") == 0
    with closing(duckdb.connect(str(db), read_only=True)) as con:
        years = con.execute("SELECT DISTINCT reference_year FROM ingest_log WHERE kind = 'records'")
        assert years.fetchall() == [(2023,)]
