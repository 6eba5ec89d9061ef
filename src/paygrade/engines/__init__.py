"""Where the statistics query runs: DuckDB (the default) or Spark, one definition for both.

The definition of the statistics lives in :mod:`paygrade.stats` (which metrics,
suppression, ordering); a :class:`Plan` says which records and groups; an
engine answers the four relational questions a plan asks. ``duckdb_sql`` answers
them in DuckDB SQL on the store's own connection (no Ibis, pandas or pyarrow to
import: a ``paygrade stats`` process starts in a fraction of a second);
``ibis_plan`` answers them as Ibis expressions, which run on Spark (or DuckDB:
the tests hold both renderings to identical answers on the real store).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# The percentiles every group reports, in order; both renderings read them from here.
QUANTILES: Mapping[str, float] = {"p10": 0.10, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p90": 0.90}
ENGINES = ("duckdb", "spark")
# Pay summed exactly, for the mean: each pay in whole 1/10,000 dollars (rounded), added
# as integers, so that no engine's order of adding floats can move a published cent.
# Doubles added in parallel are not exact: one metro's mean came out $87,277.36 or
# $87,277.37 from run to run on a busy machine.
PAY_SUM_UNITS = 10_000
# Fields written freely, grouped without regard to case and shown in the spelling with
# most records: the H-1B filings of 2015-2019 are in capitals ("DATA SCIENTIST", 19,159
# records with "Data Scientist"), later ones are not, and both are one title.
FOLDED: frozenset[str] = frozenset({"title"})
# A private source's records (PRIVATE_SOURCES: submitted salaries) count in a group only
# where the group holds at least this many of them of their pay component, counted as
# the group counts: ten submissions, each one base and one total record. Counted as
# records, three submissions had made a published group of six whose p25, median and
# p75 gave every one's pay; counted over both components, five had made a group of ten
# whose p10-p90 were their five salaries. One submission among filings was its metro's
# mean with it less the mean without.
PRIVATE_MIN = 10
# How an answer names a source or pay component the records do not hold (a foreign
# Parquet folder without those columns): JSON keys cannot be null, and "null" reads as
# a source of that name.
UNKNOWN = "(unknown)"


@dataclass(frozen=True)
class Plan:
    """Which records count and how they are grouped.

    ``where`` maps a field to the stored values it may take (already resolved);
    ``value`` is the pay column summarized; flagged records count only with
    ``include_flagged``; ``distinct_rows`` keeps the first of identical rows;
    ``local_prices`` divides each record's pay by its metro's price parity / 100;
    a private source's records count only in groups holding ``private_min`` of them of
    their pay component.
    """

    by: tuple[str, ...] = ()
    where: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    value: str = "amount_usd"
    distinct_rows: bool = False
    include_flagged: bool = False
    local_prices: bool = False
    private_min: int = PRIVATE_MIN


# A group's key: the values of plan.by, in order.
Key = tuple[Any, ...]
# Of an aggregate's rows (every group's key, n, components and years), those an answer
# shows: `stats --by title --limit 40` had made the figures of 32,000 groups to show 40.
Shown = Callable[[list[dict[str, Any]]], Iterable[dict[str, Any]]]


class Engine(Protocol):
    """The relational half of the statistics: rows in, one row per group out."""

    name: str

    def aggregate(self, plan: Plan, shown: Shown | None = None) -> list[dict[str, Any]]:
        """Per group: the ``by`` fields (a FOLDED one lower-cased), n, components (distinct
        pay components, a missing one as UNKNOWN, as the answer's provenance names it),
        years; and its figures: n_distinct, quantiles (list in QUANTILES order), pay_sum
        (the pays' exact sum in 1/PAY_SUM_UNITS dollars). ``shown``: the groups whose
        figures are needed, of the rows without them (an engine may give every group's
        figures all the same, as one Spark job does); the others' are None."""
        ...

    def median_bounds(
        self, plan: Plan, ranks: Mapping[int, tuple[int, ...]]
    ) -> dict[Key, list[float]]:
        """Per group of n in ``ranks``: the values at its 1-based ranks (ordered by pay), in
        their order (the median interval's two, and 1 and n: its smallest and largest)."""
        ...

    def provenance(self, plan: Plan) -> list[dict[str, Any]]:
        """(source, pay_component, flagged, n) of the matching records, flagged ones included."""
        ...

    def spellings(self, plan: Plan, name: str) -> list[dict[str, Any]]:
        """(folded, spelling, n) of a FOLDED field over the records the plan counts: each
        way its values are written, under the lower-cased key groups carry."""
        ...

    def left_out(self, plan: Plan) -> dict[str, Any]:
        """What local prices could not price or priced at a later year, of the public
        records: those the plan would count with no metro (``no_metro``), with no parity
        (``no_price_parity``, per metro), priced at BEA's ``latest_year``
        (``priced_at_latest_year``); and the flagged ones it could not price (``flagged``),
        which the provenance (priced records only) does not hold: each record unpriced is
        in one of these, as flagged records are counted without local prices."""
        ...

    def close(self) -> None:
        """Let go of what the answers of one plan needed (temporary tables)."""
        ...
