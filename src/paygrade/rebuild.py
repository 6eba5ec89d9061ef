"""Rebuild: normalize every record file again from its kept raw rows, with today's rules.

Raw rows and each file's hash are kept at ingest, so a change to a rule table
(a new company alias, a title pattern, a place) reaches records already in the
store without the original files. Each file is rebuilt in its own
transaction, like an ingest.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable
from functools import partial

import duckdb

from paygrade import cross_copies
from paygrade.ingest import (
    DEFAULT_REFERENCE_YEAR,
    IngestResult,
    cyclic_gc_paused,
    interrupted_as,
    normalize_raw,
)
from paygrade.normalize import rule_tables
from paygrade.read_ahead import ReadAhead, Upcoming
from paygrade.sources import RecordSource, get_source
from paygrade.sources.base import Con
from paygrade.sources.reading import NOT_TEXT
from paygrade.staging import drop_temp, json_pointer, quote_name
from paygrade.store import Store, cells, first_row, scalar


def _stage_from_raw_rows(con: Con, ingest_id: int) -> list[str]:
    """Recreate temp table ``raw`` as the file was staged: its columns in file order."""
    keys = scalar(
        con, "SELECT json_keys(payload) FROM raw_rows WHERE ingest_id = ? LIMIT 1", [ingest_id]
    )
    columns = [str(key) for key in keys or []]
    pointers = [json_pointer(c) for c in columns]
    selects = ", ".join(f"json_extract_string(payload, ?) AS {quote_name(c)}" for c in columns)
    con.execute(
        f"""CREATE TEMP TABLE raw AS SELECT source_row, {selects}
        FROM raw_rows WHERE ingest_id = ? ORDER BY source_row""",
        [*pointers, ingest_id],
    )
    return columns


def rebuild_file(
    store: Store, ingest_id: int, *, reference_year: int = DEFAULT_REFERENCE_YEAR
) -> IngestResult:
    """Normalize one ingested record file again; its log line gets the new counts."""
    name, file, encoding = store.con.execute(
        "SELECT source, file, encoding FROM ingest_log WHERE ingest_id = ?", [ingest_id]
    ).fetchall()[0]
    source = get_source(name)
    assert isinstance(source, RecordSource)
    clock = time.perf_counter()
    with store.transaction() as con, cyclic_gc_paused():
        columns = _stage_from_raw_rows(con, ingest_id)
        con.execute("DELETE FROM records WHERE ingest_id = ?", [ingest_id])
        cells.drop(con, ingest_id)
        con.execute("DELETE FROM quarantine WHERE ingest_id = ?", [ingest_id])
        read, accepted, reasons = normalize_raw(con, source, columns, ingest_id, reference_year)
        if name in cross_copies.SOURCES:  # its records came back unflagged: copies again
            cross_copies.mark(con)
        con.execute(
            "UPDATE ingest_log SET rows_accepted = ?, rows_rejected = ?, reference_year = ?, "
            "rules = ? WHERE ingest_id = ?",
            [accepted, read - accepted, reference_year, rule_tables.fingerprint(), ingest_id],
        )
        drop_temp(con)
    seconds = time.perf_counter() - clock
    # Its encoding as ingest said it ("(Latin-1, not UTF-8)"): the same line per file.
    shown = None if encoding in ("utf-8", *NOT_TEXT) else encoding
    return IngestResult(
        name, file, "ok", read, accepted, read - accepted, seconds, reasons, ingest_id,
        encoding=shown,
    )  # fmt: skip


def rebuild(
    store: Store,
    *,
    reference_year: int = DEFAULT_REFERENCE_YEAR,
    on_done: Callable[[IngestResult], None] | None = None,
    read_ahead: bool = True,
    only_stale: bool = False,
) -> list[IngestResult]:
    """Rebuild every record file in the store (``only_stale``: those normalized under other
    rules than this paygrade's, as ``paygrade info`` names them), oldest first; ``on_done``
    hears of each as it is committed. Ctrl-C rolls back the file under way and raises
    ``Interrupted`` naming it and those already rebuilt. The files after the one being
    rebuilt are read ahead (``paygrade.read_ahead``) unless ``read_ahead`` is False.

    Example:
        >>> [r.summary() for r in rebuild(store)]  # doctest: +SKIP
        ['aijobs aijobs-salaries-2025-01.csv: read 74,301, accepted 74,301, rejected 0 in 0.41s']
    """
    files = store.con.execute(
        # A replaced snapshot's rows are gone with it: rebuilding never brings it back.
        # Stale too: priced in another reference year's dollars (an ingest under another
        # PAYGRADE_REFERENCE_YEAR made `stats --real` refuse, and --if-stale rebuilt none).
        "SELECT ingest_id, file, source FROM ingest_log WHERE kind = 'records' "
        "AND status = 'ok' AND (NOT ? OR rules IS DISTINCT FROM ? "
        "OR reference_year IS DISTINCT FROM ?) ORDER BY ingest_id",
        [only_stale, rule_tables.fingerprint(), reference_year],
    ).fetchall()
    if files:
        _places_by_these_rules(store)
    # The files after the first are read ahead from their raw rows, which a rebuild
    # leaves as they are (paygrade.read_ahead).
    later = [_ahead(int(ingest_id), file, name) for ingest_id, file, name in files[1:]]
    results: list[IngestResult] = []
    with ReadAhead(store.con, later) if read_ahead else contextlib.nullcontext():
        for ingest_id, file, _ in files:
            # Read in the block: Ctrl-C as it was read (before the file's rebuild) had said
            # "interrupted" alone, naming no file rebuilt.
            before: list[tuple[object, ...] | None] = []
            landed = partial(_landed, store, int(ingest_id), before, reference_year)
            with interrupted_as(partial(_interrupted, file, results, len(files), landed)):
                before.append(_normalized_as(store, int(ingest_id)))
                result = rebuild_file(store, int(ingest_id), reference_year=reference_year)
            results.append(result)
            if on_done is not None:
                on_done(result)
    return results


def _places_by_these_rules(store: Store) -> None:
    """The places table made again, as an OFLC geography load makes it, before records
    look their places up: keys made by other rules would match none of the new ones."""
    from paygrade.sources.reference import places_as_held, places_by_rules, rebuild_places

    if not store.scalar("SELECT count(*) FROM oflc_geography"):
        return
    # As they are, not written again: a commit of the same rows had published a new copy of
    # the same data when the rebuild was then interrupted (a server's cached answers lost).
    if Counter(places_by_rules(store.con)) == Counter(places_as_held(store.con)):
        return
    with store.transaction() as con, interrupted_as(lambda: "interrupted, nothing rebuilt"):
        rebuild_places(con)


def _ahead(ingest_id: int, file: str, source_name: str) -> Upcoming:
    source = get_source(source_name)
    assert isinstance(source, RecordSource)
    return Upcoming(source, file, partial(_stage_from_raw_rows, ingest_id=ingest_id))


def _normalized_as(store: Store, ingest_id: int) -> tuple[object, ...] | None:
    """The rules and reference year a file's log line says it was normalized under; None
    when the connection cannot say (still in an interrupted statement's state)."""
    try:
        found = first_row(
            store.con,
            "SELECT rules, reference_year FROM ingest_log WHERE ingest_id = ?",
            [ingest_id],
        )
    except duckdb.Error:
        return None
    return tuple(found) if found else None


def _landed(
    store: Store, ingest_id: int, before: list[tuple[object, ...] | None], reference_year: int
) -> bool:
    """Whether a rebuild that Ctrl-C stopped had committed (it came as COMMIT ran): the log
    line changed from ``before`` (read as the file began; empty, Ctrl-C came as it was read:
    nothing began) to this paygrade's rules and reference year. A file normalized so
    already reads alike either way, and is said to be rolled back."""
    if not before:
        return False
    after = _normalized_as(store, ingest_id)
    return after != before[0] and after == (rule_tables.fingerprint(), reference_year)


def _interrupted(
    file: str, rebuilt: list[IngestResult], total: int, landed: Callable[[], bool]
) -> str:
    """What Ctrl-C during the rebuild of ``file`` left: it as it was (or, ``landed()``:
    Ctrl-C came as it committed, rebuilt whole, which had been said as rolled back), the
    earlier ones rebuilt.

    Example:
        >>> _interrupted("b", [], 3, landed=lambda: False)
        'interrupted, b rolled back (its records as before the rebuild); none of 3 files rebuilt'
        >>> _interrupted("b", [], 3, landed=lambda: True)
        'interrupted after b was rebuilt whole; 2 files not rebuilt'
    """
    left = total - len(rebuilt) - 1
    if landed():
        before = f", after {', '.join(r.file for r in rebuilt)}" if rebuilt else ""
        rest = f"; {left} file{'' if left == 1 else 's'} not rebuilt" if left else ""
        return f"interrupted after {file} was rebuilt whole{before}{rest}"
    done = (
        f"rebuilt already: {', '.join(r.file for r in rebuilt)}"
        if rebuilt
        else f"none of {total} file{'' if total == 1 else 's'} rebuilt"
    )
    rest = f"; {left} not rebuilt" if rebuilt and left else ""
    return f"interrupted, {file} rolled back (its records as before the rebuild); {done}{rest}"
