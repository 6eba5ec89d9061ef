"""Speed-ups of ingest that must not change what is stored: each checked against the
store's rows, and against the layout it is meant to leave."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb
import pytest

import paygrade.ingest
from paygrade.ingest import ingest_file, ingest_files, sources_to_ingest
from paygrade.normalize import canonical, titles
from paygrade.sources import get_source
from paygrade.store import Store, scalar
from tests.test_read_ahead import head_of_data, references_of

FIXTURES = Path(__file__).parent / "fixtures"
# Columns that differ between two ingests of the same files by nature: the clock's, and
# where the file was read from.
NOT_CONTENT = {"ingest_log": ("seconds", "path")}


def _rows_differing(first: Path, second: Path) -> dict[str, int]:
    """Per table of either store, the rows one holds and the other does not, both ways
    (a table only one store has counts as all its rows; timestamps and ``NOT_CONTENT``
    left out)."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{first}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{second}' AS b (READ_ONLY)")
    found = {}
    tables = {
        name: database
        for database, name in con.execute(
            "SELECT database_name, table_name FROM duckdb_tables()"
            " WHERE database_name IN ('a', 'b')"
        ).fetchall()
    }
    for table in sorted(tables):
        kept = [
            f'"{name}"'
            for name, kind in con.execute(
                "SELECT column_name, data_type FROM duckdb_columns()"
                " WHERE database_name = ? AND table_name = ?",
                [tables[table], table],
            ).fetchall()
            if not kind.startswith("TIMESTAMP") and name not in NOT_CONTENT.get(table, ())
        ]
        columns = ", ".join(kept)
        for one, other in (("a", "b"), ("b", "a")):
            differ = (
                f"SELECT {columns} FROM {one}.{table} "
                f"EXCEPT ALL SELECT {columns} FROM {other}.{table}"
            )
            try:
                found[f"{table} {one} only"] = scalar(con, f"SELECT count(*) FROM ({differ})")
            except duckdb.CatalogException:  # the table is in one store only
                found[f"{table} {one} only"] = -1
    con.close()
    return {key: n for key, n in found.items() if n}


def test_ingesting_files_in_a_row_stores_what_ingesting_them_one_by_one_stores(
    tmp_path: Path,
) -> None:
    files = [FIXTURES / "fixture-canonical-small.csv", FIXTURES / "fixture-canonical-partial.csv"]
    csv = get_source("csv")
    together = Store.open(tmp_path / "together.duckdb")
    try:
        results = ingest_files(together, [(csv, path) for path in files], read_ahead=False)
    finally:
        together.close()
    assert [r.status for r in results] == ["ok", "ok"]
    apart = Store.open(tmp_path / "apart.duckdb")
    try:
        for path in files:
            ingest_file(apart, "csv", path)
    finally:
        apart.close()
    assert _rows_differing(tmp_path / "together.duckdb", tmp_path / "apart.duckdb") == {}


def test_ingesting_files_in_a_row_keeps_their_row_groups_until_the_store_closes(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "store.duckdb")
    try:
        ingest_files(store, [(get_source("csv"), FIXTURES / "fixture-canonical-small.csv")])
        assert store.scalar("SELECT current_setting('max_vacuum_tasks')") == 0
    finally:
        store.close()
    reopened = Store.open(tmp_path / "store.duckdb")
    try:  # DuckDB's own default again: a later session merges them
        assert reopened.scalar("SELECT current_setting('max_vacuum_tasks')") > 0
    finally:
        reopened.close()


def test_ingest_all_leaves_the_first_record_file_in_row_groups_of_its_own(
    real_db: Path,
) -> None:
    # Merged into the next file's row group, its rows had been compressed and written a
    # second time at a later file's commit.
    con = duckdb.connect(str(real_db), read_only=True)
    try:
        first, rows = con.execute(
            "SELECT ingest_id, count(*) FROM records GROUP BY ingest_id ORDER BY ingest_id LIMIT 1"
        ).fetchall()[0]
        groups = con.execute(
            """SELECT row_group_id, sum(count) FILTER (WHERE segment_type <> 'VALIDITY')
            FROM pragma_storage_info('records') WHERE column_name = 'ingest_id'
            GROUP BY row_group_id ORDER BY row_group_id"""
        ).fetchall()
    finally:
        con.close()
    assert first is not None
    assert groups[0][1] == rows  # the first row group holds the first file, and no more


def _temp_table_register(
    con: duckdb.DuckDBPyConnection,
    name: str,
    columns: Mapping[str, Sequence[object]],
    types: Mapping[str, str],
) -> None:
    """The lookups as they were made before (fixture): temp tables DuckDB made from the
    lists given as parameters."""
    lists = ", ".join(f'unnest(?::{types.get(key, "VARCHAR")}[]) AS "{key}"' for key in columns)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {lists}",
        [list(values) for values in columns.values()],
    )


def _temp_table_unregister(con: duckdb.DuckDBPyConnection) -> None:
    names = ("_titles", "_companies", "_company_levels", "_employer_grades", "_ladders",
             "_places", "_metros", "_currencies", "_countries", "_states", "_kinds")  # fmt: skip
    for name in names:
        con.execute(f"DROP TABLE IF EXISTS temp.{name}")


def test_lookups_registered_as_arrow_tables_store_what_temp_tables_stored(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every real source's first rows (titles, companies, places, kinds, metros looked up),
    # ingested with the lookups made each way: every table must hold the same rows.
    references, head = (
        references_of(tmp_path_factory, data_dir),
        head_of_data(tmp_path_factory, data_dir),
    )
    folder = tmp_path_factory.mktemp("lookups")
    for name, temp in (("arrow", False), ("tables", True)):
        if temp:
            monkeypatch.setattr(canonical, "_register", _temp_table_register)
            # ingest holds its own name for it
            monkeypatch.setattr(paygrade.ingest, "unregister_lookups", _temp_table_unregister)
        shutil.copyfile(references, folder / f"{name}.duckdb")
        store = Store.open(folder / f"{name}.duckdb")
        try:
            titles.classify_title.cache_clear()
            results = ingest_files(store, sources_to_ingest(head), read_ahead=False)
        finally:
            store.close()
        assert sum(r.rows_accepted for r in results) > 10_000
    assert _rows_differing(folder / "tables.duckdb", folder / "arrow.duckdb") == {}


def _imported(done: subprocess.CompletedProcess[str]) -> list[str]:
    """The modules ``python -X importtime`` says the process imported."""
    return [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]


def test_a_one_file_ingest_does_not_import_pandas(tmp_path: Path) -> None:
    # Arrow tables built from Python lists made pyarrow import pandas (0.5 s of CPU, a third
    # of `paygrade ingest so_survey FILE`'s, 2.29 s against 1.51 s without), for nothing.
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "paygrade", "--db",
         str(tmp_path / "store.duckdb"), "ingest", "csv",
         str(FIXTURES / "fixture-canonical-small.csv")],
        capture_output=True, text=True, timeout=300,
        env={k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "accepted" in done.stdout + done.stderr
    imported = _imported(done)
    assert "pyarrow" in imported  # the same reading, without pandas
    assert "pandas" not in imported


def test_ingest_all_does_not_import_pandas(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> None:
    # The reference files' loaders (the gazetteer's places, BEA's areas and rows, the OEWS
    # cells) built Arrow arrays with pa.array, which imports pandas: ~0.5 s of CPU once
    # per `paygrade ingest --all`, for nothing. The reference files whole, each record
    # file's first rows (``head_of_data``): every loader runs on its whole file and every
    # record reader on its format and encoding, without the 220,000 records' ~5 s of CPU.
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "paygrade", "--db",
         str(tmp_path / "store.duckdb"), "ingest", "--all"],
        capture_output=True, text=True, timeout=600,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")},
             "PAYGRADE_DATA_DIR": str(head_of_data(tmp_path_factory, data_dir))},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    stored = duckdb.connect(str(tmp_path / "store.duckdb"), read_only=True)
    try:  # every mirrored file went in, the reference files among them
        assert scalar(stored, "SELECT count(DISTINCT source) FROM ingest_log") >= 10
        assert scalar(stored, "SELECT count(*) FROM price_parities") > 0
        assert scalar(stored, "SELECT count(*) FROM places") > 0
    finally:
        stored.close()
    assert "pandas" not in _imported(done)
