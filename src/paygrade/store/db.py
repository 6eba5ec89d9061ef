"""The DuckDB file: opening it, migrating it, and transactions."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from paygrade.paths import REFUSED_SAID, way_out, why_unwritable, write_failure
from paygrade.records import CannotWrite, PaygradeError
from paygrade.store.interrupting import kept

_MIGRATIONS = "paygrade.store"
# Every DuckDB database file carries this magic at bytes 8-11 of its first block.
_DUCKDB_MAGIC = (8, b"DUCK")


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> Any:
    """The first column of the first row (None if no row). Fetches everything, as DuckDB
    wants a result consumed before the connection runs the next statement."""
    row = first_row(con, sql, params)
    return row[0] if row else None


def first_row(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] | None = None
) -> tuple[Any, ...] | None:
    """The first row of ``sql``'s answer (None if none), the answer fetched to its end:
    ``fetchone`` left it open, and the connection then refused other work (``con.sql``,
    an engine sharing it): "connection has an unfinished result from execute()".

    Example:
        >>> first_row(duckdb.connect(), "SELECT 1, 2 UNION ALL SELECT 3, 4 ORDER BY 1")
        (1, 2)
    """
    rows = con.execute(sql, list(params or [])).fetchall()
    return rows[0] if rows else None


def no_store(path: str | Path) -> StoreError:
    """The error of a store path where no store is (every command says it alike).

    Example:
        >>> print(no_store("/data/x.duckdb"))
        no store at /data/x.duckdb: run `paygrade ingest --all` first
    """
    return StoreError(f"no store at {path}: run `paygrade ingest --all` first")


def _open_failure(target: str, message: str, waited: float = 0.0) -> str:
    # DuckDB lets one process write a file at a time; say so in a user's words.
    if holder := _LOCK_HOLDER.search(message):
        after = f" (waited {waited:g} s)" if waited else ""
        return (
            f"the store {target} is busy: in use by another process (PID {holder.group(1)}), "
            f"e.g. an ingest{after}; try again when it has finished"
        )
    return f"cannot open the store {target}: {message.splitlines()[0]}"


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in .*\(PID (\d+)\)")


class StoreError(PaygradeError):
    """The store cannot be opened or is in a state paygrade does not understand."""


class StoreBusy(StoreError):
    """Another process (an ingest) is writing the store; trying again later will work."""


class OutdatedStore(StoreError):
    """A paygrade store opened read-only lacks migrations this version of paygrade has."""


class NewerStore(StoreError):
    """A store holds migrations this paygrade does not know: a newer paygrade wrote it."""


# DuckDB's words for a database file it cannot read back, found only when a query reads
# the block: cut short (a copy or a disk that failed) or changed (a block whose checksum
# does not match).
_DAMAGED = re.compile(r"Could not read enough bytes from file|Corrupt database file")


def damaged(exc: BaseException, restart: str = "") -> StoreError | None:
    """The error to tell for a DuckDB error that says the store's file is damaged, else
    None. It had been "internal error (IOException): ..." (status 70) on the CLI, a 500
    on the API.

    Example:
        >>> str(damaged(duckdb.IOException(
        ...     'IO Error: Could not read enough bytes from file "/d/s.duckdb": attempted '
        ...     "to read 262144 bytes from location 35926016")))[:60]
        'the store cannot be read: its file is damaged (IO Error: Cou'
        >>> damaged(duckdb.BinderException("Binder Error: no such column")) is None
        True
    """
    if not isinstance(exc, duckdb.Error) or not _DAMAGED.search(str(exc)):
        return None
    return damage_said(str(exc).splitlines()[0], restart)


def damage_said(why: str, restart: str = "") -> StoreError:
    """The error of a store whose file is damaged, ``why`` saying how (every surface says it
    alike: a command, a route, /healthz, an MCP tool). A server (``restart``: the command
    that runs it) reads the copy it published, which a store restored from a backup does
    not replace: it had advised a restore alone, and went on answering 503 after one.

    Example:
        >>> print(damage_said("cut short: ..."))  # doctest: +ELLIPSIS
        the store cannot be read: its file is damaged (cut short: ...); restore it from a ...
        >>> print(damage_said("...", "paygrade serve"))  # doctest: +ELLIPSIS
        the store ... (...); restore it from a backup and restart `paygrade serve`, or remove ...
    """
    then = f" and restart `{restart}`" if restart else ""
    return StoreError(
        f"the store cannot be read: its file is damaged ({why}); "
        f"restore it from a backup{then}, or remove it and run `paygrade ingest --all`"
    )


def quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """``con`` drawing no progress bar of its own: DuckDB draws one on standard output for
    a query over 2 s, which had come before an export's JSON on a loaded machine (and
    would in any answer a pipe reads). paygrade's own bars are on standard error. Every
    connection paygrade opens comes here: Ctrl-C interrupts its query (``kept``).

    Example:
        >>> con = quiet(duckdb.connect())
        >>> con.execute("SELECT current_setting('enable_progress_bar_print')").fetchall()
        [(False,)]
    """
    # Not printed, rather than not kept: a large CSV's read asks DuckDB its progress.
    con.execute("SET enable_progress_bar_print = false")
    return kept(con)


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of ``con``, ``quiet`` as it is: a cursor is a session of its own, which
    takes none of its connection's settings (a stats query's second cursor, a server's
    or MCP's reader of the published copy, ingest's reading ahead).

    Example:
        >>> side = cursor(quiet(duckdb.connect()))
        >>> side.execute("SELECT current_setting('enable_progress_bar_print')").fetchall()
        [(False,)]
    """
    return quiet(con.cursor())


def connect(target: str, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to ``target`` (``quiet``); a file another process writes is
    retried for up to ``wait`` seconds, then ``StoreBusy`` in a user's words. Any other
    refusal is DuckDB's own error, for the caller to say what it was doing."""
    deadline = time.monotonic() + wait
    pause = 0.05
    while True:
        try:
            return quiet(duckdb.connect(target, read_only=read_only))
        except duckdb.Error as exc:
            if _LOCK_HOLDER.search(str(exc)) is None:
                raise
            if time.monotonic() + pause > deadline:
                raise StoreBusy(_open_failure(target, str(exc), waited=wait)) from None
        time.sleep(pause)
        pause = min(pause * 2, 1.0)


def _opened(target: str, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """``connect``, its refusals said; a store it makes is its owner's alone."""
    new = target != ":memory:" and not read_only and not Path(target).exists()
    try:
        con = connect(target, read_only=read_only, wait=wait)
    except duckdb.Error as exc:
        said = str(exc).splitlines()[0]
        if not read_only and (why := next((w for w in REFUSED_SAID if w in said), None)):
            # The system's leave to write, refused (another user's store, a read-only
            # folder): the environment's, 74, as the same refusal of its .wal is said.
            raise CannotWrite(target, why, "nothing was changed") from None
        raise StoreError(_open_failure(target, str(exc))) from None
    if new:
        # It will hold approved submissions' rows, which no answer lists one by one: made
        # -rw-r--r-- under a umask of 022, anyone on the machine could read them, and its
        # published copies, which take its mode. Sharing it is a chmod away (the copies
        # follow). DuckDB takes no empty file as a new store: so set once it is made,
        # before anything is written to it. A file system without modes has none to set.
        with contextlib.suppress(OSError):
            os.chmod(target, 0o600)
    return con


@contextmanager
def _migrating(path: str | Path) -> Iterator[None]:
    """A store this paygrade must migrate before reading it, whose folder refuses the
    write: said with the way out ("cannot write ...wal: Operation not permitted" had said
    none, and a reading command cannot tell a user to write)."""
    try:
        yield
    except CannotWrite as exc:  # refused on opening it to write
        raise _not_migrated(path, exc.path, exc.why) from None
    except duckdb.Error as exc:  # refused on committing a migration (its .wal)
        if (failed := write_failure(str(exc))) is None:
            raise
        raise _not_migrated(path, *failed) from None


def _not_migrated(path: str | Path, file: str, why: str) -> CannotWrite:
    folder = Path(path).absolute().parent
    fix = way_out(why, folder) or f"let this user write {folder}"
    return CannotWrite(
        file,
        why,
        "nothing was changed: this paygrade migrates the store once (writing in its folder) "
        f"before it reads it; {fix} (any paygrade command then migrates it)",
    )


class _Umask:
    """The process's umask, narrowed while any writer of a store is under way: it is the
    process's, so writers in threads (a server's approvals) share the narrowest, and the
    last to end puts back the one before the first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.writers = 0
        self.before = 0

    def narrow(self, bits: int) -> None:
        with self.lock:
            now = os.umask(0o077)  # read by setting: the narrower meanwhile
            self.before = now if self.writers == 0 else self.before
            self.writers += 1
            os.umask(now | bits)

    def restore(self) -> None:
        with self.lock:
            self.writers -= 1
            if self.writers == 0:
                os.umask(self.before)


_UMASK = _Umask()


def _hidden_bits(target: str) -> int:
    """The umask bits that keep from group and others what the store at ``target`` keeps
    from them: all of theirs for a new store (made 0600), none for one shared by a chmod.

    Example:
        >>> oct(_hidden_bits("/nonexistent/store.duckdb"))
        '0o77'
    """
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = 0o600
    return (0 if mode & stat.S_IRGRP else 0o070) | (0 if mode & stat.S_IROTH else 0o007)


@contextmanager
def owners_files(target: str) -> Iterator[None]:
    """Files made meanwhile no more open to group and others than the store at ``target``.

    DuckDB makes the store's write-ahead log (``<store>.wal``, anew at the first commit
    after each checkpoint) and what a query spills (into ``<store>.tmp``) with the umask's
    mode: 0644 under 022, so the records an ingest or an approval wrote were anyone's to
    read until the next checkpoint, beside a store that is its owner's alone.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> with owners_files(str(folder / "new.duckdb")):
        ...     (folder / "made").touch()
        >>> oct((folder / "made").stat().st_mode & 0o077)
        '0o0'
    """
    if target == ":memory:":
        yield
        return
    _UMASK.narrow(_hidden_bits(target))
    try:
        yield
    finally:
        _UMASK.restore()


def refuse_foreign_file(path: Path) -> None:
    """Refuse an existing file that is not a DuckDB database, before DuckDB opens it.

    DuckDB opens some such files (a CSV) as an empty in-memory database: every
    write would be lost while the command reported success.

    Example:
        >>> refuse_foreign_file(Path("/nonexistent/store.duckdb"))  # a new store: fine
        >>> refuse_foreign_file(Path("/etc"))
        Traceback (most recent call last):
        paygrade.store.db.StoreError: /etc is a folder, not a store file: give the store's file name
    """
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a store file: give the store's file name")
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        return  # a new store
    except OSError:
        return  # unreadable (no permission): DuckDB's own error says why
    offset, magic = _DUCKDB_MAGIC
    if head[offset : offset + len(magic)] != magic:
        raise StoreError(
            f"{path} is not a DuckDB store (its content is something else): nothing was "
            "written to it; give --db an existing store or a new file name"
        )


def _make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the store {path}: {why_unwritable(path.parent, exc)}"
        ) from None


def _migrations() -> list[tuple[int, str, str]]:
    folder = resources.files(_MIGRATIONS) / "migrations"
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql"):
            number, _, title = name.removesuffix(".sql").partition("_")
            found.append((int(number), title, entry.read_text(encoding="utf-8")))
    return sorted(found)


# DuckDB's file header before its blocks (three 4 KiB headers).
HEADER_BYTES = 3 * 4096


def short_of(size: int, used: int, last: int, block_size: int) -> str | None:
    """How a file of ``size`` bytes falls short of the blocks it uses (``used`` of them,
    the ``last`` the highest), or None. To the last block in use, not total_blocks: DuckDB
    cuts free blocks off a file's end yet counts them there, so after a `paygrade remove`
    a whole store (105 blocks of 106) was "cut short", /healthz 503 advising its removal.

    Example:
        >>> short_of(12288 + 105 * 262144, used=101, last=104, block_size=262144) is None
        True
        >>> short_of(12288 + 104 * 262144, used=101, last=104, block_size=262144)
        'cut short: 27,275,264 bytes of the 27,537,408 its blocks take'
    """
    needed = HEADER_BYTES + max(used, last + 1) * block_size
    return (
        None if size >= needed else f"cut short: {size:,} bytes of the {needed:,} its blocks take"
    )


class Store:
    """A paygrade store on one DuckDB connection.

    Example:
        >>> store = Store.open(":memory:")
        >>> store.scalar("SELECT count(*) FROM records")
        0
        >>> store.close()
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        path: str,
        read_only: bool = False,
        folder: bool = False,
        memo: dict[str, Any] | None = None,
        columns: frozenset[str] = frozenset(),
    ) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        # Transactions that reached COMMIT (it may have landed even if it raised): a
        # command that failed before any publishes nothing new (``cli._publish_committed``).
        self.commits = 0
        # Records read from a Parquet folder (paygrade.parquet.open_folder), not ingested:
        # what to do about none is not `paygrade ingest`.
        self.folder = folder
        # A folder's files' own columns: those it lacks read as empty, which a question on
        # one answers as "no record" unless told (``stats.check_folder_holds``).
        self.columns = columns
        self._relation: str | None = None
        # What was worked out from a read-only store, which nothing changes while it is
        # open (the distinct values filters are checked against); shared by the readers
        # of one published version (``snapshot.Reader``).
        self.memo: dict[str, Any] = {} if memo is None else memo

    def statistics_relation(self) -> str:
        """What statistics read (:func:`paygrade.store.cells.relation`): checked at each
        call on a store open for writing, once on a read-only one (nothing can change its
        records while it is open)."""
        from paygrade.store import cells

        if self._relation is None or not self.read_only:
            self._relation = cells.relation(self.con)
        return self._relation

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, wait: float = 0.0) -> Store:
        """Open (creating if needed) and migrate the store at ``path``.

        A store another process is writing (an ingest) is retried for up to ``wait``
        seconds before it is reported busy.
        """
        target = str(path)
        if target != ":memory:":
            if read_only and not Path(target).exists():
                raise no_store(target)
            refuse_foreign_file(Path(target))
            _make_folder(Path(target))
        if read_only:
            store = cls(_opened(target, read_only=True, wait=wait), target, read_only=True)
            store._refuse_newer()
        else:
            with owners_files(target):
                store = cls._migrated(_opened(target, read_only=False, wait=wait), target)
        if read_only and store.pending_migrations():
            error = OutdatedStore if store.is_paygrade_store() else StoreError
            store.con.close()
            raise error(
                f"{target} is not an up-to-date paygrade store: run `paygrade ingest --all` "
                "(or any command that writes) first"
            )
        return store

    @classmethod
    def _migrated(cls, con: duckdb.DuckDBPyConnection, target: str) -> Store:
        store = cls(con, target)
        try:
            store._refuse_newer()
            store.migrate()
        except BaseException:  # Ctrl-C as a new store is made: closed, so that the
            con.close()  # command can remove the empty file (it was left behind)
            raise
        return store

    @classmethod
    def open_reading(cls, path: str | Path, *, wait: float = 0.0) -> Store:
        """Open read-only; a store an older paygrade wrote is migrated first (opened once
        as a writer), so that upgrading paygrade needs no command of its own.

        A file that is no paygrade store at all is never migrated: it stays an error.
        """
        try:
            return cls.open(path, read_only=True, wait=wait)
        except OutdatedStore:
            with _migrating(path):
                cls.open(path, wait=wait).close()
            return cls.open(path, read_only=True, wait=wait)

    def is_paygrade_store(self) -> bool:
        """Whether paygrade's migrations have run here (a foreign DuckDB file: no)."""
        return bool(
            scalar(
                self.con,
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_name = 'schema_migrations'",
            )
        )

    def pending_migrations(self) -> list[int]:
        """Numbers of the migrations this store has not had (all, for a foreign file)."""
        done = (
            {row[0] for row in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
            if self.is_paygrade_store()
            else set()
        )
        return [number for number, _, _ in _migrations() if number not in done]

    def _refuse_newer(self) -> None:
        """``NewerStore`` (its connection closed) for a store a newer paygrade migrated: its
        tables may mean what this one does not know, so it is neither read nor written. It
        had been both, without a word (`info`, `stats`, `ingest`, `remove`, `serve`: 0)."""
        if not self.is_paygrade_store():
            return
        known = [number for number, _, _ in _migrations()]
        newer = self.scalar(
            "SELECT max(version) FROM schema_migrations WHERE version > ?", [max(known)]
        )
        if newer is not None:
            self.con.close()
            raise NewerStore(
                f"this store was written by a newer paygrade (migration {newer}; this one "
                f"knows {min(known)}-{max(known)}): upgrade paygrade"
            )

    def migrate(self) -> list[int]:
        """Apply the migrations not yet recorded; each in its own transaction."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        pending = set(self.pending_migrations())
        applied = []
        for number, name, sql in _migrations():
            if number not in pending:
                continue
            with self.transaction():
                self.con.execute(sql)
                self.con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, current_timestamp)", [number, name]
                )
            applied.append(number)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: commit on success, roll back on any exception. What DuckDB makes
        meanwhile beside the store is its owner's as the store is (``owners_files``)."""
        writing = contextlib.nullcontext() if self.read_only else owners_files(self.path)
        with writing, self._committed() as con:
            yield con

    @contextmanager
    def _committed(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.commits += 1
        try:
            self.con.execute("COMMIT")
        except duckdb.InterruptException:
            raise  # Ctrl-C in COMMIT: it may have landed
        except duckdb.Error:
            # Refused (a log it may not write): nothing landed, and a publish after it had
            # warned "what was stored is kept" of a command that stored nothing.
            self.commits -= 1
            raise

    def keep_row_groups(self) -> None:
        """Stop checkpoints from merging row groups until the store is closed. Use this
        while loading many files in a row (``ingest --all``).

        Each file's commit checkpoints its rows as row groups of their own. By default
        a later commit's checkpoint merges neighbouring row groups that fit in fewer
        (DuckDB's vacuum), so the first files' rows were decompressed, compressed and
        written a second time. For the mirrored record files that was about a quarter
        of their commits' time. The rows stay the same and keep their order. Row groups
        that deletes emptied are still dropped; one that deletes only thinned keeps its
        dead rows until a later session's checkpoint merges it. Closing the store resets
        the setting, because DuckDB keeps it with the open database.

        Example:
            >>> store = Store.open(":memory:")
            >>> store.keep_row_groups()
            >>> store.scalar("SELECT current_setting('max_vacuum_tasks')")
            0
            >>> store.close()
        """
        self.con.execute("SET max_vacuum_tasks = 0")

    def cut_short(self) -> str | None:
        """How the store's file falls short of the blocks it names (a failed copy, a
        failing disk), or None. Such a file opens and its small tables read, so a count
        says nothing; its size against its blocks is one stat and one pragma. Damage inside
        a file of full size is found only by reading the blocks (each route says it).

        Example:
            >>> Store.open(":memory:").cut_short() is None
            True
        """
        if self.folder or not Path(self.path).is_file():  # a Parquet folder, or in memory
            return None
        used, block_size = first_row(
            self.con,
            "SELECT used_blocks, block_size FROM pragma_database_size() "
            "WHERE database_name = current_database()",
        ) or (0, 0)
        # Read once per version: a read-only store's blocks do not change while it is
        # open, and /healthz had read every table's storage info at each poll (~95 ms of a
        # server's time, the one route a monitor calls most). Its size is read every
        # time: a file cut short after it was opened is still found.
        last: int | None = self.memo.get("last_block") if self.read_only else None
        if last is None:
            last = self._last_block()
            if self.read_only:
                self.memo["last_block"] = last
        return short_of(Path(self.path).stat().st_size, used, last, block_size)

    def damage(self) -> str | None:
        """How the store's file is damaged, or None: cut short (``cut_short``), or a block
        whose bytes changed, which DuckDB finds by its checksum only as it reads the block:
        so every table is read whole. With 4 KB written over at 35 places of the real
        store, `info` and /healthz had said it was whole while every route reading records
        answered 503. ~160 ms on the real store; once per file on a read-only store (its
        blocks do not change while it is open; /healthz is polled).

        Example:
            >>> Store.open(":memory:").damage() is None
            True
        """
        if (short := self.cut_short()) is not None:
            return short
        if self.folder or not Path(self.path).is_file():
            return None
        seen = _identity(Path(self.path))
        if self.read_only and self.memo.get("read_whole") == seen:
            return None
        try:
            self._read_every_table()
        except duckdb.Error as exc:
            if damaged(exc) is None:
                raise
            return str(exc).splitlines()[0]
        if self.read_only:
            self.memo["read_whole"] = seen
        return None

    def refuse_damaged(self) -> None:
        """Raise the damaged store's ``StoreError`` when ``damage`` finds any."""
        if (why := self.damage()) is not None:
            raise damage_said(why)

    def _read_every_table(self) -> None:
        """Read every value of every table: each block the store's tables use is read."""
        tables = self.con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE database_name = current_database()"
        ).fetchall()
        for schema, name in tables:
            table = ".".join('"{}"'.format(part.replace('"', '""')) for part in (schema, name))
            self.con.execute(f"SELECT max(hash(COLUMNS(*))) FROM {table}").fetchall()

    def _last_block(self) -> int:
        """The highest block the store's tables and metadata use (-1: none): ~25-100 ms."""
        tables = self.con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE database_name = current_database()"
        ).fetchall()
        reads = [
            "SELECT max(block_id) FROM pragma_storage_info('{}')".format(
                f"{schema}.{name}".replace("'", "''")
            )
            for schema, name in tables
        ]
        reads.append("SELECT max(block_id) FROM pragma_metadata_info()")
        last = scalar(self.con, f"SELECT max(b) FROM ({' UNION ALL '.join(reads)}) AS t(b)")
        return -1 if last is None else int(last)

    def scalar(self, sql: str, params: list[object] | None = None) -> Any:
        return scalar(self.con, sql, params)

    def close(self) -> None:
        self.con.close()


def _identity(path: Path) -> tuple[int, int, int, int]:
    """What tells one file's state from another's: its device, inode, size and time."""
    facts = path.stat()
    return (facts.st_dev, facts.st_ino, facts.st_size, facts.st_mtime_ns)


def discard_if_empty(path: str | Path) -> bool:
    """Delete a store file that holds no ingested file (left by a failed first ingest).

    Example:
        >>> discard_if_empty("/nonexistent/paygrade.duckdb")
        False
    """
    target = Path(path)
    if not target.is_file():
        return False
    try:
        con = quiet(duckdb.connect(str(target), read_only=True))
    except duckdb.Error:
        return False  # in use, or not a DuckDB file: never delete what we cannot read
    try:
        has_log = scalar(
            con,
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ingest_log'",
        )
        empty = not has_log or not scalar(con, "SELECT count(*) FROM ingest_log")
    finally:
        con.close()
    if empty:
        for leftover in (target, target.with_name(target.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return empty
