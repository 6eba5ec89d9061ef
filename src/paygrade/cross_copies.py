"""Filings held by two sources: counted once, the later file's copy flagged.

The ``h1b_2024`` extract is DOL's ``LCA_Disclosure_Data_FY2024_Q1.xlsx`` cut to
certified full-time filings, and docs/sources.md points at that very file for
``paygrade ingest lca``: every query without a source filter had summed both
(6 Seattle ML engineers of the extract, ingested again as an LCA file, were 39
filings of that group where there were 33). The extract has no case numbers, so a
filing is known by the fields both files carry (``KEY``); two filings alike in all
of them pair off one to one, in ingest order, as copies within a file do.

Of a pair, the record of the file ingested later gets the flag ``also_in_<source>``
(the source of the copy that counts): flagged records are kept, listed by
``paygrade quality`` and left out of statistics and of the estimator's data, as
every flagged record is. The later copy, not the richer one (the official file has
cities and dates the extract lacks): flagging the earlier would rewrite records
already stored by another file. Removing either file lets the other's copies count
again, and a rebuild keeps the files' order, so the same copies are flagged.
"""

from __future__ import annotations

from typing import Final

from paygrade.sources.base import Con
from paygrade.staging import json_pointer, quote_text
from paygrade.store import cells, scalar

# The sources holding one set of filings twice (the extract, the official file).
SOURCES: Final = ("h1b_2024", "lca")
# What marks a record as a copy counted from another source.
PREFIX: Final = "also_in_"
# A filing's fields both files carry, each as SQL over its raw value (``%s``): names in
# capitals without the edge blanks, an SOC code without DOL's ".00", a wage as a number
# ("$75.50", "15,000.00" as DOL's CSV files write it; 174117.0 as the extract does).
KEY: Final = {
    "EMPLOYER_NAME": "upper(trim(%s))",
    "JOB_TITLE": "upper(trim(%s))",
    "SOC_CODE": "coalesce(nullif(regexp_extract(%s, '[0-9]{2}-[0-9]{4}'), ''), upper(trim(%s)))",
    "WAGE_RATE_OF_PAY_FROM": "round(TRY_CAST(replace(replace(%s, '$', ''), ',', '') AS DOUBLE), 2)",
    "WAGE_UNIT_OF_PAY": "upper(trim(%s))",
    "WORKSITE_STATE": "upper(trim(%s))",
}
# The key as said to a person.
KEY_SAID: Final = "same employer, title, SOC, wage, unit, state"


def why(flag: str) -> str | None:
    """What a copy's flag means, for ``paygrade quality``; None for another flag.

    Example:
        >>> why("also_in_h1b_2024")  # doctest: +ELLIPSIS
        'a filing h1b_2024 holds too (same employer, ...): counted once, from h1b_2024'
        >>> why("base_above_1m") is None
        True
    """
    if not flag.startswith(PREFIX):
        return None
    other = flag.removeprefix(PREFIX)
    return f"a filing {other} holds too ({KEY_SAID}): counted once, from {other}"


def _keyed_sql() -> str:
    """Each counted row of SOURCES with its key (no key where a field is missing), of
    those whose record's state and wage (normalized alike) some record of the other
    source shares: the keys are read from JSON, 2.2 s for the extract's 96,545 rows
    against six filings of an LCA file."""
    fields = ", ".join(
        sql.replace("%s", f"json_extract_string(w.payload, {quote_text(json_pointer(name))})")
        + f" AS k{i}"
        for i, (name, sql) in enumerate(KEY.items())
    )
    first, second = (quote_text(s) for s in SOURCES)
    return f"""SELECT r.source, r.ingest_id, r.source_row, {fields}
        FROM (SELECT DISTINCT source, ingest_id, source_row FROM records
              JOIN (SELECT state, amount FROM records WHERE source = {first}
                    INTERSECT SELECT state, amount FROM records WHERE source = {second})
              USING (state, amount)) r
        JOIN raw_rows w USING (ingest_id, source_row)"""


def _copies_sql() -> str:
    """``(ingest_id, source_row, flag)`` of every later copy of a pair across SOURCES.

    A row missing a field of the key pairs with none (NULL equals nothing); a filter
    on the key's fields had been pushed below the prefilter's join, reading the JSON of
    every row again."""
    keys = [f"k{i}" for i in range(len(KEY))]
    same = " AND ".join(f"a.{k} = b.{k}" for k in [*keys, "nth"])
    first, second = (quote_text(s) for s in SOURCES)
    return f"""WITH ranked AS (
            SELECT *, row_number() OVER (
                PARTITION BY source, {", ".join(keys)} ORDER BY ingest_id, source_row) AS nth
            FROM ({_keyed_sql()})
        ), pairs AS (
            SELECT a.ingest_id AS a_id, a.source_row AS a_row,
                b.ingest_id AS b_id, b.source_row AS b_row
            FROM ranked a JOIN ranked b ON {same}
            WHERE a.source = {first} AND b.source = {second}
        )
        SELECT CASE WHEN a_id > b_id THEN a_id ELSE b_id END AS ingest_id,
            CASE WHEN a_id > b_id THEN a_row ELSE b_row END AS source_row,
            '{PREFIX}' || CASE WHEN a_id > b_id THEN {second} ELSE {first} END AS flag
        FROM pairs"""


_NO_COPIES: Final = (
    "SELECT NULL::INTEGER AS ingest_id, NULL::BIGINT AS source_row, NULL::VARCHAR AS flag "
    "WHERE false"
)


def mark(con: Con) -> dict[str, int]:
    """Flag every later copy across SOURCES and unflag records no longer one; the files
    changed get their cells counted again. Returns, per source, its records that count
    again (a copy whose other half was removed). Call in the transaction that changed
    the records.
    """
    sources = ", ".join(quote_text(s) for s in SOURCES)
    held = scalar(con, f"SELECT count(DISTINCT source) FROM records WHERE source IN ({sources})")
    # One source alone holds no copy of the other's: only flags left by a removed one go.
    copies = _copies_sql() if held == len(SOURCES) else _NO_COPIES
    had = f"list_filter(coalesce(r.flags, []), lambda f: starts_with(f, '{PREFIX}'))"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE cross_changes AS SELECT * FROM (
            SELECT r.ingest_id, r.source_row, r.source, {had} AS had,
                CASE WHEN c.flag IS NULL THEN []::VARCHAR[] ELSE [c.flag] END AS wanted
            FROM records r LEFT JOIN ({copies}) c USING (ingest_id, source_row)
            WHERE r.source IN ({sources})) WHERE had <> wanted"""
    )
    con.execute(
        f"""UPDATE records SET flags = list_sort(list_concat(
            list_filter(coalesce(records.flags, []), lambda f: NOT starts_with(f, '{PREFIX}')),
            c.wanted))
        FROM cross_changes c
        WHERE records.ingest_id = c.ingest_id AND records.source_row = c.source_row"""
    )
    for (ingest_id,) in con.execute("SELECT DISTINCT ingest_id FROM cross_changes").fetchall():
        cells.drop(con, int(ingest_id))
        cells.add(con, int(ingest_id))
    again = con.execute(
        "SELECT source, count(*) FROM cross_changes WHERE len(wanted) = 0 GROUP BY source"
    ).fetchall()
    con.execute("DROP TABLE temp.cross_changes")
    return {str(source): int(n) for source, n in again}


def copies_in(con: Con, ingest_id: int) -> list[tuple[str, int]]:
    """The copies one file holds of filings another source's file counts: (that source,
    records), as its ingest says them.

    Example:
        >>> copies_in(store.con, 12)  # doctest: +SKIP
        [('h1b_2024', 6)]
    """
    found = con.execute(
        f"""SELECT substr(flag, {len(PREFIX) + 1}) AS other, count(*) FROM (
            SELECT unnest(flags) AS flag FROM records WHERE ingest_id = ?)
        WHERE starts_with(flag, '{PREFIX}') GROUP BY other ORDER BY other""",
        [ingest_id],
    ).fetchall()
    return [(str(other), int(n)) for other, n in found]
