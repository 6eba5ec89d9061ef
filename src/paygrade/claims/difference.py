"""Checking a claimed difference of pay ("senior ML engineers earn 30% more than mid-level
ones") against the store.

The data's difference is the ratio of the two subjects' medians, in the pay component
with most records for both (base and total never mix), with the span the two medians'
95% intervals allow widened by ``growth.TOLERANCE`` points, exactly as a change between
years is checked (``growth.median_ratio``); a difference in money ("$20,000 more than")
is their gap in dollars, judged alike (``growth.median_gap``).
"""

from __future__ import annotations

from typing import Any

from paygrade.claims.answers import Answers
from paygrade.claims.extract import PERCENT, PLACES, Claim, subject_value
from paygrade.claims.growth import (
    PUBLIC_ALONE,
    claimed_of,
    country_mix,
    dollars,
    median_gap,
    median_ratio,
    no_records,
    percent,
    public_alone,
    said_against,
)
from paygrade.claims.years import too_old
from paygrade.stats import MIN_N, interval_withheld, median_interval
from paygrade.store import Store


def check_difference(
    store: Store, claim: Claim, answers: Answers | None = None
) -> tuple[dict[str, Any], str, str]:
    """The data for both subjects of a difference claim, the verdict and why (a claim
    naming no role never gets here: ``check.check_claim``).

    Example:
        >>> from paygrade.claims import extract_claims
        >>> claim = extract_claims("Senior ML engineers earn 30% more than mid-level ones.")[0]
        >>> check_difference(store, claim)[1]  # doctest: +SKIP
        'consistent'
    """
    empty = no_records(claim)
    answers = answers or Answers(store)
    versus = claim.versus or {}
    apart = {k: v for k, v in versus.items() if v != claim.subject.get(k)}
    if not apart:
        return empty, "no_data", "The text names nothing this is more or less than, to compare."
    mine, other = claim.where(), {k: [v] for k, v in versus.items() if v is not None}
    mine, other, public = _public_if_withheld(mine, other, answers)
    pair = _pair(mine, other, answers)
    if pair is None and "year" in mine and "year" in other:
        # Too few records of the year the text names: every year, and the data says so.
        del mine["year"], other["year"]
        mine, other, public = _public_if_withheld(mine, other, answers, public)
        pair = _pair(mine, other, answers)
        empty["year_asked"] = claim.subject["year"]
    if pair is None:
        return empty, "no_data", public + _why_no_pair(mine, other, answers)
    ours, theirs = pair
    in_money = claim.currency != PERCENT  # "$20,000 more than" (in dollars by now)
    if in_money and (stale := _too_old_pair(empty.get("year_asked"), ours, theirs)):
        return empty, "no_data", public + stale
    mixed = public
    if apart.keys() == {"year"} and not PLACES & mine.keys() and "year" in mine:
        ours, theirs, mixed = _within_one_country(answers, mine, other, ours, theirs)
    claimed = claimed_of(claim.low, claim.high)
    verdict, found = (median_gap if in_money else median_ratio)(claimed, theirs, ours)
    component = ours["key"]["pay_component"]
    data = {
        **empty,
        "n": ours["n"],
        "n_versus": theirs["n"],
        "pay_component": component,
        "p50": ours["p50"],  # a number in every claim's data, as n
        "p50_versus": theirs["p50"],
        **found,
    }
    against = ", ".join(
        subject_value(k, v) if k == "remote" else f"{k} {v}" for k, v in apart.items()
    )
    asked = empty.get("year_asked")
    every = f", every year (too few records of {asked})" if asked is not None else ""
    why = mixed + (
        f"Median {component} pay{every} ${ours['p50']:,.0f} (n={ours['n']:,}) against "
        f"${theirs['p50']:,.0f} (n={theirs['n']:,}) with {against}: "
        f"{dollars(found['difference_usd']) if in_money else percent(found['change_pct'])}, "
        f"and {said_against(claimed, verdict, found)}"
    )
    return data, verdict, why


def _too_old_pair(asked: int | None, ours: dict[str, Any], theirs: dict[str, Any]) -> str:
    """Why two subjects' records of other years cannot check a difference in dollars of the
    year the text names, as they cannot check a figure (``years.too_old``): a gap in dollars
    moves with pay, so "Seattle earns $20,000 more than Austin" in a text of 2024 had been
    judged on filings of 2016-2019, where "ML engineers in Austin make $150,000" beside it
    was too old to check. A difference in percent, a ratio, is still checked on them."""
    years = sorted({*ours.get("years", []), *theirs.get("years", [])})
    component = ours["key"]["pay_component"]
    n = ours["n"] + theirs["n"]
    data = {"year_asked": asked, "years": years, "n": n, "pay_component": component}
    return too_old(data, whose="the two subjects'")


def _within_one_country(
    answers: Answers,
    mine: dict[str, list[Any]],
    other: dict[str, list[Any]],
    ours: dict[str, Any],
    theirs: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, Any], str]:
    """Two years of one subject naming no place, as a change between years is checked: when
    the records' mix of countries moved (``growth.country_mix``), the two groups within the
    country most records hold, and the words saying so. "ML engineers earned 30% more in
    2024 than in 2022" had been consistent with +29.1% over every country, the mix's
    (+6.8% within the US), where "pay grew 30% from 2022 to 2024" was above the data."""
    years = (mine["year"][0], other["year"][0])
    keyed = [
        {**g, "key": {**g["key"], "year": y}} for g, y in zip((ours, theirs), years, strict=True)
    ]
    where = {k: v for k, v in mine.items() if k != "year"} | {"year": list(years)}
    mix = country_mix(answers, where, (keyed[0], keyed[1]))
    if mix is None:
        return ours, theirs, ""
    if mix.pair is None:
        return ours, theirs, mix.said
    return mix.pair[0], mix.pair[1], mix.said


def _public_if_withheld(
    mine: dict[str, list[Any]], other: dict[str, list[Any]], answers: Answers, said: str = ""
) -> tuple[dict[str, list[Any]], dict[str, list[Any]], str]:
    """Both subjects on public records alone, and the words saying so, when a group of
    either withholds its median interval (it counts submitted salaries: ``PUBLIC_ALONE``);
    else as they are (with ``said``, what an earlier asking said)."""
    groups = [g for w in (mine, other) for g in answers.stats(["pay_component"], w)["groups"]]
    if not any(interval_withheld(g) for g in groups):
        return mine, other, said
    return public_alone(answers, mine), public_alone(answers, other), PUBLIC_ALONE


def _why_no_pair(mine: dict[str, list[Any]], other: dict[str, list[Any]], answers: Answers) -> str:
    """Why two subjects cannot be compared: too few records of a pay component both hold,
    or enough but a median with no 95% interval (its values heaped at one figure), which
    had been said as "fewer than 5" of 290 and 32 records."""
    counted = [
        {g["key"]["pay_component"]: g for g in answers.stats(["pay_component"], w)["groups"]}
        for w in (mine, other)
    ]
    both = [c for c in counted[0].keys() & counted[1].keys()
            if min(counted[0][c]["n"], counted[1][c]["n"]) >= MIN_N]  # fmt: skip
    if both:
        return (
            "The median of one of the two subjects has no 95% interval (its records' pay is "
            "heaped at a few figures), so no difference can be told from noise."
        )
    return f"Too few records of one of the two subjects (fewer than {MIN_N}) to compare."


def _pair(
    mine: dict[str, list[Any]],
    other: dict[str, list[Any]],
    answers: Answers,
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Both subjects' ``stats`` by pay component, paired as ``_best_pair`` pairs them."""
    return _best_pair(
        answers.stats(["pay_component"], mine)["groups"],
        answers.stats(["pay_component"], other)["groups"],
    )


def _best_pair(
    mine: list[dict[str, Any]], theirs: list[dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Both subjects' groups of the pay component with most records in both."""

    def usable(groups: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {
            g["key"]["pay_component"]: g for g in groups if g["n"] >= MIN_N and median_interval(g)
        }

    ours, others = usable(mine), usable(theirs)
    pairs = [(ours[c], others[c]) for c in ours.keys() & others.keys()]
    return max(pairs, key=lambda p: (p[0]["n"] + p[1]["n"], p[0]["key"]["pay_component"]),
               default=None)  # fmt: skip
