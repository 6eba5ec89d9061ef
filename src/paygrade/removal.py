"""Taking a record file back out: a file ingested by mistake goes whole, and is said.

Without it, a user who ingested the wrong file (another team's export, last
year's copy, a file of test rows) could only start a new store: every answer
counted its rows from then on. A removed file's records, cells, raw rows,
quarantined rows and exchange rates go in one transaction, as a replaced
file's do (``replacement.PER_FILE_TABLES``); its log line stays, as history,
with status ``removed``, and its bytes may be ingested again later.

Reference tables (CPI-U, OFLC, BEA, OEWS) are not removed: normalization
and the comparisons read them, and a newer file replaces them. Submitted
salaries leave through their own queue, never by file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paygrade.records import PRIVATE_SOURCES, PaygradeError
from paygrade.replacement import PER_FILE_TABLES, mark_converted_stale
from paygrade.sources import RecordSource, get_source
from paygrade.sources.base import Con
from paygrade.store import Store, scalar


class NotRemovable(PaygradeError):
    """The file named is not one the store counts, or not one that can be removed."""


@dataclass(frozen=True)
class Removed:
    """What a removal took away, and what it leaves for the user to know."""

    source: str
    file: str
    records: int
    quarantined: int
    # A mirrored release (the source's own file name): ``ingest --all`` reads it again.
    mirrored: bool = False
    # Earlier files this one had replaced: they stay out until ingested again.
    had_replaced: list[str] = field(default_factory=list)
    # Record files converted with the exchange rates that went with this one.
    stale: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What went, and what follows from it, a line each.

        Example:
            >>> print(Removed("csv", "mine.csv", 12, 1).summary())
            csv mine.csv removed: 12 records and 1 quarantined row no longer count
            >>> print(Removed("aijobs", "a-02.csv", 5, 0, mirrored=True,
            ...     had_replaced=["a-01.csv"]).summary())  # doctest: +NORMALIZE_WHITESPACE
            aijobs a-02.csv removed: 5 records and 0 quarantined rows no longer count
            aijobs a-02.csv had replaced a-01.csv: it is not counted again until
            ingested again (`paygrade ingest aijobs FILE`)
            aijobs a-02.csv is a mirrored file: `paygrade ingest --all` ingests it again
            while it is in the data folder
        """
        rows = "row" if self.quarantined == 1 else "rows"
        records = "record" if self.records == 1 else "records"
        lines = [
            f"{self.source} {self.file} removed: {self.records:,} {records} and "
            f"{self.quarantined:,} quarantined {rows} no longer count"
        ]
        if self.had_replaced:
            lines.append(
                f"{self.source} {self.file} had replaced {', '.join(self.had_replaced)}: it is "
                f"not counted again until ingested again (`paygrade ingest {self.source} FILE`)"
            )
        if self.stale:
            lines.append(
                f"{self.source} {self.file} brought the exchange rates that converted "
                f"{', '.join(self.stale)}: `paygrade rebuild --if-stale` converts them again"
            )
        if self.mirrored:
            lines.append(
                f"{self.source} {self.file} is a mirrored file: `paygrade ingest --all` "
                "ingests it again while it is in the data folder"
            )
        return "\n".join(lines)


def remove_file(store: Store, source_name: str, name: str, sha256: str | None = None) -> Removed:
    """Take the counted record file ``name`` of ``source_name`` out of the store, in one
    transaction; ``sha256`` (a prefix of it, as ``paygrade sources`` shows) picks one of
    several files of the name.

    Example:
        >>> remove_file(store, "csv", "mine.csv").records  # doctest: +SKIP
        12
    """
    source = get_source(source_name)
    _refuse_unremovable(source)
    with store.transaction() as con:
        ingest_id = _the_file(con, source.name, name, sha256)
        records = int(scalar(con, "SELECT count(*) FROM records WHERE ingest_id = ?", [ingest_id]))
        quarantined = int(
            scalar(con, "SELECT count(*) FROM quarantine WHERE ingest_id = ?", [ingest_id])
        )
        brought_rates = scalar(
            con, "SELECT count(*) FROM fx_rates WHERE ingest_id = ?", [ingest_id]
        )
        replaced = con.execute(
            "SELECT file FROM ingest_log WHERE replaced_by = ? ORDER BY ingest_id", [ingest_id]
        ).fetchall()
        for table in PER_FILE_TABLES:
            con.execute(f"DELETE FROM {table} WHERE ingest_id = ?", [ingest_id])
        con.execute("UPDATE ingest_log SET status = 'removed' WHERE ingest_id = ?", [ingest_id])
        stale = mark_converted_stale(con, ingest_id) if brought_rates else []
    return Removed(
        source.name,
        name,
        records,
        quarantined,
        mirrored=source.filename is not None,
        had_replaced=[str(file) for (file,) in replaced],
        stale=stale,
    )


def _refuse_unremovable(source: object) -> None:
    name = getattr(source, "name", "")
    if name in PRIVATE_SOURCES:
        raise NotRemovable(
            f"{name} records are not removed by file: each came through the submissions "
            "queue (`paygrade submissions list`)"
        )
    if not isinstance(source, RecordSource):
        raise NotRemovable(
            f"{name} is a reference table, not a record file: normalization and the "
            f"comparisons read it, so it is replaced by a newer file (`paygrade ingest "
            f"{name} FILE`), not removed"
        )


def _the_file(con: Con, source: str, name: str, sha256: str | None) -> int:
    """The ingest id of the one counted file named ``name`` (of that ``sha256`` prefix)."""
    rows = con.execute(
        "SELECT ingest_id, sha256, strftime(started_at, '%Y-%m-%d %H:%M') FROM ingest_log "
        "WHERE source = ? AND file = ? AND status = 'ok' ORDER BY ingest_id",
        [source, name],
    ).fetchall()
    if sha256 is not None:
        rows = [row for row in rows if str(row[1]).startswith(sha256.strip().lower())]
    if len(rows) == 1:
        return int(rows[0][0])
    if not rows:
        which = f" with a sha256 starting {sha256}" if sha256 is not None else ""
        raise NotRemovable(
            f"the store counts no {source} file named {name}{which}: "
            "`paygrade sources` lists the files it counts"
        )
    files = "; ".join(f"sha256 {sha[:12]}, ingested {when}" for _, sha, when in rows)
    raise NotRemovable(
        f"the store counts {len(rows)} {source} files named {name} ({files}): "
        "give --sha256 with the start of the one to remove"
    )
