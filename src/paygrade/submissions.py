"""Self-reported salaries: validated, queued as pending, counted only once approved.

A person submits title, company, level, years of experience, location (a
metro, or a city with its US state), country, base salary, bonus, stock per
year and the year, in USD unless another ISO currency is named. ``submit``
validates it and queues it as *pending*; nothing reaches the statistics until
``approve`` (``paygrade submissions approve ID``); ``reject`` drops it.

Why the queue is not in the DuckDB store: DuckDB lets one process write a file
and no other process open it meanwhile, yet the web server must take
submissions while ``paygrade ingest`` writes the store, and ``paygrade
submissions approve`` must work while the server runs. So the queue is a small
SQLite file next to the store (``<store>.submissions.sqlite``) in WAL mode:
both processes write it, each waiting briefly (busy timeout) for the other's
short transaction. The sender's address is kept only as a keyed hash, for the rate
limit's hour (the key, ``<store>.submissions.key``, is made once beside the queue).

Approving ingests the submission through the normal ingest path, as a file of
the registered source ``submission`` (same normalization, validation and
quarantine), as two records: ``base`` (amount = base) and ``total`` (base +
bonus + stock per year). Submitted salaries are counted in aggregates, never
listed one by one (``evidence.PRIVATE_SOURCES``).

Example:
    >>> settings = Settings(db=Path("var/paygrade.duckdb"))  # doctest: +SKIP
    >>> submit(settings, {"title": "ML Engineer", "year": 2024, "base": 150000,
    ...                   "country": "US"}, client="203.0.113.7")  # doctest: +SKIP
    {'id': 1, 'status': 'pending'}
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import duckdb

from paygrade.charts import spans
from paygrade.config import Settings
from paygrade.fx import rate_of, rate_years
from paygrade.ingest import ingest_file
from paygrade.normalize.places import place_key
from paygrade.normalize.submission import (
    FIELDS,
    BadSubmission,
    Submission,
    SubmissionError,
    checked,
    made,
    money_errors_at,
    validate,
)
from paygrade.paths import NO_ROOM, REFUSED, write_failure
from paygrade.places_held import PlacesApart, check_state_of_metro, with_wider_places
from paygrade.records import CannotWrite, PaygradeError
from paygrade.sources import submission as source
from paygrade.store import Store, StoreBusy, StoreError
from paygrade.submission_warnings import approved_warnings, warned

__all__ = [
    "FIELDS",
    "STATUSES",
    "AlreadyDecided",
    "BadReason",
    "BadSubmission",
    "Submission",
    "SubmissionError",
    "TooManySubmissions",
    "UnknownStatus",
    "UnknownSubmission",
    "approve",
    "approve_and_publish",
    "pending",
    "queue",
    "queue_path",
    "receipt",
    "received",
    "reject",
    "submit",
    "validate",
]

STATUSES: Final = ("pending", "approved", "rejected")
# How long one writer of the queue waits for another's transaction (they take milliseconds).
BUSY_SECONDS: Final = 10.0
WINDOW_SECONDS: Final = 3600  # the rate limit counts submissions of the last hour
MAX_REASON: Final = 500

# Numbered steps, recorded in SQLite's user_version; each runs once, in order.
_MIGRATIONS: Final = (
    (
        """CREATE TABLE submissions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected')),
            submission TEXT NOT NULL,      -- the validated fields, as JSON
            client TEXT NOT NULL,          -- sha256 of the client: for the rate limit only
            submitted_at REAL NOT NULL,    -- Unix seconds
            decided_at REAL,
            reason TEXT,                   -- why it was rejected
            ingest_id INTEGER,             -- the store's ingest of the approved records
            records_accepted INTEGER
        )""",
        "CREATE INDEX submissions_by_client ON submissions (client, submitted_at)",
        "CREATE INDEX submissions_by_status ON submissions (status, id)",
    ),
    # Step 1 kept every client as an unsalted sha256 for good: an IPv4 address is found
    # again from it by trying all 2**32 in minutes. The column now holds a keyed hash, for
    # the rate limit's hour only (NULL after: _forget_clients); the old ones are dropped
    # (no key turns them into the new), so the rate limit forgets the hour before it.
    (
        """CREATE TABLE submissions_keyed (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected')),
            submission TEXT NOT NULL,      -- the validated fields, as JSON
            client TEXT,                   -- HMAC of the client, its first hour only
            submitted_at REAL NOT NULL,    -- Unix seconds
            decided_at REAL,
            reason TEXT,                   -- why it was rejected
            ingest_id INTEGER,             -- the store's ingest of the approved records
            records_accepted INTEGER
        )""",
        """INSERT INTO submissions_keyed (id, status, submission, client, submitted_at,
            decided_at, reason, ingest_id, records_accepted)
        SELECT id, status, submission, NULL, submitted_at, decided_at, reason, ingest_id,
            records_accepted FROM submissions""",
        "DROP TABLE submissions",
        "ALTER TABLE submissions_keyed RENAME TO submissions",
        "CREATE INDEX submissions_by_client ON submissions (client, submitted_at)",
        "CREATE INDEX submissions_by_status ON submissions (status, id)",
    ),
)


class TooManySubmissions(SubmissionError):
    """A client sent more submissions in the last hour than ``submissions_per_hour``."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # seconds until one more is accepted


class BadReason(BadSubmission):
    """A decision's reason longer than the queue keeps: the admin's text is at fault, not
    the submission ("bad submission: reason: ..." had said so of a withdrawal's reason).

    Example:
        >>> str(BadReason("longer than 500 characters"))
        'bad reason: longer than 500 characters'
    """

    def __init__(self, message: str) -> None:
        SubmissionError.__init__(self, f"bad reason: {message}")
        self.errors = {"reason": message}


class UnknownSubmission(SubmissionError):
    """No submission has that id."""


class AlreadyDecided(SubmissionError):
    """The submission was approved or rejected already."""


class UnknownStatus(SubmissionError):
    """A listing asked for a status other than pending, approved or rejected."""


def queue_path(settings: Settings) -> Path:
    """The SQLite file of the queue, next to the store.

    Example:
        >>> queue_path(Settings(db=Path("/data/paygrade.duckdb"))).name
        'paygrade.submissions.sqlite'
    """
    return settings.db.with_name(f"{settings.db.stem}.submissions.sqlite")


def key_path(settings: Settings) -> Path:
    """The installation's secret the queue keys its clients with, next to the queue.

    Example:
        >>> key_path(Settings(db=Path("/data/paygrade.duckdb"))).name
        'paygrade.submissions.key'
    """
    return settings.db.with_name(f"{settings.db.stem}.submissions.key")


@contextmanager
def _queue(settings: Settings) -> Iterator[sqlite3.Connection]:
    """A connection to the queue (created and migrated when needed), closed afterwards."""
    path = queue_path(settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The queue holds every submission, pending and rejected ones too: its owner's
        # alone, as the published stores are (it was made readable by anyone on the
        # machine). SQLite gives its -wal and -shm files the same mode.
        with contextlib.suppress(FileExistsError):
            path.touch(mode=0o600, exist_ok=False)
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE below).
        con = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:  # a folder in its place, no right to write
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if isinstance(exc, OSError) and exc.errno in REFUSED | NO_ROOM:
            # The system's refusal (a read-only folder), said as a full disk is: a 503
            # "cannot be opened: Read-only file system" had come without a Retry-After.
            raise CannotWrite(str(path), why, "nothing was saved, try again later") from None
        raise StoreError(f"the submissions queue {path} cannot be opened: {why}") from None
    try:
        con.row_factory = sqlite3.Row
        # WAL: readers never block the writer, and the writer not them.
        con.execute("PRAGMA journal_mode = WAL")
        _migrate(con)
        yield con
    except sqlite3.OperationalError as exc:
        if _refused_by_the_system(exc):
            # A full disk: the transaction is rolled back (closing does it).
            raise CannotWrite(str(path), str(exc), "nothing was saved, try again later") from exc
        if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_BUSY"):
            # Another writer held it past BUSY_SECONDS: a 500 "internal error" had said so
            # (and the CLI "internal error (OperationalError)", status 70).
            raise StoreBusy(
                f"the submissions queue {path.name} is busy (another process is writing it); "
                "try again"
            ) from None
        raise
    except sqlite3.DatabaseError as exc:  # not a database, or damaged: no request's fault
        raise StoreError(
            f"the submissions queue {path} cannot be read ({exc}); restore it from a backup"
        ) from None
    finally:
        con.close()


def _refused_by_the_system(exc: sqlite3.Error) -> bool:
    """Whether SQLite failed for want of room or an I/O error (a full disk, a limit on
    file size: "disk I/O error"), not for anything in the request."""
    return getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_FULL", "SQLITE_IOERR"))


@contextmanager
def _transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """IMMEDIATE takes the write lock at the start, so a count and the insert that
    depends on it (the rate limit) cannot interleave with another writer's."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        if con.in_transaction:  # a failed write may have ended it already
            con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _migrate(con: sqlite3.Connection) -> None:
    if int(con.execute("PRAGMA user_version").fetchone()[0]) >= len(_MIGRATIONS):
        return
    with _transaction(con):
        done = int(con.execute("PRAGMA user_version").fetchone()[0])  # another may have run
        for number, statements in enumerate(_MIGRATIONS[done:], start=done + 1):
            for statement in statements:
                con.execute(statement)
            con.execute(f"PRAGMA user_version = {number}")
    # The migration's pages into the queue's file now: the write that follows starts the
    # WAL again rather than adding to them (step 2 rebuilds the table).
    con.execute("PRAGMA wal_checkpoint")


def _client_key(client: str, secret: bytes) -> str:
    """What the rate limit compares: only equality matters, so the address itself is not
    kept. Keyed: a plain sha256 of an IPv4 address is reversed by trying them all.

    Example:
        >>> _client_key("203.0.113.7", b"k") == _client_key("203.0.113.7", b"k")
        True
        >>> _client_key("203.0.113.7", b"k") == hashlib.sha256(b"203.0.113.7").hexdigest()
        False
    """
    message = client.encode("utf-8", "replace")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _installation_secret(settings: Settings) -> bytes:
    """The key of ``_client_key``: made once (random), then read; its owner's alone. Not
    in the queue, so that a copy of the queue (a backup) cannot test addresses."""
    path = key_path(settings)
    try:
        with contextlib.suppress(FileNotFoundError):
            return path.read_bytes()
        _make_secret(path)
        return path.read_bytes()
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise CannotWrite(str(path), why, "nothing was saved, try again later") from None


def _make_secret(path: Path) -> None:
    """Write a new key whole, then link it into place: a process making one at the same
    moment neither reads a half-written key nor replaces the key the other linked."""
    made = path.with_name(f"{path.name}.{secrets.token_hex(8)}.new")
    try:
        with os.fdopen(os.open(made, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            out.write(secrets.token_bytes(32))
        with contextlib.suppress(FileExistsError):
            os.link(made, path)
    finally:
        made.unlink(missing_ok=True)


def _forget_clients(con: sqlite3.Connection, now: float) -> None:
    """Clear the client of submissions the rate limit no longer counts (older than its
    window): a queue keeps who sent what no longer than the limit needs it."""
    con.execute(
        "UPDATE submissions SET client = NULL WHERE client IS NOT NULL AND submitted_at <= ?",
        [now - WINDOW_SECONDS],
    )


def submit(
    settings: Settings,
    data: Mapping[str, Any],
    client: str,
    *,
    now: float | None = None,
    store: Store | None = None,
) -> dict[str, Any]:
    """Validate ``data`` and queue it as pending; ``client`` identifies the sender
    (e.g. an IP address) for the rate limit of ``settings.submissions_per_hour``. With
    ``store``, a metro is read as the store names it ("seattle") or refused with the
    nearest names now, not at approval, when the sender is gone.

    Raises ``BadSubmission`` (``errors``: field -> message) or ``TooManySubmissions``.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     settings = Settings(db=Path(tmp) / "p.duckdb", submissions_per_hour=1)
        ...     data = {"title": "ML Engineer", "year": 2024, "base": 150000, "country": "US"}
        ...     first = submit(settings, data, client="203.0.113.7")
        ...     try:
        ...         submit(settings, data, client="203.0.113.7")
        ...     except TooManySubmissions as exc:
        ...         second = str(exc)
        >>> first
        {'id': 1, 'status': 'pending'}
        >>> second
        'too many submissions: at most 1 an hour; try again in about 60 minutes'
    """
    submission = validate(data) if store is None else _validated_against(store, data)
    moment = time.time() if now is None else now
    with _queue(settings) as con, _transaction(con):
        key = _client_key(client, _installation_secret(settings))
        _forget_clients(con, moment)
        _check_rate(con, key, moment, settings.submissions_per_hour)
        cursor = con.execute(
            "INSERT INTO submissions (submission, client, submitted_at) VALUES (?, ?, ?)",
            [json.dumps(asdict(submission)), key, moment],
        )
    return {"id": cursor.lastrowid, "status": "pending"}


def _check_rate(con: sqlite3.Connection, key: str, now: float, per_hour: int) -> None:
    since = now - WINDOW_SECONDS
    recent = [
        float(row[0])
        for row in con.execute(
            "SELECT submitted_at FROM submissions WHERE client = ? AND submitted_at > ? "
            "ORDER BY submitted_at DESC LIMIT ?",
            [key, since, per_hour],
        )
    ]
    if len(recent) >= per_hour:
        # One more is accepted when the oldest of those leaves the window.
        retry = max(1, int(recent[-1] - since) + 1)
        # When, in words: the form's sender never sees the Retry-After header.
        said = f"too many submissions: at most {per_hour} an hour; {_try_again_in(retry)}"
        raise TooManySubmissions(said, retry)


def _try_again_in(seconds: int) -> str:
    """
    Example:
        >>> _try_again_in(3599), _try_again_in(61)
        ('try again in about 60 minutes', 'try again in about 2 minutes')
        >>> _try_again_in(5)
        'try again in about a minute'
    """
    minutes = -(-seconds // 60)  # rounded up: trying at the time said succeeds
    return "try again in about " + ("a minute" if minutes == 1 else f"{minutes} minutes")


def queue(
    settings: Settings, status: str | None = "pending", store: Store | None = None
) -> list[dict[str, Any]]:
    """Submissions with ``status`` (every one for None), oldest first.

    Each row: id, status, submitted_at, decided_at (ISO 8601 UTC), reason,
    records_accepted, the submitted fields, then ``warnings``: for a pending one, what
    the admin should know before approving it (``submission_warnings.warned``; what
    needs the data only with ``store``), None for one decided.

    Example:
        >>> queue(Settings(db=Path("/nonexistent/p.duckdb")), "approved")  # doctest: +SKIP
        []
    """
    if status is not None and status not in STATUSES:
        raise UnknownStatus(f"unknown status {status!r}; use one of: {', '.join(STATUSES)}")
    if not queue_path(settings).exists():  # no submission yet: listing them makes no queue
        return []
    # Every row is read: a pending one identical to one approved is said ("same as #7").
    rows = [_listed(row) for row in _read(settings, "SELECT * FROM submissions ORDER BY id", [])]
    return [row for row in warned(rows, store) if status in (None, row["status"])]


def _read(settings: Settings, sql: str, params: list[Any]) -> list[Any]:
    """``sql``'s rows from the queue, opened as its writers open it (made and migrated when
    needed). A queue it may read but not write (another user's, a read-only mount, a full
    disk) is read as it is: a listing had failed "cannot be opened", and on a full disk
    "nothing was saved" (status 74, the API 507), for a write it never meant to make."""
    try:
        with _queue(settings) as con:
            return con.execute(sql, params).fetchall()
    except (StoreError, CannotWrite) as refused:
        return _read_only(queue_path(settings), sql, params, refused)


def _read_only(path: Path, sql: str, params: list[Any], refused: PaygradeError) -> list[Any]:
    """``sql``'s rows from the queue opened read-only; ``refused`` again when it cannot be."""
    try:
        return _rows_at(f"{path.absolute().as_uri()}?mode=ro", sql, params)
    except sqlite3.Error as exc:
        if not (_refused_by_the_system(exc) and _wal_is_empty(path)):
            raise refused from None
    # No room even for a reader's shared memory (its -shm file): the file as it is, which
    # holds every committed write while the WAL holds none.
    try:
        return _rows_at(f"{path.absolute().as_uri()}?immutable=1", sql, params)
    except sqlite3.Error:
        raise refused from None


def _rows_at(uri: str, sql: str, params: list[Any]) -> list[Any]:
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as con:
        con.row_factory = sqlite3.Row
        return con.execute(sql, params).fetchall()


def _wal_is_empty(path: Path) -> bool:
    wal = path.with_name(f"{path.name}-wal")
    return not wal.exists() or wal.stat().st_size == 0


def pending(settings: Settings) -> list[dict[str, Any]]:
    """The submissions waiting for a decision, oldest first (``queue(settings, "pending")``)."""
    return queue(settings, "pending")


def _listed(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "status": row["status"],
        "submitted_at": _iso(row["submitted_at"]),
        "decided_at": _iso(row["decided_at"]),
        "reason": row["reason"],
        "records_accepted": row["records_accepted"],
        **json.loads(row["submission"]),
    }


def _iso(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The ids SQLite can hold (a signed 64-bit integer): beyond them no submission is, and
# binding one was "internal error (OverflowError)".
_IDS = range(-(2**63), 2**63)


def undecided(settings: Settings, submission_id: int) -> sqlite3.Row:
    """The queue's row of a pending submission; ``UnknownSubmission`` or ``AlreadyDecided``
    otherwise. Asked before the store is opened for writing, so that an id given wrong
    neither waits for an ingest nor locks the store from its readers."""
    if submission_id not in _IDS:
        raise UnknownSubmission(f"no submission has id {submission_id}")
    # Read as any listing is: on a full disk an approval had said "nothing was saved,
    # try again later" here, before the write that says it "stays pending".
    found = _read(settings, "SELECT * FROM submissions WHERE id = ?", [submission_id])
    return _still_pending(found[0] if found else None, submission_id)


def receipt(settings: Settings) -> str:
    """What a submission's thanks page is asked with: a random value and the installation's
    signature of it (``received``), and no queue id. Ids are given one by one: a thanks
    page that answered each (``?sent=3`` 200, ``?sent=4`` 404) told anyone how many
    submissions the site had received, pending and rejected ones too.

    Example:
        >>> received(settings, receipt(settings))  # doctest: +SKIP
        True
    """
    value = secrets.token_urlsafe(16)
    return f"{value}.{_receipt_signature(value, _installation_secret(settings))}"


def received(settings: Settings, given: str) -> bool:
    """Whether ``given`` is a receipt this installation gave (its status is not said: a
    thanks page is no place to learn others' outcomes). Nor is the key made by asking."""
    value, dot, signature = given.partition(".")
    try:
        secret = key_path(settings).read_bytes()
    except FileNotFoundError:  # no submission was ever received
        return False
    expected = _receipt_signature(value, secret)
    return bool(dot) and hmac.compare_digest(signature.encode(), expected.encode())


def _receipt_signature(value: str, secret: bytes) -> str:
    # "receipt " first: never the hash of a client's address (``_client_key``).
    return hmac.new(secret, f"receipt {value}".encode(), hashlib.sha256).hexdigest()


def _pending(con: sqlite3.Connection, submission_id: int) -> sqlite3.Row:
    row = con.execute("SELECT * FROM submissions WHERE id = ?", [submission_id]).fetchone()
    return _still_pending(row, submission_id)


def _still_pending(row: sqlite3.Row | None, submission_id: int) -> sqlite3.Row:
    if row is None:
        raise UnknownSubmission(f"no submission has id {submission_id}")
    if row["status"] != "pending":
        raise AlreadyDecided(f"submission {submission_id} is already {row['status']}")
    return row


def approve(store: Store, settings: Settings, submission_id: int) -> dict[str, Any]:
    """Ingest a pending submission into ``store`` (open for writing) as its base and total
    records, and mark it approved. The caller publishes the store (the CLI's
    ``_writing`` does).

    Ingesting is idempotent (the file's hash is logged), so an approval cut short
    between the store's commit and the queue's update is simply run again.

    Example:
        >>> approve(store, settings, 7)  # doctest: +SKIP
        {'id': 7, 'status': 'approved', 'records_accepted': 2, 'records_quarantined': 0, ...}
    """
    undecided(settings, submission_id)
    with (
        _cut_short(
            f"submission {submission_id} stays pending: approve it again once there is room"
        ),
        _queue(settings) as con,
        _transaction(con),
    ):
        # The queue is held for writing from the check to the decision: a rejection of
        # this id made during the ingest had answered "rejected" and been overwritten by
        # "approved" (both 200, its records counted). It now waits, and finds it decided.
        row = _pending(con, submission_id)
        submission = _with_known_metro(store, Submission(**json.loads(row["submission"])))
        ingest_id, accepted, quarantined, summary = _ingest(store, settings, row, submission)
        con.execute(
            "UPDATE submissions SET status = 'approved', decided_at = ?, reason = NULL, "
            "ingest_id = ?, records_accepted = ? WHERE id = ?",
            [time.time(), ingest_id, accepted, submission_id],
        )
        _forget_clients(con, time.time())
    return {
        "id": submission_id,
        "status": "approved",
        "records_accepted": accepted,
        "records_quarantined": quarantined,
        "summary": summary,
        # Its records' plausibility flags: stored, but left out of statistics.
        "warnings": approved_warnings(store, ingest_id),
    }


# What a withdrawn submission's reason starts with: it is listed as rejected from then on.
WITHDRAWN = "withdrawn after approval"


def withdraw(
    store: Store, settings: Settings, submission_id: int, reason: str | None = None
) -> dict[str, Any]:
    """Take an approved submission back out of ``store`` (open for writing): its records go
    as a removed file's do (``removal``), and the queue lists it rejected, "withdrawn after
    approval" (and ``reason``). The caller publishes the store.

    Why: one approved by mistake (spam, a duplicate) counted for good: a rejection is of
    pending ones, and submitted records are removed by no file name.

    Cut short between the store's commit and the queue's update, it is run again: the
    records are found removed already, and the queue is updated.

    Example:
        >>> withdraw(store, settings, 7, "spam")  # doctest: +SKIP
        {'id': 7, 'status': 'rejected', 'reason': 'withdrawn after approval: spam', ...}
    """
    from paygrade.removal import remove_ingest

    text = _reason(reason, WITHDRAWN)
    if submission_id not in _IDS:
        raise UnknownSubmission(f"no submission has id {submission_id}")
    with (
        _cut_short(f"submission {submission_id} stays approved: withdraw it again"),
        _queue(settings) as con,
        _transaction(con),
    ):
        row = con.execute("SELECT * FROM submissions WHERE id = ?", [submission_id]).fetchone()
        if row is None:
            raise UnknownSubmission(f"no submission has id {submission_id}")
        if row["status"] != "approved":
            raise AlreadyDecided(
                f"submission {submission_id} is {row['status']}, not approved: only an "
                "approved one is withdrawn (a pending one is rejected)"
            )
        removed = remove_ingest(store, int(row["ingest_id"]))
        con.execute(
            "UPDATE submissions SET status = 'rejected', decided_at = ?, reason = ? WHERE id = ?",
            [time.time(), text, submission_id],
        )
        _forget_clients(con, time.time())
    return {"id": submission_id, "status": "rejected", "reason": text, "records": removed}


@contextmanager
def _cut_short(outcome: str) -> Iterator[None]:
    """A write of the store or the queue that the system refused, as ``CannotWrite`` saying
    ``outcome``. Either may fail after the store's commit (its checkpoint): an approval
    is not known to be rolled back, only to be completed by running it again."""
    try:
        yield
    except CannotWrite as exc:
        raise CannotWrite(exc.path, exc.why, outcome) from exc
    except duckdb.Error as exc:
        if (failed := write_failure(str(exc))) is None:
            raise
        raise CannotWrite(*failed, outcome) from exc


def approve_and_publish(settings: Settings, submission_id: int, *, wait: float) -> dict[str, Any]:
    """``approve`` for a process that does not hold the store (the web server): open it
    for writing, waiting up to ``wait`` seconds for an ingest to finish (then
    ``StoreBusy``), approve, publish, close.

    Example:
        >>> approve_and_publish(settings, 7, wait=5.0)["status"]  # doctest: +SKIP
        'approved'
    """
    undecided(settings, submission_id)  # an unknown id fails without waiting for the store
    kept = f"submission {submission_id} is approved and stored"
    return _decided_and_published(
        settings, wait, lambda store: approve(store, settings, submission_id), kept
    )


def withdraw_and_publish(
    settings: Settings, submission_id: int, reason: str | None = None, *, wait: float
) -> dict[str, Any]:
    """``withdraw`` for a process that does not hold the store (the web server), as
    ``approve_and_publish`` approves.

    Example:
        >>> withdraw_and_publish(settings, 7, "spam", wait=5.0)["status"]  # doctest: +SKIP
        'rejected'
    """
    kept = f"submission {submission_id} is withdrawn, its records removed"
    return _decided_and_published(
        settings, wait, lambda store: withdraw(store, settings, submission_id, reason), kept
    )


# One decision that writes the store at a time in this process: two requests for one id
# both found it pending and both ingested it (its records counted twice), and the second's
# publish failed ("other write transactions active": a 500). Another process waits on the
# store's own lock; a decision looks at the queue again once it holds this one.
_DECIDING = threading.Lock()


def _decided_and_published(
    settings: Settings, wait: float, decide: Callable[[Store], dict[str, Any]], kept: str
) -> dict[str, Any]:
    """Open the store for writing (waiting up to ``wait`` s, then ``StoreBusy``), make the
    decision, publish, close; a copy that cannot be made says the decision is ``kept``."""
    from paygrade.store.snapshot import publish

    with _DECIDING:
        store = Store.open(settings.db, wait=wait)
        try:
            result = decide(store)
            try:
                publish(store)
            except StoreError as exc:  # a full disk: the decision is kept all the same
                when = "published (by the next approval or ingest, or when the server starts)"
                raise StoreError(f"{exc}; {kept}; readers see it once {when}") from None
        finally:
            store.close()
    return result


def _validated_against(store: Store, data: Mapping[str, Any]) -> Submission:
    """The submission as :func:`validate` reads it, checked against what ``store`` holds
    too; every problem is said at once, the store's of the fields that were read beside
    the others (an unknown metro had been said only once a bad year was mended)."""
    values, errors = checked(data)
    values, errors = _held(store, values, errors)
    if errors:
        raise BadSubmission(errors)
    return made(values)


_StoreCheck = Callable[[Store, Mapping[str, Any]], dict[str, str]]


def _held(
    store: Store, values: dict[str, Any], errors: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """``values`` with the metro as the store names it, and ``errors`` with the store's."""
    if values.get("metro") is not None and "metro" not in errors:
        try:
            values = _with_metro_held(store, values)
        except BadSubmission as exc:
            errors = errors | exc.errors
    # Each check is made only when none of the fields it reads has a problem already (a
    # metro unknown is not also in the wrong state).
    checks: tuple[tuple[tuple[str, ...], _StoreCheck], ...] = (
        (("metro", "state", "country"), _places_apart),
        (("city", "state", "country"), _city_not_in_its_state),
        (("currency", "year", "base", "bonus", "stock_per_year"), _rate_not_held),
    )
    for fields, check in checks:
        if not any(name in errors for name in fields):
            errors = errors | check(store, values)
    return values, errors


def _with_known_metro(store: Store, submission: Submission) -> Submission:
    """The submission with its metro as the store names it; an unknown metro is refused
    (ingest takes a metro as given, and a typo would become a metro of its own)."""
    if submission.metro is None:
        return submission
    return Submission(**_with_metro_held(store, asdict(submission)))


def _with_metro_held(store: Store, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with the metro as the store names it, and the state of a metro in one."""
    from paygrade.compare import place

    try:
        found = place(store, metro=values["metro"])
    except PaygradeError as exc:
        raise BadSubmission({"metro": str(exc)}) from None
    assert found.metro is not None
    # The state of a metro in one state ("..., CA"), as every filing with a metro has one:
    # `--where state=CA` had missed the approved submissions of San Jose.
    named = found.metro.rpartition(", ")[2]
    state = values["state"] or (named if len(named) == 2 and named.isalpha() else None)
    return {**values, "metro": found.metro, "state": state}


def _places_apart(store: Store, values: Mapping[str, Any]) -> dict[str, str]:
    """A metro with a state its name is not of, or a country none of its counted records
    is in, is refused, on the wider field (Seattle with state TX was queued: the estimator
    refuses the same pair). Albany, GA with state TX had been queued while Pocatello, ID
    with TX was refused: its records, one approved submission's too, had decided it."""
    places = {n: values[n] for n in ("metro", "state", "country")}
    try:
        check_state_of_metro(store, places)
        with_wider_places(store, places)
    except PlacesApart as exc:
        return {exc.field: str(exc)}
    return {}


def _city_not_in_its_state(store: Store, values: Mapping[str, Any]) -> dict[str, str]:
    """A US city its state has no place of that name, while other states do, is refused
    on the state: Seattle with state TX was queued, and stored with no metro. A city no
    state has (a place the gazetteer lacks) is taken as given."""
    city, state = values["city"], values["state"]
    if values["country"] != "US" or not city or not state:
        return {}
    found = store.con.execute(
        "SELECT DISTINCT state FROM places WHERE city_key = ? ORDER BY state",
        [place_key(city, state)],
    ).fetchall()
    states = [str(row[0]) for row in found]
    if not states or state in states:
        return {}
    named = ", ".join(states[:5]) + (
        f" and {len(states) - 5} more states" if len(states) > 5 else ""
    )
    return {"state": f"there is no {city} in {state}; there is in {named}"}


def _rate_not_held(store: Store, values: Mapping[str, Any]) -> dict[str, str]:
    """Pay in a currency and year the store has no exchange rate for is refused on the
    currency: it was queued, and its approval then stored nothing ("0 records stored, 2
    quarantined": ingest converts at the year's rate)."""
    currency = values["currency"] or "USD"
    if currency == "USD" or values["base"] is None:
        return {}
    years = rate_years(store, currency)
    if values["year"] in years:
        # Now the USD bounds, at the rate ingest converts with.
        return money_errors_at(values, rate_of(store, currency, values["year"]))
    held = (
        f"the data's rates of {currency} are of {', '.join(spans(years))}"
        if years
        else (f"the data has no rate of {currency}")
    )
    return {
        "currency": f"no exchange rate of {currency} for {values['year']}: {held}; "
        "give the amounts in USD"
    }


def _ingest(
    store: Store, settings: Settings, row: sqlite3.Row, submission: Submission
) -> tuple[int | None, int, int, str]:
    """(ingest id, records accepted, records quarantined, summary line)."""
    shared = {"submission_id": row["id"], "submitted_at": _iso(row["submitted_at"])}
    # The file is only the vehicle through the ingest path: the queue keeps the
    # submission and the store keeps the rows as read (raw_rows).
    with tempfile.TemporaryDirectory(prefix="paygrade-submission-") as tmp:
        path = source.write_rows(
            Path(tmp) / f"submission-{row['id']}.csv",
            [{**shared, **record} for record in submission.records()],
        )
        result = ingest_file(
            store, source.SOURCE.name, path, reference_year=settings.reference_year
        )
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if result.status == "ok":
        return result.ingest_id, result.rows_accepted, result.rows_rejected, result.summary()
    # Ingested before (an approval cut short): report that ingest.
    found = store.con.execute(
        "SELECT ingest_id, rows_accepted, rows_rejected FROM ingest_log "
        "WHERE source = ? AND sha256 = ?",
        [source.SOURCE.name, digest],
    ).fetchall()[0]
    return int(found[0]), int(found[1]), int(found[2]), result.summary()


def _reason(given: str | None, lead: str | None = None) -> str | None:
    """A decision's reason as kept: on one line, after ``lead`` if any. The admin's text
    is held to MAX_REASON, as the API's schema says; ``lead`` is not counted (a
    withdrawal's reason of 475 to 500 characters had been refused).

    Example:
        >>> _reason("  dup   of 7 "), _reason(None, "withdrawn"), _reason("spam", "withdrawn")
        ('dup of 7', 'withdrawn', 'withdrawn: spam')
    """
    said = " ".join(given.split()) if given else None
    if said is not None and len(said) > MAX_REASON:
        raise BadReason(f"longer than {MAX_REASON} characters")
    return lead if said is None else said if lead is None else f"{lead}: {said}"


def reject(settings: Settings, submission_id: int, reason: str | None = None) -> dict[str, Any]:
    """Mark a pending submission rejected (it never reaches the store), with a reason.

    Example:
        >>> reject(settings, 8, "duplicate of 7")  # doctest: +SKIP
        {'id': 8, 'status': 'rejected', 'reason': 'duplicate of 7'}
    """
    text = _reason(reason)
    if submission_id not in _IDS:
        undecided(settings, submission_id)  # raises: no such submission
    with _queue(settings) as con, _transaction(con):
        changed = con.execute(
            "UPDATE submissions SET status = 'rejected', decided_at = ?, reason = ? "
            "WHERE id = ? AND status = 'pending'",
            [time.time(), text, submission_id],
        ).rowcount
        _forget_clients(con, time.time())
    if not changed:
        undecided(settings, submission_id)  # raises: unknown, or decided already
    return {"id": submission_id, "status": "rejected", "reason": text}
