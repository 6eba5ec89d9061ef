"""record_cells: written with the records, dropped with them, and answering stats exactly."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import paygrade.ingest
from paygrade.engines.duckdb_sql import DuckDBEngine
from paygrade.ingest import ingest_file
from paygrade.parquet import export, open_folder
from paygrade.rebuild import rebuild
from paygrade.stats import stats
from paygrade.store import Store, cells
from tests.conftest import FIXTURES, opened_copy
from tests.test_engines import QUERIES, _ids

# Both directions of EXCEPT ALL: the cells are exactly the records counted again.
RECOUNTED = f"""SELECT count(*) FROM (
    (SELECT * FROM {cells.TABLE} EXCEPT ALL SELECT * FROM ({cells.counted()}))
    UNION ALL
    (SELECT * FROM ({cells.counted()}) EXCEPT ALL SELECT * FROM {cells.TABLE}))"""


def _on_records(store: Store) -> DuckDBEngine:
    return DuckDBEngine(store.con, relation="records")  # the scan every store can answer from


def test_ingest_counts_every_real_record_into_fewer_cells(real_store: Store) -> None:
    records = real_store.scalar("SELECT count(*) FROM records")
    held, counted = real_store.con.execute(
        f"SELECT count(*), sum(n) FROM {cells.TABLE}"
    ).fetchall()[0]
    assert counted == records > 200_000
    assert held < 0.9 * records  # copies and repeated pay fold together
    assert real_store.scalar(RECOUNTED) == 0
    assert cells.relation(real_store.con) == cells.TABLE


def test_the_table_has_the_columns_the_module_names(real_store: Store) -> None:
    found = [
        row[0]
        for row in real_store.con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position",
            [cells.TABLE],
        ).fetchall()
    ]
    assert tuple(found) == cells.COLUMNS


@pytest.mark.parametrize("query", QUERIES, ids=_ids)
def test_cells_and_records_give_identical_answers(
    real_store: Store, query: tuple[list[str], dict[str, list[Any]], dict[str, Any]]
) -> None:
    by, where, options = query
    from_records = _on_records(real_store)
    try:
        slow = stats(real_store, by, where, **options, engine=from_records)
    finally:
        from_records.close()
    assert stats(real_store, by, where, **options) == slow


def test_records_written_behind_paygrades_back_are_read_from_records(
    real_db: Path, tmp_path: Path
) -> None:
    with opened_copy(real_db, tmp_path) as store:
        store.con.execute("DELETE FROM records WHERE source = 'so_survey'")
        assert cells.relation(store.con) == "records"
        answer = stats(store, ["source"])
        assert "so_survey" not in answer["sources"]
        assert "so_survey" not in {g["key"]["source"] for g in answer["groups"]}

        cells.refresh(store.con)

        assert cells.relation(store.con) == cells.TABLE
        assert store.scalar(RECOUNTED) == 0
        assert stats(store, ["source"]) == answer


def test_a_read_only_store_checks_its_cells_once_a_writable_one_each_time(
    real_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[object] = []
    check = cells.relation
    monkeypatch.setattr(cells, "relation", lambda con: checks.append(con) or check(con))
    reading = Store.open(real_db, read_only=True)
    try:
        assert [reading.statistics_relation() for _ in range(3)] == [cells.TABLE] * 3
        assert len(checks) == 1  # its records cannot change while it is open
    finally:
        reading.close()
    with opened_copy(real_db, tmp_path) as store:
        assert store.statistics_relation() == cells.TABLE
        store.con.execute("DELETE FROM records WHERE source = 'so_survey'")
        assert store.statistics_relation() == "records"  # seen at the next question
        assert "so_survey" not in stats(store, ["source"])["sources"]


def test_rebuild_replaces_the_cells_of_each_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "fixture-canonical-small.csv"
    shutil.copy(FIXTURES / "fixture-canonical-small.csv", path)
    assert ingest_file(store, "csv", path).status == "ok"
    before = store.con.execute(f"SELECT * FROM {cells.TABLE} ORDER BY ALL").fetchall()
    assert before
    store.con.execute("UPDATE records SET role = 'other', amount_usd = 1")

    rebuild(store)

    assert store.con.execute(f"SELECT * FROM {cells.TABLE} ORDER BY ALL").fetchall() == before
    assert store.scalar(RECOUNTED) == 0


def test_an_ingest_that_fails_after_counting_leaves_no_cells(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*_: object) -> None:
        raise RuntimeError("fixture: the file's last step fails")

    monkeypatch.setattr(paygrade.ingest, "_top_reasons", failing)
    path = tmp_path / "fixture-canonical-small.csv"
    shutil.copy(FIXTURES / "fixture-canonical-small.csv", path)
    with pytest.raises(RuntimeError):
        ingest_file(store, "csv", path)
    assert store.scalar("SELECT count(*) FROM records") == 0
    assert store.scalar(f"SELECT count(*) FROM {cells.TABLE}") == 0


def test_the_migration_counts_the_records_of_an_older_store(real_db: Path, tmp_path: Path) -> None:
    with opened_copy(real_db, tmp_path) as store:
        store.con.execute(f"DROP TABLE {cells.TABLE}")
        store.con.execute("DELETE FROM schema_migrations WHERE version = 5")
        assert store.migrate() == [5]
        assert store.scalar(RECOUNTED) == 0
        assert cells.relation(store.con) == cells.TABLE


def test_a_folder_uses_its_cells_only_while_its_files_are_the_exported_ones(
    real_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "records"
    export(real_store, folder)
    whole = open_folder(folder)
    try:
        assert cells.relation(whole.con) == cells.TABLE
        assert stats(whole, ["source"]) == stats(real_store, ["source"])
    finally:
        whole.close()
    shutil.rmtree(folder / "source=so_survey")

    changed = open_folder(folder)
    try:
        assert cells.relation(changed.con) == "records"
        assert "so_survey" not in stats(changed, ["source"])["sources"]
    finally:
        changed.close()
