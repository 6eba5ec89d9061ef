"""Percentiles by group: the one query behind the CLI, (later) the API, report and Spark.

Exact percentiles with linear interpolation between order statistics (numpy's
default; ``quantile_cont`` on DuckDB, ``percentile`` on Spark), written as an
Ibis expression so the same definition runs on either engine. Never
approximate quantiles.

The median's 95% confidence interval is distribution-free: the order
statistics whose ranks come from the Binomial(n, 1/2) distribution, exactly as
``scipy.stats.quantile_test(...).confidence_interval()`` chooses them.

Suppression (small cells identify people and are unreliable): n < 5 reports
only n; n < 10 leaves p10 and p90 out.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from paygrade.filters import KnownValues, Unmatched, check_field, resolve
from paygrade.records import FIELDS, VOCABULARIES, PaygradeError, UnknownField
from paygrade.store import Store

QUANTILES = {"p10": 0.10, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p90": 0.90}
MIN_N = 5  # below: only n is shown
MIN_N_TAILS = 10  # below: p10 and p90 are not shown
CONFIDENCE = 0.95
VALUE = "amount_usd"
# What may be summarized: nominal annual USD, or reference-year dollars by CPI-U.
VALUES = ("amount_usd", "amount_usd_real")
_TYPES = {f.name: f.sql_type for f in FIELDS}

Where = Mapping[str, Sequence[Any]]


class StoreNeedsRebuild(PaygradeError):
    """Stored records disagree on how they were derived; ``paygrade rebuild`` fixes it."""


def check_by(by: Sequence[str]) -> None:
    """Validate group-by fields against the canonical list.

    Example:
        >>> check_by(["level", "metro"])
    """
    for name in by:
        check_field(name)
    if len(set(by)) != len(by):
        raise UnknownField("a field appears twice in --by")


@lru_cache(maxsize=64)
def median_ci_ranks(n: int, confidence: float = CONFIDENCE) -> tuple[int, int] | None:
    """1-based ranks of the order statistics bounding the median's CI, or None if n is too small.

    Example:
        >>> median_ci_ranks(100)
        (40, 61)
        >>> median_ci_ranks(5) is None
        True
    """
    # scipy.special, not scipy.stats: the same binomial tails at a third of the
    # import time, which every `paygrade stats` process pays.
    from scipy.special import bdtr, bdtrc

    tail = (1 - confidence) / 2
    # binom.ppf(tail): the least k with P(X <= k) >= tail.
    low_index = _least(lambda k: bdtr(k, n, 0.5) >= tail, n) - 1
    # binom.isf(tail): the least k with P(X > k) <= tail.
    high_index = _least(lambda k: bdtrc(k, n, 0.5) <= tail, n)
    if low_index < 0 or high_index >= n:
        return None
    return low_index + 1, high_index + 1


def _least(holds: Callable[[int], bool], n: int) -> int:
    """The least k in 0..n for which the monotone condition ``holds`` (bisection)."""
    low, high = 0, n
    while low < high:
        middle = (low + high) // 2
        if holds(middle):
            high = middle
        else:
            low = middle + 1
    return low


@contextmanager
def _ibis_on_duckdb2() -> Iterator[None]:
    # Ibis 12 fetches results with DuckDB's fetch_arrow_table(), which DuckDB 2.0
    # renamed (same data) and warns about; silence only that until Ibis follows.
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", r"fetch_arrow_table\(\) is deprecated", category=DeprecationWarning
        )
        yield


def _records(store: Store) -> Any:
    import ibis

    return ibis.duckdb.from_connection(store.con).table("records")


def _matching(store: Store, where: Mapping[str, list[Any]], value: str) -> Any:
    # Real dollars need the pay year's CPI; a record without it has no real amount.
    table = _records(store)
    table = table.filter(table[value].notnull())
    for name, values in where.items():
        table = table.filter(table[name].isin(values))
    return table.mutate(
        flagged=table.flags.notnull() & (table.flags.length() > 0), pay=table[value]
    )


def _at_local_prices(store: Store, table: Any) -> tuple[Any, Any]:
    """Each record's pay divided by its metro's price parity / 100 (US-average prices),
    and the records as they were, with the parity joined where there is one."""
    import ibis

    from paygrade.prices import metro_prices_sql

    # A temporary view (the connection's own; allowed on a read-only store): Ibis 12's
    # .sql() cannot read a schema from DuckDB 1.5's cursors.
    store.con.execute(f"CREATE OR REPLACE TEMP VIEW metro_prices AS {metro_prices_sql()}")
    prices = ibis.duckdb.from_connection(store.con).table("metro_prices")
    joined = table.left_join(prices, ["metro", "year"]).select(
        table, prices.rpp, prices.rpp_year, prices.cbsa
    )
    priced = joined.filter(joined.rpp.notnull())
    return priced.mutate(pay=priced.pay / (priced.rpp / 100)), joined


def _left_out(joined: Any) -> dict[str, Any]:
    """Counts of what local prices left out or priced at another year: nothing silent."""
    metros = joined.filter(joined.metro.notnull() & joined.rpp.isnull())
    missing = metros.group_by("metro").aggregate(n=metros.count()).order_by("metro")
    later = joined.filter(joined.rpp_year.notnull() & (joined.rpp_year < joined.year))
    return {
        "no_metro": int(joined.filter(joined.metro.isnull()).count().to_pyarrow().as_py()),
        "no_price_parity": {r["metro"]: r["n"] for r in missing.to_pyarrow().to_pylist()},
        "priced_at_latest_year": int(later.count().to_pyarrow().as_py()),
        "latest_year": later.rpp_year.max().to_pyarrow().as_py(),
    }


def _counted(table: Any, distinct_rows: bool, include_flagged: bool) -> Any:
    if not include_flagged:
        table = table.filter(~table.flagged)
    if distinct_rows:
        table = table.filter(table.dup_rank == 1)
    return table


def _aggregate(table: Any, by: Sequence[str]) -> list[dict[str, Any]]:
    column = table.pay
    metrics = {
        "n": table.count(),
        "n_distinct": (table.dup_rank == 1).sum(),
        "quantiles": column.quantile(list(QUANTILES.values())),
        "mean": column.mean(),
        "components": table.pay_component.collect(distinct=True),
        "years": table.year.collect(distinct=True),
    }
    expr = table.group_by(list(by)).aggregate(**metrics) if by else table.aggregate(**metrics)
    return list(expr.to_pyarrow().to_pylist())


def _ci_bounds(table: Any, by: Sequence[str], ns: set[int]) -> dict[tuple[Any, ...], list[float]]:
    """(group key) -> [low, high] for every group whose n allows an interval."""
    import ibis
    import pyarrow as pa

    ranks = {n: r for n in ns if (r := median_ci_ranks(n)) is not None}
    if not ranks:
        return {}
    # An Arrow table, not a dict: Ibis turns a dict into a pandas DataFrame, and
    # pandas is no dependency of paygrade.
    lookup = ibis.memtable(
        pa.table(
            {
                "ci_n": list(ranks),
                "lo": [r[0] for r in ranks.values()],
                "hi": [r[1] for r in ranks.values()],
            }
        )
    )
    window = ibis.window(group_by=list(by) or None, order_by=table.pay)
    ranked = table.select(
        *by,
        v=table.pay,
        rank=ibis.row_number().over(window) + 1,
        gn=table.pay.count().over(ibis.window(group_by=list(by) or None)),
    )
    hits = ranked.join(lookup, ranked.gn == lookup.ci_n).filter(
        lambda t: (t.rank == t.lo) | (t.rank == t.hi)
    )
    metrics = {
        "low": hits.v.min(where=hits.rank == hits.lo),
        "high": hits.v.max(where=hits.rank == hits.hi),
    }
    expr = hits.group_by(list(by)).aggregate(**metrics) if by else hits.aggregate(**metrics)
    return {
        tuple(row[f] for f in by): [row["low"], row["high"]]
        for row in expr.to_pyarrow().to_pylist()
    }


def _group(row: dict[str, Any], by: Sequence[str], ci: list[float] | None) -> dict[str, Any]:
    n = int(row["n"])
    group: dict[str, Any] = {
        "key": {f: row[f] for f in by},
        "n": n,
        "n_distinct": int(row["n_distinct"] or 0),
        "pay_components": sorted(row["components"] or []),
        "years": sorted(row["years"] or []),
    }
    if n < MIN_N:
        group["suppressed"] = True
        return group
    values = dict(zip(QUANTILES, row["quantiles"], strict=True))
    if n < MIN_N_TAILS:
        values["p10"] = values["p90"] = None
    group.update({name: _round(v) for name, v in values.items()})
    group["mean"] = _round(row["mean"])
    group["p50_ci"] = [_round(ci[0]), _round(ci[1])] if ci else None
    group["suppressed"] = False
    return group


def _round(value: float | None) -> float | None:
    # Cents are noise in annual pay; keep them anyway (round to 2) so tests can
    # compare with numpy, but drop float dust.
    return None if value is None else round(float(value), 2)


def _sort_key(by: Sequence[str]) -> Any:
    """Ladder order for vocabularies, ascending for numbers (years), else largest n first;
    unknown last."""

    def key(group: dict[str, Any]) -> tuple[Any, ...]:
        parts: list[Any] = []
        for name in by:
            value = group["key"][name]
            order = VOCABULARIES.get(name)
            if value is None:
                parts.append((2, 0, ""))
            elif order is not None and value in order:
                parts.append((0, order.index(value), ""))
            elif _TYPES[name] in ("INTEGER", "BIGINT", "DOUBLE"):
                parts.append((0, value, ""))
            else:
                parts.append((1, -group["n"] if len(by) == 1 else 0, str(value)))
        return tuple(parts)

    return key


def stats(
    store: Store,
    by: Sequence[str] = (),
    where: Where | None = None,
    *,
    distinct_rows: bool = False,
    value: str = VALUE,
    include_flagged: bool = False,
    min_n: int = 1,
    limit: int | None = None,
    local_prices: bool = False,
) -> dict[str, Any]:
    """Percentiles of annual USD pay per group of ``by``, over records matching ``where``.

    ``where`` maps a field to the values it may take (any of them); fields are
    ANDed; values are normalized as the data is (``company=GOOGLE LLC`` is
    Google). ``distinct_rows`` counts identical rows of one file once (see the
    duplicate policy). ``value`` is ``amount_usd`` or ``amount_usd_real``
    (reference-year dollars; records of years without CPI are left out).
    Flagged (implausible) records are left out unless ``include_flagged``; the
    result says how many. Groups with fewer than ``min_n`` records, and past the
    first ``limit``, are left out and counted in ``groups_omitted``.

    Example:
        >>> stats(store, ["level"], {"role": ["ml_engineer"]})["groups"][0]["key"]  # doctest: +SKIP
        {'level': 'entry'}
    """
    check_by(by)
    if value not in VALUES:
        raise UnknownField(f"cannot summarize {value!r}; use one of: {', '.join(VALUES)}")
    typed, unmatched = resolve(dict(where or {}), KnownValues(store))
    adjustment: dict[str, Any] | None = None
    with _ibis_on_duckdb2():
        matching = _matching(store, typed, value)
        if local_prices:
            matching, joined = _at_local_prices(store, matching)
            adjustment = {
                "applied": "pay / (BEA all-items regional price parity / 100), per record",
                **_left_out(_counted(joined, distinct_rows, include_flagged)),
            }
        table = _counted(matching, distinct_rows, include_flagged)
        rows = _aggregate(table, by)
        shown_ns = {int(r["n"]) for r in rows if int(r["n"]) >= MIN_N}
        bounds = _ci_bounds(table, by, shown_ns)
        provenance = _provenance(matching, value, distinct_rows, include_flagged)
    # An ungrouped query of nothing comes back as one row of n = 0: that is no group.
    groups = [_group(r, by, bounds.get(tuple(r[f] for f in by))) for r in rows if r["n"]]
    groups.sort(key=_sort_key(by))
    shown = [g for g in groups if g["n"] >= min_n][:limit]
    result = {
        "by": list(by),
        "where": typed,  # values as stored, typed as the field: {"year": [2024]}
        "groups": shown,
        "groups_omitted": len(groups) - len(shown),
        **provenance,
    }
    if value == "amount_usd_real":
        result["reference_year"] = reference_year(store)
    if adjustment is not None:
        result["local_prices"] = adjustment
    if not groups:
        result["no_match"] = no_match(typed, unmatched)
    return result


def reference_year(store: Store) -> int | None:
    """The CPI reference year of the store's real dollars (every record file agrees)."""
    years = [
        row[0]
        for row in store.con.execute(
            "SELECT DISTINCT reference_year FROM ingest_log WHERE kind = 'records' "
            "AND reference_year IS NOT NULL"
        ).fetchall()
    ]
    if len(years) > 1:
        shown = ", ".join(map(str, sorted(years)))
        raise StoreNeedsRebuild(
            f"record files were priced in different reference years ({shown}); "
            "run `paygrade rebuild` to bring them to one"
        )
    return int(years[0]) if years else None


def no_match(where: Mapping[str, list[Any]], unmatched: Sequence[Unmatched]) -> dict[str, Any]:
    """Why a query found no records: the values no record holds, with suggestions."""
    if unmatched:
        message = "; ".join(u.sentence() for u in unmatched)
    elif where:
        message = "no record matches all of these filters together"
    else:
        message = "the store holds no records: run `paygrade ingest --all`"
    return {"message": message, "unmatched": [u.as_dict() for u in unmatched]}


def _provenance(
    matching: Any, value: str, distinct_rows: bool, include_flagged: bool
) -> dict[str, Any]:
    """Which sources and pay components stand behind the numbers (base and total never mix
    silently), and how many matching records were left out as flagged."""
    if distinct_rows:
        matching = matching.filter(matching.dup_rank == 1)
    parts = matching.group_by(["source", "pay_component", "flagged"]).aggregate(n=matching.count())
    rows = parts.to_pyarrow().to_pylist()
    counted = [r for r in rows if include_flagged or not r["flagged"]]
    return {
        "value": value,
        "pay_components": sorted({r["pay_component"] for r in counted}),
        "sources": _counts_by_source(counted),
        "include_flagged": include_flagged,
        "flagged_excluded": 0 if include_flagged else sum(r["n"] for r in rows if r["flagged"]),
    }


def _counts_by_source(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in sorted(rows, key=lambda r: r["source"]):
        counts[row["source"]] = counts.get(row["source"], 0) + int(row["n"])
    return counts
