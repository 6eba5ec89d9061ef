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

from paygrade.engines import QUANTILES, Key, Plan


def _ident(name: str) -> str:
    # Field names are checked against the canonical list before they get here;
    # quoting keeps a name that is also an SQL keyword (year) a column.
    return '"' + name.replace('"', '""') + '"'


class DuckDBEngine:
    """Answers a :class:`Plan` with SQL on one DuckDB connection.

    Exact percentiles without sorting every record: pay repeats heavily (round
    figures, copies of rows), so one scan counts each distinct pay per group
    (a hash aggregate), and every order statistic — the percentiles and the
    median's interval — is read off those sorted counts. The counts live in a
    temporary table of this connection (a cursor has its own) for the plan's
    questions, and are dropped with :meth:`close`.
    """

    name = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._cells: list[tuple[Plan, str]] = []  # a Plan (dict inside) is not hashable
        self._values: dict[Key, tuple[list[float], list[int]]] = {}

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _table(self, plan: Plan) -> str:
        """The plan's records counted per (group, pay, pay component, year, source, flagged,
        first copy): the one scan of the records every answer is read from."""
        for known, name in self._cells:
            if known == plan:
                return name
        name = f"paygrade_cells_{id(self)}_{len(self._cells)}"
        priced, params = _priced(plan)
        distinct = "WHERE dup_rank = 1" if plan.distinct_rows else ""
        keys = "".join(f"{_ident(f)}, " for f in plan.by)
        self.con.execute(
            f"""CREATE TEMP TABLE {name} AS
            SELECT {keys}pay, pay_component, "year", source, flagged,
                dup_rank = 1 AS first, count(*) AS c, sum(pay) AS total
            FROM ({priced}) priced {distinct}
            GROUP BY ALL""",
            params,
        )
        self._cells.append((plan, name))
        return name

    def close(self) -> None:
        for _, name in self._cells:
            self.con.execute(f"DROP TABLE IF EXISTS {name}")
        self._cells.clear()

    def aggregate(self, plan: Plan) -> list[dict[str, Any]]:
        table = self._table(plan)
        counted = "" if plan.include_flagged else "WHERE NOT flagged"
        keys = [_ident(f) for f in plan.by]
        grouped = f"GROUP BY {', '.join(keys)}" if keys else ""
        select_keys = "".join(f"{k}, " for k in keys)
        groups = self._rows(
            f"""SELECT {select_keys}
                sum(c) AS n,
                coalesce(sum(c) FILTER (WHERE first), 0) AS n_distinct,
                sum(total) / sum(c) AS mean,
                list(DISTINCT pay_component) FILTER (WHERE pay_component IS NOT NULL)
                    AS components,
                list(DISTINCT "year") FILTER (WHERE "year" IS NOT NULL) AS years
            FROM {table} {counted} {grouped}"""
        )
        steps = self._rows(
            f"""SELECT {select_keys} list(pay ORDER BY pay) AS pays, list(c ORDER BY pay) AS counts
            FROM (SELECT {select_keys} pay, sum(c) AS c FROM {table} {counted}
                  GROUP BY ALL) steps
            {grouped}"""
        )
        self._values = {
            tuple(row[f] for f in plan.by): (row["pays"], list(accumulate(row["counts"])))
            for row in steps
            if row["pays"]
        }
        for group in groups:
            values = self._values.get(tuple(group[f] for f in plan.by))
            group["quantiles"] = (
                [quantile(*values, q) for q in QUANTILES.values()] if values else None
            )
        return groups

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
        return self._rows(
            f"SELECT source, pay_component, flagged, sum(c) AS n FROM {self._table(plan)} "
            "GROUP BY ALL"
        )

    def left_out(self, plan: Plan) -> dict[str, Any]:
        joined, params = _joined(plan)
        counted = f"SELECT * FROM ({joined}) joined {_counting(plan)}"
        sql = f"""
            SELECT
                count(*) FILTER (WHERE metro IS NULL) AS no_metro,
                count(*) FILTER (WHERE rpp_year < "year") AS later,
                max(rpp_year) FILTER (WHERE rpp_year < "year") AS latest_year
            FROM ({counted}) c"""
        totals = self._rows(sql, params)[0]
        missing = self._rows(
            f"""SELECT metro, count(*) AS n FROM ({counted}) c
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


def _matching(plan: Plan) -> tuple[str, list[Any]]:
    conditions = [f"{_ident(plan.value)} IS NOT NULL"]
    params: list[Any] = []
    for name, values in plan.where.items():
        if not values:
            conditions.append("FALSE")
            continue
        conditions.append(f"{_ident(name)} IN ({', '.join('?' for _ in values)})")
        params.extend(values)
    sql = f"""
        SELECT *, coalesce(len(flags), 0) > 0 AS flagged, {_ident(plan.value)} AS pay
        FROM records WHERE {" AND ".join(conditions)}"""
    return sql, params


def _joined(plan: Plan) -> tuple[str, list[Any]]:
    """The matching records with their metro's price parity, where BEA has one."""
    from paygrade.prices import metro_prices_sql

    matching, params = _matching(plan)
    sql = f"""
        SELECT m.*, p.rpp, p.rpp_year, p.cbsa
        FROM ({matching}) m
        LEFT JOIN ({metro_prices_sql()}) p ON p.metro = m.metro AND p."year" = m."year" """
    return sql, params


def _priced(plan: Plan) -> tuple[str, list[Any]]:
    """The records the plan summarizes, before the counting rules (flags, copies)."""
    if not plan.local_prices:
        return _matching(plan)
    joined, params = _joined(plan)
    sql = f"""SELECT * REPLACE (pay / (rpp / 100) AS pay)
        FROM ({joined}) joined WHERE rpp IS NOT NULL"""
    return sql, params


def _counting(plan: Plan) -> str:
    conditions = []
    if not plan.include_flagged:
        conditions.append("NOT flagged")
    if plan.distinct_rows:
        conditions.append("dup_rank = 1")
    return f"WHERE {' AND '.join(conditions)}" if conditions else ""
