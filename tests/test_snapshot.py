"""Published copies: readers never hold the writer's file, and see new data once published."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import paygrade.store.db
from paygrade.store import Store, StoreError
from paygrade.store.snapshot import (
    PublishedStore,
    ensure_published,
    publish,
    publish_file,
    published_path,
)

from .conftest import FIXTURES, older_store, write_file
from .test_cli import ok


def test_a_write_command_publishes_what_it_committed(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    copy = Store.open(published_path(db), read_only=True)
    try:
        assert copy.scalar("SELECT count(*) FROM records") == 3
    finally:
        copy.close()


def test_a_command_that_failed_before_committing_publishes_no_new_copy(tmp_path: Path) -> None:
    # A large ingest interrupted (or refused) inside its transaction rolls back, but DuckDB
    # had written to the file meanwhile, so its time moved: the same data had been
    # published again (a 56 MB copy, every cached answer of a running server dropped).
    from paygrade.cli import _publish_committed

    db = tmp_path / "f.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    before = published_path(db).resolve()
    store = Store.open(db)
    try:
        with pytest.raises(RuntimeError), store.transaction() as con:
            con.execute("DELETE FROM records")
            raise RuntimeError("the command fails before committing")
        later = time.time() + 5
        os.utime(db, (later, later))  # the file touched, as a large rolled-back write does

        _publish_committed(store, failing=True)
        assert published_path(db).resolve() == before
        with store.transaction() as con:  # a file committed before a later one failed
            con.execute("DELETE FROM records WHERE ingest_id = -1")
        _publish_committed(store, failing=True)
        assert published_path(db).resolve() != before
    finally:
        store.close()


def test_a_reader_keeps_answering_while_a_writer_ingests(tmp_path: Path) -> None:
    db = tmp_path / "r.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    published = PublishedStore(db)
    first = published.reader()
    assert first.store.scalar("SELECT count(*) FROM records") == 3
    # The reader holds its copy open; a writer in another process is not blocked by it.
    ok("--db", db, "ingest", "lca", FIXTURES / "fixture-lca-small.csv")
    assert first.store.scalar("SELECT count(*) FROM records") == 3  # its version, to the end
    second = published.reader()
    assert second.version != first.version
    assert second.store.scalar("SELECT count(DISTINCT source) FROM records") == 2
    published.close()


def test_readers_of_one_version_share_a_memo_a_new_version_starts_afresh(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    published = PublishedStore(db)
    first = published.reader()
    first.memo["seen"] = first.version
    assert published.reader().memo == {"seen": first.version}
    ok("--db", db, "ingest", "lca", FIXTURES / "fixture-lca-small.csv")
    assert published.reader().memo == {}
    published.close()


def test_publishing_needs_a_file_and_no_writer(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="in-memory"):
        publish(Store.open(":memory:"))
    db = tmp_path / "p.duckdb"
    writer = Store.open(db)
    try:
        with pytest.raises(StoreError, match="cannot publish"):
            publish_file(db)
    finally:
        writer.close()
    assert publish_file(db) == published_path(db)


def test_no_published_copy_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no published store"):
        PublishedStore(tmp_path / "none.duckdb").reader()


def test_serving_a_store_an_older_paygrade_wrote_migrates_and_republishes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The copy published before the upgrade lacks the new migration: readers of it were
    # told to run a write command; serving now migrates the store and publishes afresh.
    db = tmp_path / "older.duckdb"
    newest = older_store(db, monkeypatch)
    every_but_newest = paygrade.store.db._migrations()[:-1]
    with monkeypatch.context() as patched:
        patched.setattr(paygrade.store.db, "_migrations", lambda: every_but_newest)
        publish_file(db)
    ensure_published(db)
    published = PublishedStore(db)
    try:
        reader = published.reader()
        assert reader.store.scalar("SELECT max(version) FROM schema_migrations") == newest
    finally:
        published.close()


def test_a_copy_that_cannot_be_made_is_said_and_the_data_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A full disk stopped `paygrade ingest` with "internal error (OSError)" after it had
    # committed, and readers were not told what they would see.
    from paygrade.cli import main

    db = tmp_path / "full.duckdb"

    def no_space(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("paygrade.store.snapshot.shutil.copyfile", no_space)
    code = main(["--db", str(db), "ingest", "csv", str(FIXTURES / "fixture-canonical-small.csv")])
    err = capsys.readouterr().err
    # 74: the system refused a write, as a full disk is said by every command.
    assert code == 74 and "internal error" not in err
    assert (
        f"error: cannot publish full.duckdb for readers (paygrade serve, mcp) in {tmp_path}" in err
    )
    # What to do is said before what was kept.
    assert (
        f"No space left on device; free space in {tmp_path}, "
        "or copy the store to a folder it may write and give the copy as --db; "
        "what was stored is kept in"
    ) in err
    assert not list(tmp_path.glob("full.published*"))  # no half-made copy left behind
    monkeypatch.undo()
    ensure_published(db)  # as `paygrade serve` does when it starts
    copy = Store.open(published_path(db), read_only=True)
    try:
        assert copy.scalar("SELECT count(*) FROM records") == 3
    finally:
        copy.close()


def _records_published(db: Path) -> int:
    copy = Store.open(published_path(db), read_only=True)
    try:
        return int(copy.scalar("SELECT count(*) FROM records") or 0)
    finally:
        copy.close()


def test_what_a_killed_writer_left_in_its_log_is_published(tmp_path: Path) -> None:
    # A writer killed mid-ingest leaves its commits in the write-ahead log: the file alone
    # was copied, and readers were served a store of no tables.
    db = tmp_path / "w.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    killed = (
        "import duckdb, os, sys\n"
        "con = duckdb.connect(sys.argv[1])\n"
        "con.execute('SET checkpoint_threshold = \\'1GB\\'')\n"
        "con.execute('DELETE FROM records WHERE source_row = 1')\n"
        "os._exit(0)  # no close, no checkpoint: as SIGKILL leaves it\n"
    )
    subprocess.run([sys.executable, "-c", killed, str(db)], check=True, timeout=60)
    assert db.with_name(db.name + ".wal").exists()
    ensure_published(db)
    assert _records_published(db) == 2


def more_rows(tmp_path: Path, *amounts: int) -> Path:
    """A hand-written fixture file (not product data) of ML engineers' base pay."""
    rows = "".join(f"2024,ML Engineer,base,{a}\n" for a in amounts)
    return write_file(tmp_path, "fixture-more.csv", "year,title,pay_component,amount_usd\n" + rows)


def test_a_store_restored_from_an_older_copy_is_published(tmp_path: Path) -> None:
    # A copy newer than the store was taken as current: a backup restored with its time
    # kept (cp -p, rsync -a) was never published, readers kept the later data.
    db = tmp_path / "w.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    backup = tmp_path / "backup.duckdb"
    shutil.copy2(db, backup)
    os.utime(backup, (1_700_000_000, 1_700_000_000))
    more = more_rows(tmp_path, 150000, 160000)
    ok("--db", db, "ingest", "csv", more)
    grown = _records_published(db)
    shutil.copy2(backup, db)  # its old time kept
    ensure_published(db)
    assert _records_published(db) == 3 < grown


def test_a_published_copy_has_the_stores_permissions(tmp_path: Path) -> None:
    # Copies were mkstemp's 0600: a server run as another user who may read the store
    # (group or world readable) could not read the copy it serves from.
    db = tmp_path / "w.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    for mode in (0o644, 0o640):
        db.chmod(mode)
        os.utime(db)  # changed since published: made again
        copy = ensure_published(db).resolve()
        assert copy.stat().st_mode & 0o777 == mode
    # Made readable to others after it was published (chmod keeps the store's time): the
    # 0600 copy had been kept, and a server run as another user answered every route 503.
    db.chmod(0o600)
    os.utime(db)
    assert ensure_published(db).resolve().stat().st_mode & 0o777 == 0o600
    db.chmod(0o644)
    assert ensure_published(db).resolve().stat().st_mode & 0o777 == 0o644


def test_a_stale_copy_that_cannot_be_replaced_is_said_not_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `serve` started on a store whose copy could not be made again (a read-only folder)
    # served the last copy without a word: its answers older than the CLI's.
    db = tmp_path / "w.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    more = more_rows(tmp_path, 150000)
    store = Store.open(db)
    try:
        from paygrade.ingest import ingest_file

        ingest_file(store, "csv", more)  # committed, not published (as a killed writer)
    finally:
        store.close()

    def read_only(*_: object) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr("paygrade.store.snapshot.shutil.copyfile", read_only)
    with pytest.raises(StoreError, match="Permission denied"):
        ensure_published(db)
    monkeypatch.undo()
    ensure_published(db)
    assert _records_published(db) == 4


def test_old_copies_are_forgotten_whatever_the_stores_name(tmp_path: Path) -> None:
    # "store [v1]" read as a glob matched none of its copies: every publish left a whole
    # copy behind. A temporary copy a killed publisher left was never removed either.
    db = tmp_path / "store [v1].duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    left = tmp_path / ".store [v1].published-1700000000000000000.duckdb.x1y2z3"
    left.write_bytes(b"half a copy")
    dangling = tmp_path / ".store [v1].published-1700000000000000001.duckdb.q9w8e7"
    dangling.symlink_to("gone.duckdb")
    # Another publisher's, under way: made now, though its bytes have the store's old time.
    under_way = tmp_path / f".store [v1].published-{time.time_ns()}.duckdb.a1b2c3"
    under_way.write_bytes(b"another publisher's")
    os.utime(under_way, (1_700_000_000, 1_700_000_000))
    more = more_rows(tmp_path, 150000)
    for _ in range(3):
        ok("--db", db, "ingest", "csv", more)
        more.write_text(more.read_text() + "2024,ML Engineer,base,150001\n")
    copies = list(tmp_path.glob("store [[]v1].published-*.duckdb"))
    assert len(copies) == 2  # KEPT_COPIES
    assert not left.exists() and not dangling.is_symlink() and under_way.exists()


def test_a_command_that_changed_nothing_makes_no_copy(tmp_path: Path) -> None:
    # A skipped ingest copied the whole store again, and in a folder it may not write
    # failed saying "what was stored is kept", of nothing stored.
    db = tmp_path / "w.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    before = published_path(db).resolve()
    again = ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    assert "skipped (already ingested)" in again
    assert published_path(db).resolve() == before
    assert len(list(tmp_path.glob("w.published-*.duckdb"))) == 1


def test_a_reader_opens_the_newest_copy_never_a_removed_or_older_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paygrade.store import snapshot

    db = tmp_path / "n.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    published = PublishedStore(db)
    first = published.reader()
    ok("--db", db, "ingest", "lca", FIXTURES / "fixture-lca-small.csv")
    ok("--db", db, "remove", "lca", "fixture-lca-small.csv")  # two publishes: first's gone
    newest = snapshot.version_of(published.path)
    assert not published.path.with_name(first.version).exists()
    # A request that resolved the link before the publishes had opened the copy they
    # removed: 503 "no store ... run `paygrade ingest --all` first".
    said = iter([first.version])
    real = snapshot.version_of
    monkeypatch.setattr(snapshot, "version_of", lambda path: next(said, None) or real(path))
    published.close()
    published = PublishedStore(db)
    assert published.reader().version == newest
    # Nor is a copy older than the one open reopened (one that resolved before a publish).
    older = [p.name for p in tmp_path.glob("n.published-*.duckdb") if p.name != newest]
    assert older  # the copy kept before the newest
    said = iter(older)
    assert published.reader().version == newest
    # The reader's store is its copy: measured against the link's newer, smaller one it
    # had been "cut short" (/healthz 503) while a rebuild published.
    assert published.reader().store.path == str(published.path.with_name(newest))
    published.close()
