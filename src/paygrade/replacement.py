"""Which stored files a new file of a source replaces, or repeats: counted once, never twice.

A source's files are of one of two kinds (``RecordSource.files``):

* ``snapshot``: each file is the whole data set to date (the aijobs survey, exported
  weekly). A newer file **replaces** the earlier one: its records, raw rows, cells,
  quarantined rows and the exchange rates it brought go, in the new file's own
  transaction, and the earlier file's log line is marked ``replaced`` (history kept).
  An older snapshot than the one counted is not ingested: it would take away the
  answers given since.
* ``periods``: each file adds rows of its own (a quarter of H-1B filings, a year's
  survey, a user's file). A file every row of which the store already holds from
  other files of the source (the same data saved again as other bytes) is not
  ingested: it would count every row twice. A file only some of whose rows are held
  is ingested whole: identical rows in files of two periods are two observations
  (two filings alike in every column), as identical rows within one file are. A
  mirrored file (a source's own ``filename``) of the name of a counted one, with other
  bytes, is that release corrected or saved again: it **replaces** the counted one, as a
  snapshot does (one value fixed in the survey's file had counted its 11,277 records
  twice). A user's files (no ``filename``) of one name stay two periods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paygrade.sources.base import Con
from paygrade.sources.canonical_csv import LISTING_COLUMNS
from paygrade.staging import json_pointer, quote_text
from paygrade.store import cells

# What the store keeps per ingested record file: all of it goes with a replaced file.
PER_FILE_TABLES = ("records", cells.TABLE, "raw_rows", "quarantine", "fx_rates")

# A snapshot's date in its name: 2025-01 or 2025-01-19 (the aijobs mirror's form).
_DATE = re.compile(r"(?<!\d)(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?(?!\d)")


def counted_as(con: Con, source: str, sha256: str) -> str | None:
    """The name a file of ``source`` with these bytes was counted under, or None. A
    replaced file's bytes may come again (to go back to it): only counted files count."""
    found = con.execute(
        "SELECT min(file) FROM ingest_log WHERE source = ? AND sha256 = ? AND status = 'ok'",
        [source, sha256],
    ).fetchall()
    return None if found[0][0] is None else str(found[0][0])


@dataclass(frozen=True)
class Replaced:
    """A file that a newer one of its source replaced: its name and its records (a
    reference file's: its table's rows, ``unit`` "row")."""

    file: str
    records: int
    unit: str = "record"


def snapshot_date(name: str) -> str | None:
    """The date a snapshot's file name carries (year-month, or year-month-day); None if none.

    Example:
        >>> snapshot_date("aijobs-salaries-2025-02.csv"), snapshot_date("salaries.csv")
        ('2025-02', None)
        >>> snapshot_date("aijobs-2025-01-19.csv"), snapshot_date("rpp-2008-2024.csv")
        ('2025-01-19', None)
    """
    found = _DATE.search(name)
    return None if found is None else "-".join(part for part in found.groups() if part)


def is_older(name: str, than: str) -> bool:
    """Whether file ``name`` is an older snapshot than file ``than``, by the dates they carry.

    Files without a date, or of one month when one names its day, are not older: the
    file given last is then taken as the newer (its user chose to ingest it).

    Example:
        >>> is_older("aijobs-salaries-2025-01.csv", "aijobs-salaries-2025-02.csv")
        True
        >>> is_older("aijobs-salaries-2025-02.csv", "aijobs-salaries-2025-01.csv")
        False
        >>> is_older("aijobs-salaries-2025-01.csv", "aijobs-salaries.csv")
        False
    """
    new, old = snapshot_date(name), snapshot_date(than)
    if new is None or old is None:
        return False
    shared = min(len(new), len(old))
    return new[:shared] < old[:shared]


def counted_files(con: Con, source: str) -> list[tuple[int, str]]:
    """``(ingest_id, file)`` of the source's files whose records count, oldest first."""
    rows = con.execute(
        "SELECT ingest_id, file FROM ingest_log WHERE source = ? AND status = 'ok' "
        "ORDER BY ingest_id",
        [source],
    ).fetchall()
    return [(int(ingest_id), str(file)) for ingest_id, file in rows]


def newer_snapshot(con: Con, source: str, name: str) -> str | None:
    """The counted file of ``source`` that file ``name`` is an older snapshot of, if any."""
    newer = [file for _, file in counted_files(con, source) if is_older(name, file)]
    return newer[-1] if newer else None


def replace_earlier(
    con: Con, source: str, ingest_id: int, named: str | None = None
) -> list[Replaced]:
    """Take away the source's other counted files (``named``: those of that name), in the
    caller's transaction; mark them replaced by ``ingest_id`` in the log."""
    replaced = []
    for old_id, file in counted_files(con, source):
        if old_id == ingest_id or (named is not None and file != named):
            continue
        records = con.execute("SELECT count(*) FROM records WHERE ingest_id = ?", [old_id])
        replaced.append(Replaced(file, int(records.fetchall()[0][0])))
        for table in PER_FILE_TABLES:
            con.execute(f"DELETE FROM {table} WHERE ingest_id = ?", [old_id])
        con.execute(
            "UPDATE ingest_log SET status = 'replaced', replaced_by = ? WHERE ingest_id = ?",
            [ingest_id, old_id],
        )
    return replaced


def replace_reference(con: Con, source: str, ingest_id: int) -> list[Replaced]:
    """Mark the reference source's other counted files replaced by ``ingest_id`` (its load
    replaced their rows in its table): they had stayed "ok", listed as loaded beside it."""
    earlier = con.execute(
        "SELECT ingest_id, file, rows_accepted FROM ingest_log "
        "WHERE source = ? AND status = 'ok' AND ingest_id <> ? ORDER BY ingest_id",
        [source, ingest_id],
    ).fetchall()
    for old_id, _, _ in earlier:
        con.execute(
            "UPDATE ingest_log SET status = 'replaced', replaced_by = ? WHERE ingest_id = ?",
            [ingest_id, old_id],
        )
    return [Replaced(str(file), int(rows), "row") for _, file, rows in earlier]


def mark_records_stale(con: Con) -> list[str]:
    """Mark every counted record file as normalized under other reference data than the
    store's (``rules`` NULL: `paygrade info` names them, `paygrade rebuild --if-stale`
    normalizes them again); their names."""
    files = con.execute(
        "SELECT file FROM ingest_log WHERE kind = 'records' AND status = 'ok' ORDER BY ingest_id"
    ).fetchall()
    con.execute("UPDATE ingest_log SET rules = NULL WHERE kind = 'records' AND status = 'ok'")
    return [str(file) for (file,) in files]


def mark_converted_stale(con: Con, ingest_id: int) -> list[str]:
    """Mark the other counted record files whose amounts another currency's rate converts
    (a record in it, or a row quarantined for want of its rate) as normalized under other
    reference data, as :func:`mark_records_stale` does for CPI: the exchange rates come from
    the aijobs file ``ingest_id`` (``sources.aijobs``), and a CSV's euros ingested before
    it stayed quarantined, or converted at a replaced snapshot's rate, until a full rebuild
    no one was told of. Their names."""
    files = con.execute(
        """SELECT ingest_id, file FROM ingest_log l
        WHERE kind = 'records' AND status = 'ok' AND ingest_id <> ?
            AND (EXISTS (SELECT 1 FROM records r WHERE r.ingest_id = l.ingest_id
                    AND r.currency IS NOT NULL AND r.currency <> 'USD')
                OR EXISTS (SELECT 1 FROM quarantine q WHERE q.ingest_id = l.ingest_id
                    AND q.reason LIKE '%no exchange rate: %'))
        ORDER BY ingest_id""",
        [ingest_id],
    ).fetchall()
    con.execute(
        "UPDATE ingest_log SET rules = NULL WHERE list_contains(?, ingest_id)",
        [[int(i) for i, _ in files]],
    )
    return [str(file) for _, file in files]


def files_holding_every_row(
    con: Con, source: str, ingest_id: int, replacing: str | None = None
) -> list[str]:
    """The counted files of ``source`` that between them hold every raw row of ``ingest_id``
    as many times as it has it (kept in ``raw_rows``, same columns and values, the columns
    in any order); empty when some row is new, or has more copies than they hold.
    ``replacing``: the name of a file this one replaces (a mirrored release corrected),
    which does not count: a correction that only removed rows had been skipped as held by
    the very file it corrects, and the rows it removed went on counting.
    """
    others = _other_files(con, source, ingest_id, replacing)
    if not others:
        return []
    # Rows compared as kept: the JSON of every column, in the file's column order; a file
    # of the same columns in another order is compared in this one's (the same rows saved
    # with their columns moved were counted twice).
    columns = _columns(con, [ingest_id]).get(ingest_id)
    if columns is None:  # no row kept (a file of blank rows): nothing it could repeat
        return []
    old = " UNION ALL ".join(
        _rows_as(old_id, columns if sorted(keys) == sorted(columns) else None)
        for old_id, keys in _columns(con, others).items()
    )
    if not old:
        return []
    new = f"SELECT CAST(payload AS VARCHAR) FROM raw_rows WHERE ingest_id = {int(ingest_id)}"
    return _files_holding(con, new, f"SELECT ingest_id, row FROM ({old})")


def files_holding_every_record(
    con: Con, source: str, ingest_id: int, replacing: str | None = None
) -> list[str]:
    """The counted files of ``source`` that between them hold every record of ``ingest_id``
    as many times as it has it, compared by what the records say: every column but the
    file, row and copy number (``MEANINGLESS``). The same rows saved as other bytes
    (``100000.0`` for ``100000``, ``amount_usd`` for an ``amount`` in USD) had been counted
    twice; raw rows differ there, records do not. Empty when some record is new or has
    more copies. The caller asks only of a file whose every row is a record.
    """
    others = _other_files(con, source, ingest_id, replacing)
    if not others:
        return []
    said = ", ".join(f'"{name}"' for name in _compared(con, ingest_id))
    meaning = f"CAST(json_array({said}) AS VARCHAR)"
    listed = ", ".join(str(other) for other in others)
    new = f"SELECT {meaning} FROM records WHERE ingest_id = {int(ingest_id)}"
    old = f"SELECT ingest_id, {meaning} FROM records WHERE ingest_id IN ({listed})"
    return _files_holding(con, new, old)


# A record's columns that say where it came from, not what it says.
MEANINGLESS = ("ingest_id", "source_row", "dup_rank")


def _compared(con: Con, ingest_id: int) -> list[str]:
    """The record columns ``ingest_id``'s records are compared by: every one but
    ``MEANINGLESS``; of a ``paygrade records --format csv`` listing (a column only a listing
    adds), only the fields it lists. A listing cannot say what it does not show: the company
    as typed (``company_raw``: "Zalando SE", listed as "Zalando"), ``company_level``,
    ``industry``...; a listing of "Zalando SE" rows had been "read 2, accepted 2", counted
    twice. Two files that are not listings still differ in any field one of them says."""
    names = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'records' "
        "ORDER BY ordinal_position"
    ).fetchall()
    compared = [str(name) for (name,) in names if name not in MEANINGLESS]
    columns = _columns(con, [ingest_id]).get(ingest_id, [])
    if not set(LISTING_COLUMNS) & set(columns):
        return compared
    return [name for name in compared if name in columns]


def _other_files(con: Con, source: str, ingest_id: int, replacing: str | None) -> list[int]:
    return [
        old_id
        for old_id, file in counted_files(con, source)
        if old_id != ingest_id and file != replacing
    ]


def _files_holding(con: Con, new: str, old: str) -> list[str]:
    """The files of ``old`` (SQL of ``(ingest_id, row)``) holding every row of ``new`` (SQL
    of one column) as many times as it has it, else empty. Counted with their copies: a
    file of a row four times is not held by a store that has it once (copies are
    observations, ``dup_rank``): its four rows had been skipped."""
    missing, files = con.execute(
        f"""WITH new AS (SELECT n.row, count(*) AS k FROM ({new}) n(row) GROUP BY n.row),
            old AS (SELECT o.row, count(*) AS k, list(DISTINCT l.file) AS files
                FROM ({old}) o(ingest_id, row) JOIN ingest_log l USING (ingest_id) GROUP BY o.row)
        SELECT count(*) FILTER (WHERE old.k IS NULL OR old.k < new.k),
            list_sort(list_distinct(flatten(list(old.files) FILTER (WHERE old.k IS NOT NULL))))
        FROM new LEFT JOIN old USING (row)"""
    ).fetchall()[0]
    return [] if missing or not files else [str(file) for file in files]


def _columns(con: Con, ingest_ids: list[int]) -> dict[int, list[str]]:
    """Each file's columns in its order: the keys of its first raw row. Its first kept, not
    row 1: a blank row is counted in ``source_row`` but not kept, and a file with a blank
    row below its header had been an internal error (KeyError), or, stored before, left
    out of the files compared (its rows saved again without the blank were counted twice)."""
    listed = ", ".join(str(int(i)) for i in ingest_ids)
    found = con.execute(
        f"""WITH first AS (SELECT ingest_id, min(source_row) AS source_row FROM raw_rows
            WHERE ingest_id IN ({listed}) GROUP BY ingest_id)
        SELECT ingest_id, json_keys(payload)
        FROM raw_rows JOIN first USING (ingest_id, source_row)"""
    ).fetchall()
    return {int(i): [str(k) for k in keys] for i, keys in found}


def _rows_as(ingest_id: int, columns: list[str] | None) -> str:
    """SQL: ``(ingest_id, row)`` of a file's raw rows, each as its JSON text, or (``columns``)
    rebuilt with its columns in that order."""
    if columns is None:
        row = "CAST(payload AS VARCHAR)"
    else:
        pairs = ", ".join(
            f"{quote_text(c)}, json_extract(payload, {quote_text(json_pointer(c))})"
            for c in columns
        )
        row = f"CAST(json_object({pairs}) AS VARCHAR)"
    return f"SELECT ingest_id, {row} AS row FROM raw_rows WHERE ingest_id = {int(ingest_id)}"
