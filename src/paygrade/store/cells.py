"""``record_cells``: the records counted per distinct row of what statistics read.

Every answer of ``stats`` depends on a record only through its groupable
fields, its two pay values, whether it is flagged and whether it is the first of
identical rows. Pay repeats heavily (round figures, copies of rows: 53% of the
survey's rows are copies), so counting records per distinct combination of
those gives a table that is a fraction of ``records`` and answers every
statistic exactly, each cell weighted by its count ``n``.

The table is kept per ingested file, in the file's own transaction: written
with its records (:func:`add`), deleted with them (:func:`drop`). A store
whose records were changed some other way is noticed by its count
(:func:`relation` then answers from ``records``, which is always right) and
mended by :func:`refresh`.
"""

from __future__ import annotations

from typing import Final

import duckdb

from paygrade.records import FIRST_COPY_SQL, GROUPABLE_FIELDS, UNFLAGGED_SQL
from paygrade.store.db import scalar

TABLE: Final = "record_cells"
VALUES: Final = ("amount_usd", "amount_usd_real")
# What a cell is keyed by, in column order (after ingest_id); the counting rules follow.
FIELDS: Final = (*GROUPABLE_FIELDS, *VALUES)
COLUMNS: Final = ("ingest_id", *FIELDS, "flagged", "first", "n")


def counted(where: str = "") -> str:
    """SQL: the records (``where``: a filter on them) counted into cells."""
    fields = ", ".join(f'"{name}"' for name in ("ingest_id", *FIELDS))
    return f"""SELECT {fields}, NOT ({UNFLAGGED_SQL}) AS flagged,
        {FIRST_COPY_SQL} AS "first", count(*) AS n
        FROM records {where} GROUP BY ALL"""


def add(con: duckdb.DuckDBPyConnection, ingest_id: int) -> None:
    """Count the records of one ingested file into cells (call in the file's transaction)."""
    con.execute(f"INSERT INTO {TABLE} {counted('WHERE ingest_id = ?')}", [ingest_id])


def drop(con: duckdb.DuckDBPyConnection, ingest_id: int) -> None:
    """Forget the cells of one ingested file (with its records, in the same transaction)."""
    con.execute(f"DELETE FROM {TABLE} WHERE ingest_id = ?", [ingest_id])


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Count every record again: for a store whose records were written some other way."""
    con.execute(f"DELETE FROM {TABLE}")
    con.execute(f"INSERT INTO {TABLE} {counted()}")


def relation(con: duckdb.DuckDBPyConnection) -> str:
    """``record_cells`` when it holds every record once, else ``records``.

    A store's cells are checked by count (they are written with the records, so a
    mismatch means someone wrote records behind paygrade's back). A Parquet
    folder's cells are a view that :func:`paygrade.parquet.open_folder` creates
    only when the folder's files are the ones exported with them.
    """
    kind = scalar(
        con,
        "SELECT table_type FROM information_schema.tables WHERE table_name = ?",
        [TABLE],
    )
    if kind is None:
        return "records"
    if kind == "VIEW":
        return TABLE
    whole = scalar(con, f"SELECT (SELECT count(*) FROM records) = (SELECT sum(n) FROM {TABLE})")
    # An empty store has both at zero (sum is NULL): records answers that as well.
    return TABLE if whole else "records"
