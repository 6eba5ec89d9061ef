"""Checking a claimed change of pay ("grew 12% from 2022 to 2024") against the store.

The data's change is the ratio of the two years' medians, in the pay component with
most records in both years (base and total never mix), in nominal dollars as articles
write them. Its uncertainty comes from the medians' own 95% intervals: the change
could be as low as the later year's lower bound over the earlier year's upper bound,
and as high as the other way round. A claim is ``consistent`` inside that span widened
by TOLERANCE percentage points (articles round: "about 12%"), ``above_data`` or
``below_data`` outside it, and ``no_data`` when a year has fewer than MIN_N records or
the text names no year. A change naming no place, whose two years mix countries in
shares that moved more than MIX_SHIFT points, is compared within the country with most
records in both (``country_mix``): over every country the mix moves the median by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from paygrade.claims.answers import Answers
from paygrade.claims.extract import PLACES, Claim
from paygrade.records import PRIVATE_SOURCES
from paygrade.stats import MIN_N, interval_withheld, median_ci_ranks, median_interval
from paygrade.store import Store

# The fewest records whose median's interval has both ends published: from fewer, an end
# is the group's smallest or largest pay, never published ("5 or more records" was said,
# beside "2020 7 (no interval)").
INTERVAL_FROM = next(n for n in range(MIN_N, 100) if (r := median_ci_ranks(n)) and r[0] > 1)

TOLERANCE = 2.0  # percentage points either side of the data's span


def no_records(claim: Claim) -> dict[str, Any]:
    """The data of a claim nothing can be checked against: n = 0, no median, in the pay
    component it names, if any (a figure's, a change's and a difference's alike)."""
    return {"n": 0, "pay_component": claim.subject.get("pay_component"), "p50": None}


def check_growth(
    store: Store, claim: Claim, answers: Answers | None = None
) -> tuple[dict[str, Any], str, str]:
    """The data for a growth claim's subject in its two years, the verdict and why (a claim
    naming no role never gets here: ``check.check_claim``).

    Example:
        >>> from paygrade.claims import extract_claims
        >>> claim = extract_claims("ML engineers' pay grew 12% from 2022 to 2024.")[0]
        >>> check_growth(store, claim)[1]  # doctest: +SKIP
        'consistent'
    """
    empty = no_records(claim)
    answers = answers or Answers(store)
    if claim.years is None and claim.back is None:
        return empty, "no_data", "The text names no year for this change, so nothing to compare."
    years = _years(claim, answers)
    if years is None:
        since = f"after {claim.years[0]}" if claim.years else "of its data"
        return empty, "no_data", f"The data has no year {since} to compare."
    if years[0] >= years[1]:  # "from 2023 to 2023" was above_data: +0.0% against one year
        how = "over no year" if years[0] == years[1] else "backwards"
        said = f"A change from {years[0]} to {years[1]} runs {how}, so there is nothing to compare."
        return empty, "no_data", said
    where = claim.where() | {"year": list(years)}
    groups = answers.stats(["pay_component", "year"], where)["groups"]
    read = _read_back(claim, years)
    if any(interval_withheld(g) for g in groups):
        where = public_alone(answers, where)
        groups = answers.stats(["pay_component", "year"], where)["groups"]
        read += PUBLIC_ALONE
    pair = _best_pair(groups, years)
    if pair is None:
        return empty | {"years": list(years)}, "no_data", read + _no_pair(groups, years)
    if not PLACES & where.keys() and (mix := country_mix(answers, where, pair)) is not None:
        read += mix.said
        if mix.pair is not None:  # the change within the one country, not the mix's
            pair = mix.pair
    data, verdict, why = _verdict(claim, *pair)
    return data, verdict, read + why


# Why a claim is checked against public records alone: a group it compares counts submitted
# salaries, whose median interval is withheld (``stats``). A verdict built from that
# interval would be no safer than the span: a claimed figure moved a dollar at a time
# ("$20,001 more than") finds where the verdict turns, the span's end, and so the
# interval's, two of the group's own pays. Judged without them, the claim had been no_data
# "heaped at a few figures" (senior against mid-level ML engineers in the US, 4,756 and
# 1,452 records, eleven submissions among them).
PUBLIC_ALONE = (
    "Compared on public records alone: the records hold submitted salaries, whose median's "
    "95% interval is never published, nor a span or verdict built from it. "
)


def public_alone(answers: Answers, where: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """``where`` narrowed to the public sources the store holds (every one but the private).

    Example:
        >>> public_alone(answers, {"role": ["ml_engineer"]})["source"]  # doctest: +SKIP
        ['aijobs', 'h1b', 'h1b_2013', 'h1b_2024', 'so_survey']
    """
    held = {value for values in answers.of("source").values() for value in values}
    return where | {"source": [s for s in sorted(held) if s not in PRIVATE_SOURCES]}


# Points by which the records' shares of countries may differ between a change's two
# years (half the sum of each country's change of share) before the change of an
# all-countries median is more the mix's than pay's: ML engineers' total pay rose +29.1%
# from 2022 to 2024 over all countries, +6.8% within the US, as the US went from 66% of
# the records to 91% (shares moved 27 points). From 2023 to 2024 they moved 5.5 (US 88% to
# 91%): +0.4% over all countries, -0.2% within the US, well inside the medians' own span
# (-4.5% to +4.3% within the US), so the text's words are kept.
MIX_SHIFT = 10.0


@dataclass(frozen=True)
class CountryMix:
    """How the records' mix of countries changed between a change's two years: said in
    words, with the change's two groups within the country most records hold (None when
    it has too few in a year)."""

    said: str
    pair: tuple[dict[str, Any], dict[str, Any]] | None


def country_mix(
    answers: Answers, where: dict[str, list[Any]], pair: tuple[dict[str, Any], dict[str, Any]]
) -> CountryMix | None:
    """For a change naming no place: when the two years' records mix countries in shares
    that differ by more than ``MIX_SHIFT`` points, the change within the country with most
    records in both years, and why; None when the mix holds (the change is compared over
    every country, as the text says it).

    Example:
        >>> from paygrade.claims import extract_claims
        >>> claim = extract_claims("ML engineer pay grew 6% from 2022 to 2024.")[0]
        >>> check_growth(store, claim)[2][:60]  # doctest: +SKIP
        "The text names no country, and the records' mix of countries"
    """
    component = pair[0]["key"]["pay_component"]
    years = (pair[0]["key"]["year"], pair[1]["key"]["year"])
    mixed = where | {"pay_component": [component]}
    counts = _counts_by_country(answers.stats(["year", "country"], mixed)["groups"], years)
    shares = [_shares(counts[year]) for year in years]
    countries = set(shares[0]) | set(shares[1])
    shift = sum(abs(shares[1].get(c, 0.0) - shares[0].get(c, 0.0)) for c in countries) / 2
    both = [c for c in counts[years[0]] if c in counts[years[1]] and c is not None]
    if shift <= MIX_SHIFT or not both:
        return None
    main = max(both, key=lambda c: counts[years[0]][c] + counts[years[1]][c])
    moved = (
        f"The text names no country, and the records' mix of countries changed between "
        f"{years[0]} and {years[1]} ({main} {shares[0][main]:.0f}% of {years[0]}'s "
        f"{component} pay records, {shares[1][main]:.0f}% of {years[1]}'s; the countries' "
        f"shares moved {shift:.0f} points in all), which moves a median over every country "
        "by itself: "
    )
    inside = answers.stats(["pay_component", "year"], where | {"country": [main]})["groups"]
    within = _best_pair(inside, years)
    if within is None:
        return CountryMix(
            moved + f"{main} alone has too few records, so every country's are. ", None
        )
    said = f"compared within the records of {main}, the country with most in both years. "
    return CountryMix(moved + said, within)


def _counts_by_country(
    groups: list[dict[str, Any]], years: tuple[int, int]
) -> dict[int, dict[str | None, int]]:
    """Records per country in each of the two years, from ``stats`` by year and country."""
    counts: dict[int, dict[str | None, int]] = {year: {} for year in years}
    for group in groups:
        if group["key"]["year"] in counts:
            counts[group["key"]["year"]][group["key"]["country"]] = group["n"]
    return counts


def _shares(counts: dict[str | None, int]) -> dict[str | None, float]:
    """Each country's share of a year's records, in percent.

    Example:
        >>> _shares({"US": 102, "GB": 53})
        {'US': 65.8, 'GB': 34.2}
    """
    total = sum(counts.values()) or 1
    return {country: round(100 * n / total, 1) for country, n in counts.items()}


def _read_back(claim: Claim, years: tuple[int, int]) -> str:
    """How a span back from no named year was read, said before the rest.

    Example:
        >>> from paygrade.claims import extract_claims
        >>> claim = extract_claims("ML engineer pay grew 20% over the past three years.")[0]
        >>> print(_read_back(claim, (2022, 2025)))  # doctest: +NORMALIZE_WHITESPACE
        The text names no year: its past 3 years are read as 2022 to 2025, the newest year of
        the data.
    """
    if claim.back is None or claim.years is not None:
        return ""
    span = "year is" if claim.back == 1 else f"{claim.back} years are"
    return (
        f"The text names no year: its past {span} read as {years[0]} to {years[1]}, "
        "the newest year of the data. "
    )


def _years(claim: Claim, answers: Answers) -> tuple[int, int] | None:
    """Both ends of the claim's span; an open end ("since 2020") is the newest year of
    the subject's records."""
    start, end = claim.years or (None, None)
    if end is not None and start is not None:
        return start, end
    found = answers.stats(["year"], claim.where(), min_n=MIN_N)["groups"]
    held = [g["key"]["year"] for g in found]
    newest = max(held, default=None)
    if newest is not None and claim.back is not None and claim.years is None:
        return newest - claim.back, newest
    if newest is None or start is None or newest <= start:
        return None
    return start, newest


def _no_pair(groups: list[dict[str, Any]], years: tuple[int, int]) -> str:
    """Why no pay component has a median with its interval in both years (what
    :func:`_best_pair` needs), with the counts it has and which medians lack one.

    Example:
        >>> ci = {"p50_ci": [90_000.0, 110_000.0]}
        >>> held = [{"key": {"pay_component": "base", "year": 2019}, "n": 378, **ci},
        ...         {"key": {"pay_component": "total", "year": 2020}, "n": 7},
        ...         {"key": {"pay_component": "total", "year": 2024}, "n": 5806, **ci}]
        >>> print(_no_pair(held, (2019, 2024)))  # doctest: +NORMALIZE_WHITESPACE
        No pay component has a median with its 95% interval (both ends published, from 9
        records) in both 2019 and 2024 (base pay: 2019 378; total pay: 2020 7 (no
        interval), 2024 5,806); base and total pay are never compared.
    """
    counts: dict[str, list[str]] = {}
    for group in sorted(groups, key=lambda g: (g["key"]["pay_component"], g["key"]["year"])):
        # Seven records of 2020 made "no component has 5 or more in both" read as false.
        lacking = "" if median_interval(group) or group["n"] < MIN_N else " (no interval)"
        counts.setdefault(group["key"]["pay_component"], []).append(
            f"{group['key']['year']} {group['n']:,}{lacking}"
        )
    held = "; ".join(f"{c} pay: {', '.join(n)}" for c, n in counts.items()) or "none"
    also = "; base and total pay are never compared" if len(counts) > 1 else ""
    return (
        "No pay component has a median with its 95% interval (both ends published, from "
        f"{INTERVAL_FROM} records) in both {years[0]} and {years[1]} ({held}){also}."
    )


def _best_pair(
    groups: list[dict[str, Any]], years: tuple[int, int]
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The two years' groups of the pay component with most records in both."""
    by_component: dict[str, dict[int, dict[str, Any]]] = {}
    for group in groups:
        if group["n"] >= MIN_N and median_interval(group):
            by_component.setdefault(group["key"]["pay_component"], {})[group["key"]["year"]] = group
    pairs = [
        (held[years[0]], held[years[1]])
        for held in by_component.values()
        if years[0] in held and years[1] in held
    ]
    return max(pairs, key=lambda p: p[0]["n"] + p[1]["n"], default=None)


# A claimed change: one figure, or the two ends of a range ("20-30% more").
Claimed = float | tuple[float, float]


def claimed_of(low: float | None, high: float | None) -> Claimed:
    """What a claim says: its figure, or its range when its ends differ.

    Example:
        >>> claimed_of(12.0, 12.0), claimed_of(20.0, 30.0), claimed_of(None, None)
        (12.0, (20.0, 30.0), 0.0)
    """
    if low is not None and high is not None and low != high:
        return (min(low, high), max(low, high))
    return float(low if low is not None else high or 0.0)


def _ends(claimed: Claimed) -> tuple[float, float]:
    return claimed if isinstance(claimed, tuple) else (claimed, claimed)


def median_ratio(
    claimed: Claimed, base: dict[str, Any], other: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The verdict on a claimed change in percent from ``base``'s median to ``other``'s
    (two ``stats`` groups with ``p50_ci``), and the data's change with the span the two
    medians' 95% intervals allow.

    Example:
        >>> a = {"p50": 100.0, "p50_ci": [95.0, 105.0]}
        >>> b = {"p50": 120.0, "p50_ci": [115.0, 125.0]}
        >>> median_ratio(12.0, a, b)
        ('consistent', {'change_pct': 20.0, 'change_ci_pct': [9.5, 31.6]})
        >>> median_ratio(40.0, a, b)[0], median_ratio(5.0, a, b)[0]
        ('above_data', 'below_data')
        >>> median_ratio((30.0, 40.0), a, b)[0]  # a range: consistent if it meets the span
        'consistent'
    """
    change = 100 * (other["p50"] / base["p50"] - 1)
    lowest = 100 * (other["p50_ci"][0] / base["p50_ci"][1] - 1)
    highest = 100 * (other["p50_ci"][1] / base["p50_ci"][0] - 1)
    verdict = _within(claimed, lowest, highest, TOLERANCE)
    span = [round(lowest, 1), round(highest, 1)]
    return verdict, {"change_pct": round(change, 1), "change_ci_pct": span}


def _within(claimed: Claimed, lowest: float, highest: float, slack: float) -> str:
    """Where a claimed figure (or range) lies against the span the data allows, widened by
    ``slack``: a range meeting the span is consistent with it."""
    low, high = _ends(claimed)
    if low > highest + slack:
        return "above_data"
    if high < lowest - slack:
        return "below_data"
    return "consistent"


def median_gap(
    claimed: Claimed, base: dict[str, Any], other: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The verdict on a claimed difference in dollars from ``base``'s median to ``other``'s,
    as ``median_ratio`` judges one in percent: inside the span the two medians' 95%
    intervals allow, widened by ``TOLERANCE`` percent of ``base``'s median.

    Example:
        >>> a = {"p50": 100_000.0, "p50_ci": [95_000.0, 105_000.0]}
        >>> b = {"p50": 120_000.0, "p50_ci": [115_000.0, 125_000.0]}
        >>> median_gap(20_000.0, a, b)
        ('consistent', {'difference_usd': 20000.0, 'difference_ci_usd': [10000.0, 30000.0]})
        >>> median_gap(40_000.0, a, b)[0], median_gap(-5_000.0, a, b)[0]
        ('above_data', 'below_data')
    """
    gap = other["p50"] - base["p50"]
    lowest = other["p50_ci"][0] - base["p50_ci"][1]
    highest = other["p50_ci"][1] - base["p50_ci"][0]
    verdict = _within(claimed, lowest, highest, TOLERANCE / 100 * base["p50"])
    span = [round(lowest, 0), round(highest, 0)]
    return verdict, {"difference_usd": round(gap, 2), "difference_ci_usd": span}


def said_against(claimed: Claimed, verdict: str, found: dict[str, Any]) -> str:
    """The end of an explanation: the span the data allows and where the claim lies (in
    percent, or in dollars for ``median_gap``'s answer).

    Example:
        >>> said_against(12.0, "consistent", {"change_ci_pct": [9.5, 31.6]}).split("; ")[1]
        'the claimed +12% lies within that (±2 points).'
        >>> said_against(-5e3, "below_data", {"difference_ci_usd": [1e4, 3e4]}).split("; ")[1]
        'the claimed -$5,000 lies below that (±2% of the other median).'
        >>> said_against((20.0, 30.0), "consistent", {"change_ci_pct": [15.8, 26.6]}).split("; ")[1]
        'the claimed +20% to +30% meets that (±2 points).'
    """
    words = {"consistent": "lies within", "above_data": "lies above", "below_data": "lies below"}
    if isinstance(claimed, tuple):
        words["consistent"] = "meets"
    if "difference_ci_usd" in found:
        lowest, highest = found["difference_ci_usd"]
        shown, slack = dollars, f"±{TOLERANCE:g}% of the other median"
    else:
        lowest, highest = found["change_ci_pct"]
        shown, slack = percent, f"±{TOLERANCE:g} points"
    said = " to ".join(shown(end, exact=True) for end in dict.fromkeys(_ends(claimed)))
    return (
        f"the medians' 95% intervals allow {shown(lowest)} to {shown(highest)}; the claimed "
        f"{said} {words[verdict]} that ({slack})."
    )


def percent(value: float, exact: bool = False) -> str:
    """A signed change in percent: ``+9.5%``; ``exact`` as the text gave it (``+12%``), in
    digits as a person writes them, never as a power of ten, however large or small (the
    table had said "+2.5e+06%", and "+1e-07%" for "grew 0.0000001%"): the shortest decimal
    that reads back as ``value``, every digit of it ("+12.3456789%" had been "+12.3457%").

    Example:
        >>> percent(9.46), percent(12.0, exact=True), percent(2_500_000.0, exact=True)
        ('+9.5%', '+12%', '+2,500,000%')
        >>> percent(0.0000001, exact=True), percent(-12.3456789, exact=True)
        ('+0.0000001%', '-12.3456789%')
    """
    if not exact:
        return f"{value:+.1f}%"
    return f"{Decimal(repr(value)).normalize():+,f}%"


def dollars(value: float, exact: bool = False) -> str:
    """A signed amount of dollars: ``+$20,000``, ``-$5,000``."""
    return f"{'-' if value < 0 else '+'}${abs(value):,.0f}"


def _verdict(
    claim: Claim, first: dict[str, Any], last: dict[str, Any]
) -> tuple[dict[str, Any], str, str]:
    claimed = claimed_of(claim.low, claim.high)
    verdict, found = median_ratio(claimed, first, last)
    component = first["key"]["pay_component"]
    data = {
        "n": first["n"] + last["n"],
        "pay_component": component,
        "years": [first["key"]["year"], last["key"]["year"]],
        "p50": last["p50"],  # a number in every claim's data: the later year's median
        "p50_from": first["p50"],
        **found,
    }
    why = (
        f"Median {component} pay went from ${first['p50']:,.0f} ({first['key']['year']}, "
        f"n={first['n']:,}) to ${last['p50']:,.0f} ({last['key']['year']}, n={last['n']:,}): "
        f"{percent(found['change_pct'])}, and {said_against(claimed, verdict, found)}"
    )
    return data, verdict, why
