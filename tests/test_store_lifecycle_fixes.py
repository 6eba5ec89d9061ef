"""The store's and the models folder's lifecycle: which store a write command may take,
and a folder the system will not let be written.

Stores are made from hand-written fixture rows (tests/fixtures), never product data.
"""

from __future__ import annotations

import errno
import os
import shutil
from contextlib import closing
from pathlib import Path

import pytest

from paygrade.cli import main
from paygrade.ingest import ingest_file
from paygrade.store import Store
from paygrade.store.snapshot import NotPublished, publish, publish_file, published_path
from tests.conftest import FIXTURES, freeze

FIXTURE = FIXTURES / "fixture-canonical-small.csv"


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("lifecycle") / "paygrade.duckdb"
    assert main(["--db", str(db), "ingest", "csv", str(FIXTURE)]) == 0
    assert published_path(db).is_file()
    return db


def _records(db: Path) -> int:
    store = Store.open_reading(db)
    try:
        return int(store.scalar("SELECT count(*) FROM records"))
    finally:
        store.close()


def test_a_write_to_the_copy_published_for_readers_is_refused(
    fixture_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It said "accepted 3" and wrote into the readers' copy, which the next publish
    # replaced: the records were gone without a word.
    folder = tmp_path / "data"
    shutil.copytree(fixture_db.parent, folder, symlinks=True)
    store, copy = folder / fixture_db.name, published_path(folder / fixture_db.name)
    before = _records(copy)
    capsys.readouterr()
    assert (
        main(["--db", str(copy), "ingest", "csv", str(FIXTURE.parent / "fixture-lca-small.csv")])
        == 1
    )
    assert capsys.readouterr().err == (
        f"error: {copy} is the copy of {store.name} published for readers, replaced whenever "
        f"the store changes: write to the store itself (--db {store})\n"
    )
    assert _records(copy) == before
    assert not published_path(copy).exists()  # no copy of the copy either


@pytest.mark.parametrize(
    "command", [["rebuild"], ["rebuild", "--if-stale"], ["remove", "csv", "x.csv"]]
)
def test_a_command_that_changes_a_store_makes_none_where_none_is(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # `rebuild` of a mistyped --db made an empty store, said nothing and exited 0.
    db = tmp_path / "typo.duckdb"
    assert main(["--db", str(db), *command]) == 1
    assert (
        capsys.readouterr().err == f"error: no store at {db}: run `paygrade ingest --all` first\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_models_folder_that_is_a_file_is_said_before_training(
    fixture_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # It was "cannot use /x/afile: File exists" (Python's words).
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    monkeypatch.setenv("PAYGRADE_MODELS", str(afile))
    assert main(["--db", str(fixture_db), "train", "--trees", "2"]) == 1
    assert capsys.readouterr().err == (
        f"error: the models folder {afile} is a file, not a folder: set PAYGRADE_MODELS to a "
        "folder\n"
    )


def test_training_into_a_folder_it_may_not_write_is_74_before_it_trains(
    fixture_db: Path,
    frozen: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # It was status 1, "cannot use .../training.json: Read-only file system".
    freeze(frozen)
    monkeypatch.setenv("PAYGRADE_MODELS", str(frozen))
    assert main(["--db", str(fixture_db), "train", "--trees", "2"]) == 74
    assert capsys.readouterr().err == (
        f"error: cannot write {frozen / 'training.json'}: Operation not permitted; "
        "no model was saved\n"
    )


def test_a_store_on_a_read_only_file_system_is_not_published_and_says_why(
    fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a read-only file system even removing the copy never made raises (EROFS), and
    # that was said instead: "cannot use <the copy>: Read-only file system", status 1.
    # (An immutable folder answers that unlink ENOENT, so the system's refusals stand in.)
    from paygrade.store import snapshot

    db = tmp_path / "paygrade.duckdb"
    shutil.copyfile(fixture_db, db)

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(snapshot.tempfile, "mkstemp", read_only)
    monkeypatch.setattr(snapshot.Path, "unlink", read_only)
    with pytest.raises(NotPublished) as refused:
        publish_file(db)
    assert str(refused.value) == (
        f"cannot publish paygrade.duckdb for readers (paygrade serve, mcp) in {tmp_path}: "
        f"Read-only file system; let this user write {tmp_path}, or copy the store to a "
        "folder it may write and give the copy as --db"
    )


@pytest.mark.parametrize("why", ["Permission denied", "Read-only file system"])
def test_a_store_the_system_will_not_let_it_write_is_said_as_a_write_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    # Another user's store, or one on a read-only mount: "cannot open the store ...: IO
    # Error: Cannot open file ...", status 1, where the same refusal of its .wal was 74.
    import duckdb

    from paygrade.records import CannotWrite
    from paygrade.store import db as store_db

    db = tmp_path / "s.duckdb"
    Store.open(db).close()

    def refused(*args: object, **kwargs: object) -> None:
        raise duckdb.IOException(f'IO Error: Cannot open file "{db}": {why}')

    monkeypatch.setattr(store_db, "connect", refused)
    with pytest.raises(CannotWrite, match=f"cannot write {db}: {why}; nothing was changed"):
        Store.open(db)
    with pytest.raises(store_db.StoreError, match="cannot open the store"):
        Store.open(db, read_only=True)  # reading: not a write refused


# Sorted, two million rows do not fit in 64 MB: DuckDB spills them into <store>.tmp.
SPILLING = """CREATE TEMP TABLE spilled AS SELECT range AS n,
    md5(range::VARCHAR) || md5((range + 1)::VARCHAR) AS text FROM range(2000000) ORDER BY text"""


def _open_to_others(folder: Path) -> list[str]:
    """What group or others may read under ``folder`` (files and folders), with its mode."""
    return sorted(
        f"{path.relative_to(folder)} {oct(path.stat().st_mode & 0o777)}"
        for path in folder.rglob("*")
        if not path.is_symlink() and path.stat().st_mode & 0o044
    )


def test_every_file_a_new_store_makes_is_its_owners_alone(tmp_path: Path) -> None:
    """Under a umask of 022, DuckDB had made the store's write-ahead log (what an ingest
    wrote, until the next checkpoint) and what a query spilled -rw-r--r--, beside a store
    made 0600: ['paygrade.duckdb.wal 0o644'] after an ingest."""
    folder = tmp_path / "store"
    umask = os.umask(0o022)
    try:
        with closing(Store.open(folder / "paygrade.duckdb")) as store:
            ingest_file(store, "csv", FIXTURE)
            after_ingest = (sorted(p.name for p in folder.iterdir()), _open_to_others(folder))
            with store.transaction() as con:
                con.execute("SET memory_limit = '64MB'")
                con.execute("SET threads = 1")
                con.execute(SPILLING)
                spilling = (sorted(p.name for p in folder.iterdir()), _open_to_others(folder))
            publish(store)
            published = _open_to_others(folder)
        assert os.umask(0o022) == 0o022  # the umask the process had is back
    finally:
        os.umask(umask)
    assert after_ingest == (["paygrade.duckdb", "paygrade.duckdb.wal"], [])
    assert "paygrade.duckdb.tmp" in spilling[0] and spilling[1] == []
    assert published == []
