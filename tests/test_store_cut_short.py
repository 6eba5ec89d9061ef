"""A store is cut short when its file ends before the last block it uses, not before the
free blocks DuckDB cuts off its end: after a `paygrade remove` on the real store, /healthz
had said a whole store was damaged (503) and advised deleting it (total_blocks 106, the file
105 blocks, the last in use 104). Where DuckDB puts freed blocks depends on the file's
history, so the arithmetic is tested on that case's figures and the reading on a real file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paygrade.store import Store
from paygrade.store.db import HEADER_BYTES, short_of

BLOCK = 262144  # DuckDB's block size


def test_free_blocks_past_the_last_in_use_are_no_damage() -> None:
    # The remove's case: 106 blocks counted, 101 in use, the last 104, the file 105 blocks.
    assert short_of(HEADER_BYTES + 105 * BLOCK, used=101, last=104, block_size=BLOCK) is None
    said = short_of(HEADER_BYTES + 104 * BLOCK, used=101, last=104, block_size=BLOCK)
    assert said == "cut short: 27,275,264 bytes of the 27,537,408 its blocks take"
    # Blocks in use a file cannot hold, whatever the highest: cut short.
    assert short_of(HEADER_BYTES + 50 * BLOCK, used=101, last=20, block_size=BLOCK)


def test_a_real_store_ending_at_its_last_block_is_whole_and_one_block_less_is_not(
    real_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "store.duckdb"
    shutil.copyfile(real_db, db)
    store = Store.open_reading(db)
    try:
        last = store._last_block()
        highest = store.scalar("SELECT max(block_id) FROM pragma_storage_info('main.records')")
        assert last >= highest  # the records' blocks and every other table's
        assert store.cut_short() is None
    finally:
        store.close()
    with db.open("r+b") as file:  # the file to its last block in use: whole, every row read
        file.truncate(HEADER_BYTES + (last + 1) * BLOCK)
    store = Store.open_reading(db)
    try:
        assert store.cut_short() is None
        assert store.scalar("SELECT count(*) FROM records") > 100_000
    finally:
        store.close()
    with db.open("r+b") as file:  # its last block in use cut off: found
        file.truncate(HEADER_BYTES + last * BLOCK)
    store = Store.open_reading(db)
    try:
        assert (store.cut_short() or "").startswith("cut short: ")
    finally:
        store.close()


def test_a_read_only_store_reads_its_last_block_once_and_its_size_each_time(
    real_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # /healthz read every table's storage info at each poll (~95 ms a call under load):
    # the blocks of a store open read-only do not change, its file may still be cut.
    db = tmp_path / "store.duckdb"
    shutil.copyfile(real_db, db)
    store = Store.open_reading(db)
    reads: list[int] = []
    real_read = Store._last_block

    def counted(self: Store) -> int:
        reads.append(1)
        return real_read(self)

    monkeypatch.setattr(Store, "_last_block", counted)
    try:
        assert [store.cut_short() for _ in range(3)] == [None, None, None]
        assert len(reads) == 1
        last = store.memo["last_block"]
        with db.open("r+b") as file:  # cut while open: found by its size
            file.truncate(HEADER_BYTES + last * BLOCK)
        assert (store.cut_short() or "").startswith("cut short: ")
    finally:
        store.close()
