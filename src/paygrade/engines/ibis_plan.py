"""The statistics plan as Ibis expressions: the rendering Spark runs (and DuckDB can).

Exact quantiles only: Ibis's ``quantile`` compiles to ``quantile_cont`` on
DuckDB and ``percentile`` on Spark, both exact with linear interpolation. Never
``approx_quantile`` / ``percentile_approx``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from paygrade.engines import FOLDED, PAY_SUM_UNITS, QUANTILES, UNKNOWN, Key, Plan, Shown
from paygrade.records import PRIVATE_SOURCES


@contextmanager
def quiet_duckdb2() -> Iterator[None]:
    # Ibis 12 fetches results with DuckDB's fetch_arrow_table(), which DuckDB 2.0
    # renamed (same data) and warns about; silence only that until Ibis follows.
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", r"fetch_arrow_table\(\) is deprecated", category=DeprecationWarning
        )
        yield


@contextmanager
def quiet_pyspark() -> Iterator[None]:
    # pyspark 4.0 and Ibis convert Spark results through pandas with options and arguments that
    # pandas 3 deprecates (no effect on the values); not the user's concern.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"(pyspark|ibis)(\.|$)")
        yield


class IbisEngine:
    """Answers a :class:`Plan` with Ibis expressions over a ``records`` table.

    ``metro_prices`` gives the (metro, year) -> price parity table when local
    prices are asked for (see :func:`paygrade.prices.metro_prices_sql`).
    """

    def __init__(
        self,
        name: str,
        records: Any,
        metro_prices: Callable[[], Any] | None = None,
        said: Callable[[Exception], Exception | None] | None = None,
    ) -> None:
        self.name = name
        self.records = records
        self._metro_prices = metro_prices
        # The backend's errors as a person reads them (Spark's: one line, not Java's
        # stack), where ``said`` knows them; others go on as they are.
        self._said = said

    def close(self) -> None:
        """Nothing to let go: the backend (a Spark session) belongs to the caller."""

    def _fetch(self, expr: Any) -> list[dict[str, Any]]:
        try:
            with quiet_duckdb2(), quiet_pyspark():
                return list(expr.to_pyarrow().to_pylist())
        except Exception as exc:
            if self._said is None or (told := self._said(exc)) is None:
                raise
            raise told from None

    def _matching(self, plan: Plan) -> Any:
        table = self.records
        table = table.filter(table[plan.value].notnull())
        for name, values in plan.where.items():
            table = table.filter(table[name].isin(list(values)))
        return table.mutate(
            flagged=table.flags.notnull() & (table.flags.length() > 0), pay=table[plan.value]
        )

    def _joined(self, plan: Plan) -> Any:
        if self._metro_prices is None:
            raise ValueError(f"local prices are not available on {self.name}")
        table = self._matching(plan)
        prices = self._metro_prices()
        return table.left_join(prices, ["metro", "year"]).select(
            table, prices.rpp, prices.rpp_year, prices.cbsa
        )

    def _priced(self, plan: Plan) -> Any:
        """The records the plan summarizes, before the counting rules; a private source's
        only as :meth:`_private_kept` keeps them."""
        return self._private_kept(self._all_priced(plan), plan)

    def _private_kept(self, table: Any, plan: Plan) -> Any:
        """``table``'s records, a private source's only in groups that hold
        ``plan.private_min`` of them, of their pay component, as they count."""
        if not plan.private_min:
            return table
        import ibis

        private = table.source.isin(list(PRIVATE_SOURCES)).fill_null(False)  # no source
        counts = private & self._counts(table, plan)
        keys = [table[f].lower() if f in FOLDED else table[f] for f in plan.by]
        window = ibis.window(group_by=[*keys, table.pay_component])
        found = table.mutate(_private_n=counts.ifelse(1, 0).sum().over(window))
        kept = found.filter(~private | (found._private_n >= plan.private_min))
        return kept.drop("_private_n")

    def _all_priced(self, plan: Plan) -> Any:
        if not plan.local_prices:
            return self._matching(plan)
        joined = self._joined(plan)
        priced = joined.filter(joined.rpp.notnull())
        return priced.mutate(pay=priced.pay / (priced.rpp / 100))

    @staticmethod
    def _counts(table: Any, plan: Plan) -> Any:
        """The counting rules as one condition: flagged records left out unless asked,
        copies if asked."""
        import ibis

        condition = ibis.literal(True)
        if not plan.include_flagged:
            condition &= ~table.flagged
        if plan.distinct_rows:
            condition &= table.dup_rank == 1
        return condition

    def _counted(self, table: Any, plan: Plan) -> Any:
        return table.filter(self._counts(table, plan))

    def _grouped(self, plan: Plan) -> Any:
        """The counted records with each FOLDED field of ``by`` lower-cased: what groups key."""
        table = self._counted(self._priced(plan), plan)
        folded = {name: table[name].lower() for name in plan.by if name in FOLDED}
        return table.mutate(**folded) if folded else table

    def spellings(self, plan: Plan, name: str) -> list[dict[str, Any]]:
        table = self._counted(self._priced(plan), plan)
        keyed = table.mutate(folded=table[name].lower(), spelling=table[name])
        return self._fetch(keyed.group_by(["folded", "spelling"]).aggregate(n=keyed.count()))

    def aggregate(self, plan: Plan, shown: Shown | None = None) -> list[dict[str, Any]]:
        """Every group's figures, ``shown`` or not: the groups' sizes that choose them would
        be a Spark job of their own, which costs more than the figures it spares."""
        import ibis

        table = self._grouped(plan)
        column = table.pay
        metrics = {
            "n": table.count(),
            "n_distinct": (table.dup_rank == 1).sum(),
            "quantiles": column.quantile(list(QUANTILES.values())),
            # Rounded as a DOUBLE: round() and round(0) are a BIGINT, which a pay past
            # $922 trillion overflowed on Spark (DuckDB's plan counts to 1e300); digits
            # given as an expression keep Ibis from typing the result an integer.
            "pay_sum": (column * PAY_SUM_UNITS)
            .round(ibis.literal(0).cast("int32"))
            .cast("decimal(38, 0)")
            .sum(),
            "components": table.pay_component.fill_null(UNKNOWN).collect(distinct=True),
            "years": table.year.collect(distinct=True),
        }
        by = list(plan.by)
        expr = table.group_by(by).aggregate(**metrics) if by else table.aggregate(**metrics)
        return self._fetch(expr)

    def median_bounds(
        self, plan: Plan, ranks: Mapping[int, tuple[int, ...]]
    ) -> dict[Key, list[float]]:
        import ibis
        import pyarrow as pa

        if not ranks:
            return {}
        table = self._grouped(plan)
        by = list(plan.by)
        width = len(next(iter(ranks.values())))
        asked = [f"r{j}" for j in range(width)]
        # An Arrow table, not a dict: Ibis turns a dict into a pandas DataFrame.
        lookup = ibis.memtable(
            pa.table(
                {
                    "ci_n": pa.array(list(ranks), pa.int64()),
                    **{
                        name: pa.array([r[j] for r in ranks.values()], pa.int64())
                        for j, name in enumerate(asked)
                    },
                }
            )
        )
        window = ibis.window(group_by=by or None, order_by=table.pay)
        ranked = table.select(
            *by,
            v=table.pay,
            rank=ibis.row_number().over(window) + 1,
            gn=table.pay.count().over(ibis.window(group_by=by or None)),
        )
        hits = ranked.join(lookup, ranked.gn == lookup.ci_n).filter(
            lambda t: ibis.or_(*(t.rank == t[name] for name in asked))
        )
        metrics = {f"v{name}": hits.v.max(where=hits.rank == hits[name]) for name in asked}
        expr = hits.group_by(by).aggregate(**metrics) if by else hits.aggregate(**metrics)
        return {
            tuple(row[f] for f in by): [row[f"v{name}"] for name in asked]
            for row in self._fetch(expr)
        }

    def provenance(self, plan: Plan) -> list[dict[str, Any]]:
        matching = self._priced(plan)
        if plan.distinct_rows:
            matching = matching.filter(matching.dup_rank == 1)
        parts = matching.group_by(["source", "pay_component", "flagged"]).aggregate(
            n=matching.count()
        )
        return self._fetch(parts)

    def left_out(self, plan: Plan) -> dict[str, Any]:
        # Of the public records (a lone submission's metro had been named with its count).
        joined = self._joined(plan)
        if plan.private_min:
            joined = joined.filter(~joined.source.isin(list(PRIVATE_SOURCES)).fill_null(False))
        counts = self._counts(joined, plan)
        metros = joined.filter(counts & joined.metro.notnull() & joined.rpp.isnull())
        missing = metros.group_by("metro").aggregate(n=metros.count()).order_by("metro")
        later = counts & joined.rpp_year.notnull() & (joined.rpp_year < joined.year)
        totals = self._fetch(
            joined.aggregate(
                no_metro=(counts & joined.metro.isnull()).sum(),
                later=later.sum(),
                latest_year=joined.rpp_year.max(where=later),
                # In the same scan: Spark runs each query as jobs of its own.
                flagged=(self._flagged_left(joined, plan) & joined.rpp.isnull()).sum(),
            )
        )[0]
        return {
            "no_metro": int(totals["no_metro"] or 0),
            "no_price_parity": {r["metro"]: r["n"] for r in self._fetch(missing)},
            "priced_at_latest_year": int(totals["later"] or 0),
            "latest_year": totals["latest_year"],
            "flagged": int(totals["flagged"] or 0),
        }

    @staticmethod
    def _flagged_left(table: Any, plan: Plan) -> Any:
        """The records the counting rules leave out as flagged alone (a copy
        ``distinct_rows`` leaves out is no flagged record left out); none with
        ``include_flagged``, which counts them."""
        import ibis

        if plan.include_flagged:
            return ibis.literal(False)
        return table.flagged & (table.dup_rank == 1) if plan.distinct_rows else table.flagged
