"""A store's file damaged inside (bytes changed on disk) or cut short is found by `info`,
/healthz and `serve`'s start, not only by the routes that read the damaged block: with 4 KB
written over at 35 places of the real store, `info` said "records: 220,738" (status 0),
`serve` started and /healthz said "ok", while every route reading records answered 503."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.ingest import ingest_file
from paygrade.store import Store
from paygrade.store.db import HEADER_BYTES, _migrations
from paygrade.store.snapshot import publish_file
from paygrade.web import create_app
from tests.conftest import FIXTURES, run_each
from tests.web.conftest import free_port

PAYGRADE = Path(sys.executable).parent / "paygrade"
DAMAGED = "error: the store cannot be read: its file is damaged ("


def small_store(folder: Path) -> Path:
    """A store of the hand-written fixture file alone, checkpointed (its rows in blocks)."""
    db = folder / "small.duckdb"
    built = Store.open(db)
    ingest_file(built, "csv", FIXTURES / "fixture-canonical-small.csv")
    built.close()
    return db


def written_over(db: Path, table: str) -> Path:
    """``db`` with bytes in the middle of ``table``'s first block changed, as a failing
    disk leaves them: the file keeps its size, and DuckDB opens it."""
    store = Store.open(db, read_only=True)
    block, size = store.con.execute(
        f"SELECT min(block_id), any_value(block_size) FROM pragma_storage_info('{table}'), "
        "pragma_database_size() WHERE block_id >= 0"
    ).fetchone() or (None, None)
    store.close()
    assert block is not None and size
    with db.open("r+b") as file:
        file.seek(HEADER_BYTES + block * size + 64)
        file.write(bytes(255 - b for b in range(256)) * 16)
    return db


def paygrade(*args: object, program: object = PAYGRADE) -> subprocess.CompletedProcess[str]:
    """What ``paygrade ARGS`` (or ``program ARGS``) answers, no PAYGRADE_ setting given."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    return subprocess.run(
        [str(program), *map(str, args)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )


def test_a_store_with_bytes_changed_is_found_damaged_by_its_whole_read(tmp_path: Path) -> None:
    whole = small_store(tmp_path)
    store = Store.open(whole, read_only=True)
    try:
        assert store.damage() is None
    finally:
        store.close()
    store = Store.open(written_over(whole, "raw_rows"), read_only=True)
    try:
        assert (store.damage() or "").startswith("Corrupt database file: computed checksum")
    finally:
        store.close()


def test_info_says_a_store_with_bytes_changed_is_damaged(tmp_path: Path) -> None:
    db = small_store(tmp_path)
    assert paygrade("--db", db, "info").returncode == 0
    done = paygrade("--db", written_over(db, "raw_rows"), "info")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith(DAMAGED + "Corrupt database file")
    assert done.stderr.count("\n") == 1


def test_healthz_of_a_store_with_bytes_changed_is_a_503(tmp_path: Path) -> None:
    db = small_store(tmp_path)
    publish_file(db)
    with TestClient(create_app(Settings(db=db)), raise_server_exceptions=False) as client:
        assert client.get("/healthz").status_code == 200
    # Its copy for readers written over, as a new version the server has not opened; the
    # table stats read.
    written_over(db, "record_cells")
    publish_file(db)
    with TestClient(create_app(Settings(db=db)), raise_server_exceptions=False) as client:
        health = client.get("/healthz")
        stats = client.get("/api/v1/stats", params={"by": "level"})
    assert (health.status_code, stats.status_code) == (503, 503)
    said = health.json()["detail"]
    assert said.startswith("the store cannot be read: its file is damaged (Corrupt database")
    assert stats.json()["detail"].endswith(said[said.index("; restore") :])
    # A restored store is read once published again, as `serve` does at its start.
    assert said.endswith(
        "restore it from a backup and restart `paygrade serve`, or remove it and run "
        "`paygrade ingest --all`"
    )


def cut_short(db: Path) -> Path:
    """``db`` without its last block in use: it opens, as a failed copy of the real store
    does (cut to half, the small store's tables of migrations are lost: it does not)."""
    store = Store.open(db, read_only=True)
    last, size = store._last_block(), store.scalar("SELECT block_size FROM pragma_database_size()")
    store.close()
    with db.open("r+b") as file:
        file.truncate(HEADER_BYTES + last * size)
    return db


def records_written_over(db: Path) -> Path:
    return written_over(db, "records")


@pytest.mark.parametrize("damage", [cut_short, records_written_over])
def test_serve_refuses_a_damaged_store_at_start(
    tmp_path: Path, damage: Callable[[Path], Path]
) -> None:
    db = small_store(tmp_path)
    damage(db)
    # Told to stop after 20 s: the code before this fix served it ("serving", up).
    done = paygrade_for("--db", db, "serve", "--port", free_port())
    assert done.returncode == 1
    assert done.stderr.startswith(DAMAGED) and done.stderr.count("\n") == 1
    assert "serving" not in done.stderr


def paygrade_for(*args: object, seconds: float = 20) -> subprocess.CompletedProcess[str]:
    """``paygrade`` stopped (SIGTERM) when it has not ended within ``seconds``."""
    return paygrade(seconds, PAYGRADE, *args, program="timeout")


def newer_store(folder: Path) -> tuple[Path, int]:
    """The small store as a newer paygrade leaves it: one migration this one does not know."""
    db = small_store(folder)
    newest = max(number for number, _, _ in _migrations())
    con = duckdb.connect(str(db))
    con.execute(
        "INSERT INTO schema_migrations VALUES (?, 'newer', current_timestamp)", [newest + 1]
    )
    con.close()
    return db, newest


def test_a_store_a_newer_paygrade_wrote_is_neither_read_nor_written(tmp_path: Path) -> None:
    # `info`, `stats`, `ingest csv` and `serve` had all read or written it (status 0).
    db, newest = newer_store(tmp_path)
    said = (
        f"error: this store was written by a newer paygrade (migration {newest + 1}; "
        f"this one knows 1-{newest}): upgrade paygrade\n"
    )
    answers = run_each(
        ["--db", db, "info"],
        ["--db", db, "stats", "--by", "level"],
        ["--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv"],
    )
    served = paygrade_for("--db", db, "serve", "--port", free_port())
    for done in (*answers, served):
        assert (done.returncode, done.stdout, done.stderr) == (1, "", said), done.args
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM ingest_log").fetchone() == (1,)  # none added
    con.close()


def test_a_copy_for_readers_removed_while_served_is_said_so(tmp_path: Path) -> None:
    # "no published store at small.published.duckdb: run `paygrade ingest --all` first",
    # of a store holding its records.
    db = small_store(tmp_path)
    publish_file(db)
    with TestClient(create_app(Settings(db=db)), raise_server_exceptions=False) as client:
        assert client.get("/api/v1/stats", params={"by": "level"}).status_code == 200
        for copy in tmp_path.glob("small.published-*.duckdb"):
            copy.unlink()
        got = client.get("/api/v1/stats", params={"by": "level"})
    assert got.status_code == 503
    assert got.json()["detail"] == (
        "the copy for readers of small.duckdb is missing: restart `paygrade serve` (or "
        "`paygrade mcp`), or run any command that writes the store"
    )


def test_serve_says_a_bad_db_as_info_does(tmp_path: Path) -> None:
    # A folder and /dev/null had been "no store at ...: run `paygrade ingest --all` first"
    # to `serve`, "is a folder, not a store file" and "not a DuckDB store" to `info`.
    (tmp_path / "folder").mkdir()
    for db in (tmp_path / "folder", Path("/dev/null")):
        info = paygrade("--db", db, "info")
        served = paygrade_for("--db", db, "serve", "--port", free_port(), seconds=60)
        assert info.returncode == served.returncode == 1
        assert served.stderr == info.stderr and "not a" in info.stderr
