"""The temp tables of one record file being read: ``raw`` as staged, its ``copies``, the
``staged`` view the lookups and the canonical SELECT read, and their removal.

Ingest and rebuild stage a file this way inside their transaction; reading
ahead (``paygrade.read_ahead``) does it on a cursor of its own.
"""

from __future__ import annotations

from paygrade.sources import RecordSource
from paygrade.sources.base import Con
from paygrade.sources.reading import staged_name


def stage_view(con: Con, source: RecordSource, columns: list[str]) -> None:
    """Temp table ``copies`` and view ``staged`` (canonical staged columns and
    ``dup_rank``) over temp table ``raw``, whose ``columns`` the source projects."""
    # The copies are few and found once; the view is read by the lookups and the
    # canonical SELECT, each time a projection and a join with that small table.
    con.execute(f"CREATE TEMP TABLE copies AS {_copies_sql(source, columns)}")
    con.execute(
        f"""CREATE TEMP VIEW staged AS SELECT source_row,
            coalesce(c._copy_rank, 1) AS dup_rank, {source.project(columns)}
        FROM raw LEFT JOIN copies c USING (source_row)"""
    )


def drop_temp(con: Con) -> None:
    """Drop what staging and normalizing a file made (before the next file)."""
    con.execute("DROP VIEW IF EXISTS temp.staged")
    for table in ("raw", "copies", "normalized"):
        con.execute(f"DROP TABLE IF EXISTS temp.{table}")


def _copies_sql(source: RecordSource, columns: list[str]) -> str:
    """``(source_row, _copy_rank)`` of every row but the first of each set of copies.

    Rows identical in every column that is evidence are copies; dup_rank numbers
    them in file order (1 for the first, the rows left out here), so statistics
    can count distinct observations. Why a GROUP BY: hashing the rows took half
    the time of a window partitioned by every column (H-1B FY2024, 96,545 rows),
    and only the few copies are kept for the join.
    """
    evidence = [name for name in columns if name not in source.not_evidence] or columns
    identical = ", ".join(quote_name(staged_name(name)) for name in evidence)
    return f"""SELECT unnest(copies[2:]) AS source_row,
            unnest(range(2, len(copies) + 1)) AS _copy_rank
        FROM (SELECT list(source_row ORDER BY source_row) AS copies FROM raw
              GROUP BY {identical} HAVING count(*) > 1)"""


def quote_text(text: str) -> str:
    """A string as a SQL literal.

    Example:
        >>> quote_text("O'Reilly")
        "'O''Reilly'"
    """
    return "'" + text.replace("'", "''") + "'"


def json_pointer(key: str) -> str:
    """A JSON Pointer to a top-level key of a raw row's payload (only "~" and "/" need
    escaping in a key).

    Example:
        >>> json_pointer("a/b~c")
        '/a~1b~0c'
    """
    return "/" + key.replace("~", "~0").replace("/", "~1")


def quote_name(name: str) -> str:
    """A column name as a SQL identifier (a header may hold any character)."""
    return '"' + name.replace('"', '""') + '"'
