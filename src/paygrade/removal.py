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

import fnmatch
import unicodedata
from dataclasses import dataclass, field

import duckdb

from paygrade import cross_copies
from paygrade.ingest import interrupted_as
from paygrade.records import PRIVATE_SOURCES, PaygradeError
from paygrade.replacement import PER_FILE_TABLES, mark_converted_stale
from paygrade.sources import RecordSource, Source, get_source
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
    # Whether the store holds exchange rates still (another survey file's).
    rates_left: bool = True
    # Per other source, its records that were copies of this file's filings, counted again.
    count_again: dict[str, int] = field(default_factory=dict)

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
            again = (
                "`paygrade rebuild --if-stale` converts them again"
                if self.rates_left
                else "no exchange rate is left, so `paygrade rebuild --if-stale` quarantines "
                "their amounts in other currencies until an aijobs file is ingested again"
            )
            lines.append(
                f"{self.source} {self.file} brought the exchange rates that converted "
                f"{', '.join(self.stale)}: {again}"
            )
        lines.extend(
            f"{self.source} {self.file} held filings {source} holds too: its {n:,} "
            f"{'copy counts' if n == 1 else 'copies count'} again"
            for source, n in self.count_again.items()
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
    ingest_id = _the_file(store.con, source.name, name, sha256)
    with interrupted_as(lambda: _interrupted(store, name, ingest_id)):
        return _remove(store, source, name, ingest_id)


def _remove(store: Store, source: Source, name: str, ingest_id: int) -> Removed:
    with store.transaction() as con:
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
        rates_left = bool(scalar(con, "SELECT count(*) FROM fx_rates")) if stale else True
        again = cross_copies.mark(con) if source.name in cross_copies.SOURCES else {}
    return Removed(
        source.name,
        name,
        records,
        quarantined,
        mirrored=_mirrored(source, name),
        had_replaced=[str(file) for (file,) in replaced],
        stale=stale,
        rates_left=rates_left,
        count_again=again,
    )


def remove_ingest(store: Store, ingest_id: int) -> int:
    """Take one ingest's records out by its id (an approved submission's,
    ``submissions.withdraw``); the records it took away, 0 when it was removed already
    (a withdrawal cut short and run again).

    Example:
        >>> remove_ingest(store, 42)  # doctest: +SKIP
        2
    """
    found = store.con.execute(
        "SELECT source, file, status FROM ingest_log WHERE ingest_id = ?", [ingest_id]
    ).fetchall()
    if not found or found[0][2] != "ok":
        return 0
    source, name, _ = found[0]
    return _remove(store, get_source(str(source)), str(name), ingest_id).records


def _mirrored(source: Source, name: str) -> bool:
    """Whether ``ingest --all`` reads a file of this name: the source's own file name (a
    user's file of a mirrored source had been said to come back, and never did)."""
    pattern = getattr(source, "filename", None)
    return pattern is not None and fnmatch.fnmatchcase(name, pattern)


def _interrupted(store: Store, name: str, ingest_id: int) -> str:
    """What Ctrl-C during a removal left: nothing removed, or (it came as the removal
    committed) the whole file removed, which had been said as a bare "interrupted"."""
    try:
        status = scalar(store.con, "SELECT status FROM ingest_log WHERE ingest_id = ?", [ingest_id])
    except duckdb.Error:  # the connection is still in the interrupted statement's state
        status = None
    if status == "removed":
        return f"interrupted after {name} was removed whole"
    return f"interrupted, nothing removed of {name}"


def _refuse_unremovable(source: object) -> None:
    name = getattr(source, "name", "")
    if name in PRIVATE_SOURCES:
        raise NotRemovable(
            f"{name} records are not removed by file: an approved submission is taken "
            "back out with `paygrade submissions withdraw ID` (`paygrade submissions list "
            "--status approved` lists them)"
        )
    if not isinstance(source, RecordSource):
        newer = f"`paygrade ingest {name}`" if name == "oews" else f"`paygrade ingest {name} FILE`"
        raise NotRemovable(
            f"{name} is a reference table, not a record file: normalization and the "
            f"comparisons read it, so it is replaced by a newer one ({newer}), not removed"
        )


def _the_file(con: Con, source: str, name: str, sha256: str | None) -> int:
    """The ingest id of the one counted file named ``name`` (of that ``sha256`` prefix).
    Names are compared as their letters read (NFC: a name typed with accents composed
    another way looked the same and was refused); a prefix copied from `paygrade sources`
    keeps no ellipsis."""
    rows = [
        row
        for row in con.execute(
            "SELECT ingest_id, sha256, strftime(started_at, '%Y-%m-%d %H:%M'), file "
            "FROM ingest_log WHERE source = ? AND status = 'ok' ORDER BY ingest_id",
            [source],
        ).fetchall()
        if _letters(str(row[3])) == _letters(name)
    ]
    start = None if sha256 is None else _sha256_start(sha256)
    chosen = rows if start is None else [row for row in rows if str(row[1]).startswith(start)]
    if len(chosen) == 1:
        return int(chosen[0][0])
    if not chosen:
        which = f" with a sha256 starting {start}" if start is not None else ""
        raise NotRemovable(
            f"the store counts no {source} file named {name!r}{which}: "
            "`paygrade sources` lists the files it counts"
        )
    files = "; ".join(f"sha256 {sha[:12]}, ingested {when}" for _, sha, when, _ in chosen)
    more = (
        f"give more of --sha256 than {start!r}"
        if start is not None
        else "give --sha256 with the start of the one to remove"
    )
    raise NotRemovable(
        f"the store counts {len(chosen)} {source} files named {name!r} ({files}): {more}"
    )


def _sha256_start(given: str) -> str:
    """The start of a sha256 as given, read as ``paygrade sources`` shows it (lower case,
    no ellipsis); a blank one is refused: it starts every sha256, and had removed the one
    file of the name (or said "with a sha256 starting :").

    Example:
        >>> _sha256_start(" 3F2A9C… ")
        '3f2a9c'
        >>> try:
        ...     _sha256_start("  ")
        ... except NotRemovable as exc:
        ...     print(str(exc)[:36])
        --sha256 is blank: give the start of
    """
    start = given.strip().rstrip(".…").lower()
    if not start:
        raise NotRemovable(
            "--sha256 is blank: give the start of the file's sha256, as `paygrade sources` "
            "shows it, or leave --sha256 out"
        )
    return start


def _letters(name: str) -> str:
    return unicodedata.normalize("NFC", name)
