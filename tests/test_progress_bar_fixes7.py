"""DuckDB draws a progress bar of its own on standard output for a query over 2 s (its
default in Python): on a loaded machine one had come before an export's JSON, and would in
any answer a pipe reads. paygrade's connections draw none; its own bars are on stderr."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from paygrade.parquet import open_folder
from paygrade.store import Store

# A query DuckDB reports progress of, slow enough to be drawn at once (progress_bar_time 0).
SLOW = "SELECT sum(i * i), count(DISTINCT i % 100003) FROM range(3000000) t(i)"


def _drawn(con: Any, capfd: pytest.CaptureFixture[str]) -> str:
    con.execute("SET progress_bar_time = 0")
    con.execute(SLOW).fetchall()
    return capfd.readouterr().out


def test_the_store_draws_no_bar_on_stdout(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(tmp_path / "store.duckdb")
    try:
        assert _drawn(store.con, capfd) == ""
    finally:
        store.close()


def test_a_parquet_folder_draws_no_bar_on_stdout(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    pq.write_table(pa.table({"amount_usd": [150_000.0]}), tmp_path / "part.parquet")
    folder = open_folder(tmp_path)
    try:
        assert _drawn(folder.con, capfd) == ""
    finally:
        folder.close()


def test_a_published_reader_draws_no_bar_on_stdout(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # A cursor is a session of its own, without its connection's settings: the server's
    # and MCP's readers of the published copy (MCP's stdout is its protocol) drew bars.
    from paygrade.store.snapshot import PublishedStore, publish

    store = Store.open(tmp_path / "store.duckdb")
    publish(store)
    store.close()
    published = PublishedStore(tmp_path / "store.duckdb")
    try:
        assert _drawn(published.reader().store.con, capfd) == ""
    finally:
        published.close()


def test_the_stats_engines_second_cursor_draws_no_bar_on_stdout(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from paygrade.engines.duckdb_sql import DuckDBEngine

    store = Store.open(tmp_path / "store.duckdb")
    try:
        engine = DuckDBEngine(store.con, alongside=True)
        side = engine._start(lambda con: con).result()  # the cursor its groups' queries use
        assert _drawn(side, capfd) == ""
    finally:
        store.close()
