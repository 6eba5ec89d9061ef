"""The records behind a figure: the rows that made a cell, each with its file and licence.

Only public sources are listed row by row. Salaries people submitted are
counted in statistics but never shown one by one: the listing says how many
of them match instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any

from paygrade.engines import PRIVATE_MIN
from paygrade.filters import KnownValues, Unmatched, Where, as_asked, as_told, resolve
from paygrade.normalize.rule_tables import read_rules
from paygrade.records import FIRST_COPY_SQL, PRIVATE_SOURCES, PaygradeError
from paygrade.stats import no_match, with_each_left_out, with_years_held, without_each
from paygrade.store import Store, first_row

__all__ = ["PRIVATE_SOURCES"]
PER_PAGE = 50
MAX_PER_PAGE = 500
# The last page the API and the MCP tool take (500 million records at 500 a page): page
# 1e20 was echoed back in full, 1e300 as a 300-digit number.
MAX_PAGE = 1_000_000
SHOWN = (
    "year",
    "title",
    "company",
    "role",
    "level",
    "years_experience",
    "metro",
    "city",
    "state",
    "country",
    "pay_component",
    "amount",
    "currency",
    "amount_usd",
    "flags",
    "dup_rank",
)


# A listed record's keys, in order: what places it (its file and row), then its fields.
ROW_KEYS = ("source", "file", "source_row", "licence", *SHOWN, "licence_url")


@cache
def licence_urls() -> dict[str, str]:
    """licence text -> URL of the licence (``rules/licences.csv``)."""
    return {row["licence"]: row["url"] for row in read_rules("licences.csv")}


def _conditions(
    where: dict[str, list[Any]],
    include_flagged: bool,
    *,
    private: bool = False,
    distinct_rows: bool = False,
) -> tuple[str, list[Any]]:
    """SQL over ``records r`` for public (or private) records matching ``where``; with
    ``distinct_rows`` only the first of identical rows of a file, as statistics count them."""
    # Field names were checked by resolve(); values travel as parameters.
    clauses = [f"r.source {'IN' if private else 'NOT IN'} (SELECT unnest(?))"]
    params: list[Any] = [list(PRIVATE_SOURCES)]
    for name, values in where.items():
        clauses.append(f"r.{name} IN (SELECT unnest(?))")
        params.append(values)
    if not include_flagged:
        clauses.append("coalesce(len(r.flags), 0) = 0")
    if distinct_rows:  # dup_rank is the records' alone (ingest_log, joined, has none)
        clauses.append(FIRST_COPY_SQL)
    return " AND ".join(clauses), params


def records(
    store: Store,
    where: Where | None = None,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    include_flagged: bool = False,
    distinct_rows: bool = False,
) -> dict[str, Any]:
    """One page of the public records matching ``where``, newest year first. A page past
    the last has no rows (a program reading pages until one is empty stops there).
    ``distinct_rows`` lists only the first of identical rows of a file, as ``stats`` with it
    counts them: its total, the flagged left out and ``not_listed`` count those alone.

    Example:
        >>> records(store, {"company": ["Google"]}, page=1)["rows"][0]["source"]  # doctest: +SKIP
        'h1b'
    """
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    known = KnownValues(store)
    typed, unmatched = resolve(dict(where or {}), known, listed=True)
    # A list naming a value no record holds lists nothing, as that value alone does.
    asked = as_asked(typed, unmatched)
    condition, params = _conditions(asked, include_flagged, distinct_rows=distinct_rows)
    total, flagged = _counts(store, asked, include_flagged, distinct_rows)
    pages = max(1, math.ceil(total / per_page))
    page = max(1, page)
    rows = _page(store, condition, params, page, per_page) if page <= pages else []
    not_listed = _not_listed(store, asked, include_flagged, distinct_rows)
    # Only when nothing else says why none is listed (a value no record holds, flagged ones).
    nothing = not (total or flagged or unmatched or not_listed)
    return {
        "where": as_told(typed, unmatched, known),  # a span's few submitted numbers unsaid
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": pages,
        "rows": rows,
        "not_listed": not_listed,
        "unmatched": [u.as_dict() for u in unmatched],
        "flagged_excluded": flagged,
    } | (_each_left_out(store, asked, include_flagged, distinct_rows) if nothing else {})


def _each_left_out(
    store: Store, asked: dict[str, list[Any]], include_flagged: bool, distinct: bool
) -> dict[str, Any]:
    """For filters that each match records and list none together: ``each_left_out``, the
    records each filter's removal would list (``stats.each_left_out``'s, in this listing's
    own count); {} for fewer than two filters."""
    if len(asked) < 2:
        return {}
    return {
        "each_left_out": {
            field: _counts(store, where, include_flagged, distinct)[0]
            for field, where in without_each(asked).items()
        }
    }


def listed_total(store: Store, where: Where | None = None) -> int:
    """``records(store, where)["total"]`` (unflagged records, copies each counted), without
    reading a page of them or counting those not listed: an estimate's similar records
    are a count, and the page and the private counts were a quarter of its time.

    Example:
        >>> listed_total(Store.open(":memory:"), {"company": ["Acme"]})
        0
    """
    typed, unmatched = resolve(dict(where or {}), KnownValues(store))
    return _counts(store, as_asked(typed, unmatched), False, False)[0]


def _counts(
    store: Store, where: dict[str, list[Any]], include_flagged: bool, distinct_rows: bool
) -> tuple[int, int]:
    """The public records matching ``where`` that are listed, and those left out as
    flagged (0 with ``include_flagged``), in one pass."""
    condition, params = _conditions(where, include_flagged=True, distinct_rows=distinct_rows)
    clean, every = first_row(
        store.con,
        "SELECT count(*) FILTER (WHERE coalesce(len(r.flags), 0) = 0), count(*) "
        f"FROM records r WHERE {condition}",
        params,
    ) or (0, 0)
    return (every, 0) if include_flagged else (clean, every - clean)


def none_listed(
    store: Store, listing: Mapping[str, Any], switch: str = "--include-flagged"
) -> str | None:
    """Why ``listing`` (of ``records``) holds no record, not even one counted and never
    listed, in the words ``stats`` says it of the same filters, the years a source holds
    too (``switch``: how the skin asks for flagged records); None when it holds some. The
    CLI's error, the API's ``X-Paygrade-Warning`` and MCP's warning (``year=2024`` with
    ``source=h1b_2024`` had said only "no record matches all of these filters together",
    the API and MCP nothing).

    Example:
        >>> none_listed(Store.open(":memory:"), {"where": {"company": ["Acme"]}, "total": 0,
        ...             "not_listed": {}, "unmatched": [], "flagged_excluded": 1})
        'the 1 matching record is flagged and left out (--include-flagged counts it)'
    """
    if listing["total"] or listing["not_listed"]:
        return None
    unmatched = [Unmatched(**u) for u in listing["unmatched"]]
    none = no_match(listing["where"], unmatched, flagged=listing["flagged_excluded"], switch=switch)
    said = with_years_held(store, listing["where"], none)
    return str(with_each_left_out(said, listing.get("each_left_out", {}))["message"])


class PastLastPage(PaygradeError):
    """A page after the answer's last was asked for."""


def check_page(listing: Mapping[str, Any]) -> None:
    """Raise ``PastLastPage`` for a listing of records whose page is past its last. The
    API answers such a page with no rows (a reader of pages stops there); the CLI says it:
    "Records (page 3 of 1): none" read as if nothing matched.

    Example:
        >>> check_page({"page": 3, "pages": 1, "total": 6})
        Traceback (most recent call last):
        paygrade.evidence.PastLastPage: page 3 of 1: the answer has 1 page (6 records)
    """
    if (said := past_last_page(listing)) is not None:
        raise PastLastPage(said)


def past_last_page(listing: Mapping[str, Any]) -> str | None:
    """What a listing of records whose page is past its last says of it (None: not past):
    MCP's warning beside its page of no rows, the CLI's error.

    Example:
        >>> past_last_page({"page": 1000, "pages": 28, "total": 1375})
        'page 1000 of 28: the answer has 28 pages (1,375 records)'
        >>> past_last_page({"page": 40000, "pages": 1485, "total": 74221})
        'page 40000 of 1,485: the answer has 1,485 pages (74,221 records)'
        >>> past_last_page({"page": 2, "pages": 0, "total": 0}) is None  # none match: said so
        True
    """
    page, pages, total = listing["page"], listing["pages"], listing["total"]
    if not total or page <= pages:
        return None
    # Counts with their thousands marked, as the records are ("1485 pages (74,221
    # records)" had been one sentence of two ways); the page, as typed, is not.
    return (
        f"page {page} of {pages:,}: the answer has {pages:,} page{'s' if pages > 1 else ''}"
        f" ({total:,} record{'s' if total > 1 else ''})"
    )


def _page(
    store: Store, condition: str, params: list[Any], page: int, per_page: int
) -> list[dict[str, Any]]:
    columns = ", ".join(f"r.{name}" for name in SHOWN)
    # The order must be total or pages repeat some records and skip others: two files
    # ingested under one name tie on (source, file, source_row) until ingest_id parts
    # them, and a submission's row gives a base and a total record.
    cursor = store.con.execute(
        f"""SELECT r.source, l.file, r.source_row, l.licence, {columns}
        FROM records r JOIN ingest_log l USING (ingest_id)
        WHERE {condition}
        ORDER BY r.year DESC, r.source, l.file, r.ingest_id, r.source_row, r.pay_component
        LIMIT ? OFFSET ?""",
        [*params, per_page, (page - 1) * per_page],
    )
    names = [d[0] for d in cursor.description]
    urls = licence_urls()
    return [
        {**(row := dict(zip(names, values, strict=True))), "licence_url": urls.get(row["licence"])}
        for values in cursor.fetchall()
    ]


def _not_listed(
    store: Store, where: dict[str, list[Any]], include_flagged: bool, distinct_rows: bool
) -> dict[str, int]:
    """How many matching records of private sources are counted but not listed: told of a
    pay component where they are as many as a statistics group counts (``PRIVATE_MIN``),
    as they are counted there; fewer said whether one person had submitted ("also
    matching: 2 ...")."""
    condition, params = _conditions(
        where, include_flagged, private=True, distinct_rows=distinct_rows
    )
    rows = store.con.execute(
        f"""SELECT source, sum(n)::BIGINT FROM (
            SELECT r.source, r.pay_component, count(*) AS n FROM records r WHERE {condition}
            GROUP BY ALL HAVING count(*) >= ?)
        GROUP BY source""",
        [*params, PRIVATE_MIN],
    ).fetchall()
    return {str(source): int(n) for source, n in rows}


def town(row: dict[str, Any]) -> str | None:
    """The narrowest place below the country a record names: its city with its state, else
    its metro, else its state (the records page writes the country after it).

    Example:
        >>> town({"city": "Mountain View", "state": "CA", "metro": "San Jose-..."})
        'Mountain View, CA'
        >>> town({"city": None, "metro": None, "state": "CA"}), town({"country": "US"})
        ('CA', None)
    """
    if row.get("city"):
        return f"{row['city']}, {row['state']}" if row.get("state") else str(row["city"])
    return row.get("metro") or row.get("state")
