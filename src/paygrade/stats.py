"""Percentiles by group: the one query behind the CLI, (later) the API, report and Spark.

Exact percentiles with linear interpolation between order statistics (numpy's
default; ``quantile_cont`` on DuckDB, ``percentile`` on Spark), one plan
rendered for either engine (:mod:`paygrade.engines`). Never approximate
quantiles.

The median's 95% confidence interval is distribution-free: the order
statistics whose ranks come from the Binomial(n, 1/2) distribution, exactly as
``scipy.stats.quantile_test(...).confidence_interval()`` chooses them; a bound
that is the group's minimum or maximum (n = 6-8) is published as null.

The mean is the pays' exact sum over n (each engine adds whole 1/10,000 dollars as
integers), rounded half to even to the cent: no order of adding floats moves it. A group
counting submitted salaries gives its mean and percentiles to the nearest PRIVATE_STEP
dollars instead, and says so (``rounded_to``): exact figures of two groups one submission
apart gave its pay.

Suppression (small cells identify people and are unreliable): n < 5 reports
only n; n < 10 leaves p10 and p90 out.
"""

from __future__ import annotations

import heapq
import json
import sys
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache, lru_cache
from importlib import resources
from math import exp, floor, isqrt, lgamma, log, sqrt
from types import ModuleType
from typing import Any, Final, NamedTuple, TypeVar

from paygrade.engines import (
    FOLDED,
    PAY_SUM_UNITS,
    PRIVATE_MIN,
    QUANTILES,
    UNKNOWN,
    Engine,
    Plan,
)
from paygrade.engines.duckdb_sql import DuckDBEngine
from paygrade.filters import (
    KnownValues,
    Unmatched,
    as_asked,
    as_told,
    check_grouped_field,
    cities_of_several_states,
    resolve,
)
from paygrade.places_held import sources_naming_no_metro, states_of_metro
from paygrade.records import (
    FIELDS,
    PRIVATE_SOURCES,
    VOCABULARIES,
    FieldNamedTwice,
    PaygradeError,
    UnknownField,
    and_list,
    holds_private,
)
from paygrade.store import Store, first_row

MIN_N = 5  # below: only n is shown
MIN_N_TAILS = 10  # below: p10 and p90 are not shown
# A group of too few records, as its table row and its chart row both say it: a chart said
# "suppressed (n=1)" beside its table's "suppressed (n < 5)", two wordings of one rule.
SUPPRESSED = f"suppressed (n < {MIN_N})"
# How a stats question asks for a metro's states (its ``--where``, the API's ``where``).
STATES_ASKED = "state={codes}"
# A median interval both of whose ends would be the group's smallest and largest pay, as
# every table says it (the CLI's and the report's; the report had said "suppressed" alone,
# the word of a group of too few records).
CI_SUPPRESSED = "suppressed (min/max)"
# One such end of a median interval whose other end is published, as every table says it.
CI_END_HIDDEN = "not shown"
# A group counting submitted salaries publishes its mean and percentiles to this many
# dollars (half to even). Two groups of n1 and n2 records one submission apart gave its
# pay within $1 from n1 * mean1 - n2 * mean2 (13 and 12 at one company: 140,000.99 for
# 140,001); each mean off by up to half a step, that now gives it only within
# (n1 + n2) * 500 dollars, at least 10,500. Their percentiles, solved as equations, gave
# it to the cent at ranks 2-4 and 10-12 of 13 (140,001 at rank 11): now within $4,944
# there, $778 at rank 2 or 12 (docs/methodology.md). $1,000 is well inside what 10 or
# more pays can tell apart (a spread of $20,000: ~$6,300 of a mean's error at n = 10).
PRIVATE_STEP = 1_000
CONFIDENCE = 0.95
# What a stats table's columns mean, in a few words a newcomer reads: each heading's
# hover text and the key under the table on the web pages (/sources says how they are
# computed). "p10/p90", "distinct n" and "median 95% CI" had been defined only there.
COLUMNS_SAID: Final = {
    "n": "records counted",
    "distinct n": "records counted, identical rows of one file once",
    "p10": "10th percentile: a tenth of the group is paid less",
    "p25": "25th percentile: a quarter is paid less",
    "median": "half is paid less, half more",
    "p75": "75th percentile: three quarters are paid less",
    "p90": "90th percentile: nine tenths are paid less",
    "median 95% CI": f"where the median of all such pay lies, with {CONFIDENCE:.0%} confidence",
}
VALUE = "amount_usd"
CENT = Decimal("0.01")
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
        check_grouped_field(name)
    if twice := sorted({name for name in by if list(by).count(name) > 1}):
        # Said of the question, not of the CLI's flag: the API's by= and MCP's "by" ask it too.
        raise FieldNamedTwice(f"a field to group by is named twice: {', '.join(twice)}")


# The 95% ranks of every n below this are read from a table that
# scripts/median_ci_ranks_table.py makes with computed_ranks (tests hold every entry to
# scipy's): computing costs a tail sum of ~3.6 sqrt(n) terms per group size, and an
# answer asks for hundreds (the 10M-row benchmark's 442 sizes: 4.4 ms of its ~32).
TABLED_BELOW = 1 << 16
RANKS_TABLE = "tables/median_ci_ranks.u16"  # in the package: each n's lower rank (0: no CI)


@lru_cache(maxsize=4096)
def median_ci_ranks(n: int, confidence: float = CONFIDENCE) -> tuple[int, int] | None:
    """1-based ranks of the order statistics bounding the median's CI, or None if n is too small.

    Example:
        >>> median_ci_ranks(100)
        (40, 61)
        >>> median_ci_ranks(5) is None
        True
    """
    if confidence == CONFIDENCE and 0 <= n < TABLED_BELOW:
        low = _ranks_table()[n]
        # At p = 1/2 the two ranks lie alike about the middle (the table's maker checks).
        return (low, n + 1 - low) if low else None
    return computed_ranks(n, confidence)


@cache
def _ranks_table() -> array[int]:
    table = array("H")
    table.frombytes(resources.files("paygrade").joinpath(RANKS_TABLE).read_bytes())
    if sys.byteorder == "big":  # written little-endian
        table.byteswap()
    return table


def computed_ranks(n: int, confidence: float = CONFIDENCE) -> tuple[int, int] | None:
    """:func:`median_ci_ranks` from the binomial tails, for any n and confidence.

    Example:
        >>> computed_ranks(100), computed_ranks(5)
        ((40, 61), None)
    """
    tail = (1 - confidence) / 2
    # binom.ppf(tail): the least k with P(X <= k) >= tail.
    below, reached = _least_reaching(tail, n)
    # binom.isf(tail): the least k with P(X > k) <= tail. P(X > k) = P(X <= n-k-1) at
    # p = 1/2, so k = n - 1 - (the largest m with P(X <= m) <= tail).
    largest = below if reached == tail else below - 1
    low_index, high_index = below - 1, n - 1 - largest
    if low_index < 0 or high_index >= n:
        return None
    return low_index + 1, high_index + 1


def _least_reaching(tail: float, n: int) -> tuple[int, float]:
    """The least k with P(X <= k) >= tail for X ~ Binomial(n, 1/2), and P(X <= k).

    One exact tail sum a few ranks below where the normal approximation puts k,
    then up one probability at a time: a tail sum costs ~sqrt(n) terms, and a
    ``paygrade stats`` answer asks this for hundreds of group sizes.
    """
    spread = _normal_quantile(tail) * sqrt(n) / 2
    k = max(0, floor(n / 2 - spread) - 3)
    total = _half_cdf(k, n)
    if total >= tail and k > 0:  # the approximation overshot (never seen): search all
        k = _least(lambda m: _half_cdf(m, n) >= tail, n)
        return k, _half_cdf(k, n)
    pmf = _half_pmf(k, n)
    while total < tail and k < n:
        pmf *= (n - k) / (k + 1)
        k += 1
        total += pmf
    return k, total


def _normal_quantile(tail: float) -> float:
    """z with P(Z > z) = tail, to about 4.5e-4 (Abramowitz & Stegun 26.2.23): a starting
    point only (the statistics module would cost every process 25 ms to import).

    Example:
        >>> round(_normal_quantile(0.025), 2)
        1.96
    """
    u = sqrt(-2 * log(tail))
    return u - (2.515517 + 0.802853 * u + 0.010328 * u * u) / (
        1 + 1.432788 * u + 0.189269 * u * u + 0.001308 * u**3
    )


def _half_cdf(k: int, n: int) -> float:
    """P(X <= k) for X ~ Binomial(n, 1/2), as scipy's ``bdtr`` (to ~1e-9 relative at
    n = 10^6: the first term comes from lgamma of big numbers).

    Written out rather than imported: scipy costs every ``paygrade stats`` process
    a fifth of a second. Summed from k down, each term from the last by the pmf's
    ratio, until the terms no longer change the sum; above the mean by symmetry.

    Example:
        >>> round(_half_cdf(2, 4), 10)
        0.6875
    """
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    if 2 * k >= n:
        return 1.0 - _half_cdf(n - k - 1, n)
    term = _half_pmf(k, n)
    if n >= ARRAY_TAIL_FROM and sys.modules.get("numpy") is not None:
        # Imported, not read from sys.modules: another thread may be importing it still
        # (a server answers tools at once), and the import statement waits for that.
        import numpy

        return _tail_sum_arrays(numpy, term, k, n)
    return _tail_sum(term, k, n)


def _half_pmf(k: int, n: int) -> float:
    """P(X = k) for X ~ Binomial(n, 1/2), from lgamma (n! overflows a float past 170).

    Example:
        >>> _half_pmf(2, 4)  # 6/16
        0.375
    """
    return exp(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) - n * log(2))


# Group sizes from which a tail sum (~3.6 sqrt(n) terms) runs in NumPy when the process
# has it already (a large answer's steps come as arrays). The table answers below
# TABLED_BELOW, so at run time this serves larger groups (and the table's maker). In a
# scratch timing, before the table, the ranks of a 10M-row answer's 442 group sizes took
# 5.8 ms as Python loops, 3.7 ms so; NumPy's overhead per call outweighs the loop below
# ~3,000. Never imported for this (~50 ms).
ARRAY_TAIL_FROM = 3_000
_DUST = 1e-17  # a term this small beside the sum no longer changes it


def _tail_sum(term: float, k: int, n: int) -> float:
    """``term`` (the pmf at k) plus the pmf at k-1, k-2, ... while it still counts.

    Example:
        >>> _tail_sum(0.375, 2, 4)  # 6/16 + 4/16 + 1/16
        0.6875
    """
    total = term
    for i in range(k, 0, -1):
        term *= i / (n - i + 1)
        total += term
        if term <= total * _DUST:
            break
    return total


def _tail_sum_arrays(np: ModuleType, term: float, k: int, n: int) -> float:
    """:func:`_tail_sum` in NumPy, to the last bit: the same products and sums in the
    same order (a cumulative product and sum run left to right, one value at a time).

    Example:
        >>> import numpy
        >>> _tail_sum_arrays(numpy, 0.375, 2, 4)
        0.6875
    """
    total = term
    # The tail below a CI's lower rank fits in one chunk; from nearer the middle it takes two.
    chunk = 4 * isqrt(n) + 64
    top = k
    while top > 0:
        i = np.arange(top, max(top - chunk, 0), -1, dtype=np.float64)
        terms = np.cumprod(np.concatenate(([term], i / (n - i + 1))))[1:]
        sums = np.cumsum(np.concatenate(([total], terms)))[1:]
        small = np.flatnonzero(terms <= sums * _DUST)
        if len(small):
            return float(sums[small[0]])
        term, total, top = float(terms[-1]), float(sums[-1]), top - len(i)
    return total


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


class Group(dict[str, Any]):
    """A group of an answer: its keys are what is published; apart from them (an attribute,
    never a key, so no JSON, page or table carries it) ``withheld_ci``, the median interval
    of a group counting submitted salaries, which a reader may judge by
    (``verdict_interval``) and never print.

    Example:
        >>> group = Group(n=12, p50_ci=None); group.withheld_ci = [1.0, 2.0]
        >>> import json; json.dumps(group), verdict_interval(group)
        ('{"n": 12, "p50_ci": null}', (1.0, 2.0))
    """

    withheld_ci: list[float | None] | None = None


def _group(
    row: dict[str, Any],
    by: Sequence[str],
    ci: list[float] | None,
    withheld: list[float] | None,
    private: bool = False,
    key: dict[str, Any] | None = None,
) -> Group:
    """A group's published figures from its engine row; ``private``: it counts submitted
    salaries (``_counting_private``), so its mean and percentiles are coarser
    (``PRIVATE_STEP``), which ``rounded_to`` says (null: to the cent). ``key``: its key as
    shown (``_placed``), else the row's values."""
    n = int(row["n"])
    group = Group(
        key={f: row[f] for f in by} if key is None else key,
        n=n,
        n_distinct=int(row["n_distinct"] or 0),
        pay_components=sorted(row["components"] or []),
        years=sorted(row["years"] or []),
    )
    if n < MIN_N:
        group["suppressed"] = True
        return group
    for name, value in zip(QUANTILES, row["quantiles"], strict=True):
        group[name] = coarse(value) if private else _round(value)
    if n < MIN_N_TAILS:
        group["p10"] = group["p90"] = None
    group["mean"] = _coarse_mean(row["pay_sum"], n) if private else _mean(row["pay_sum"], n)
    group["p50_ci"] = _published_ci(ci, n)
    group["suppressed"] = False
    # Last, so every key before it keeps its place: a reader told nothing took 127,000 as exact.
    group["rounded_to"] = PRIVATE_STEP if private else None
    group.withheld_ci = _published_ci(withheld, n)
    return group


def _placed(
    row: dict[str, Any], by: Sequence[str], spelled: Mapping[str, Mapping[Any, Any]]
) -> dict[str, Any]:
    """What orders and chooses a group (``_sort_key``, ``_Cut``): its key, each folded
    field as its shown spelling, and its size.

    Example:
        >>> _placed({"company": "google", "n": 3}, ["company"], {"company": {"google": "Google"}})
        {'key': {'company': 'Google'}, 'n': 3}
    """
    key = {f: spelled[f].get(row[f], row[f]) if f in spelled else row[f] for f in by}
    return {"key": key, "n": int(row["n"])}


def _published_ci(ci: list[float] | None, n: int) -> list[float | None] | None:
    """The median's interval as published, from its two bounds and the group's smallest
    and largest values: a bound that is the value of either (x(1) or x(n), which the
    interval is for n = 6-8, or a value tied with them) is null, since no raw minimum or
    maximum is ever published. A tie had shown one: Spokane's n = 9 interval ended at the
    175,000 of one director's filing (filed twice), its maximum.

    Example:
        >>> _published_ci([130000.0, 181668.0, 130000.0, 181668.0], 6)
        [None, None]
        >>> _published_ci([58500.0, 175000.0, 41000.0, 175000.0], 9)
        [58500.0, None]
        >>> _published_ci([1.0, 9.0, 0.5, 10.0], 12)
        [1.0, 9.0]
    """
    if not ci or median_ci_ranks(n) is None:
        return None
    low, high, least, most = ci
    return [None if v in (least, most) else _round(v) for v in (low, high)]


def median_interval(group: Mapping[str, Any]) -> tuple[float, float] | None:
    """A group's median interval when both of its bounds are published, else None.

    Example:
        >>> median_interval({"p50_ci": [1.0, 2.0]}), median_interval({"p50_ci": [None, None]})
        ((1.0, 2.0), None)
    """
    return _both_ends(group.get("p50_ci"))


def _both_ends(ci: Sequence[float | None] | None) -> tuple[float, float] | None:
    if not ci or ci[0] is None or ci[1] is None:
        return None
    return float(ci[0]), float(ci[1])


def median_ci_said(
    ci: Sequence[float | None], money: Callable[[float], str], between: str = " - "
) -> str:
    """A shown median interval in words, the one rule of every face (the CLI's table, the
    report, the pages): each end in ``money``; an end that is the group's smallest or
    largest pay, null, is "not shown" and the other end shown; both such, "suppressed
    (min/max)". The CLI's table had said the latter of a group with one end known.

    Example:
        >>> median_ci_said([1.0, 2.0], str), median_ci_said([None, 2.0], str, "-")
        ('1.0 - 2.0', 'not shown-2.0')
        >>> median_ci_said([None, None], str)
        'suppressed (min/max)'
    """
    if all(end is None for end in ci):
        return CI_SUPPRESSED
    # ``between.join``: a page's Markup separator escapes the ends it joins.
    return between.join(money(end) if end is not None else CI_END_HIDDEN for end in ci)


def interval_withheld(group: Mapping[str, Any]) -> bool:
    """Whether a group's median interval is withheld because it counts submitted salaries
    (not for want of records): a shown group of n with an interval's ranks, ``p50_ci`` null.

    Example:
        >>> twelve = {"n": 12, "p50_ci": None}
        >>> interval_withheld(twelve), interval_withheld({**twelve, "n": 5})
        (True, False)
    """
    shown = not group.get("suppressed") and "p50_ci" in group
    return shown and group["p50_ci"] is None and median_ci_ranks(int(group["n"])) is not None


def verdict_interval(group: Mapping[str, Any]) -> tuple[float, float] | None:
    """A group's median interval for a reader's verdict, never to be published: the
    published one, else the one a group counting submitted salaries withholds (a
    ``Group``'s ``withheld_ci``). A verdict alone (two intervals overlap) says far less
    than the p10-p90 published beside it; the ends themselves, or a span built from them,
    would give two of the group's own values.

    Example:
        >>> verdict_interval({"p50_ci": [1.0, 2.0]}), verdict_interval({"n": 12, "p50_ci": None})
        ((1.0, 2.0), None)
    """
    return median_interval(group) or _both_ends(getattr(group, "withheld_ci", None))


def keeping_withheld(group: Mapping[str, Any], published: dict[str, Any]) -> Group:
    """``published`` (a reader's own dict of ``group``'s figures) as a ``Group`` keeping
    ``group``'s withheld interval, for the reader's verdicts.

    Example:
        >>> group = Group(n=12); group.withheld_ci = [1.0, 2.0]
        >>> verdict_interval(keeping_withheld(group, {"p50_ci": None}))
        (1.0, 2.0)
    """
    kept = Group(published)
    kept.withheld_ci = getattr(group, "withheld_ci", None)
    return kept


# How far from a half cent (in cents) a value may be and still be one: the float noise
# of interpolating between two pays (~1e-9 cents at a million dollars), far below the
# smallest step a real pay's decimals make.
HALF_CENT_NOISE = 1e-6


def _round(value: float | None) -> float | None:
    """A pay to the cent, a half cent to the even one, whatever float noise it carries.

    Why: a percentile falling on a half cent exactly came out of DuckDB's interpolation a
    hair under it and out of Spark's on it, so the two engines' answers differed by a
    cent (h1b_2024's base p90: 188,639.325 read as .32 and .33).

    Example:
        >>> _round(188639.32499999998), _round(188639.325), _round(188639.335)
        (188639.32, 188639.32, 188639.34)
        >>> _round(150000.0), _round(1234.5678), _round(None)
        (150000.0, 1234.57, None)
    """
    # Cents are noise in annual pay; keep them anyway (round to 2) so tests can
    # compare with numpy, but drop float dust. A whole number is its own rounding, and
    # round() to cents is the slow part of thousands of groups.
    if value is None:
        return None
    value = float(value)
    if value.is_integer():
        return value
    cents = value * 100
    below = floor(cents)
    if abs(cents - below - 0.5) < HALF_CENT_NOISE:
        return (below + below % 2) / 100
    return round(value, 2)


def _mean(pay_sum: Decimal | int, n: int) -> float:
    """The mean from the pays' exact sum (in 1/PAY_SUM_UNITS dollars), to the cent (half
    to even): the same on every engine and every run.

    Example:
        >>> _mean(2_000_100, 2), _mean(2_000_300, 2), _mean(Decimal(2_000_300), 2)
        (100.0, 100.02, 100.02)
    """
    if not isinstance(pay_sum, int):  # Spark's sums come as Decimal
        return float((Decimal(pay_sum) / (n * PAY_SUM_UNITS)).quantize(CENT, ROUND_HALF_EVEN))
    # In whole integers (a Decimal per group cost a millisecond of a large answer): the
    # cents, then the nearest double to them / 100, as float() of the Decimal is.
    per_cent = n * (PAY_SUM_UNITS // 100)  # the sum's units in one cent of the mean
    cents, rest = divmod(pay_sum, per_cent)
    if 2 * rest > per_cent or (2 * rest == per_cent and cents % 2):
        cents += 1
    return cents / 100


def _coarse_mean(pay_sum: Decimal | int, n: int, step: int = PRIVATE_STEP) -> float:
    """The mean from the pays' exact sum (in 1/PAY_SUM_UNITS dollars) to the nearest
    ``step`` dollars, half to even: of a group counting submitted salaries (see
    ``PRIVATE_STEP``). From the exact sum, never from the cent-rounded mean.

    Example:
        >>> _coarse_mean(127_253_5000 * 12, 12), _coarse_mean(Decimal(127_500_0000), 1)
        (127000.0, 128000.0)
        >>> _coarse_mean(126_500_0000 * 2, 2), _coarse_mean(126_500_0001 * 2, 2)
        (126000.0, 127000.0)
    """
    steps = (Decimal(pay_sum) / (n * PAY_SUM_UNITS * step)).to_integral_value(ROUND_HALF_EVEN)
    return float(steps * step)


def coarsest(*groups: Mapping[str, Any] | None) -> int | None:
    """The step the coarsest of ``groups`` is rounded to (``rounded_to``: of a group
    counting submitted salaries), else None: what a figure made of several says (a ladder's
    step of two cells, a metro's medians at two prices).

    Example:
        >>> coarsest({"rounded_to": None}, {"rounded_to": 1000}), coarsest({}, None)
        (1000, None)
    """
    return max((g["rounded_to"] for g in groups if g and g.get("rounded_to")), default=None)


def coarse(value: float | None, step: int = PRIVATE_STEP) -> float | None:
    """A percentile of a group counting submitted salaries to the nearest ``step``
    dollars, half to even (see ``PRIVATE_STEP``), from its cent (``_round``), which every
    engine gives alike: float dust at $127,500 must not round one engine's up, another's down.

    Example:
        >>> coarse(127_499.99), coarse(127_500.0), coarse(128_500.0), coarse(None)
        (127000.0, 128000.0, 128000.0, None)
        >>> coarse(126_500.0000001), coarse(126_499.9999999), coarse(141_056.7)
        (126000.0, 126000.0, 141000.0)
    """
    cents = _round(value)
    if cents is None:
        return None
    steps = (Decimal(repr(cents)) / step).to_integral_value(ROUND_HALF_EVEN)
    return float(steps * step)


class _Cut:
    """Which groups an answer shows, in its order: of an aggregate's rows (their key and
    n), those of at least ``min_n`` records, and of them the ``limit`` with most records
    (ties: the first in the answer's order, ``_sort_key``), each placed (``_placed``).
    Chosen once, when the engine asks (:data:`paygrade.engines.Shown`: to make the figures
    of these groups alone) or else after (an engine that makes every group's).

    Grouped by two fields, groups are listed by name, not size: the first ``limit`` of
    them were a company's titles from A to R, its 777 "Software Engineer" filings cut.

    Example:
        >>> rows = [{"level": v, "n": n} for v, n in [("mid", 1), ("senior", 9), ("staff", 9)]]
        >>> [placing["key"] for placing, _ in _Cut(["level"], {}, limit=1).of(rows)]
        [{'level': 'senior'}]
    """

    def __init__(
        self,
        by: Sequence[str],
        spelled: Mapping[str, Mapping[Any, Any]],
        min_n: int = 1,
        limit: int | None = None,
    ) -> None:
        self.by, self.spelled, self.min_n, self.limit = by, spelled, min_n, limit
        self.shown: list[tuple[dict[str, Any], dict[str, Any]]] | None = None

    def __call__(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [row for _, row in self.of(rows)]

    def of(self, rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(placing, row) of each group shown, in order: as chosen, else chosen now."""
        if self.shown is None:
            self.shown = self._chosen(rows)
        return self.shown

    def _chosen(self, rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        # Only the groups of the least size shown need placing to be chosen among: to show
        # 40 of 32,000 titles, sorting them all by name had cost more than their figures.
        kept = [row for row in rows if row["n"] and int(row["n"]) >= self.min_n]
        if self.limit is not None and len(kept) > self.limit:
            least = heapq.nlargest(self.limit, (int(row["n"]) for row in kept))[-1]
            tied = self._placed_in_order([row for row in kept if int(row["n"]) == least])
            room = self.limit - sum(1 for row in kept if int(row["n"]) > least)
            chosen = {id(row) for _, row in tied[:room]}
            kept = [row for row in kept if int(row["n"]) > least or id(row) in chosen]
        return self._placed_in_order(kept)

    def _placed_in_order(
        self, rows: list[dict[str, Any]]
    ) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        order = _sort_key(self.by)
        placed = [(_placed(row, self.by, self.spelled), row) for row in rows]
        return sorted(placed, key=lambda pair: order(pair[0]))


def _sizes_alone(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The groups whose figures a question of sizes alone needs: none
    (:data:`paygrade.engines.Shown`).

    Example:
        >>> _sizes_alone([{"n": 3}])
        []
    """
    return []


def _sort_key(by: Sequence[str]) -> Any:
    """Ladder order for vocabularies, ascending for numbers (years), text by name, but
    the last field's text by size (largest n first) within the groups of the fields
    before it (a company's titles within each pay component); unknown last."""

    def key(group: dict[str, Any]) -> tuple[Any, ...]:
        parts: list[Any] = []
        for position, name in enumerate(by):
            value = group["key"][name]
            order = VOCABULARIES.get(name)
            if value is None:
                parts.append((2, 0, ""))
            elif order is not None and value in order:
                parts.append((0, order.index(value), ""))
            elif _TYPES[name] in ("INTEGER", "BIGINT", "DOUBLE"):
                parts.append((0, value, ""))
            else:
                last = position == len(by) - 1
                parts.append((1, -group["n"] if last else 0, str(value)))
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
    engine: Engine | None = None,
    known: KnownValues | None = None,
    switch: str = "--include-flagged",
) -> dict[str, Any]:
    """``warned_stats``'s answer alone (the JSON contract); its warnings go unsaid.

    Example:
        >>> stats(store, ["level"], {"role": ["ml_engineer"]})["groups"][0]["key"]  # doctest: +SKIP
        {'level': 'entry'}
    """
    answer, _ = warned_stats(
        store,
        by,
        where,
        distinct_rows=distinct_rows,
        value=value,
        include_flagged=include_flagged,
        min_n=min_n,
        limit=limit,
        local_prices=local_prices,
        engine=engine,
        known=known,
        switch=switch,
    )
    return answer


def warned_stats(
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
    engine: Engine | None = None,
    known: KnownValues | None = None,
    switch: str = "--include-flagged",
    states_asked: str = STATES_ASKED,
) -> tuple[dict[str, Any], list[str]]:
    """Percentiles of annual USD pay per group of ``by``, over records matching ``where``;
    and what the answer's keys cannot carry, as every face says it (the CLI on stderr, the
    API in ``X-Paygrade-Warning`` headers, MCP as texts after the JSON): the records
    real dollars leave out for want of their year's CPI-U (``cpi_left_out``), and those a
    metro filter leaves out that are of its states but name no metro (``metro_left_out``).

    ``where`` maps a field to the values it may take (any of them); fields are
    ANDed; values are normalized as the data is (``company=GOOGLE LLC`` is
    Google). ``distinct_rows`` counts identical rows of one file once (see the
    duplicate policy). ``value`` is ``amount_usd`` or ``amount_usd_real``
    (reference-year dollars; records of years without CPI are left out).
    Flagged records (``FLAGGED_MEANS``) are left out unless ``include_flagged``; the
    result says how many. Groups with fewer than ``min_n`` records, and all but the
    ``limit`` with most records, are left out and counted in ``groups_omitted``. ``engine``
    runs the query (default: DuckDB on the store's connection; see
    :mod:`paygrade.engines`); the store still resolves the filter values
    (``known``: the values it holds, when the caller has loaded them already).
    ``switch``: how the caller's reader asks to count flagged records, named when every
    matching record is flagged (the API's ``include_flagged=true``). ``states_asked``: how
    the caller's reader asks for the metro's states, named where their records that name no
    metro are left out (``local-prices`` takes no filter: it names ``stats``).

    Example:
        >>> real = {"value": "amount_usd_real"}
        >>> warned_stats(store, where={"company": ["X"]}, **real)[1]  # doctest: +SKIP
        ['left out: 6 records of years CPI-U does not reach (its last is 2025): nominal ...']
    """
    check_by(by)
    if value not in VALUES:
        raise UnknownField(f"cannot summarize {value!r}; use one of: {', '.join(VALUES)}")
    check_folder_holds(store, where or {}, real=value == "amount_usd_real", distinct=distinct_rows)
    known = known or KnownValues(store)
    typed, unmatched = resolve(dict(where or {}), known, listed=True)
    # A list naming a value no record holds is refused as that value alone is.
    asked = as_asked(typed, unmatched)
    plan = Plan(tuple(by), asked, value, distinct_rows, include_flagged, local_prices)
    check_store_holds(store, real=value == "amount_usd_real", local_prices=local_prices)
    # Asked before any engine runs: one sharing the store's connection holds its results.
    private = holds_private(store.con, store.statistics_relation())
    runner = (
        engine
        if engine is not None
        else DuckDBEngine(store.con, known.relation, alongside=store.read_only)
    )
    try:
        spelled = {f: shown_spelling(runner.spellings(plan, f)) for f in by if f in FOLDED}
        # Chosen by key and size alone; then only the groups shown are made: `stats --by
        # title --limit 40` had made the figures of all 32,000 titles to show 40.
        cut = _Cut(by, spelled, min_n, limit)
        rows = runner.aggregate(plan, cut)
        placed = cut.of(rows)
        shown_ns = {int(r["n"]) for _, r in placed if int(r["n"]) >= MIN_N}
        # The interval's two ranks, and 1 and n: a bound of the value of either is not shown.
        ranks = {n: (*r, 1, n) for n in shown_ns if (r := median_ci_ranks(n)) is not None}
        bounds = runner.median_bounds(plan, ranks)
        found = runner.provenance(plan)
        provenance = _provenance(found, plan)
        no_cpi = _left_without_cpi(runner, plan, found)
        no_metro = _left_without_metro(runner, plan, store, known)
        # A city's name is not one place (Portland, OR and ME): its groups by state, said.
        pools = "city" in by and "state" not in by
        by_states = replace(plan, by=(*plan.by, "state"))
        by_state = runner.aggregate(by_states, _sizes_alone) if pools else []
        adjustment = _priced_locally(runner, plan, provenance) if local_prices else None
        # Kept apart from the answer (``Group.withheld_ci``), for readers' verdicts alone.
        counting = _counting_private(runner, plan) if private else set()  # last: another plan's
        withheld = {key: bounds.pop(key) for key in counting if key in bounds}
        # Said only when the filters' values are all held and match nothing together.
        nothing = not unmatched and not any(r["n"] for r in rows)
        apart = each_left_out(runner, plan) if nothing else {}
    finally:
        if engine is None:
            runner.close()
    # An ungrouped query of nothing comes back as one row of n = 0: that is no group.
    groups = sum(1 for r in rows if r["n"])
    shown = _made(placed, by, bounds, withheld, counting)
    result = {
        "by": list(by),
        # Values as stored, typed as the field: {"year": [2024]}; as told (``as_told``).
        "where": as_told(typed, unmatched, known),
        "groups": shown,
        "groups_omitted": groups - len(shown),
        **provenance,
    }
    if value == "amount_usd_real":
        result["reference_year"] = reference_year(store)
    if adjustment is not None:
        result["local_prices"] = adjustment
    left = CpiLeft(no_cpi, *_cpi_held(store)) if no_cpi else NONE_LEFT
    if not groups:
        flagged = provenance["flagged_excluded"]
        empty = _nothing_counted(store, value)
        none = no_match(typed, unmatched, adjustment, flagged, switch, empty, left)
        result["no_match"] = with_each_left_out(with_years_held(store, typed, none), apart)
    pooled = [*_without_pay(store, value), *cities_of_several_states(by_state, shown)]
    cpi = cpi_left_out(left)
    # With no group, the no-match message may say it already (said twice).
    if result.get("no_match", {}).get("message") == _no_cpi_match(left):
        cpi = None
    said = [w for w in (cpi, metro_left_out(no_metro, states_asked)) if w is not None]
    return result, [*said, *pooled]


def _made(
    placed: list[tuple[dict[str, Any], dict[str, Any]]],
    by: Sequence[str],
    bounds: Mapping[tuple[Any, ...], list[float]],
    withheld: Mapping[tuple[Any, ...], list[float]],
    counting: set[tuple[Any, ...]],
) -> list[Group]:
    """The groups shown (``_Cut``: (placing, row) each), made: their figures, the median's
    interval of their bounds (kept apart where ``withheld``), coarser if ``counting``
    submitted salaries."""
    made = []
    for placing, row in placed:
        key = tuple(row[f] for f in by)
        ci, kept_apart = bounds.get(key), withheld.get(key)
        made.append(_group(row, by, ci, kept_apart, key in counting, key=placing["key"]))
    return made


def _without_pay(store: Store, value: str) -> list[str]:
    """A folder's rows with no pay, which no answer counts: said, as a store has none (ingest
    quarantines them); 1,129 of a survey's 11,277 rows had been left out without a word.
    Of real dollars, the years without CPI-U say it (``cpi_left_out``)."""
    if not store.folder or value == "amount_usd_real":
        return []
    missing, rows = first_row(
        store.con, f'SELECT count(*) FILTER (WHERE "{value}" IS NULL), count(*) FROM records'
    ) or (0, 0)
    if not missing or missing == rows:  # none, or all: "no record in DIR has amount_usd"
        return []
    said = f"{missing:,} row{'' if missing == 1 else 's'}"
    return [f"left out: {said} of {store.path} with no {value}, which no answer counts"]


def _priced_locally(runner: Engine, plan: Plan, provenance: dict[str, Any]) -> dict[str, Any]:
    """What local prices did and left out; the flagged records among those it could not
    price are added to ``provenance``'s ``flagged_excluded``, which counts the priced ones
    only: 7 flagged records of a role, none with a metro, had been counted nowhere."""
    left = runner.left_out(plan)
    provenance["flagged_excluded"] += left.pop("flagged")
    return {"applied": "pay / (BEA all-items regional price parity / 100), per record", **left}


def _counting_private(runner: Engine, plan: Plan) -> set[tuple[Any, ...]]:
    """The groups that count a private source's records (submitted salaries), which get no
    median interval: its ends are two of the group's own values, and beside p10 and p90
    they had given submitters' exact pay (at n = 10 the interval is x(2)-x(9), and
    p10 = x(1) + 0.9 (x(2) - x(1)) then gives the lowest). Asked of the engine, as every
    count is (of a store that holds such records)."""
    asked = plan.where.get("source")
    private = [s for s in sorted(PRIVATE_SOURCES) if asked is None or s in asked]
    if not private:
        return set()
    rows = runner.aggregate(replace(plan, where={**plan.where, "source": private}), _sizes_alone)
    return {tuple(r[f] for f in plan.by) for r in rows if r["n"]}


def _left_without_cpi(runner: Engine, plan: Plan, found: list[dict[str, Any]]) -> int:
    """How many records the plan would count in nominal dollars but not in real ones: their
    year has no CPI-U (records of 2026 while CPI-U ends at 2025 had been left out without a
    word). Asked of the engine, as every count is, so Spark says it too. Public records
    only: a private source's records count as their group's size allows, and a lone
    submission is never said by its count (as local prices' left out). ``found``: the
    plan's own provenance."""
    if plan.value != "amount_usd_real":
        return 0
    bare = replace(plan, local_prices=False)  # local prices' left out are their own
    real = runner.provenance(bare) if plan.local_prices else found
    nominal = runner.provenance(replace(bare, value="amount_usd"))
    return _public_counted(nominal, plan) - _public_counted(real, plan)


def _public_counted(rows: list[dict[str, Any]], plan: Plan) -> int:
    return sum(int(r["n"]) for r in _public_rows(rows, plan))


def _public_rows(rows: list[dict[str, Any]], plan: Plan) -> list[dict[str, Any]]:
    """The provenance rows of public records the plan counts (flagged ones only if asked)."""
    return [
        r
        for r in rows
        if r["source"] not in PRIVATE_SOURCES and (plan.include_flagged or not r["flagged"])
    ]


_V = TypeVar("_V")


def each_left_out(runner: Engine, plan: Plan) -> dict[str, int]:
    """For filters that together matched nothing: the public records each filter's removal
    would let match, in the filters' order; {} for fewer than two filters. Said beside
    "no record matches all of these filters together", which had not said which filter to
    drop (ML engineers at Amazon: none; Amazon files them as applied scientists). Asked of
    the engine in the question's own terms (pay, flagged records, local prices), so Spark
    says the same; public records only, as ``_left_without_metro``: a count of one private
    submission is not said."""
    if len(plan.where) < 2:
        return {}

    def counted(where: Mapping[str, Sequence[Any]]) -> int:
        rows = runner.provenance(replace(plan, by=(), where=where))
        return sum(int(r["n"]) for r in _public_rows(rows, plan))

    return {field: counted(where) for field, where in without_each(plan.where).items()}


def without_each(where: Mapping[str, _V]) -> dict[str, dict[str, _V]]:
    """Per filter of ``where``, the other filters (``each_left_out``'s questions).

    Example:
        >>> without_each({"company": ["Amazon"], "role": ["ml_engineer"]})
        {'company': {'role': ['ml_engineer']}, 'role': {'company': ['Amazon']}}
    """
    return {field: {f: v for f, v in where.items() if f != field} for field in where}


def records_or_none(n: int) -> str:
    """A count of records as ``each_left_out``'s words say it.

    Example:
        >>> records_or_none(0), records_or_none(1), records_or_none(8569)
        ('none', '1 record', '8,569 records')
    """
    return f"{n:,} record{'' if n == 1 else 's'}" if n else "none"


def with_each_left_out(none: dict[str, Any], apart: Mapping[str, int]) -> dict[str, Any]:
    """``no_match``'s answer ``none`` with, when it says only that the filters together
    match none, what each left out would match (``each_left_out``), in words and as
    ``each_left_out`` ({field: records}).

    Example:
        >>> none = {"message": NONE_TOGETHER, "unmatched": []}
        >>> with_each_left_out(none, {"role": 6517, "company": 0})["message"]
        'no record matches all of these filters together (without role: 6,517 records; \
without company: none)'
    """
    if none["message"] != NONE_TOGETHER or not apart:
        return none
    said = "; ".join(f"without {field}: {records_or_none(n)}" for field, n in apart.items())
    return {**none, "message": f"{NONE_TOGETHER} ({said})", "each_left_out": dict(apart)}


class MetroLeft(NamedTuple):
    """The records a metro filter left out that are of its states but name no metro: how
    many of each state (those with any, in the metro's name's order), and their sources."""

    by_state: tuple[tuple[str, int], ...] = ()
    sources: tuple[str, ...] = ()
    # Asked at local prices: the wider place counts them, but not at local prices either.
    local_prices: bool = False


NO_METRO_LEFT: Final = MetroLeft()


def _left_without_metro(runner: Engine, plan: Plan, store: Store, known: KnownValues) -> MetroLeft:
    """The records matching every filter but the metro that are of the metro's states and
    of a source naming a state, never a metro (the late-2023 H-1B filings): Google's 849 of
    CA had been left out of San Jose's answer without a word, which ended in 2019. Asked of
    the engine, as every count is, so Spark says it too; public records only, as
    ``_left_without_cpi`` (a private source is never a stateless one here). Of metros some
    record holds only: "LA" or "CA", which no record names as a metro, had been read as
    Louisiana's or California's name and their records said left out of a metro there is
    none of (``no_match`` says the value instead)."""
    held = known.of("metro")
    metros = [m for m in plan.where.get("metro") or () if str(m).casefold() in held]
    if not metros:
        return NO_METRO_LEFT
    asked = plan.where.get("source")
    sources = [
        s
        for s in sources_naming_no_metro(store, known.relation or "records")
        if s not in PRIVATE_SOURCES and (asked is None or s in asked)
    ]
    states = _metros_states(store, [str(m) for m in metros], plan.where.get("state"))
    if not sources or not states:
        return NO_METRO_LEFT
    others = {f: v for f, v in plan.where.items() if f not in ("metro", "state", "source")}
    by_state, named = [], set()
    # Counted as nominal pay counts them: at local prices, records naming no metro are not
    # priced, so none was ever counted, and `stats --local-prices` of Austin's metro had been
    # silent of the 23 late-2023 filings of TX its nominal answer names.
    bare = replace(plan, local_prices=False)
    for state in states:
        where = {**others, "state": [state], "source": sources}
        rows = _public_rows(runner.provenance(replace(bare, where=where)), plan)
        if n := sum(int(r["n"]) for r in rows):
            by_state.append((state, n))
            named |= {str(r["source"]) for r in rows if r["n"]}
    return MetroLeft(tuple(by_state), tuple(sorted(named)), plan.local_prices)


def _metros_states(store: Store, metros: list[str], asked: Sequence[Any] | None) -> list[str]:
    """The states of ``metros``, each once, in their names' order; of ``asked`` only, if the
    question filters states too (``state=TX`` beside San Jose's metro leaves none)."""
    states = dict.fromkeys(s for metro in metros for s in states_of_metro(store, metro))
    return [s for s in states if asked is None or s in asked]


def metro_left_out(left: MetroLeft, states_asked: str = STATES_ASKED) -> str | None:
    """What an answer filtered by metro says of the records of the metro's states it left
    out for naming no metro, as records of years without CPI-U are said; ``states_asked``
    is how the reader asks for those states (``{codes}``: their codes, "CA,WA"; ``{listed}``
    them as a JSON list's items, '"CA", "WA"').

    Example:
        >>> metro_left_out(MetroLeft((("CA", 849),), ("h1b_2024",)))
        'left out: 849 records of CA that name no metro (h1b_2024 gives states only): \
state=CA counts them, a wider place than the metro'
        >>> metro_left_out(MetroLeft((("NY", 114), ("NJ", 1)), ("h1b_2024",)))
        'left out: 115 records of NY (114) and NJ (1) that name no metro (h1b_2024 gives \
states only): state=NY,NJ counts them, a wider place than the metro'
        >>> metro_left_out(MetroLeft((("WA", 1),), ("a", "b")))
        'left out: 1 record of WA that names no metro (a and b give states only): state=WA \
counts it, a wider place than the metro'
        >>> said = metro_left_out(MetroLeft((("NC", 6),), ("h1b_2024",)), "stats of state={codes}")
        >>> said.split("): ")[1]
        'stats of state=NC counts them, a wider place than the metro'
        >>> said = metro_left_out(MetroLeft((("NY", 1), ("NJ", 1)), ("h1b_2024",)), "[{listed}]")
        >>> said.split("): ")[1]
        '["NY", "NJ"] counts them, a wider place than the metro'
        >>> metro_left_out(MetroLeft((("TX", 23),), ("h1b_2024",), local_prices=True))
        'left out: 23 records of TX that name no metro (h1b_2024 gives states only): \
state=TX counts them, a wider place than the metro, though not at local prices (which need \
a metro)'
        >>> metro_left_out(NO_METRO_LEFT) is None
        True
    """
    n = sum(count for _, count in left.by_state)
    if not n:
        return None
    one = n == 1
    records = f"{n:,} record{'' if one else 's'}"
    states = [state for state, _ in left.by_state]
    of = states[0] if len(states) == 1 else and_list(f"{s} ({c:,})" for s, c in left.by_state)
    give = "gives" if len(left.sources) == 1 else "give"
    asked = states_asked.format(codes=",".join(states), listed=", ".join(map(json.dumps, states)))
    return (
        f"left out: {records} of {of} that name{'s' if one else ''} no metro "
        f"({and_list(left.sources)} {give} states only): "
        f"{asked} counts "
        f"{'it' if one else 'them'}, a wider place than the metro"
        + (", though not at local prices (which need a metro)" if left.local_prices else "")
    )


class CpiLeft(NamedTuple):
    """The records real dollars left out for want of their year's CPI-U: how many, CPI-U's
    last year where known, and whether some record files were normalized before CPI-U was
    loaded (their records have no real amount until a rebuild, whatever their year)."""

    n: int
    last_year: int | None = None
    unpriced_files: bool = False


NONE_LEFT: Final = CpiLeft(0)


def _cpi_held(store: Store) -> tuple[int | None, bool]:
    """The store's last year of CPI-U, and whether a record file was normalized before
    CPI-U was loaded (a folder's real dollars are its files': None, False)."""
    if store.folder:
        return None, False
    last = store.scalar("SELECT max(year) FROM cpi")
    # A record of a year CPI-U has, with no real amount: normalized before CPI-U came.
    before = store.scalar(
        "SELECT count(*) FROM (SELECT 1 FROM records WHERE amount_usd_real IS NULL "
        "AND year IN (SELECT year FROM cpi) LIMIT 1)"
    )
    return (None if last is None else int(last)), bool(before)


def cpi_left_out(left: CpiLeft) -> str | None:
    """What a real-dollars answer says of the records it left out for want of their year's
    CPI-U, as flagged records are said.

    Example:
        >>> cpi_left_out(CpiLeft(6, 2025))
        'left out: 6 records of years CPI-U does not reach (its last is 2025): nominal \
dollars count them'
        >>> cpi_left_out(CpiLeft(1))
        'left out: 1 record of a year without CPI-U: nominal dollars count it'
        >>> cpi_left_out(CpiLeft(0, 2025)) is None
        True
    """
    if not left.n:
        return None
    records = f"{left.n:,} record{'' if left.n == 1 else 's'}"
    return f"left out: {records} of {_cpi_years(left)}: {_nominal(left.n)}"


def _no_cpi_match(left: CpiLeft) -> str:
    """``no_match``'s message when every record matching is of a year without CPI-U."""
    are = "records are" if left.n > 1 else "record is"
    return (
        f"the {left.n:,} matching {are} of {_cpi_years(left)}, which real dollars leave "
        f"out: {_nominal(left.n)}"
    )


def _cpi_years(left: CpiLeft) -> str:
    """Why records have no real amount: their years, or (a store told to rebuild when
    CPI-U came) files normalized before it, which had been said as years CPI-U does not
    reach of 2013's records.

    Example:
        >>> _cpi_years(CpiLeft(5, 2025, unpriced_files=True))  # doctest: +NORMALIZE_WHITESPACE
        'years CPI-U does not reach (its last is 2025), or of files normalized before it
         was loaded (`paygrade rebuild --if-stale` prices them)'
    """
    years = "a year" if left.n == 1 else "years"
    said = (
        f"{years} without CPI-U"
        if left.last_year is None
        else f"{years} CPI-U does not reach (its last is {left.last_year})"
    )
    if left.unpriced_files:
        said += (
            ", or of files normalized before it was loaded (`paygrade rebuild --if-stale` "
            "prices them)"
        )
    return said


def _nominal(n: int) -> str:
    return "nominal dollars count " + ("it" if n == 1 else "them")


def shown_spelling(rows: list[dict[str, Any]]) -> dict[Any, Any]:
    """Per folded value, the spelling with most records (ties: the one sorting last, so
    "Data Scientist" before "DATA SCIENTIST").

    Example:
        >>> shown_spelling([{"folded": "ds", "spelling": "DS", "n": 3},
        ...                 {"folded": "ds", "spelling": "Ds", "n": 3},
        ...                 {"folded": "ds", "spelling": "ds", "n": 1}])
        {'ds': 'Ds'}
    """
    best: dict[Any, tuple[int, str]] = {}
    for row in rows:
        if row["folded"] is not None:
            candidate = (int(row["n"]), row["spelling"])
            best[row["folded"]] = max(best.get(row["folded"], candidate), candidate)
    return {folded: spelling for folded, (_, spelling) in best.items()}


def reference_year(store: Store) -> int | None:
    """The CPI reference year of the store's real dollars (every record file agrees)."""
    years = [
        row[0]
        for row in store.con.execute(
            "SELECT DISTINCT reference_year FROM ingest_log WHERE kind = 'records' "
            "AND reference_year IS NOT NULL AND status = 'ok'"
        ).fetchall()
    ]
    if len(years) > 1:
        shown = ", ".join(map(str, sorted(years)))
        raise StoreNeedsRebuild(
            f"record files were priced in different reference years ({shown}); "
            "run `paygrade rebuild` to bring them to one"
        )
    return int(years[0]) if years else None


EMPTY_STORE = "the store holds no records: run `paygrade ingest --all`"


def _nothing_counted(store: Store, value: str) -> str:
    """Why a store or folder asked of everything answers nothing. A folder of submitted
    salaries too few to count had been said to hold no record with a pay."""
    if not store.folder:
        return EMPTY_STORE
    if holds_private(store.con, store.statistics_relation()):
        return (
            f"no record in {store.path} is counted: it holds submitted salaries, which "
            f"count only in a group holding {PRIVATE_MIN} of them of a pay component"
        )
    return f"no record in {store.path} has {value}"


def check_store_holds(store: Store, *, real: bool, local_prices: bool) -> None:
    """Refuse real dollars without CPI-U and local prices without BEA's parities in the
    store. The CLI asks before Spark starts (~30 s), as the query asks before it runs."""
    if local_prices:
        _check_price_parities(store)
    if real:
        _check_cpi(store)


def check_folder_holds(
    store: Store, where: Mapping[str, Any], *, real: bool, distinct: bool
) -> None:
    """Refuse a question on a Parquet folder that lacks what it asks of: a column its files
    do not have (read as empty) or a first copy to count. Each had been answered as of
    the records: "of years without CPI-U" (no amount_usd_real column), "no record
    matches" (a filter on a column it lacks), "no record has amount_usd" (no row with
    dup_rank = 1). Asked before Spark starts, as ``check_store_holds``."""
    if not store.folder:
        return
    from paygrade.parquet import ParquetError, columns

    if real and "amount_usd_real" not in store.columns:
        raise ParquetError(
            f"{store.path}: the Parquet files have no amount_usd_real column, which real "
            "dollars (--real) are read from: `paygrade export` writes it from a store that "
            "holds CPI-U; or leave --real out"
        )
    if lacking := [f for f in where if f in columns() and f not in store.columns]:
        raise ParquetError(
            f"{store.path}: the Parquet files have no {lacking[0]} column, so no row can match "
            f"--where {lacking[0]}=...: leave that filter out"
        )
    if distinct and not _a_first_copy(store):
        raise ParquetError(
            f"{store.path}: no row is a first copy (dup_rank = 1), which --distinct-rows "
            "counts: every row is a later copy of another; leave --distinct-rows out"
        )


def _a_first_copy(store: Store) -> bool:
    """Whether a folder holds a first copy, or no row at all (said otherwise)."""
    return bool(
        store.scalar("SELECT count(*) FROM (SELECT 1 FROM records WHERE dup_rank = 1 LIMIT 1)")
        or not store.scalar("SELECT count(*) FROM (SELECT 1 FROM records LIMIT 1)")
    )


def _check_cpi(store: Store) -> None:
    """Real dollars need CPI-U: a store without it had answered "no record matches all of
    these filters together" of records it held. (A folder's real dollars are its files'.)"""
    from paygrade.prices import NoCPI

    if store.folder or store.scalar("SELECT count(*) FROM cpi"):
        return
    raise NoCPI(
        "real dollars need CPI-U, which the store does not hold: run `paygrade ingest cpi`, "
        "then `paygrade rebuild --if-stale`"
    )


def _check_price_parities(store: Store) -> None:
    """Local prices need BEA's parities and OFLC's geography (metro names to BEA's codes):
    without either, every record was "in areas BEA does not price" (an export's partition
    folder, which has no ``_tables`` beside it; a store of one's own files and the BEA
    file alone)."""
    from paygrade.prices import NoPriceParity, price_table_lacking

    lacking = price_table_lacking(store)
    if lacking is None:
        return
    what, source = lacking
    if store.folder:
        raise NoPriceParity(
            f"{store.path} holds no {what}, which local prices need: an export keeps "
            "them in its _tables folder, so give the export's folder"
        )
    raise NoPriceParity(
        f"the store holds no {what}, which local prices need: run `paygrade ingest {source}`"
    )


# What ``no_match`` says of filters each matching records and together none.
NONE_TOGETHER = "no record matches all of these filters together"


def no_match(
    where: Mapping[str, list[Any]],
    unmatched: Sequence[Unmatched],
    local_prices: Mapping[str, Any] | None = None,
    flagged: int = 0,
    switch: str = "--include-flagged",
    empty: str = EMPTY_STORE,
    no_cpi: CpiLeft = NONE_LEFT,
) -> dict[str, Any]:
    """Why a query found no records: the values no record holds, with suggestions; or,
    at local prices, the records it matched that have no metro BEA prices (and the
    ``flagged`` ones beside them); or the ``flagged`` records it matched, all flagged
    and left out; or, in real dollars, the records it matched of years
    without CPI-U (``no_cpi``: how many, and CPI-U's last year); or, asked of
    everything, ``empty``: what is wrong where the records come from.

    Example:
        >>> no_match({"company": ["Acme"]}, [], flagged=1)["message"]
        'the 1 matching record is flagged and left out (--include-flagged counts it)'
        >>> no_match({"company": ["Acme"]}, [], {"no_metro": 3, "no_price_parity": {}},
        ...          flagged=1)["message"]  # doctest: +NORMALIZE_WHITESPACE
        'local prices need a metro BEA prices: of the records matching, 3 name no metro
         (survey records name none); 1 more record is flagged and left out
         (--include-flagged counts it)'
        >>> no_match({"year": [2026]}, [], no_cpi=CpiLeft(6, 2025))["message"]
        'the 6 matching records are of years CPI-U does not reach (its last is 2025), which \
real dollars leave out: nominal dollars count them'
    """
    no_metro = local_prices["no_metro"] if local_prices else 0
    unpriced = local_prices["no_price_parity"] if local_prices else {}
    if unmatched:
        message = "; ".join(u.sentence() for u in unmatched)
    elif no_metro or unpriced:
        message = _not_priced(no_metro, unpriced) + (
            f"; {_flagged_left_out(flagged, switch, 'more')}" if flagged else ""
        )
    elif flagged:
        message = f"the {_flagged_left_out(flagged, switch, 'matching')}"
    elif no_cpi.n:
        message = _no_cpi_match(no_cpi)
    elif where:
        message = NONE_TOGETHER
    else:
        message = empty
    return {"message": message, "unmatched": [u.as_dict() for u in unmatched]}


def with_years_held(
    store: Store, where: Mapping[str, Sequence[Any]], none: dict[str, Any]
) -> dict[str, Any]:
    """``no_match``'s answer ``none`` with, when it says only that the filters together
    match none, the years the sources asked hold (``years_held``): one function for every
    command's message, ``records`` too (it had said the bare words of ``stats`` before).

    Example:
        >>> with_years_held(Store.open(":memory:"), {"year": [2024], "source": ["h1b_2024"]},
        ...                 {"message": NONE_TOGETHER, "unmatched": []})["message"]
        'no record matches all of these filters together; h1b_2024 holds no records'
    """
    if none["message"] == NONE_TOGETHER:
        none["message"] += years_held(store, where)
    return none


def years_held(store: Store, where: Mapping[str, Sequence[Any]]) -> str:
    """The years the sources of a ``source`` filter hold, for a message of no record found
    with a ``year`` filter beside it; "" for filters without the two. h1b_2024's records
    are of 2023 (the filings' receipt year): ``year=2024`` with it had found nothing, said
    as "no record matches all of these filters together" alone.

    Example:
        >>> years_held(Store.open(":memory:"), {"year": [2024], "source": ["h1b_2024"]})
        '; h1b_2024 holds no records'
        >>> years_held(Store.open(":memory:"), {"source": ["h1b_2024"]})
        ''
    """
    sources = sorted({str(s) for s in where.get("source", ())})
    if not sources or "year" not in where:
        return ""
    held = store.con.execute(
        "SELECT source, min(year), max(year), count(DISTINCT year) FROM records "
        "WHERE source IN (SELECT unnest(?)) AND year IS NOT NULL GROUP BY source",
        [sources],
    ).fetchall()
    spans = {source: _years_said(*years) for source, *years in held}
    return "; " + ", ".join(
        f"{source} holds {spans.get(source, 'no records')}" for source in sources
    )


def _years_said(first: int, last: int, years: int) -> str:
    """A source's years of records as ``years_held`` says them.

    Example:
        >>> _years_said(2023, 2023, 1), _years_said(2019, 2024, 6), _years_said(2019, 2024, 3)
        ('records of 2023 only', 'records of 2019 to 2024', 'records of 3 years from 2019 to 2024')
    """
    if first == last:
        return f"records of {first} only"
    span = f"{first} to {last}"
    return (
        f"records of {span}"
        if years == last - first + 1
        else f"records of {years} years from {span}"
    )


def _not_priced(no_metro: int, unpriced: dict[str, int]) -> str:
    """``no_match``'s message when local prices priced none of the records counted; each
    reason said only of the records it holds (a nonmetropolitan area's 10 filings had been
    "0 name no metro (survey records name none) and 10 are in areas ...", then "in areas
    BEA does not price in their years", an area BEA prices in no year).

    Example:
        >>> _not_priced(0, {"Twin Falls, ID": 1})
        'local prices need a metro BEA prices: of the records matching, 1 is in 1 area BEA \
does not price in their years'
        >>> _not_priced(1, {"South Arkansas nonmetropolitan area": 10})
        'local prices need a metro BEA prices: of the records matching, 1 names no metro \
(survey records name none); 10 are in 1 nonmetropolitan area (which BEA never prices)'
    """
    from paygrade.prices import unpriced_said

    reasons = []
    if no_metro:
        names = "names" if no_metro == 1 else "name"
        reasons.append(f"{no_metro:,} {names} no metro (survey records name none)")
    reasons += unpriced_said(unpriced, verb=True)
    return "local prices need a metro BEA prices: of the records matching, " + "; ".join(reasons)


def _flagged_left_out(n: int, switch: str, which: str) -> str:
    """What ``no_match`` says of ``n`` flagged records left out (``which``: matching, or
    more beside the records local prices could not price).

    Example:
        >>> _flagged_left_out(2, "--include-flagged", "more")
        '2 more records are flagged and left out (--include-flagged counts them)'
    """
    are = "records are" if n > 1 else "record is"
    return f"{n:,} {which} {are} flagged and left out ({switch} counts {'them' if n > 1 else 'it'})"


def _provenance(rows: list[dict[str, Any]], plan: Plan) -> dict[str, Any]:
    """Which sources and pay components stand behind the numbers (base and total never mix
    silently), how they were counted, and how many matching records were left out as
    flagged. ``distinct_rows`` is said beside ``include_flagged``: an answer counting a
    file's identical rows once had carried no mark of it, its n read as every record's."""
    include_flagged = plan.include_flagged
    counted = [r for r in rows if include_flagged or not r["flagged"]]
    return {
        "value": plan.value,
        "pay_components": sorted({_named(r["pay_component"]) for r in counted}),
        "sources": _counts_by_source(counted),
        "distinct_rows": plan.distinct_rows,
        "include_flagged": include_flagged,
        "flagged_excluded": 0 if include_flagged else sum(r["n"] for r in rows if r["flagged"]),
    }


def _counts_by_source(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in sorted(rows, key=lambda r: _named(r["source"])):
        counts[_named(row["source"])] = counts.get(_named(row["source"]), 0) + int(row["n"])
    return counts


def _named(value: str | None) -> str:
    """A provenance value, or UNKNOWN for one the records do not hold.

    Example:
        >>> _named("h1b"), _named(None)
        ('h1b', '(unknown)')
    """
    return UNKNOWN if value is None else value
