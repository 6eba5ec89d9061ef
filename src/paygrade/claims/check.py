"""Checking a claim against the store: the data for its subject, a verdict and why.

Tolerance: see ``paygrade.claims``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from functools import cache
from typing import Any

from paygrade.charts import years_span
from paygrade.claims.answers import Answers
from paygrade.claims.difference import check_difference
from paygrade.claims.extract import CENTRAL as CENTRAL_STATISTICS
from paygrade.claims.extract import PERCENT, Claim, currency_places
from paygrade.claims.figures import (
    ABROAD,
    AMOUNT,
    PER_YEAR,
    PLAUSIBLE,
    SAME_SIGNS,
    UNREAD,
    named_currency,
)
from paygrade.claims.growth import check_growth, no_records
from paygrade.claims.years import asked_said, too_old
from paygrade.formats import DIGITS_MOST
from paygrade.fx import rate_nearest
from paygrade.normalize.money import CURRENCY_SIGNS
from paygrade.normalize.rule_tables import codes, read_rules
from paygrade.stats import MIN_N, records_or_none
from paygrade.store import Store


def check_claim(store: Store, claim: Claim, answers: Answers | None = None) -> dict[str, Any]:
    """A claim as the contract's JSON: the claim, the data for its subject, a verdict and why.
    ``answers``: the data's answers of the check so far, when the caller checks many claims.

    Example:
        >>> from paygrade.claims import extract_claims
        >>> claim = extract_claims("ML engineers earn $150K.")[0]
        >>> check_claim(store, claim)["verdict"]  # doctest: +SKIP
        'consistent'
    """
    answers = answers or Answers(store)
    if claim.language is not None:  # "ne gagnent pas €80,000": its "not" is not read
        data, verdict = no_records(claim), "no_data"
        why = LANGUAGE_SAID.format(text=claim.text, language=claim.language)
    elif claim.negated:  # "do not earn $250,000": says what pay is not, no level to check
        data, verdict = no_records(claim), "no_data"
        why = NEGATED_SAID.format(text=claim.text)
    elif claim.unchecked is not None:  # "Google and Meta pay", "outside the US"
        data, verdict, why = no_records(claim), "no_data", claim.unchecked
    elif claim.currency in UNREAD:  # "¥15 million": yen or yuan, so no rate to check it at
        data, verdict, why = no_records(claim), "no_data", unread_said(claim)
    elif claim.part == "after-tax":  # the data's pay is before tax: not comparable
        data, verdict = no_records(claim), "no_data"
        why = "A figure after tax: the data holds pay before tax, so it is not compared."
    elif claim.part is not None:  # a bonus or a grant: the data holds no such figure
        data, verdict = no_records(claim), "no_data"
        why = (
            f"A {claim.part} figure, not a year's pay: the data holds base and total pay, "
            f"never a {claim.part} on its own."
        )
    elif claim.statistic not in RELATIVE and (why := no_years_pay(claim)):
        data, verdict = no_records(claim), "no_data"  # "$500", "-$50,000": nothing to compare
        why += dollar_assumed(claim)  # Chile's "$1,000,000 a month": pesos, likely
    elif claim.statistic in RELATIVE and (why := no_change_of_pay(claim)):
        data, verdict = no_records(claim), "no_data"  # "grew 999…9%": no pay changes so
    elif claim.statistic in RELATIVE and claim.subject.get("role") is None:
        data, verdict = no_records(claim), "no_data"
        why = f"The text names no role for this {RELATIVE[claim.statistic]}: nothing to compare."
    elif claim.statistic == "growth":
        data, verdict, why = check_growth(store, claim, answers)
    elif claim.statistic == "difference":
        data, verdict, why = check_difference(store, claim, answers)
    else:
        data = _data_for(claim, answers)
        verdict, why = _verdict(claim, data)
        why += dollar_assumed(claim)  # "In Toronto, ... $240,000": US dollars, said so
        why += code_disagreed(claim)  # "$80,000 EUR": US dollars, said so
        why += year_left_said(claim)  # "in 2022 and 2024": 2024 not checked, said so
        if verdict == "no_data" and data["n"] < MIN_N and data.get("pay_component"):
            why += _never_named(claim, data, answers)
        elif verdict == "no_data" and data["n"] == 0 and claim.subject.get("role"):
            why += _held_by_none(claim, answers) or _held_apart(claim, data, answers)
        elif verdict != "no_data" and (other := _other_component(claim, data, answers)):
            data["other_pay_component"] = other
            if other["verdict"] != verdict:
                why += _other_says(claim.statistic, other)
    found = {
        "id": claim.id,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "subject": claim.subject,
        "experience": claim.experience,
        "statistic": claim.statistic,
        "low": said_number(claim.low),
        "high": said_number(claim.high),
        "verdict": verdict,
        "data": data,
        "explanation": why,
        "currency": "USD" if claim.written is not None else claim.currency,
        "period": claim.period,
        "part": claim.part,
    }
    if claim.language is not None:
        found["not_checked"] = "language"
    elif claim.negated:
        found["not_checked"] = "negated"
    elif claim.unchecked is not None:
        found["not_checked"] = "subject"
    elif claim.currency in UNREAD:
        found["not_checked"] = "currency not read"
    elif verdict == "no_data" and found["currency"] not in ("USD", PERCENT, None):
        found["not_checked"] = "no exchange rate"
    if claim.years is not None and claim.statistic not in RELATIVE:
        found["years"] = list(claim.years)  # a span: "between 2022 and 2024", "since 2020"
    if claim.statistic == "growth":  # low and high are a change in percent, not money
        years = data.get("years") or list(claim.years or ())  # an open end, as resolved
        found |= {"currency": None, "unit": "percent", "years": years}
    if claim.statistic == "difference":  # percent (or dollars) more than the versus subject
        in_money = claim.currency != PERCENT
        found |= {"unit": "dollars" if in_money else "percent", "versus": claim.versus}
        found["currency"] = found["currency"] if in_money else None
    if claim.written is not None:
        low, high = claim.written
        found["as_written"] = {
            "low": said_number(low), "high": said_number(high), "currency": claim.currency
        }  # fmt: skip
        found["usd_per_unit"] = claim.usd_per_unit
        found["rate_year"] = claim.rate_year
    return found


def said_number(value: float | None) -> float | None:
    """A claim's number as its JSON says it: a figure past any double ("$1e400", read as
    infinite) is the largest double, the same sign, as JSON has no infinity (the CLI had
    written "Infinity", which no JSON reader takes, and the API failed).

    Example:
        >>> said_number(float("inf")), said_number(-float("inf")), said_number(150000.0)
        (1.7976931348623157e+308, -1.7976931348623157e+308, 150000.0)
    """
    if value is None or abs(value) <= sys.float_info.max:
        return value
    return sys.float_info.max if value > 0 else -sys.float_info.max


# Why a negated figure is not checked: the article asserting "ML engineers do not earn
# $250,000" had been judged above the data, wrong where it agrees with it.
NEGATED_SAID = (
    "The text says pay is not {text}: a negated figure asserts no pay level, so it is not checked."
)


# Why a figure said in another language is not checked: "Les ML engineers ne gagnent pas
# €80,000" had been checked as a typical €80,000 (its "ne ... pas" unread), "mehr als" as
# no bound, "entre ... y" as two figures.
LANGUAGE_SAID = (
    "{text} is said in {language}, not English: paygrade reads negation, bounds and ranges "
    "in English only, so it is not checked."
)


@cache
def local_dollars() -> dict[str, tuple[str, str | None]]:
    """A place whose own money is written with a dollar sign -> (its currency, the "$" of
    its own the table writes it with, or None): every dollar and peso "$" is the sign of
    (``money.CURRENCY_SIGNS``), in the country its ISO 4217 code opens with (CLP: CL), or
    the place ``currency_places.csv`` gives it. Chile's "$1,000,000" had been read as US
    dollars unsaid, where Canada's "$240,000" said it.

    Example:
        >>> local_dollars()["CA"], local_dollars()["MX"], local_dollars()["CL"]
        (('CAD', 'CA$'), ('MXN', 'MX$'), ('CLP', None))
        >>> "US" in local_dollars(), "EC" in local_dollars()  # Ecuador's money is the US's
        (False, False)
    """
    signs: dict[str, str] = {}
    for row in read_rules("claim_currencies.csv"):
        if "$" in row["written"] and row["currency"] != "USD":
            signs.setdefault(row["currency"], row["written"])
    pesos = CURRENCY_SIGNS["$"][1] - {"USD"}
    places = {code[:2]: code for code in sorted(pesos) if code[:2] in codes("countries.csv")}
    places |= {place: code for code, place in currency_places().items() if code in pesos}
    return {place: (code, signs.get(code)) for place, code in places.items()}


# A figure written with a bare "$" or "dollars", which paygrade reads as US dollars ("US
# dollars", "American dollars", "United States dollars" say which). A full-width "＄" is one.
BARE_DOLLAR = re.compile(
    r"(?<![A-Za-z])[$\uff04]|(?<!US )(?<!U\.S\. )(?<!American )(?<!States )\bdollars\b", re.I
)


def dollar_assumed(claim: Claim) -> str:
    """The assumption a bare "$" makes, said, where the claim's country writes its own money
    with a dollar sign: "In Toronto, ML engineers earn $240,000" had been checked as US
    dollars without a word, where a Canadian text means Canadian ones; "" elsewhere, and of
    a figure written negative (no pay level, to be read in any currency).

    Example:
        >>> from paygrade.claims import extract_claims
        >>> print(dollar_assumed(extract_claims("In Toronto, ML engineers earn $240,000.")[0]))
        ... # doctest: +NORMALIZE_WHITESPACE
         Its $ is read as US dollars; in CA a $ may be CAD: write CA$240,000 or 240,000 CAD
         to check it as such.
        >>> print(dollar_assumed(extract_claims("In Chile, ML engineers earn $9,000,000.")[0]))
        ... # doctest: +NORMALIZE_WHITESPACE
         Its $ is read as US dollars; in CL a $ may be CLP: write 9,000,000 CLP to check it
         as such.
        >>> dollar_assumed(extract_claims("In Seattle, ML engineers earn $240,000.")[0])
        ''
    """
    local = local_dollars().get(str(claim.subject.get("country")))
    if local is None or claim.currency != "USD" or not BARE_DOLLAR.search(claim.text):
        return ""
    if any(end is not None and end < 0 for end in (claim.low, claim.high)):
        return ""
    code, sign = local
    figure, rest = _figure_and_rest(claim.text)
    signed = f"{sign}{figure}{rest} or " if sign else ""
    return (
        f" Its $ is read as US dollars; in {claim.subject['country']} a $ may be {code}: write "
        f"{signed}{figure} {code}{rest} to check it as such."
    )


def _figure_and_rest(text: str) -> tuple[str, str]:
    """A claim's text without its dollar signs, cut after its last amount, so that a code
    is written after the amount, not after its period ("$1,000,000 a month": "1,000,000"
    and " a month"; "1,000,000 a month CLP" is no figure in pesos)."""
    amounts = list(AMOUNT.finditer(text.translate(SAME_SIGNS)))
    end = amounts[-1].end() if amounts else len(text)
    return BARE_DOLLAR.sub("", text[:end]).strip(), text[end:].rstrip()


def code_disagreed(claim: Claim) -> str:
    """The code (or name) after a figure that its bare "$" disagrees with, said: "$80,000
    EUR" is read as US dollars, as its sign says (``figures.with_code``), where it had been
    read as euros without a word; "" otherwise. The code is the one after the amount, with
    a period or none after it: "$5,000 EUR a month" had been read as US dollars unsaid (the
    claim's last word, "month", was taken for the code).

    Example:
        >>> from paygrade.claims import extract_claims
        >>> print(code_disagreed(extract_claims("ML engineers earn $80,000 EUR.")[0]))
        ... # doctest: +NORMALIZE_WHITESPACE
         Its $ and EUR disagree: it is read as US dollars, as its sign says; write 80,000
         EUR without the $ to read it as EUR.
        >>> code_disagreed(extract_claims("ML engineers earn $80,000 CAD.")[0])
        ''
        >>> code_disagreed(extract_claims("ML engineers earn $5,000 EUR a month.")[0])[:24]
        ' Its $ and EUR disagree:'
    """
    text = claim.text.translate(SAME_SIGNS)
    codes = [m["code"].strip() for m in AMOUNT.finditer(text) if m["code"]]
    if not codes or claim.currency != "USD" or not BARE_DOLLAR.search(claim.text):
        return ""
    if named_currency(codes[-1], "after") == "USD":
        return ""
    figure = BARE_DOLLAR.sub("", claim.text).strip()
    return (
        f" Its $ and {codes[-1]} disagree: it is read as US dollars, as its sign says; "
        f"write {figure} without the $ to read it as {codes[-1]}."
    )


def in_dollars(store: Store, claim: Claim) -> Claim:
    """The claim with its figures in USD, at its currency's rate of the year it is said of
    (``pay_year``; the nearest year the store has a rate for, the newest where it names
    none: ``fx_rates``, the survey's own salary / salary_in_usd pairs), as the records of
    that year were converted (a 2024 figure in euros had been converted at 2025's rate); as
    it was when it is in dollars already or the store has no rate for its currency
    (``_verdict`` says so).

    Example:
        >>> from paygrade.claims import extract_claims
        >>> in_dollars(store, extract_claims("ML engineers earn €80,000.")[0]).low  # doctest: +SKIP
        84209.9
    """
    if claim.currency in ("USD", PERCENT) or claim.currency in UNREAD:
        return claim
    rate = rate_nearest(store, str(claim.currency), pay_year(claim))
    if rate is None:
        return claim
    usd, year = rate.usd_per_unit, rate.year

    def convert(value: float | None) -> float | None:
        return None if value is None else round(value * usd, 2)

    return replace(
        claim,
        low=convert(claim.low),
        high=convert(claim.high),
        written=(claim.low, claim.high),
        usd_per_unit=usd,
        rate_year=year,
    )


def pay_year(claim: Claim) -> int | None:
    """The year a figure is said of: its subject's year, else the last year of the span it
    is said of; None for none (or a span open at its end, "after 2021").

    Example:
        >>> from paygrade.claims import extract_claims
        >>> pay_year(extract_claims("In 2023, ML engineers in Germany earned €80,000.")[0])
        2023
        >>> pay_year(extract_claims("Between 2021 and 2023, ML engineers earned €80,000.")[0])
        2023
    """
    if claim.subject.get("year") is not None:
        return int(claim.subject["year"])
    return claim.years[1] if claim.years else None


def _data_for(claim: Claim, answers: Answers) -> dict[str, Any]:
    """The data's n and percentiles for the subject, in the pay component with most records
    unless the claim names one (base and total never mix)."""
    empty = no_records(claim)
    if claim.subject.get("role") is None:
        return empty
    where = claim.where()
    groups = answers.stats(["pay_component"], where)["groups"]
    if "year" in where and max((g["n"] for g in groups), default=0) < MIN_N:
        # Too few records of the year the text names: every year, and the data says so.
        del where["year"]
        groups = answers.stats(["pay_component"], where)["groups"]
        empty["year_asked"] = year_asked(claim)
    if not groups:
        return empty
    group = max(groups, key=lambda g: g["n"])
    keys = ("p10", "p25", "p50", "p75", "p90", "years")
    return {**empty, "n": group["n"], "pay_component": group["key"]["pay_component"]} | {
        k: group.get(k) for k in keys
    }


def _other_component(claim: Claim, data: dict[str, Any], answers: Answers) -> dict[str, Any] | None:
    """For a claim naming no pay component ("salary"), checked against the component with
    most records: the verdict the other one gives, where it holds enough records.

    "ML engineers' median salary is $140,000" lies below the surveys' total pay (median
    $187,040) and within the filings' base pay (p25-p75 $107,355-$170,270): the text does
    not say which it means, so the answer says both.
    """
    if claim.subject.get("pay_component") is not None or not data.get("pay_component"):
        return None
    other = "base" if data["pay_component"] == "total" else "total"
    named = replace(claim, subject={**claim.subject, "pay_component": other})
    found = _data_for(named, answers)
    verdict, _ = _verdict(named, found)
    if verdict == "no_data":
        return None
    keys = ("pay_component", "n", "p10", "p25", "p50", "p75", "p90", "years")
    return {k: found.get(k) for k in keys} | {"verdict": verdict}


def _other_says(statistic: str, other: dict[str, Any]) -> str:
    """The other pay component's verdict, as the explanation's last sentence.

    Example:
        >>> other = {"pay_component": "base", "verdict": "consistent", "n": 1200,
        ...          "p10": 88254.0, "p25": 107355.0, "p50": 135442.0, "p75": 170270.0,
        ...          "p90": 205933.0, "years": [2015, 2016, 2017, 2018, 2019, 2023]}
        >>> print(_other_says("median", other))  # doctest: +NORMALIZE_WHITESPACE
         The text does not say base or total pay: against base pay (2015-2019 and 2023, n=1200,
         p25-p75 $107,355-$170,270) it is consistent.
    """
    low, high, name = band(statistic, other)
    if low == float("-inf") or high == float("inf"):
        shown = f"${high if low == float('-inf') else low:,.0f}"
    else:
        shown = f"${low:,.0f}-${high:,.0f}"
    said = {"consistent": "consistent", "above_data": "above the data",
            "below_data": "below the data"}[other["verdict"]]  # fmt: skip
    return (
        f" The text does not say base or total pay: against {other['pay_component']} pay "
        f"({_years(other)[2:]}, n={other['n']}, {name} {shown}) it is {said}."
    )


def _never_named(claim: Claim, data: dict[str, Any], answers: Answers) -> str:
    """Why a subject has no records, when that is why: the fields it names that no record
    of the data's pay component names, and whether the other component's do (the surveys'
    total pay names no employer; the H-1B filings' base pay does); else the values no record
    of the component holds (no base pay record is of Germany). A year the data was asked
    without (too few records of it: ``year_asked``) is no reason: "No base pay record has
    year 2024; total pay records do" had been said of Amazon's ML engineers, whom no record
    of any year names, and total pay names no employer.

    Example:
        >>> from paygrade.claims import extract_claims
        >>> claim = extract_claims("Google ML engineers make $350K in total pay.")[0]
        >>> _never_named(claim, {"pay_component": "total"}, Answers(store))  # doctest: +SKIP
        ' No total pay record names a company; base pay records do.'
    """
    component = data["pay_component"]
    where = claim.where()
    if data.get("year_asked") is not None:
        where.pop("year", None)
    names = [k for k in where if k != "pay_component"]
    if claim.subject.get("role") is None or not names:
        return ""
    other = "base" if component == "total" else "total"
    held = answers.fields_held(names, component)
    never = [k for k in names if k not in held]
    if never:
        said = f" No {component} pay record names a {' or a '.join(never)}"
        if set(never) <= answers.fields_held(never, other):
            return f"{said}; {other} pay records do."
        return f"{said}."
    # A value the component never holds: base pay is US filings, so no base pay in Germany.
    absent = {k: where[k] for k in names if k not in answers.values_held({k: where[k]}, component)}
    if not absent:
        return ""
    shown = " or ".join(f"{k} {', '.join(map(str, v))}" for k, v in absent.items())
    said = f" No {component} pay record has {shown}"
    if set(absent) <= answers.values_held(absent, other):
        return f"{said}; {other} pay records do."
    return f"{said}."


def _held_by_none(claim: Claim, answers: Answers) -> str:
    """The values of a subject that no record holds at all ("DeepMind": no filing or survey
    answer names it), said so that no match is not read as a gap of one year or level."""
    where = {k: v for k, v in claim.where().items() if k != "pay_component"}
    held = answers.values_held(where, "base") | answers.values_held(where, "total")
    absent = [f"{k} {', '.join(map(str, where[k]))}" for k in where if k not in held]
    return f" No record has {' or '.join(absent)}." if absent else ""


def _held_apart(claim: Claim, data: dict[str, Any], answers: Answers) -> str:
    """For a subject whose every value some record holds and no record all of them
    ("Amazon's ML engineers": Amazon files them as applied scientists): how many records
    each part of it left out would match, so that the reader sees which part finds none.
    Asked as the data was (``stats.each_left_out``), without the year it set aside.

    Example:
        >>> from paygrade.claims import extract_claims
        >>> claim = extract_claims("Amazon pays ML engineers $200,000.")[0]
        >>> _held_apart(claim, {"n": 0}, answers)  # doctest: +SKIP
        ' Without its company, 8,569 records match; without its role, 6,517 records.'
    """
    where = claim.where()
    if data.get("year_asked") is not None:
        del where["year"]
    apart = answers.stats(["pay_component"], where).get("no_match", {}).get("each_left_out")
    if not apart:
        return ""
    counts = [records_or_none(n) for n in apart.values()]
    counts[0] += " matches" if next(iter(apart.values())) == 1 else " match"
    said = "; ".join(
        f"without its {field.replace('_', ' ')}, {count}"
        for field, count in zip(apart, counts, strict=True)
    )
    return f" {said[0].upper()}{said[1:]}."


def _years(data: dict[str, Any]) -> str:
    """The years the data comes from, as the explanation names them.

    Example:
        >>> _years({"years": [2015, 2016, 2019]}), _years({"years": [2024]}), _years({})
        (', 2015-2016 and 2019', ', 2024', '')
    """
    years = data.get("years") or []
    if not years:
        return ""
    shown = f", {years_span(years, prose=True)}"  # a gap said: "2015-2019 and 2023"
    if data.get("year_asked") is not None:
        shown += f" (too few records of {asked_said(data['year_asked'])})"
    return shown


def band(statistic: str, data: dict[str, Any]) -> tuple[float, float, str]:
    """The data's band a claimed statistic must meet to be consistent, and its name.

    Example:
        >>> data = {"p10": 1.0, "p25": 2.0, "p50": 3.0, "p75": 4.0, "p90": 5.0}
        >>> band("average", data), band("range", data), band("maximum", data)
        ((2.0, 4.0, 'p25-p75'), (1.0, 5.0, 'p10-p90'), (3.0, 5.0, 'p50-p90'))
    """
    tails = data.get("p10") is not None  # p10 and p90 need 10 records
    top, top_name = (data["p90"], "p90") if tails else (data["p75"], "p75")
    if statistic in PUBLISHED:  # a claimed percentile: one published step either side
        return _step_either_side(statistic, data)
    if statistic in CENTRAL_STATISTICS:
        return data["p25"], data["p75"], "p25-p75"
    if statistic == "maximum":  # a claimed top: at least the median, at most p90
        return data["p50"], top, f"p50-{top_name}"
    if statistic == "minimum":  # a claimed floor: reached by the data, at most p90
        return float("-inf"), top, f"up to {top_name}"
    if statistic == "few_above":  # "few earn more than X": X in the top quarter or beyond
        return data["p75"], float("inf"), "from p75"
    if statistic == "few_below":  # "few earn less than X": X in the bottom quarter or below
        return float("-inf"), data["p25"], "up to p25"
    bottom, bottom_name = (data["p10"], "p10") if tails else (data["p25"], "p25")
    return bottom, top, f"{bottom_name}-{top_name}"


# What the explanations call a statistic whose name is no words.
SAID_AS = {"few_above": "figure few earn more than", "few_below": "figure few earn less than"}
# Claims of pay set against other pay, and what the explanations call them.
RELATIVE = {"growth": "change", "difference": "difference"}
PUBLISHED = ("p10", "p25", "p75", "p90")  # the percentiles the data has besides the median
_GRID = ("p10", "p25", "p50", "p75", "p90")


def _step_either_side(statistic: str, data: dict[str, Any]) -> tuple[float, float, str]:
    """A claimed percentile's band: from the data's percentile one step below it to the
    one a step above (p75-p90 ... for p90 the step beyond, as far as p75 is below), the
    rule that gives a median p25-p75. Where the data has no percentile a step away (the
    tenths of a group under 10 records), the step on the other side is taken twice.

    Example:
        >>> data = {"p10": 1.0, "p25": 2.0, "p50": 3.0, "p75": 4.0, "p90": 6.0}
        >>> _step_either_side("p90", data), _step_either_side("p25", data)[:2]
        ((4.0, 8.0, 'p90 $6, a step either side:'), (1.0, 3.0))
        >>> _step_either_side("p75", {**data, "p10": None, "p90": None})[:2]
        (3.0, 5.0)
    """
    at = _GRID.index(statistic)
    value = data[statistic]
    below = data[_GRID[at - 1]] if at > 0 else None
    above = data[_GRID[at + 1]] if at < len(_GRID) - 1 else None
    low = below if below is not None else value - (above - value)
    high = above if above is not None else value + (value - below)
    return low, high, f"{statistic} ${value:,.0f}, a step either side:"


def _verdict(claim: Claim, data: dict[str, Any]) -> tuple[str, str]:
    if claim.currency != "USD" and claim.written is None:
        return "no_data", f"The store has no exchange rate for {claim.currency} to compare it."
    if claim.subject.get("role") is None:
        return "no_data", "The text names no role for this figure, so there is nothing to compare."
    if data["n"] < MIN_N or data.get("p50") is None:
        n = data["n"]
        if n == 0:  # "no record (fewer than 5)" read as a contradiction
            return "no_data", "No record matches this subject."
        said = "Only 1 record matches" if n == 1 else f"Only {n} records match"
        return "no_data", f"{said} this subject (fewer than {MIN_N})."
    if re.fullmatch(r"p\d+", claim.statistic) and data.get(claim.statistic) is None:
        return "no_data", (
            f"The data has no {claim.statistic} here: it publishes p10, p25, p50, p75 and "
            f"p90, the tenths only from 10 records (n={data['n']})."
        )
    if stale := too_old(data):
        return "no_data", stale
    low, high, name = band(claim.statistic, data)
    verdict = _place(claim.low, claim.high, low, high)
    if low == float("-inf") or high == float("inf"):
        shown = f"${high if low == float('-inf') else low:,.0f}"
    else:
        shown = f"${low:,.0f}-${high:,.0f}"
    what = f"{data['pay_component']} pay{_years(data)}, n={data['n']}, {name} {shown}"
    words = {"consistent": "lies within", "above_data": "lies above", "below_data": "lies below"}
    ends = [v for v in (claim.low, claim.high) if v is not None]
    if not all(low <= end <= high for end in ends):
        words["consistent"] = "overlaps"  # a range consistent by reaching into the band
    claimed = SAID_AS.get(claim.statistic, claim.statistic)
    said = f"The claimed {claimed} {words[verdict]} the data ({what})."
    if claim.period != "year":  # as a year's pay, the data's unit
        said = f"{said[:-1]}; read as a year's pay, {_per_year(claim.period)}."
    if claim.written is None:
        return verdict, said
    rate = f"{claim.usd_per_unit:.4g} USD per {claim.currency}, {claim.rate_year}"
    return verdict, f"{said[:-1]}; converted at the survey's rate of {rate}."


def unread_said(claim: Claim) -> str:
    """Why a figure in a currency paygrade does not read is not checked.

    Example:
        >>> from paygrade.claims import extract_claims
        >>> print(unread_said(extract_claims("ML engineers in Tokyo earn ¥15 million.")[0]))
        ... # doctest: +NORMALIZE_WHITESPACE
        ¥15 million is not checked: its currency is not read (¥ is JPY or CNY; write the
        code, e.g. 15 million JPY).
        >>> print(unread_said(extract_claims("ML engineers earn ₿2 million.")[0]))
        ₿2 million is not checked: its currency is not read (₿ is no currency paygrade reads).
        >>> print(unread_said(extract_claims("ML engineers in Tokyo earn ￥15 million.")[0]))
        ... # doctest: +NORMALIZE_WHITESPACE
        ￥15 million is not checked: its currency is not read (¥ is JPY or CNY; write the
        code, e.g. 15 million JPY).
    """
    sign = str(claim.currency)
    may_be = UNREAD[sign]
    if not may_be:
        return (
            f"{claim.text} is not checked: its currency is not read ({sign} is no currency "
            "paygrade reads)."
        )
    # The figure without its sign, as written in full width too ("￥15 million" is read as ¥).
    figure = claim.text.translate(SAME_SIGNS).replace(sign, "").strip()
    return (
        f"{claim.text} is not checked: its currency is not read ({sign} is {may_be}; write "
        f"the code, e.g. {figure} {may_be.split()[0].rstrip(',')})."
    )


def no_years_pay(claim: Claim) -> str:
    """Why a claimed figure can be no year's pay, so that it is listed and not checked:
    written negative, or outside ``PLAUSIBLE`` a year (in dollars; in its own currency up to
    ``ABROAD`` times the top when the store has no rate for it); "" when it can be.

    Example:
        >>> from paygrade.claims import extract_claims
        >>> print(no_years_pay(extract_claims("ML engineers earn $999,999,999,999.")[0]))
        ... # doctest: +NORMALIZE_WHITESPACE
        $999,999,999,999 is not a plausible salary: a year's pay is $10,000-$10,000,000, so
        it is not checked.
        >>> print(no_years_pay(extract_claims("ML engineers earn $2 an hour.")[0]))
        ... # doctest: +NORMALIZE_WHITESPACE
        $2 an hour is not a plausible salary ($4,160 a year): a year's pay is
        $10,000-$10,000,000, so it is not checked.
        >>> print(no_years_pay(extract_claims("ML engineer pay fell by -$5,000.")[0]))
        ... # doctest: +NORMALIZE_WHITESPACE
        -$5,000 is written negative, and no year's pay is: a fall or a gap of pay, not a pay
        level, so it is not checked.
        >>> no_years_pay(extract_claims("ML engineers earn $150,000.")[0])
        ''
    """
    ends = [v for v in (claim.low, claim.high) if v is not None]
    if any(v < 0 for v in ends):
        return (
            f"{claim.text} is written negative, and no year's pay is: a fall or a gap of pay, "
            "not a pay level, so it is not checked."
        )
    in_usd = claim.currency == "USD" or claim.written is not None
    top = PLAUSIBLE[1] * (1 if in_usd else ABROAD)
    if all(PLAUSIBLE[0] <= v <= top for v in ends):
        return ""
    unit, code = ("$", "") if in_usd else ("", f" {claim.currency}")
    shown = "-".join(f"{unit}{v:,.0f}{code}" for v in dict.fromkeys(ends))
    # A year of "$1e306 an hour" is past any number, and of "$1e300 an hour" or "€1e300"
    # past any pay in digits (it had been "$2.08e+303 a year"): the figure as written says it all.
    past_digits = any(abs(v) >= DIGITS_MOST for v in ends)
    as_is = claim.period == "year" and claim.written is None
    read = "" if as_is or past_digits else f" ({shown} a year)"
    bounds = f"{unit}{PLAUSIBLE[0]:,.0f}-{unit}{top:,.0f}{code}"
    return (
        f"{claim.text} is not a plausible salary{read}: a year's pay is {bounds}, so it is "
        "not checked."
    )


# The most one year's pay can be above or below another when both are a year's pay
# (``PLAUSIBLE``): $10,000,000 is +99,900% on $10,000, $10,000 is -99.9% of $10,000,000,
# and $9,990,000 apart. "Salaries grew 999…9%" (past any double) had been checked, its
# explanation saying "the claimed +inf% lies above that", and "fell 150%" (pay below zero)
# as below the data.
_MOST_TIMES = PLAUSIBLE[1] / PLAUSIBLE[0]
CHANGE_SPAN = (100.0 * (1.0 / _MOST_TIMES - 1.0), 100.0 * (_MOST_TIMES - 1.0))  # percent
GAP_MOST = PLAUSIBLE[1] - PLAUSIBLE[0]  # dollars


def no_change_of_pay(claim: Claim) -> str:
    """Why a claimed change or difference of pay can be none between two years' pay
    (``CHANGE_SPAN`` in percent, ``GAP_MOST`` in money), so that it is listed as written
    and not checked; "" when it can be.

    Example:
        >>> from paygrade.claims import extract_claims
        >>> (claim,) = extract_claims("ML engineer pay grew 1000000% from 2022 to 2024.")
        >>> print(no_change_of_pay(claim))  # doctest: +NORMALIZE_WHITESPACE
        grew 1000000% is no change of pay there can be: a year's pay and another's
        ($10,000-$10,000,000 each) are -99.9% to +99,900% apart, so it is not checked.
        >>> no_change_of_pay(extract_claims("ML engineer pay grew 12% from 2022 to 2024.")[0])
        ''
    """
    ends = [v for v in (claim.low, claim.high) if v is not None]
    if claim.currency == PERCENT:
        lowest, highest = CHANGE_SPAN
        apart = f"{lowest:+.1f}% to {highest:+,.0f}%"
    else:  # a gap in money: in dollars, or in a currency the store has no rate for
        in_usd = claim.currency == "USD" or claim.written is not None
        highest = GAP_MOST * (1 if in_usd else ABROAD)
        lowest = -highest
        unit, code = ("$", "") if in_usd else ("", f" {claim.currency}")
        apart = f"-{unit}{highest:,.0f} to +{unit}{highest:,.0f}{code}"
    if all(lowest <= v <= highest for v in ends):
        return ""
    pays = f"${PLAUSIBLE[0]:,.0f}-${PLAUSIBLE[1]:,.0f} each"
    return (
        f"{claim.text} is no {RELATIVE[claim.statistic]} of pay there can be: "
        f"{_TWO_PAYS[claim.statistic]} ({pays}) are {apart} apart, so it is not checked."
    )


_TWO_PAYS = {"growth": "a year's pay and another's", "difference": "one group's pay and another's"}


def year_left_said(claim: Claim) -> str:
    """Why a figure the text says of two years apart is checked against one (``year_left``).

    Example:
        >>> from paygrade.claims import extract_claims
        >>> (claim,) = extract_claims("ML engineers earned $180,000 in 2022 and 2024.")
        >>> said = year_left_said(claim)
        >>> "read as of the later, 2024, alone" in said, said.endswith("its 2022 is not checked.")
        (True, True)
    """
    if claim.year_left is None or claim.subject.get("year") is None:
        return ""
    first, last = sorted((claim.subject["year"], claim.year_left))
    between = f"{first + 1}" if last - first == 2 else f"{first + 1}-{last - 1}"
    return (
        f" The text names {first} and {last}: this figure is read as of the later, "
        f"{claim.subject['year']}, alone, as a span of {first}-{last} would take in {between}, "
        f"which the text leaves out; its {claim.year_left} is not checked."
    )


def year_asked(claim: Claim) -> int | list[int | None] | None:
    """The year a claim's text names, or the [from, to] of the span of years it names."""
    return list(claim.years) if claim.years is not None else claim.subject.get("year")


def _per_year(period: str) -> str:
    """How a figure paid by ``period`` became a year's pay, in words.

    Example:
        >>> _per_year("hour"), _per_year("day"), _per_year("month")
        ('2,080 hours (52 weeks of 40)', '260 days (52 weeks of 5)', '12 months')
        >>> _per_year("4 years")
        'the sum over 4 years divided by 4'
    """
    if period.endswith(" years"):  # "over 4 years"
        return f"the sum over {period} divided by {period.split()[0]}"
    times = PER_YEAR[period]
    weeks = {"hour": " (52 weeks of 40)", "day": " (52 weeks of 5)"}.get(period, "")
    if period == "fortnight":
        return "26 fortnights (every two weeks)"
    return f"{times:,} {period}s{weeks}"


def _place(lo: float | None, hi: float | None, low: float, high: float) -> str:
    """Where a claimed interval [lo, hi] (an open end: one figure) sits against [low, high].

    Example:
        >>> _place(5.0, None, 1.0, 4.0), _place(None, 0.5, 1.0, 4.0), _place(2.0, 9.0, 1.0, 4.0)
        ('above_data', 'below_data', 'consistent')
    """
    first = lo if lo is not None else hi
    last = hi if hi is not None else lo
    assert first is not None and last is not None
    if first > high:
        return "above_data"
    if last < low:
        return "below_data"
    return "consistent"
