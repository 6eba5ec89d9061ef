"""A Spark run and the store: ``stats --engine spark`` reads the store's published copy,
so a writer (an ingest) is not kept out for the minute or more Spark takes."""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from paygrade.cli import main
from paygrade.engines import spark
from paygrade.parquet import open_folder
from paygrade.store import Store
from paygrade.store.snapshot import published_path
from tests.conftest import FIXTURES, write_file
from tests.test_cli import ok, run
from tests.test_engines import _ibis_on_duckdb

# Hand-written fixture row (not product data): the audit's one-record file.
LOCK_ROW = "year,title,pay_component,amount_usd\n2024,Lock Test Engineer,base,123457\n"
LEVEL_STATS = ["stats", "--by", "level", "--format", "json"]


def _answer(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(list(args)) == 0, capsys.readouterr().err
    answer: dict[str, Any] = json.loads(capsys.readouterr().out)
    return answer


def test_an_ingest_while_a_spark_run_goes_on_is_not_kept_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The audit: an ingest 8 s into a Spark run (60-105 s) said "the store ... is busy: in
    # use by another process (PID ...)": the run held the store open throughout.
    db = tmp_path / "fixture-spark.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    lock = write_file(tmp_path, "fixture-lock.csv", LOCK_ROW)
    on_duckdb = _answer(capsys, "--db", str(db), *LEVEL_STATS)
    ingests, folders = [], []

    def spark_engine(session: Any, folder: str, prices: Any = None, **_: Any) -> Any:
        # Spark's phase, its query yet to run: an ingest from another process meanwhile.
        ingests.append(run("--db", db, "ingest", "csv", lock, env={"PAYGRADE_BUSY_TIMEOUT": "0"}))
        folders.append(open_folder(folder))  # the query, on DuckDB over Spark's own folder
        return _ibis_on_duckdb(folders[-1])

    monkeypatch.setattr(spark, "session", lambda settings: None)
    monkeypatch.setattr(spark, "engine", spark_engine)
    try:
        on_spark = _answer(capsys, "--db", str(db), *LEVEL_STATS, "--engine", "spark")
    finally:
        for folder in folders:
            folder.close()
    (ingest,) = ingests
    assert (ingest.returncode, ingest.stderr) == (0, ""), ingest.stderr
    assert on_spark == on_duckdb  # what was published as the run began
    with closing(Store.open(db, read_only=True)) as store:  # the ingest's record is in the store
        assert store.scalar("SELECT count(*) FROM records WHERE title = 'Lock Test Engineer'")


def test_a_published_copy_given_as_the_store_is_read_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No writer opens a copy: a long read of one had published a copy of the copy beside it
    # (fixture-spark.published.published-<time>.duckdb).
    db = tmp_path / "fixture-spark.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    folders = []

    def spark_engine(session: Any, folder: str, prices: Any = None, **_: Any) -> Any:
        folders.append(open_folder(folder))
        return _ibis_on_duckdb(folders[-1])

    monkeypatch.setattr(spark, "session", lambda settings: None)
    monkeypatch.setattr(spark, "engine", spark_engine)
    before = sorted(path.name for path in tmp_path.iterdir())
    copy = str(published_path(db))
    try:
        _answer(capsys, "--db", copy, *LEVEL_STATS, "--engine", "spark")
    finally:
        for folder in folders:
            folder.close()
    assert sorted(path.name for path in tmp_path.iterdir()) == before
