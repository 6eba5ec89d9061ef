"""Published copies: how readers (the web server) see committed data while a writer works.

DuckDB lets one process write a file, and while it does no other process may
open that file at all. The web server must keep answering during ``paygrade
ingest`` or ``paygrade submissions approve``, and those must not fail because
the server is reading. So the two never share a file:

* a command that changed the store publishes it when it has committed: a
  checkpoint (the file alone holds every change), then a copy next to it under
  a name of its own, ``<name>.published-<time>.duckdb``, and a symbolic link
  ``<name>.published.duckdb`` switched to it in one step (a rename);
* readers open only what the link points to, read-only, and reopen when it
  points elsewhere. Each copy has its own name because DuckDB shares one
  database per path within a process: a new copy under an old name would be
  served from the old one. A reader with an old copy open keeps reading it
  (the two newest copies are kept; older ones are deleted, and an open one
  lives on until it is closed).

Answers change once new data is committed and published, never halfway.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from paygrade.paths import way_out, write_failure
from paygrade.store.db import (
    Store,
    StoreBusy,
    StoreError,
    connect,
    damage_said,
    no_store,
    refuse_foreign_file,
)
from paygrade.store.db import cursor as quiet_cursor


def published_path(db: str | Path) -> Path:
    """Where the published copy of a store lives.

    Example:
        >>> published_path("/data/paygrade.duckdb").name
        'paygrade.published.duckdb'
    """
    path = Path(db)
    return path.with_name(f"{path.stem}.published{path.suffix or '.duckdb'}")


def store_of_copy(db: str | Path) -> Path | None:
    """The store beside ``db`` that ``db`` is the published copy (or link) of; None when
    ``db`` is no such copy. `paygrade info` lists the copies beside the store, so one may
    be given as --db.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "paygrade.duckdb").write_bytes(b"")
        >>> store_of_copy(folder / "paygrade.published-1796218405464209345.duckdb").name
        'paygrade.duckdb'
        >>> store_of_copy(folder / "paygrade.duckdb") is None
        True
    """
    path = Path(db)
    named = re.fullmatch(r"(.+)\.published(?:-\d+)?(\.[^.]+)", path.name)
    if named is None:
        return None
    store = path.with_name(named[1] + named[2])
    return store if store.is_file() else None


def publish(store: Store) -> Path:
    """Copy a store that this process has open for writing to its published path.

    The checkpoint moves every committed change into the file, and the write
    lock this process holds keeps it that way while the bytes are copied.
    """
    if store.path == ":memory:":
        raise StoreError("an in-memory store cannot be published")
    try:
        store.con.execute("CHECKPOINT")
    except duckdb.Error as exc:  # a full disk: said as a copy that cannot be made is
        if (failed := write_failure(str(exc))) is None:
            raise
        raise _cannot_publish(Path(store.path), failed[1]) from None
    source = Path(store.path)
    link = published_path(source)
    current = link.resolve()
    if current.is_file() and not _wal(source).exists() and _same_file(current, source):
        # Nothing changed (an ingest of files stored already): a copy of the whole store
        # had been made anyway, and in a folder it may not write, said as a failure.
        return link
    return _copy(source)


def publish_file(db: str | Path, *, wait: float = 0.0) -> Path:
    """Publish a store no process is writing (e.g. one made before publishing existed);
    what a writer that was killed left in its write-ahead log is checkpointed first (the
    file alone had been copied: an empty store served after a first ingest was killed).

    A store a writer holds is waited for up to ``wait`` seconds, then ``StoreBusy``.
    """
    source = Path(db)
    try:
        if _wal(source).exists():
            with contextlib.closing(connect(str(source), read_only=False, wait=wait)) as con:
                con.execute("CHECKPOINT")
        connect(str(source), read_only=True, wait=wait).close()  # no writer has it now
    except duckdb.Error as exc:
        raise StoreError(f"cannot publish {source}: {str(exc).splitlines()[0]}") from None
    return _copy(source)


def _wal(source: Path) -> Path:
    return source.with_name(source.name + ".wal")


KEPT_COPIES = 2


def ensure_published(db: str | Path, *, wait: float = 0.0) -> Path:
    """The published copy, made now when the store has none or changed since (no writer
    running): for stores written before publishing existed, or copied in by hand.

    A store with no copy yet that a writer holds (its first ingest, which publishes
    when done) is waited for up to ``wait`` seconds. `serve` started beside a first
    ingest had stopped at once, in DuckDB's words ("Could not set lock on file ...").
    """
    source = Path(db)
    # A folder or a device (/dev/null) in the words of every other command: `serve` had
    # said "no store at ...: run `paygrade ingest --all` first" of both.
    refuse_foreign_file(source)
    if not source.is_file():
        raise no_store(source)
    # Migrations a newer paygrade brought, before a copy of the store is published; a
    # writer that has the store (busy) migrates it itself, and publishes when done.
    with contextlib.suppress(StoreBusy):
        Store.open_reading(source).close()
    link = published_path(source)
    current = link.resolve()
    if current.is_file() and not _wal(source).exists() and _same_file(current, source):
        return link
    try:
        return publish_file(source, wait=0.0 if current.is_file() else wait)
    except StoreBusy:
        if not current.is_file():
            raise
        # A writer (an ingest) has the store: it publishes when done; serve the last copy.
        return link
    # Any other StoreError (no room, a read-only folder) is said: the last copy had been
    # served without a word, older than the store the CLI answered from.


def sound_published(
    db: str | Path, *, wait: float = 0.0, warn: Callable[[str], None] | None = None
) -> Path:
    """``ensure_published``, refusing a store whose file is damaged (``Store.damage``), and
    publishing the copy again from the store when the copy alone is damaged: the store is
    the truth, the copy derived from it. `serve` had refused to start over a damaged copy
    in a damaged store's words ("restore it from a backup, or remove it and run `paygrade
    ingest --all`") of a store that was sound, the copy left beside it. ``warn`` is told
    when a copy was made again: a file damaged where it lies may tell of a failing disk.

    Example:
        >>> sound_published("var/paygrade.duckdb")  # doctest: +SKIP
        PosixPath('var/paygrade.published.duckdb')
    """
    link = ensure_published(db, wait=wait)
    damaged_copy = link.resolve()
    if (damage := _copy_damage(damaged_copy)) is None:
        return link
    store = Store.open(db, read_only=True, wait=wait)  # its own errors said as they are
    try:
        store.refuse_damaged()
    finally:
        store.close()
    link = publish_file(db, wait=wait)  # a new copy, the damaged one then removed
    damaged_copy.unlink(missing_ok=True)
    if (why := _copy_damage(link.resolve())) is not None:  # a disk damaging what it gets
        raise damage_said(why)
    if warn is not None:
        warn(
            f"the copy published for readers, {damaged_copy.name}, was damaged ({damage});"
            f" published again from the store, which is sound: check the disk under"
            f" {damaged_copy.parent}"
        )
    return link


def _copy_damage(copy: Path) -> str | None:
    """How a published copy's file is damaged (``Store.damage``), or None. No writer holds
    a copy: one DuckDB cannot open (its header's bytes changed) is damaged so."""
    try:
        store = Store.open(copy, read_only=True)
    except StoreError as exc:
        return str(exc)
    try:
        return store.damage()
    finally:
        store.close()


def _same_file(copy: Path, source: Path) -> bool:
    """Whether ``copy`` is a copy of ``source`` as it is: of its size, modification time
    and permissions, which ``_copy`` gives it. A copy newer than the store had been taken
    as current: a store restored from a backup (its older time kept) was never published;
    and a store made readable to others after it was published (chmod 644 of a store an
    umask of 077 had made) kept its unreadable copy: a server run as another user then
    answered every route 503."""
    made, was = copy.stat(), source.stat()
    return (made.st_size, made.st_mtime_ns, stat.S_IMODE(made.st_mode)) == (
        was.st_size,
        was.st_mtime_ns,
        stat.S_IMODE(was.st_mode),
    )


def _copy(source: Path) -> Path:
    link = published_path(source)
    copy = link.with_name(f"{source.stem}.published-{time.time_ns()}{link.suffix}")
    try:
        handle, temporary = tempfile.mkstemp(dir=link.parent, prefix=f".{copy.name}.")
        os.close(handle)
        try:
            was = source.stat()
            shutil.copyfile(source, temporary)
            # The store's permissions, not mkstemp's 0600: a server run as another user
            # (a service account) that may read the store could not read its copy.
            os.chmod(temporary, stat.S_IMODE(was.st_mode))
            os.utime(temporary, ns=(was.st_atime_ns, was.st_mtime_ns))  # see _same_file
            os.replace(temporary, copy)
            os.symlink(copy.name, temporary)
            os.replace(temporary, link)  # atomic: readers find the old copy or the new one
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError as exc:  # a full disk, a read-only folder: said, not a traceback
        # In a read-only folder, removing the copy never made raises too ("cannot use
        # <the copy>: Read-only file system", status 1): the first refusal is the one said.
        with contextlib.suppress(OSError):
            copy.unlink(missing_ok=True)
        raise _cannot_publish(source, exc.strerror or str(exc)) from None
    _forget_old_copies(source, keep=copy)
    return link


class NotPublished(StoreError):
    """The copy for readers could not be written (a full disk, a folder it may not write):
    the system refused a write, as ``CannotWrite`` says of others (status 74), while what
    the store holds is kept."""


def _cannot_publish(source: Path, why: str) -> NotPublished:
    """The refusal, with what to do about it when the folder is at fault (readers open a
    copy published beside the store, so the store's folder must take one)."""
    fix = way_out(why, source.absolute().parent)
    return NotPublished(
        f"cannot publish {source.name} for readers (paygrade serve, mcp) in {source.parent}: {why}"
        + (f"; {fix}" if fix else "")
    )


HALF_MADE_SECONDS = 3600  # a temporary copy older than this is no publisher's under way


def _forget_old_copies(source: Path, keep: Path) -> None:
    # Escaped: a store named "store [v1].duckdb" read as a glob matched none of its copies,
    # and every publish left one more whole copy behind.
    stem = glob.escape(source.stem)
    copies = sorted(source.parent.glob(f"{stem}.published-*{source.suffix or '.duckdb'}"))
    for old in [c for c in copies if c != keep][: max(0, len(copies) - KEPT_COPIES)]:
        old.unlink(missing_ok=True)
    # A copy (or link) a killed publisher was making (``_copy``'s temporary file); one
    # younger than an hour may be another publisher's, under way. Its age is read off its
    # name: the copy has the store's time, which may be older than the hour.
    for half_made in source.parent.glob(f".{stem}.published-*"):
        made = published_at(half_made.name)
        if made is not None and time.time() - made.timestamp() > HALF_MADE_SECONDS:
            Path(half_made).unlink(missing_ok=True)


def version_of(path: Path) -> str:
    """The copy a published link points to (its file name): changes with every publish.

    Example:
        >>> version_of(Path("/nonexistent"))
        'none'
    """
    target = path.resolve()
    return target.name if target.is_file() else "none"


def published_at(version: str) -> datetime | None:
    """When a published copy was made, read off its name (None for another name).

    Example:
        >>> published_at("paygrade.published-1796218405464209345.duckdb")
        datetime.datetime(2026, 12, 2, 13, 33, 25, tzinfo=datetime.timezone.utc)
        >>> published_at("none") is None
        True
    """
    found = re.search(r"\.published-(\d+)\.", version)
    if found is None:
        return None
    return datetime.fromtimestamp(int(found[1]) // 1_000_000_000, UTC)


@dataclass
class Reader:
    """A store as one version of its published copy, for the duration of one request.

    ``memo`` is shared by every reader of the same version: a published copy never
    changes, so what one request worked out from it (the distinct values filters
    are checked against) holds for the next, until a new version is published.
    """

    store: Store
    version: str
    memo: dict[str, Any] = field(default_factory=dict)


def _newer(version: str, than: str) -> bool:
    """Whether the link's copy is to be opened in place of the one open: another copy, not
    an older one (a request that resolved the link before a publish); "none" (no link)
    too, which says so.

    Example:
        >>> old, new = (f"s.published-{n}.duckdb" for n in (100, 200))
        >>> _newer(new, old), _newer(old, new), _newer(old, old), _newer("none", old)
        (True, False, False, True)
    """
    if version == than:
        return False
    stamps = (_published(version), _published(than))
    return 0 in stamps or stamps[0] > stamps[1]


# How often a reader asks the link again when the copy it named is gone as it is opened.
REOPENS = 5


def _published(version: str) -> int:
    """A copy's order among the published: the nanoseconds in its name (0 for none).

    Example:
        >>> _published("paygrade.published-1796218405464209345.duckdb"), _published("none")
        (1796218405464209345, 0)
    """
    found = re.search(r"\.published-(\d+)\.", version)
    return int(found[1]) if found else 0


class PublishedStore:
    """The readers' side: one read-only connection to the newest published copy, per process.

    Example:
        >>> published = PublishedStore(Path("paygrade.duckdb"))  # doctest: +SKIP
        >>> reader = published.reader()  # doctest: +SKIP
        >>> reader.store.scalar("SELECT count(*) FROM records")  # doctest: +SKIP
    """

    def __init__(self, db: Path) -> None:
        self.path = published_path(db)
        self._store = Path(db)
        self._lock = threading.Lock()
        self._version = ""
        self._con: duckdb.DuckDBPyConnection | None = None
        self._memo: dict[str, Any] = {}

    def reader(self) -> Reader:
        """A cursor on the newest published copy (reopened when a new copy appears)."""
        with self._lock:
            con = self._newest()
            cursor = quiet_cursor(con)
            # A cursor of a published copy, which is opened read-only; its path that copy's
            # (the link's newer, smaller copy had been measured against this one's blocks:
            # /healthz "cut short", 503, while a rebuild published).
            copy = str(self.path.with_name(self._version))
            store = Store(cursor, copy, read_only=True, memo=self._memo)
            return Reader(store, self._version, self._memo)

    def _newest(self) -> duckdb.DuckDBPyConnection:
        """The connection to the copy the link names, resolved under the lock, never older
        than the one open. Resolved before it, a request waiting for the lock while two
        publishes came had opened a copy they had removed: 503 "no store ... run `paygrade
        ingest --all` first"; a copy gone as it is opened is asked of the link again."""
        for _ in range(REOPENS):
            version = version_of(self.path)
            if self._con is not None and not _newer(version, self._version):
                return self._con
            try:
                self._con, self._version = self._open(version)
            except StoreError:
                if version_of(self.path) == version:  # it names a copy that is not there
                    raise
                continue  # removed by a publish meanwhile: the newer one
            self._memo = {}
            return self._con
        raise StoreError(f"{self.path} changed {REOPENS} times while it was opened: try again")

    def _open(self, version: str) -> tuple[duckdb.DuckDBPyConnection, str]:
        if version == "none" and self._store.is_file():
            # Removed while served (a clean-up of the *.published-* copies): "no published
            # store ...: run `paygrade ingest --all` first" had been said of a whole store.
            raise StoreError(
                f"the copy for readers of {self._store.name} is missing: restart `paygrade "
                "serve` (or `paygrade mcp`), or run any command that writes the store"
            )
        if version == "none":
            raise StoreError(
                f"no published store at {self.path}: run `paygrade ingest --all` first"
            )
        opened = Store.open(self.path.with_name(version), read_only=True)
        # The old connection is left to close when its last cursor is gone.
        return opened.con, version

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None
