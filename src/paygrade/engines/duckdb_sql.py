"""The statistics plan as DuckDB SQL, run on a DuckDB connection that has ``records``.

The fast path: plain SQL on the store's connection, nothing to import beyond
duckdb. Its answers are held identical to the Ibis rendering (which Spark runs)
by the tests, over the real store.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb

from paygrade.engines import QUANTILES, Key, Plan


def _ident(name: str) -> str:
    # Field names are checked against the canonical list before they get here;
    # quoting keeps a name that is also an SQL keyword (year) a column.
    return '"' + name.replace('"', '""') + '"'


class DuckDBEngine:
    """Answers a :class:`Plan` with SQL on one DuckDB connection."""

    name = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params)
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def aggregate(self, plan: Plan) -> list[dict[str, Any]]:
        counted, params = _counted(plan)
        keys = ", ".join(_ident(f) for f in plan.by)
        quantiles = ", ".join(repr(q) for q in QUANTILES.values())
        sql = f"""
            SELECT {keys + "," if keys else ""}
                count(*) AS n,
                count(*) FILTER (WHERE dup_rank = 1) AS n_distinct,
                quantile_cont(pay, [{quantiles}]) AS quantiles,
                avg(pay) AS mean,
                list(DISTINCT pay_component) FILTER (WHERE pay_component IS NOT NULL)
                    AS components,
                list(DISTINCT "year") FILTER (WHERE "year" IS NOT NULL) AS years
            FROM ({counted}) counted
            {"GROUP BY " + keys if keys else ""}"""
        return self._rows(sql, params)

    def median_bounds(
        self, plan: Plan, ranks: Mapping[int, tuple[int, int]]
    ) -> dict[Key, list[float]]:
        if not ranks:
            return {}
        counted, params = _counted(plan)
        keys = [_ident(f) for f in plan.by]
        partition = f"PARTITION BY {', '.join(keys)}" if keys else ""
        lookup = ", ".join("(?, ?, ?)" for _ in ranks)
        lookup_params = [v for n, (lo, hi) in ranks.items() for v in (n, lo, hi)]
        select_keys = "".join(f"{k}, " for k in keys)
        sql = f"""
            WITH ranked AS (
                SELECT {select_keys} pay,
                    row_number() OVER ({partition} ORDER BY pay) AS rank,
                    count(*) OVER ({partition}) AS gn
                FROM ({counted}) counted
            ), lookup(ci_n, lo, hi) AS (VALUES {lookup})
            SELECT {select_keys}
                min(pay) FILTER (WHERE rank = lo) AS low,
                max(pay) FILTER (WHERE rank = hi) AS high
            FROM ranked JOIN lookup ON gn = ci_n
            WHERE rank = lo OR rank = hi
            {"GROUP BY " + ", ".join(keys) if keys else ""}"""
        return {
            tuple(row[f] for f in plan.by): [row["low"], row["high"]]
            for row in self._rows(sql, params + lookup_params)
        }

    def provenance(self, plan: Plan) -> list[dict[str, Any]]:
        matching, params = _priced(plan)
        distinct = "WHERE dup_rank = 1" if plan.distinct_rows else ""
        sql = f"""
            SELECT source, pay_component, flagged, count(*) AS n
            FROM ({matching}) matching {distinct}
            GROUP BY ALL"""
        return self._rows(sql, params)

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


def _counted(plan: Plan) -> tuple[str, list[Any]]:
    priced, params = _priced(plan)
    return f"SELECT * FROM ({priced}) priced {_counting(plan)}", params
