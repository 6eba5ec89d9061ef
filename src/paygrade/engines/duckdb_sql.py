"""The statistics plan as DuckDB SQL, run on a DuckDB connection that has ``records``.

The fast path: plain SQL on the store's connection, nothing to import beyond
duckdb and NumPy. Its answers are held identical to the Ibis rendering (which Spark runs)
by the tests, over the real store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import partial
from itertools import count
from typing import Any

import duckdb

from paygrade.engines import FOLDED, QUANTILES, UNKNOWN, Key, Plan, Shown, order
from paygrade.engines.alongside import Alongside
from paygrade.records import FIRST_COPY_SQL, PRIVATE_SQL, UNFLAGGED_SQL, holds_private
from paygrade.store import cells
from paygrade.store.db import cursor


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
    median's interval — is read off those sorted counts (:class:`order.Steps`),
    fetched as lists or arrays and kept until :meth:`close` for :meth:`median_bounds`.

    The scan reads the store's ``record_cells`` (records already counted per
    distinct row, :mod:`paygrade.store.cells`) when they hold every record, and
    ``records`` otherwise: each row carries a weight (its count, or 1).
    ``relation`` forces one of the two (benchmarks and tests compare them).
    """

    name = "duckdb"

    def __init__(
        self, con: duckdb.DuckDBPyConnection, relation: str | None = None, alongside: bool = False
    ) -> None:
        self.con = con
        self._relation = relation
        # The last aggregate's steps, and each group's index in them by its key.
        self._steps: order.Steps | None = None
        self._keys: dict[Key, int] = {}
        self._provenance: tuple[Plan, list[dict[str, Any]]] | None = None
        # A second cursor for the groups' own queries, run while the steps query runs
        # (DuckDB lets go of the GIL): only where nothing can write between the two
        # (a read-only store), since a cursor outside this one's transaction would not
        # see what it wrote.
        self._alongside = alongside
        self._side: duckdb.DuckDBPyConnection | None = None
        self._running: Alongside[Described] | None = None
        self._private: bool | None = None  # whether the relation holds private records

    @property
    def relation(self) -> str:
        """What the plan's scan reads: ``record_cells`` or ``records`` (checked once)."""
        if self._relation is None:
            self._relation = cells.relation(self.con)
        return self._relation

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        return _rows(self.con, sql, params)

    def _scoped(self, plan: Plan) -> Plan:
        """The plan without its private-records rule where the relation holds none: the
        same answers, without the window that counts them per group."""
        if not plan.private_min:
            return plan
        if self._private is None:
            self._private = holds_private(self.con, self.relation)
        return plan if self._private else replace(plan, private_min=0)

    def aggregate(self, plan: Plan, shown: Shown | None = None) -> list[dict[str, Any]]:
        plan = self._scoped(plan)
        kept, params = _kept(plan, self.relation)
        # Groups are matched to their steps by a hash of their key, checked to be unique
        # (a collision, never seen, is hashed again with another seed: a few tries, not an
        # endless loop, should a key never equal itself, as a NaN once did).
        for seed in count():
            if seed == MAX_SEEDS:
                raise RuntimeError(f"group keys of {plan.by} kept colliding: {seed} hashes tried")
            group_id = _group_id(plan.by, seed)
            work = partial(_described, plan=plan, relation=self.relation, group_id=group_id)
            described = self._start(work)
            # Counts as BIGINT: a sum is HUGEINT otherwise, slower to move.
            cursor = self.con.execute(
                f"""{kept} SELECT {group_id} AS group_id, pay, sum(w)::BIGINT AS c,
                coalesce(sum(w) FILTER (WHERE "first"), 0)::BIGINT AS f
                FROM kept GROUP BY ALL ORDER BY group_id, pay""",
                params,
            )
            # With NumPy at hand the steps come as arrays whatever their number: fetched
            # while the groups' own queries still run alongside.
            early = order.fetch(cursor, None) if order.arrays_at_hand() else None
            found, provenance = described.result()
            if found is not None:
                rows = found
                break
        self._provenance = (plan, provenance)
        kept_rows = sum(row.pop("kept") for row in rows)
        self._steps = early or order.fetch(cursor, kept_rows)
        self._keys = _sized(rows, self._steps, plan.by)
        _completed(rows if shown is None else shown(rows), self._steps, self._keys, plan.by)
        return rows

    def _start(
        self, work: Callable[[duckdb.DuckDBPyConnection], Described]
    ) -> Alongside[Described]:
        """``work`` on the second cursor, on its own thread; or here and now, before the
        steps query, on this cursor."""
        if not self._alongside:
            return Alongside.done(work(self.con))
        if self._side is None:
            self._side = cursor(self.con)
        self._running = Alongside(work, self._side)
        return self._running

    def median_bounds(
        self, plan: Plan, ranks: Mapping[int, tuple[int, ...]]
    ) -> dict[Key, list[float]]:
        # Read off the steps aggregate() kept: no second pass over the records.
        if self._steps is None:
            return {}
        asked = [
            (key, i, rank)
            for key, i in self._keys.items()
            if (rank := ranks.get(self._steps.sizes[i])) is not None
        ]
        if not asked:
            return {}
        groups = [i for _, i, _ in asked]
        columns = [
            self._steps.at(groups, [rank[j] - 1 for *_, rank in asked])
            for j in range(len(asked[0][2]))
        ]
        return {key: list(values) for (key, _, _), *values in zip(asked, *columns, strict=True)}

    def provenance(self, plan: Plan) -> list[dict[str, Any]]:
        plan = self._scoped(plan)
        # aggregate() counted it alongside its own queries.
        if self._provenance is not None and self._provenance[0] == plan:
            return self._provenance[1]
        return _provenance(self.con, plan, self.relation)

    def spellings(self, plan: Plan, name: str) -> list[dict[str, Any]]:
        plan = self._scoped(plan)
        priced, params = _priced(plan, self.relation)
        column = _ident(name)
        return self._rows(
            f"""SELECT {_key(name)} AS folded, {column} AS spelling, sum(w)::BIGINT AS n
            FROM ({priced}) priced {_counting(plan)} GROUP BY ALL""",
            params,
        )

    def close(self) -> None:
        self._steps, self._keys, self._provenance = None, {}, None
        if self._running is not None:
            # Stopped part-way (Ctrl-C): no answer is awaited. Asked again until the thread
            # ends, as an interrupt that comes before its query starts is not kept.
            while self._running.running() and self._side is not None:
                self._side.interrupt()
                self._running.wait(0.05)
            self._running.wait()
            self._running = None
        if self._side is not None:
            self._side.close()
            self._side = None

    def left_out(self, plan: Plan) -> dict[str, Any]:
        # Of the public records: a lone submission's metro, with no price parity, had been
        # named with its count, and so had one of ten the figure (priced alone) dropped.
        plan = self._scoped(plan)
        joined, params = _joined(plan, self.relation)
        if plan.private_min:
            joined = (
                f"SELECT * FROM ({joined}) j WHERE source IS NULL OR source NOT IN {PRIVATE_SQL}"
            )
        counts = " AND ".join(_conditions(plan)) or "TRUE"
        sql = f"""
            SELECT
                coalesce(sum(w) FILTER (WHERE {counts} AND metro IS NULL), 0) AS no_metro,
                coalesce(sum(w) FILTER (WHERE {counts} AND rpp_year < "year"), 0) AS later,
                max(rpp_year) FILTER (WHERE {counts} AND rpp_year < "year") AS latest_year,
                coalesce(sum(w) FILTER (WHERE {_flagged_left(plan)} AND rpp IS NULL), 0)
                    AS flagged
            FROM ({joined}) j"""
        totals = self._rows(sql, params)[0]
        missing = self._rows(
            f"""SELECT metro, sum(w) AS n FROM ({joined}) j
                WHERE {counts} AND metro IS NOT NULL AND rpp IS NULL GROUP BY metro
                ORDER BY metro""",
            params,
        )
        return {
            "no_metro": int(totals["no_metro"]),
            "no_price_parity": {r["metro"]: r["n"] for r in missing},
            "priced_at_latest_year": int(totals["later"]),
            "latest_year": totals["latest_year"],
            "flagged": int(totals["flagged"]),
        }


# What the groups' own queries answer: their rows (None if two keys hashed alike), and
# the provenance of the records.
Described = tuple[list[dict[str, Any]] | None, list[dict[str, Any]]]


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _kept(plan: Plan, relation: str) -> tuple[str, list[Any]]:
    """SQL: the ``kept`` CTE, the records the plan counts with its groups' key columns."""
    priced, params = _priced(plan, relation)
    folded_keys = "".join(f"{_key(f)} AS {_ident(f)}, " for f in plan.by)
    kept = f"""WITH kept AS (
        SELECT {folded_keys}pay, pay_component, "year", "first", w
        FROM ({priced}) priced {_counting(plan)})"""
    return kept, params


MAX_SEEDS = 16


def _described(
    con: duckdb.DuckDBPyConnection, plan: Plan, relation: str, group_id: str
) -> Described:
    """The groups' own queries, on ``con``: each group's key, pay components, years and
    kept rows (its counts, mean and quantiles come with its steps)."""
    kept, params = _kept(plan, relation)
    keys = "".join(f"{_ident(f)}, " for f in plan.by)
    # One row per group, pay component and year (a few thousand). The groups' counts and
    # pay sums are read off their steps, which count every pay already: at 10M rows an
    # aggregate of them here and a DISTINCT of components and years took 7.4 and 3.0 ms,
    # this query 5.1.
    found = con.execute(
        f"""{kept} SELECT {group_id} AS group_id, {keys}pay_component, "year",
        count(*) AS kept FROM kept GROUP BY ALL""",
        params,
    ).fetchall()
    groups: dict[int, dict[str, Any]] = {}
    for group, *key, component, year, tally in found:
        row = groups.get(group)
        if row is None:
            row = {**dict(zip(plan.by, key, strict=True)), "group_id": group, "kept": 0}
            row["components"], row["years"] = set(), set()
            groups[group] = row
        elif any(row[f] != v for f, v in zip(plan.by, key, strict=True)):
            return None, []  # two keys, one hash: asked again with another seed
        row["kept"] += tally
        # A folder without pay components: the groups had said [] where the answer said
        # "(unknown)".
        row["components"].add(UNKNOWN if component is None else component)
        if year is not None:
            row["years"].add(year)
    return list(groups.values()), _provenance(con, plan, relation)


def _sized(rows: list[dict[str, Any]], steps: order.Steps, by: tuple[str, ...]) -> dict[Key, int]:
    """Give each group row its n, and figures of None (:func:`_completed` gives those
    shown theirs), in place; each group's index in ``steps`` by its key."""
    index = {group: i for i, group in enumerate(steps.ids)}
    sizes = steps.sizes
    keys: dict[Key, int] = {}
    for row in rows:
        i = index.get(row.pop("group_id"))
        if i is None:  # no step: no record with a pay (none is kept without one)
            row.update(n=0, n_distinct=0, pay_sum=0, quantiles=None)
            continue
        row.update(n=sizes[i], n_distinct=None, pay_sum=None, quantiles=None)
        keys[tuple(map(row.__getitem__, by))] = i
    return keys


def _completed(
    rows: Iterable[dict[str, Any]],
    steps: order.Steps,
    keys: Mapping[Key, int],
    by: tuple[str, ...],
) -> None:
    """Give each of ``rows`` with records its counts, pay sum and quantiles, in place."""
    counted = [row for row in rows if row["n"]]
    groups = [keys[tuple(map(row.__getitem__, by))] for row in counted]
    firsts, pay_sums = steps.firsts(groups), steps.pay_sums(groups)
    quantiles = steps.quantiles(list(QUANTILES.values()), groups)
    for row, *figures in zip(counted, firsts, pay_sums, quantiles, strict=True):
        row["n_distinct"], row["pay_sum"], row["quantiles"] = figures


def _provenance(con: duckdb.DuckDBPyConnection, plan: Plan, relation: str) -> list[dict[str, Any]]:
    priced, params = _priced(plan, relation)
    distinct = 'WHERE "first"' if plan.distinct_rows else ""
    return _rows(
        con,
        f"""SELECT source, pay_component, flagged, sum(w) AS n
        FROM ({priced}) priced {distinct} GROUP BY ALL""",
        params,
    )


def _group_id(by: tuple[str, ...], seed: int) -> str:
    """SQL: a group's id, a hash of its key (of ``kept``'s columns)."""
    return f"hash({''.join(f'{_ident(f)}, ' for f in by)}{seed})"


# Per relation: the counting rules' columns and each row's weight.
_ROWS = {
    "records": f'NOT ({UNFLAGGED_SQL}) AS flagged, {FIRST_COPY_SQL} AS "first", 1 AS w',
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
    """The records the plan summarizes, before the counting rules (flags, copies); a
    private source's only as :func:`_private_kept` keeps them."""
    sql, params = _all_priced(plan, relation)
    return _private_kept(plan, sql), params


def _private_kept(plan: Plan, sql: str) -> str:
    """``sql``'s records, a private source's only in groups that hold ``plan.private_min``
    of them, of their pay component, as they count."""
    if not plan.private_min:
        return sql
    partition = ", ".join([*(_key(f) for f in plan.by), "pay_component"])
    counts = " AND ".join([f"source IN {PRIVATE_SQL}", *_conditions(plan)])
    return f"""SELECT * EXCLUDE (_private_n) FROM (
            SELECT *, coalesce(sum(w) FILTER (WHERE {counts})
                OVER (PARTITION BY {partition}), 0) AS _private_n
            FROM ({sql}) p)
        WHERE source IS NULL OR source NOT IN {PRIVATE_SQL}
            OR _private_n >= {int(plan.private_min)}"""


def _all_priced(plan: Plan, relation: str) -> tuple[str, list[Any]]:
    if not plan.local_prices:
        return _matching(plan, relation)
    joined, params = _joined(plan, relation)
    sql = f"""SELECT * REPLACE (pay / (rpp / 100) AS pay)
        FROM ({joined}) joined WHERE rpp IS NOT NULL"""
    return sql, params


def _conditions(plan: Plan) -> list[str]:
    """The counting rules: flagged records left out unless asked, copies if asked."""
    conditions = []
    if not plan.include_flagged:
        conditions.append("NOT flagged")
    if plan.distinct_rows:
        conditions.append('"first"')
    return conditions


def _flagged_left(plan: Plan) -> str:
    """SQL: the records the counting rules leave out as flagged alone (a copy left out by
    ``distinct_rows`` is no flagged record left out); none with ``include_flagged``."""
    if plan.include_flagged:
        return "FALSE"
    return 'flagged AND "first"' if plan.distinct_rows else "flagged"


def _counting(plan: Plan) -> str:
    conditions = _conditions(plan)
    return f"WHERE {' AND '.join(conditions)}" if conditions else ""
