"""Carried robustness gaps of the store: a store to migrate in a folder it may not write,
and a copy for readers it may not publish, said with no way out; a damaged copy for
readers that `serve` refused in the words of a damaged store, left beside the store.

Stores are made from hand-written fixture rows (tests/fixtures), never product data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import httpx

from paygrade.store import Store
from paygrade.store.snapshot import publish_file, published_path
from tests.conftest import freeze
from tests.test_store_fixes10 import paygrade_for, small_store, written_over
from tests.web.conftest import Server, free_port


def _outdated(db: Path) -> Path:
    """``db`` as the paygrade before migration 8 left it: no ``replaced_by``, the index
    migration 8 drops, and no record of migration 8."""
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE ingest_log DROP COLUMN replaced_by")
    con.execute("CREATE INDEX ingest_log_source_sha ON ingest_log(source, sha256)")
    con.execute("DELETE FROM schema_migrations WHERE version = 8")
    con.close()
    return db


def test_a_store_to_migrate_in_a_folder_it_may_not_write_says_what_to_do(
    tmp_path: Path, frozen: Path
) -> None:
    # It was "error: cannot write .../small.duckdb.wal: Operation not permitted", status 74:
    # a reading command, the store never said to need migrating, nor what to do.
    db = _outdated(small_store(tmp_path))
    shutil.move(db, frozen / db.name)
    freeze(frozen)
    done = paygrade_for("--db", frozen / db.name, "info")
    assert (done.returncode, done.stdout) == (74, "")
    assert done.stderr == (
        f"error: cannot write {frozen / db.name}.wal: Operation not permitted; nothing was "
        "changed: this paygrade migrates the store once (writing in its folder) before it "
        f"reads it; let this user write {frozen}, or copy the store to a folder it may write "
        "and give the copy as --db (any paygrade command then migrates it)\n"
    )


def test_serve_that_cannot_publish_says_what_to_do(tmp_path: Path, frozen: Path) -> None:
    # It was "error: cannot publish small.duckdb for readers (paygrade serve, mcp) in ...:
    # Operation not permitted", and no more.
    db = small_store(tmp_path)
    shutil.move(db, frozen / db.name)
    freeze(frozen)
    done = paygrade_for("--db", frozen / db.name, "serve", "--port", free_port())
    assert (done.returncode, done.stdout) == (74, "")
    assert done.stderr == (
        f"error: cannot publish small.duckdb for readers (paygrade serve, mcp) in {frozen}: "
        f"Operation not permitted; let this user write {frozen}, or copy the store to a "
        "folder it may write and give the copy as --db\n"
    )


def _damaged_unseen(copy: Path) -> Path:
    """``copy`` with bytes of its records changed (``written_over``) and its times kept,
    as a failing disk leaves a file: nothing tells it from the copy it was."""
    was = copy.stat()
    written_over(copy, "records")
    os.utime(copy, ns=(was.st_atime_ns, was.st_mtime_ns))
    return copy


def test_serve_publishes_again_over_a_damaged_copy_of_a_sound_store(tmp_path: Path) -> None:
    # It refused to start, status 1, in a damaged store's words ("restore it from a backup,
    # or remove it and run `paygrade ingest --all`") of a sound store, the copy left.
    db = small_store(tmp_path)
    damaged = _damaged_unseen(publish_file(db).resolve())
    server = Server(db)  # up: /healthz 200 (it raises if `serve` exits)
    try:
        stats = httpx.get(f"{server.url}/api/v1/stats", params={"by": "level"}, timeout=30)
    finally:
        server.stop()
    assert stats.status_code == 200
    # Said once, as a warning: a copy damaged where it lies may tell of a failing disk.
    warned = [line for line in server.log.splitlines() if "damaged" in line]
    assert len(warned) == 1, server.log
    assert warned[0].startswith(f"warning: the copy published for readers, {damaged.name}, was")
    assert "published again from the store, which is sound" in warned[0]
    assert not damaged.exists()
    copy = Store.open(published_path(db), read_only=True)
    try:
        assert copy.damage() is None
    finally:
        copy.close()


def test_serve_still_refuses_a_damaged_store_under_a_damaged_copy(tmp_path: Path) -> None:
    db = small_store(tmp_path)
    _damaged_unseen(publish_file(db).resolve())
    _damaged_unseen(db)
    done = paygrade_for("--db", db, "serve", "--port", free_port())
    assert done.returncode == 1
    assert done.stderr.startswith("error: the store cannot be read: its file is damaged (")
