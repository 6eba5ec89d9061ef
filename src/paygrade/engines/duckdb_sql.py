"""The statistics plan as DuckDB SQL, run on a DuckDB connection that has ``records``.

The fast path: plain SQL on the store's connection, nothing to import beyond
duckdb. Its answers are held identical to the Ibis rendering (which Spark runs)
by the tests, over the real store.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from itertools import accumulate
from math import floor
from typing import Any

import duckdb

from paygrade.engines import FOLDED, QUANTILES, Key, Plan
from paygrade.store import cells


def _ident(name: str) -> str:
    # Field names are checked against the canonical list before they get here;
    # quoting keeps a name that is also an SQL keyword (year) a column.
    return '"' + name.replace('"', '""') + '"'


def _key(name: str) -> str:
    """What a field groups by: itself, lower-cased if FOLDED."""
    return f"lower({_ident(name)})" if name in FOLDED else _ident(name)


class DuckDBEngine:
    """Answers a :class:`Plan` with SQL on one DuckDB connection.

    Exact percentiles without sorting every record: pay repeats heavily (round
    figures, copies of rows), so one scan counts each distinct pay per group
    (a hash aggregate), and every order statistic — the percentiles and the
    median's interval — is read off those sorted counts, fetched with the groups in
    one statement and kept until :meth:`close` for :meth:`median_bounds`.

    The scan reads the store's ``record_cells`` (records already counted per
    distinct row, :mod:`paygrade.store.cells`) when they hold every record, and
    ``records`` otherwise: each row carries a weight (its count, or 1).
    ``relation`` forces one of the two (benchmarks and tests compare them).
    """

    name = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection, relation: str | None = None) -> None:
        self.con = con
        self._relation = relation
        # Per group of the last aggregate: its distinct pays, sorted, and the running
        # count of records up to each (the median's CI reads them).
        self._values: dict[Key, tuple[list[float], list[int]]] = {}

    @property
    def relation(self) -> str:
        """What the plan's scan reads: ``record_cells`` or ``records`` (checked once)."""
        if self._relation is None:
            self._relation = cells.relation(self.con)
        return self._relation

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def aggregate(self, plan: Plan) -> list[dict[str, Any]]:
        priced, params = _priced(plan, self.relation)
        keys = [_ident(f) for f in plan.by]
        select_keys = "".join(f"{k}, " for k in keys)
        folded_keys = "".join(f"{_key(f)} AS {_ident(f)}, " for f in plan.by)
        grouped = f"GROUP BY {', '.join(keys)}" if keys else ""
        joined = (
            "JOIN lists l ON " + " AND ".join(f"g.{k} IS NOT DISTINCT FROM l.{k}" for k in keys)
            if keys
            else ", lists l"
        )
        # Counts as BIGINT: a sum is HUGEINT otherwise, slower to move.
        rows = self._rows(
            f"""WITH kept AS (
                SELECT {folded_keys}pay, pay_component, "year", "first", w
                FROM ({priced}) priced {_counting(plan)}),
            groups AS (
                SELECT {select_keys}sum(w)::BIGINT AS n,
                    coalesce(sum(w) FILTER (WHERE "first"), 0)::BIGINT AS n_distinct,
                    sum(pay * w) / sum(w) AS mean,
                    list(DISTINCT pay_component) FILTER (WHERE pay_component IS NOT NULL)
                        AS components,
                    list(DISTINCT "year") FILTER (WHERE "year" IS NOT NULL) AS years
                FROM kept {grouped}),
            steps AS (
                SELECT {select_keys}pay, sum(w)::BIGINT AS c FROM kept
                GROUP BY {select_keys}pay),
            lists AS (
                SELECT {select_keys}list(pay ORDER BY pay) AS pays, list(c ORDER BY pay) AS counts
                FROM steps {grouped})
            SELECT g.*, l.pays, l.counts FROM groups g {joined}""",
            params,
        )
        self._values = {}
        for row in rows:
            pays, counts = row.pop("pays"), row.pop("counts")
            values = (pays, list(accumulate(counts))) if pays else None
            row["quantiles"] = (
                [quantile(*values, q) for q in QUANTILES.values()] if values else None
            )
            if values:
                self._values[tuple(row[f] for f in plan.by)] = values
        return rows

    def median_bounds(
        self, plan: Plan, ranks: Mapping[int, tuple[int, int]]
    ) -> dict[Key, list[float]]:
        # Read off the sorted counts aggregate() kept: no second pass over the records.
        bounds: dict[Key, list[float]] = {}
        for key, (pays, cumulative) in self._values.items():
            rank = ranks.get(cumulative[-1])
            if rank is not None:
                bounds[key] = [at(pays, cumulative, rank[0] - 1), at(pays, cumulative, rank[1] - 1)]
        return bounds

    def provenance(self, plan: Plan) -> list[dict[str, Any]]:
        priced, params = _priced(plan, self.relation)
        distinct = 'WHERE "first"' if plan.distinct_rows else ""
        return self._rows(
            f"""SELECT source, pay_component, flagged, sum(w) AS n
            FROM ({priced}) priced {distinct} GROUP BY ALL""",
            params,
        )

    def spellings(self, plan: Plan, name: str) -> list[dict[str, Any]]:
        priced, params = _priced(plan, self.relation)
        column = _ident(name)
        return self._rows(
            f"""SELECT {_key(name)} AS folded, {column} AS spelling, sum(w)::BIGINT AS n
            FROM ({priced}) priced {_counting(plan)} GROUP BY ALL""",
            params,
        )

    def close(self) -> None:
        self._values = {}

    def left_out(self, plan: Plan) -> dict[str, Any]:
        joined, params = _joined(plan, self.relation)
        counted = f"SELECT * FROM ({joined}) joined {_counting(plan)}"
        sql = f"""
            SELECT
                coalesce(sum(w) FILTER (WHERE metro IS NULL), 0) AS no_metro,
                coalesce(sum(w) FILTER (WHERE rpp_year < "year"), 0) AS later,
                max(rpp_year) FILTER (WHERE rpp_year < "year") AS latest_year
            FROM ({counted}) c"""
        totals = self._rows(sql, params)[0]
        missing = self._rows(
            f"""SELECT metro, sum(w) AS n FROM ({counted}) c
                WHERE metro IS NOT NULL AND rpp IS NULL GROUP BY metro ORDER BY metro""",
            params,
        )
        return {
            "no_metro": int(totals["no_metro"]),
            "no_price_parity": {r["metro"]: r["n"] for r in missing},
            "priced_at_latest_year": int(totals["later"]),
            "latest_year": totals["latest_year"],
        }


def at(pays: list[float], cumulative: list[int], position: int) -> float:
    """The value at 0-based ``position`` of the sorted records, from sorted distinct pays
    and the running count of records up to each.

    Example:
        >>> at([100.0, 200.0], [3, 5], 2), at([100.0, 200.0], [3, 5], 3)
        (100.0, 200.0)
    """
    return pays[bisect_right(cumulative, position)]


def quantile(pays: list[float], cumulative: list[int], q: float) -> float:
    """The q-quantile with linear interpolation between order statistics (numpy's
    default, DuckDB's ``quantile_cont``, Spark's ``percentile``).

    Example:
        >>> quantile([1.0, 2.0, 10.0], [1, 2, 3], 0.5), quantile([1.0, 2.0, 10.0], [1, 2, 3], 0.75)
        (2.0, 6.0)
    """
    position = (cumulative[-1] - 1) * q
    low = floor(position)
    below = at(pays, cumulative, low)
    if position == low:
        return below
    above = at(pays, cumulative, low + 1)
    return below + (position - low) * (above - below)


# Per relation: the counting rules' columns and each row's weight.
_ROWS = {
    "records": 'coalesce(len(flags), 0) > 0 AS flagged, dup_rank = 1 AS "first", 1 AS w',
    cells.TABLE: "n AS w",
}


def _matching(plan: Plan, relation: str) -> tuple[str, list[Any]]:
    conditions = [f"{_ident(plan.value)} IS NOT NULL"]
    params: list[Any] = []
    for name, values in plan.where.items():
        if not values:
            conditions.append("FALSE")
            continue
        conditions.append(f"{_ident(name)} IN ({', '.join('?' for _ in values)})")
        params.extend(values)
    sql = f"""
        SELECT *, {_ROWS[relation]}, {_ident(plan.value)} AS pay
        FROM {relation} WHERE {" AND ".join(conditions)}"""
    return sql, params


def _joined(plan: Plan, relation: str) -> tuple[str, list[Any]]:
    """The matching records with their metro's price parity, where BEA has one."""
    from paygrade.prices import metro_prices_sql

    matching, params = _matching(plan, relation)
    sql = f"""
        SELECT m.*, p.rpp, p.rpp_year, p.cbsa
        FROM ({matching}) m
        LEFT JOIN ({metro_prices_sql()}) p ON p.metro = m.metro AND p."year" = m."year" """
    return sql, params


def _priced(plan: Plan, relation: str) -> tuple[str, list[Any]]:
    """The records the plan summarizes, before the counting rules (flags, copies)."""
    if not plan.local_prices:
        return _matching(plan, relation)
    joined, params = _joined(plan, relation)
    sql = f"""SELECT * REPLACE (pay / (rpp / 100) AS pay)
        FROM ({joined}) joined WHERE rpp IS NOT NULL"""
    return sql, params


def _counting(plan: Plan) -> str:
    conditions = []
    if not plan.include_flagged:
        conditions.append("NOT flagged")
    if plan.distinct_rows:
        conditions.append('"first"')
    return f"WHERE {' AND '.join(conditions)}" if conditions else ""
