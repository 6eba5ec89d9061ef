"""Speed-ups of ingest that must not change what is stored: each checked against the
store's rows, and against the layout it is meant to leave."""

from __future__ import annotations

from pathlib import Path

import duckdb

from paygrade.ingest import ingest_file, ingest_files
from paygrade.sources import get_source
from paygrade.store import Store, scalar

FIXTURES = Path(__file__).parent / "fixtures"
WRITTEN = ("records", "quarantine", "record_cells", "raw_rows", "ingest_log")


def _rows_differing(first: Path, second: Path) -> dict[str, int]:
    """Per written table, the rows one store holds and the other does not, both ways
    (the log without its clock columns)."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{first}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{second}' AS b (READ_ONLY)")
    found = {}
    for table in WRITTEN:
        columns = "* EXCLUDE (started_at, seconds, path)" if table == "ingest_log" else "*"
        for one, other in (("a", "b"), ("b", "a")):
            differ = (
                f"SELECT {columns} FROM {one}.{table} "
                f"EXCEPT ALL SELECT {columns} FROM {other}.{table}"
            )
            found[f"{table} {one} only"] = scalar(con, f"SELECT count(*) FROM ({differ})")
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
