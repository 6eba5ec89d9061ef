"""Reading ahead: while one record file is ingested (``ingest --all``) or rebuilt
(``rebuild``), the files after it go through the per-value lookups (titles, companies,
places) on a thread of their own.

Why: an ingest alternates DuckDB statements, which release the GIL and leave
Python idle, with the lookups, which are Python on one core. The lookups are
pure functions cached per process, so the next files' distinct values can go
through them during the current file's statements; when the ingest reaches a
file, most of its lookups are cache hits. What is stored is the same with or
without reading ahead: only those caches are filled, and the ingest computes
whatever they lack itself. ``benchmarks/ingest.py --no-read-ahead`` measures
the difference.

Each file is staged on a cursor of its own (another DuckDB connection, so its
temp tables never meet the ingest's transaction): an ingest's from the file
(``file_ahead``: after the reference files, as place names are checked against
the store's gazetteer; one the store holds already is passed over), a rebuild's
from its raw rows, which a rebuild leaves as they are. A file that fails is
left to the ingest, which says why.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import duckdb

from paygrade.normalize.canonical import register_lookups, unregister_lookups
from paygrade.replacement import counted_as
from paygrade.sources import RecordSource
from paygrade.sources.base import Con
from paygrade.sources.reading import inspect_file
from paygrade.staging import drop_temp, stage_view
from paygrade.store.db import cursor

# How long a thread keeps the GIL when another wants it, while reading ahead. The ingest's
# thread wants it back after each DuckDB statement: with Python's 5 ms it waited so
# often that reading ahead gained nothing (a scratch A/B of the record files, 2026-12-04:
# 3.6-3.8 s with it, 3.5-3.8 s without; with 0.5 ms, 2.9-3.6 s, most near 3.1).
SWITCH_INTERVAL = 0.0005


@dataclass(frozen=True)
class Upcoming:
    """A record file to be normalized: its source, its name, and how to stage it as temp
    table ``raw`` on a connection (its columns; None when there is nothing to look up)."""

    source: RecordSource
    name: str
    stage: Callable[[Con], list[str] | None]


def file_ahead(source: RecordSource, path: Path) -> Upcoming:
    """A file ``ingest`` will read: staged as the ingest stages it, unless the store holds
    its bytes already (the ingest will skip it)."""

    def stage(con: Con) -> list[str] | None:
        facts = inspect_file(path.resolve(), source.encoding)
        if counted_as(con, source.name, facts.sha256) is not None:
            return None
        return source.stage(con, facts, "raw", source.required)

    return Upcoming(source, path.name, stage)


class ReadAhead:
    """Warm the lookups' caches for ``files`` in order on a thread, from entering the
    block until it is left (then stopped: DuckDB's statement interrupted, the thread
    joined).

    Example:
        >>> with ReadAhead(store.con, [file_ahead(source, path)]):  # doctest: +SKIP
        ...     ingest_file(store, source.name, path)
    """

    def __init__(self, con: Con, files: Sequence[Upcoming]) -> None:
        self._files = list(files)
        # Made here, on the ingest's thread: a connection is not made while another
        # thread uses the one it comes from.
        self._cursor = cursor(con)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="paygrade-read-ahead", daemon=True)
        self._switch = sys.getswitchinterval()
        self.warmed: list[str] = []  # the files whose lookups ran, by name

    def __enter__(self) -> ReadAhead:
        sys.setswitchinterval(min(self._switch, SWITCH_INTERVAL))
        try:
            self._thread.start()
        except BaseException:  # Ctrl-C as it starts: no block to leave, so stop it here
            self._finish()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._finish()

    def _finish(self) -> None:
        """Stop the thread and wait for it: it is never left running, for it holds a
        connection to the store (closing the store under it would fail)."""
        self._stop.set()
        # A statement under way ends now (a cursor between statements refuses: the next
        # one sees the stop); lookups under way end with their file, within a second.
        with contextlib.suppress(duckdb.Error):
            self._cursor.interrupt()
        interrupted = False
        while self._thread.is_alive():
            try:
                self._thread.join()
            except KeyboardInterrupt:  # Ctrl-C again: still wait, then let it through
                interrupted = True
        self._cursor.close()
        sys.setswitchinterval(self._switch)
        if interrupted:
            raise KeyboardInterrupt

    def _run(self) -> None:
        for upcoming in self._files:
            if self._stop.is_set():
                return  # closing the cursor drops what it made
            # Anything may fail here (a bad file, an interrupted statement): the ingest
            # reads the file itself and says what is wrong; reading ahead is only a gain.
            try:
                if self._warm(upcoming):
                    self.warmed.append(upcoming.name)
            except Exception:
                pass
            try:
                unregister_lookups(self._cursor)
                drop_temp(self._cursor)
            except Exception:
                return  # the cursor is of no more use: the ingest does the rest alone

    def _warm(self, upcoming: Upcoming) -> bool:
        columns = upcoming.stage(self._cursor)
        if columns is None or self._stop.is_set():
            return False  # nothing to look up, or no more wanted
        stage_view(self._cursor, upcoming.source, columns)
        register_lookups(self._cursor, "staged", upcoming.source.title_context)
        return True
