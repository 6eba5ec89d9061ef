"""Offer math: vesting schedules, a year-by-year table, first-year and annualized totals,
and where an offer falls among market peers.

Money is exact decimal arithmetic on the amounts as typed (1.015 is 1.015, not the float
1.01499999...), and every amount said is rounded to cents by one rule: half up (7,500.075
is 7,500.08). Each input amount is rounded to cents once, so a year's parts add up to its
total; a schedule's vests add up to the grant exactly: each vest is the rounded
cumulative amount minus the one before.

Conventions (docs/methodology.md, "Offers"):

* Annualized total = base + grant / vesting years + target bonus + sign-on / 4.
  It ignores refreshers and stock growth, as the common convention does. The vesting
  years end at the last year with a share (``Vesting.years_to_vest``).
* One-time cash (sign-on) is its own column, never inside base or bonus.
* A stock growth assumption values each year's vests at the grant price grown
  ``growth_pct`` per year, compounded to the end of that year.
* A refresher (``refresher``: grant value each year) is granted at each
  anniversary and vests on the same schedule as the initial grant.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction
from functools import cache, partial
from typing import TYPE_CHECKING, Any, Final, TypeVar

from paygrade.fx import Rate, newest_rate
from paygrade.normalize.money import (
    DECIMAL_COMMA,
    currencies,
    no_such_currency,
    sign_not_of,
    typed_amount,
    typed_price,
)
from paygrade.normalize.places import METROS_ARE, region_named
from paygrade.normalize.rule_tables import read_rules
from paygrade.places_held import counted_by
from paygrade.records import (
    MAX_YEARS_EXPERIENCE,
    PRIVATE_SQL,
    UNFLAGGED_SQL,
    VOCABULARIES,
    YEARS_OUT_OF_RANGE,
    BadFilter,
    PaygradeError,
    TypedWhole,
    did_you_mean,
    out_of_range,
    whole_wanted,
)
from paygrade.store import Store, first_row

if TYPE_CHECKING:  # filters is imported when first asked (as in _peer_pay)
    from paygrade.filters import Unmatched

T = TypeVar("T")

MIN_YEARS = 4  # the table covers at least four years
MAX_VESTING_YEARS = 10
MAX_PAY = 20_000_000  # base, bonus, sign-on or a year's refresher above this is a typo
MAX_GRANT = 200_000_000
# The bound of an amount in any currency, before it is held to the dollar bounds at the
# currency's rate: past a year's pay in the weakest currency (20,000,000 USD is about
# 2e12 Lebanese pounds), short of where the year table's sums lose their cents.
MAX_UNITS = 10**13
# The most shares a grant holds and the highest price a share has, in any currency: past
# them a number is a typo, though the grant they make may be small (1e11 shares at 0.001).
MAX_SHARES = 10**10
MAX_PRICE = 10**7
# A base below this is no year's pay anywhere: thousands left out ("185" for 185,000) or a
# monthly figure. The US full-time floor is $15,080 (rules/plausibility.csv), but an
# entry-level engineer's year elsewhere can be below it, so the bound is far lower.
MIN_BASE = 1_000
# A bonus, sign-on or grant typed below this (in the offer's currency) is none anyone is
# paid: a percent typed as an amount ("--equity 0.1" for 0.1% of a company was taken as
# 10 cents, a year's stock of 0.03). Zero is none given. A grant given as shares x price
# is counted, not typed, and held to no floor.
MIN_AMOUNT = 100
# An amount below MIN_AMOUNT by input: its name, and what it was likely meant as.
A_SHARE = "a percentage of a company is not an amount: give the grant's value in {currency}"
BELOW_FLOOR_SAID: Final = {
    "bonus": ("bonus", "a percent of base? give it as the bonus percent"),
    "sign_on": ("sign-on", "thousands left out ({typed}k)?"),
    "sign_on_year2": ("second-year sign-on", "thousands left out ({typed}k)?"),
    "equity": ("equity", A_SHARE),
    "refresher": ("refresher", A_SHARE),
}
# Each amount (and the grant's shares and price) by its input, with the name its messages
# give it ("sign-on cannot be negative"); every skin says these (``below_least``).
AMOUNT_SAID: Final = {
    "base": "base",
    **{field_: name for field_, (name, _) in BELOW_FLOOR_SAID.items()},
    "shares": "shares",
    "price": "price",
    "strike": "strike",
}
# An offer's inputs in the order its faults are said, as a form and the CLI's options
# give them: the money first, then the schedule, then the currency.
INPUT_ORDER: Final = (
    "base", "bonus_pct", "bonus", "sign_on", "sign_on_year2", "equity", "shares", "price",
    "strike", "refresher", "growth_pct", "vesting", "cliff_months", "frequency", "currency",
)  # fmt: skip
# A market profile's inputs in the order their faults are said, after the offer's: the
# form's and the CLI's options' order. One rule for every face: the API and MCP had said
# a metro before the years, the CLI and the page the years first.
PROFILE_ORDER: Final = ("role", "level", "years", "metro", "country")
FREQUENCIES = {"monthly": 12, "quarterly": 4, "yearly": 1}
SIGN_ON_YEARS = 4  # the convention spreads the sign-on over four years
MIN_PEERS = 5  # below: no percentile, only n (as in stats)
RECENT_YEARS = 3  # peers: the latest three pay years the peer data holds
CENT = Decimal("0.01")
# The one rounding rule, half up, as people round money. Wide enough that no sum of
# amounts a float can hold loses a digit, nor fails to round to cents (1e308 is 309 digits).
EXACT = Context(prec=400, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Bound:
    """The range an offer's number input holds, ends included, and how it is said: a
    value outside it is told ``out_of_range(said, value)``."""

    least: float
    most: float
    said: str


# Each bounded number of an offer and its profile, by the name the library gives it
# (``BadOffer.fields``). The library checks through it, and the API's bodies and the MCP
# tools build their bounds and words from it (``offer_inputs.Held``): they had said
# pydantic's "input should be less than or equal to 100" where the CLI and the page say
# these words.
BOUNDS: Final = {
    "bonus_pct": Bound(0, 200, "the target bonus percent is 0 to 200"),
    "growth_pct": Bound(-90, 100, "stock growth is -90 to 100 percent a year"),
    "cliff_months": Bound(0, 12, "the cliff is 0 to 12 months"),
    "years": Bound(0, MAX_YEARS_EXPERIENCE, YEARS_OUT_OF_RANGE),
}
# The inputs that are amounts of money (in the offer's currency), as every skin names them.
AMOUNTS: Final = (
    "base", "bonus", "sign_on", "sign_on_year2", "equity", "price", "strike", "refresher",
)  # fmt: skip
# ``check_offer`` holds the other amounts to its bounds in dollars at the currency's rate
# (and to ``MAX_UNITS``): past them each is told "base of ... is beyond 20,000,000 USD" on
# every skin. A grant's shares and price are each held to a most of their own
# (``equity_value``), in these words on every skin: the API and the MCP tool had refused
# 1e11 shares as "must be 10000000000 or less" where the CLI and the page took them (at
# 0.001, a grant of 1e8).
MOST_OF_GRANT: Final = {
    "shares": (MAX_SHARES, "a grant of {amount} shares is beyond {most} shares"),
    "price": (MAX_PRICE, "a share price of {amount} is beyond {most}"),
    "strike": (MAX_PRICE, "a strike price of {amount} is beyond {most}"),
}


def most_of(name: str) -> float:
    """The most the amount ``name`` (``AMOUNT_SAID``) is, in any currency: the schemas of
    the API's bodies and the MCP tools give it, and the library refuses past it.

    Example:
        >>> most_of("base"), most_of("shares"), most_of("price"), most_of("strike")
        (10000000000000, 10000000000, 10000000, 10000000)
    """
    return MOST_OF_GRANT[name][0] if name in MOST_OF_GRANT else MAX_UNITS


def past_most_of_grant(name: str, number: float) -> str | None:
    """What a grant's shares or price past its most is told; None within it.

    Example:
        >>> past_most_of_grant("shares", 1e11)
        'a grant of 100,000,000,000 shares is beyond 10,000,000,000 shares: is it a typo?'
        >>> past_most_of_grant("price", 1e8)
        'a share price of 100,000,000 is beyond 10,000,000: is it a typo?'
        >>> past_most_of_grant("shares", 1e10) is None
        True
    """
    most, words = MOST_OF_GRANT[name]
    if number <= most:
        return None
    return f"{words.format(amount=_huge(number), most=f'{most:,}')}: is it a typo?"


def check_bound(name: str, value: float | None, typed: str | None = None) -> None:
    """Refuse ``value`` outside the bound of the input ``name`` (``BOUNDS``) in its words;
    None is an input not given. ``typed``: the value as its asker typed it (a page's text),
    echoed so, as the API's query echoes it: the page had said "not 61" of "61.0".

    Example:
        >>> check_bound("cliff_months", 12), check_bound("years", None)
        (None, None)
        >>> check_bound("cliff_months", 13)
        Traceback (most recent call last):
        paygrade.offers.BadOffer: the cliff is 0 to 12 months, not 13
        >>> check_bound("years", 61.0, "061")
        Traceback (most recent call last):
        paygrade.offers.BadOffer: years of experience are 0 to 60, not 061
    """
    bound = BOUNDS[name]
    if value is not None and not bound.least <= value <= bound.most:
        raise BadOffer(out_of_range(bound.said, value if typed is None else typed), name)


def negative_said(name: str) -> str:
    """What a negative amount is told (``below_least``)."""
    return f"{name} cannot be negative"


def below_least(name: str, amount: float) -> str | None:
    """What an amount below its least is told, on every skin: none is negative, and a base
    is more than 0; None for an amount that is not. ``name``: as its messages name it
    (``AMOUNT_SAID``). The API and the MCP tool had said their schema's bound ("must be
    more than 0, not -1") where the CLI and the page say these words.

    Example:
        >>> below_least("base", -1), below_least("base", 0), below_least("sign-on", -5)
        ('base cannot be negative', 'base must be more than 0', 'sign-on cannot be negative')
        >>> below_least("sign-on", 0) is None
        True
    """
    if amount < 0:
        return negative_said(name)
    if amount == 0 and name == "base":
        return "base must be more than 0"
    return None


def currency_in_amount(text: str, currency_input: str, numbers: str = "85000 or 85k") -> str:
    """What every skin tells an amount typed with its currency ("185000USD", "€85,000"):
    the currency is given on its own, in ``currency_input`` (the CLI's ``--currency``), and
    the amounts as ``numbers`` (a JSON body takes no "85k"). The API and MCP had said "input
    should be a number", the page "'185000USD' is not a number".

    Example:
        >>> currency_in_amount("185000USD", "--currency")
        "'185000USD' is not an amount: give the currency with --currency (EUR, GBP, ...) \
and the amounts as numbers (85000 or 85k)"
    """
    return (
        f"{text!r} is not an amount: give the currency with {currency_input} (EUR, GBP, ...) "
        f"and the amounts as numbers ({numbers})"
    )


class BadOffer(PaygradeError):
    """An offer's numbers are negative, absurd or inconsistent. ``fields`` names the inputs
    at fault as ``make_offer``, ``Offer`` and ``Profile`` name them (a form marks those and
    no others); none when no input is. ``offer``: which of the offers given side by side
    (0 is the first) the error is about, when known.

    Example:
        >>> BadOffer("base cannot be negative", "base").fields
        ('base',)
        >>> BadOffer("base cannot be negative", "base").of_offer(1).offer
        1
    """

    # The offer as ``make_offer`` drafted it, each input refused as none, when it refused
    # one: its amounts are still to be held to the dollar bounds at the currency's rate
    # (``rate_problems``), found only against a store, and said with the rest at once.
    drafted: Offer | None = None

    def __init__(self, message: str, *fields: str, offer: int | None = None) -> None:
        super().__init__(message)
        self.fields = fields
        self.offer = offer

    def of_offer(self, index: int) -> BadOffer:
        """The same error, said of the offer at ``index`` among those given side by side."""
        return BadOffer(str(self), *self.fields, offer=index)

    @property
    def each(self) -> tuple[BadOffer, ...]:
        """The errors it holds, one an input at fault: itself alone, or ``Faults``' several."""
        return (self,)


class Faults(BadOffer):
    """Several inputs at fault, said at once, "; " between them, each its own error in
    ``each`` (a skin names each one's field and offer): a market profile's
    (``profile_problems``), an offer's with its profile's (``offered``), several offers'.

    Example:
        >>> both = Faults([BadOffer("a", "role"), BadOffer("b", "years")])
        >>> str(both), both.fields, [str(e) for e in both.of_offer(1).each]
        ('a; b', ('role', 'years'), ['a', 'b'])
        >>> [e.offer for e in Faults([BadOffer("a", offer=0), BadOffer("b", offer=1)]).each]
        [0, 1]
    """

    def __init__(self, problems: Sequence[BadOffer], offer: int | None = None) -> None:
        said = "; ".join(str(problem) for problem in problems)
        fields = [field for problem in problems for field in problem.fields]
        super().__init__(said, *fields, offer=offer)
        self.problems = tuple(p if offer is None else p.of_offer(offer) for p in problems)

    def of_offer(self, index: int) -> Faults:
        """The same errors, each said of the offer at ``index``."""
        return Faults(self.problems, offer=index)

    @property
    def each(self) -> tuple[BadOffer, ...]:
        return self.problems


def at_once(problems: Sequence[BadOffer]) -> BadOffer:
    """The error saying every one of ``problems`` (one or more): itself when one."""
    return problems[0] if len(problems) == 1 else Faults(problems)


def led_by_offer(said: str, offer: int | None, offers: int) -> str:
    """A fault's words ``said`` led by the offer it is of (``offer``, 0 the first) when
    ``offers``, the number given side by side, is several: with one, "offer 1:" is noise,
    and the CLI and the MCP tool, of one offer, said none where the Offer check page led
    each fault with it. A fault of no offer in particular is said as it is.

    Example:
        >>> led_by_offer("base cannot be negative", 1, 2)
        'offer 2: base cannot be negative'
        >>> led_by_offer("base cannot be negative", 0, 1), led_by_offer("no metro", None, 3)
        ('base cannot be negative', 'no metro')
    """
    return said if offer is None or offers < 2 else f"offer {offer + 1}: {said}"


@dataclass(frozen=True)
class Vesting:
    """Percent of the grant vesting each year, the cliff (months) and the rhythm after it."""

    percentages: tuple[float, ...]
    cliff_months: int = 12
    frequency: str = "monthly"
    name: str = "custom"

    @property
    def years(self) -> int:
        """The schedule's years as written, trailing 0% years too (the year table's)."""
        return len(self.percentages)

    @property
    def years_to_vest(self) -> int:
        """The years the grant vests over: up to the last year with a share. Trailing 0%
        years vest nothing: "50,50,0,0" had spread the grant over four years where "50,50"
        spread it over two, and so put the same offer 50,000 a year lower.

        Example:
            >>> Vesting((50.0, 50.0, 0.0, 0.0)).years_to_vest
            2
            >>> Vesting((0.0, 50.0, 50.0)).years_to_vest  # a year of nothing first still counts
            3
        """
        return max((k + 1 for k, share in enumerate(self.percentages) if share > 0), default=0)


@cache
def presets() -> dict[str, Vesting]:
    """The reviewed vesting presets (``rules/vesting_presets.csv``), by name.

    Example:
        >>> presets()["amazon"].percentages
        (5.0, 15.0, 40.0, 40.0)
    """
    return {
        row["name"]: Vesting(
            tuple(float(p) for p in row["percentages"].split("/")),
            int(row["cliff_months"]),
            row["frequency"],
            row["name"],
        )
        for row in read_rules("vesting_presets.csv")
    }


def vesting_said(vesting: Vesting) -> dict[str, Any]:
    """The schedule an offer was read with, in the API's words: a preset's percentages, and
    the cliff and rhythm given over it, which move only within-year timing (and so were
    nowhere to be seen in the year table).

    Example:
        >>> vesting_said(parse_vesting("amazon", cliff_months=6, frequency="quarterly"))
        {'name': 'amazon', 'percentages': [5.0, 15.0, 40.0, 40.0], 'cliff_months': 6, \
'vest_every': 'quarterly'}
    """
    return {
        "name": vesting.name,
        "percentages": list(vesting.percentages),
        "cliff_months": vesting.cliff_months,
        "vest_every": vesting.frequency,
    }


def schedule_said(vesting: dict[str, Any], named: bool = True) -> str:
    """A schedule (``vesting_said``'s) in words: its preset (unless not ``named``),
    percentages, cliff and rhythm (they move no year's total). The CLI says it under an
    offer with stock, the web page in its table and beside the presets.

    Example:
        >>> amazon = parse_vesting("amazon", cliff_months=6, frequency="quarterly")
        >>> schedule_said(vesting_said(amazon)), schedule_said(vesting_said(amazon), named=False)
        ('amazon 5/15/40/40%, a 6-month cliff, then quarterly', \
'5/15/40/40%, a 6-month cliff, then quarterly')
        >>> schedule_said({"name": "custom", "percentages": [50.0, 50.0],
        ...     "cliff_months": 0, "vest_every": "monthly"})
        '50/50%, no cliff, monthly'
    """
    name = "" if vesting["name"] == "custom" or not named else vesting["name"] + " "
    shares = "/".join(f"{p:g}" for p in vesting["percentages"])
    months = vesting["cliff_months"]
    cliff = f"a {months}-month cliff, then" if months else "no cliff,"
    return f"{name}{shares}%, {cliff} {vesting['vest_every']}"


def presets_said() -> dict[str, str]:
    """Each reviewed preset's schedule and what it is (``vesting_presets.csv``'s note), for
    the page where one is picked: the names alone (``even``, ``amazon``) said neither.

    Example:
        >>> presets_said()["google"]
        '33/33/22/12%, no cliff, monthly: Front-weighted, no cliff, monthly'
    """
    notes = {row["name"]: row["note"] for row in read_rules("vesting_presets.csv")}
    return {
        name: f"{schedule_said(vesting_said(vesting), named=False)}: {notes[name]}"
        for name, vesting in presets().items()
    }


def percentile_said(percentile: float, n: int) -> str:
    """What an offer's market percentile means (``percentile_rank``: the share of peers paid
    less, a peer paid the same counting half): "Market percentile 82.0" alone was read as
    a score.

    Example:
        >>> percentile_said(82.0, 120)
        'pays more than 82% of the 120 peers counted (a peer paid the same counts as half)'
        >>> percentile_said(12.5, 8)
        'pays more than 12.5% of the 8 peers counted (a peer paid the same counts as half)'
    """
    return (
        f"pays more than {percentile:g}% of the {n:,} peers counted "
        "(a peer paid the same counts as half)"
    )


def parse_vesting(
    text: str | Sequence[float], *, cliff_months: int | None = None, frequency: str | None = None
) -> Vesting:
    """A preset name or percentages like ``10,20,30,40``, or the percentages as numbers (a
    JSON list: ``[10, 20, 30, 40]`` is ``10,20,30,40``); checked.

    Example:
        >>> parse_vesting("10,20,30,40").percentages == parse_vesting([10, 20, 30, 40]).percentages
        True
        >>> parse_vesting("google").name
        'google'
    """
    problems: list[BadOffer] = []
    # A schedule unread is checked as the even one: its cliff and rhythm are still said.
    vesting = made(partial(_schedule, text), problems, presets()["even"])
    if cliff_months is not None:
        vesting = replace(vesting, cliff_months=cliff_months)
    if frequency is not None:  # "Monthly" as the presets' "monthly"
        vesting = replace(vesting, frequency=frequency.strip().lower())
    if problems := problems + vesting_problems(vesting):
        raise at_once(problems)
    return vesting


def _schedule(text: str | Sequence[float]) -> Vesting:
    """The schedule ``text`` names or writes, unchecked (``parse_vesting``)."""
    if not isinstance(text, str):
        return Vesting(tuple(float(share) for share in text))
    if (spec := text.strip().lower()) in presets():
        return presets()[spec]
    if spec and (spec[0].isdigit() or spec[0] in "-.+"):
        return Vesting(_percentages(spec))
    names, hint = ", ".join(presets()), did_you_mean(spec, presets())
    raise BadOffer(
        f"unknown vesting preset {text!r}{hint}; use one of {names} or percentages like "
        "10,20,30,40",
        "vesting",
    )


def made(make: Callable[[], T], problems: list[BadOffer], instead: T) -> T:
    """What ``make`` makes; ``instead`` when it refuses, its faults added to ``problems``
    (every input at fault is said at once: ``at_once``)."""
    try:
        return make()
    except BadOffer as exc:
        problems += exc.each
        return instead


def faults_of(*checks: Callable[[], object]) -> list[BadOffer]:
    """The faults each of ``checks`` raises, in their order: each its own inputs' first."""
    problems: list[BadOffer] = []
    for check in checks:
        made(check, problems, None)
    return problems


DECIMAL_COMMA_TYPED = re.compile(r"\$?" + DECIMAL_COMMA + r"[kKmM]?")


def dollars(text: str) -> float:
    """An amount of dollars as people type it: 185000, 185,000, $185,000, 185k, 1.2M (its
    range is the offer's to check).

    Example:
        >>> dollars("$185,000"), dollars("185k"), dollars("1.2M"), dollars(" -5 ")
        (185000.0, 185000.0, 1200000.0, -5.0)
        >>> dollars("12,5")
        Traceback (most recent call last):
        ValueError: '12,5' is not an amount (write 185000, $185,000 or 185k; a dot marks decimals)
    """
    # Not a decimal comma, which a salary form takes ("85000,50"): typed here, "12,5" had
    # been $12.50 where a percent of "12,5" was refused, and a dot marks decimals, as said.
    value = None if DECIMAL_COMMA_TYPED.fullmatch(text.strip()) else typed_amount(text)
    if value is None:
        raise ValueError(
            f"{text!r} is not an amount (write 185000, $185,000 or 185k; a dot marks decimals)"
        )
    return value


class TypedAmount(float):
    """An amount read from an option, its text as typed kept (``text``): the sign in it is
    checked against the offer's currency once that is read (``sign_refused``)."""

    text: str

    def __new__(cls, value: float, text: str) -> TypedAmount:
        amount = super().__new__(cls, value)
        amount.text = text
        return amount


def sign_refused(texts: Mapping[str, str], currency: str) -> None:
    """Refuse an amount typed with a sign that is not the offer's currency's, naming it
    (``texts``: each input's name and text): "$150,000" in an offer in INR had been taken
    as 150,000 INR (1,774 USD), where a submission and a user's file refuse it.

    Example:
        >>> sign_refused({"base": "$150,000", "bonus": "20k"}, "CAD")
        >>> sign_refused({"sign_on": "$20k"}, "INR")
        Traceback (most recent call last):
        paygrade.offers.BadOffer: sign on: '$' is the sign of dollars or pesos, not of INR: \
write the amount in INR as a number (90000 or 90k), or give the currency it is in
    """
    for name, text in texts.items():
        if why := sign_not_of(text, currency):
            raise BadOffer(f"{name.replace('_', ' ')}: {why}", name)


def share_price(text: str) -> float:
    """A share price as people type it: as ``dollars``, but a dot is always the decimal
    mark ("1.125" is $1.125, where as dollars it is refused as 1,125 grouped by a dot).

    Example:
        >>> share_price("1.125"), share_price("$0.335"), share_price("180.5")
        (1.125, 0.335, 180.5)
        >>> share_price("1,5")
        Traceback (most recent call last):
        ValueError: '1,5' is not a share price (write 180, 180.50, $1.125 or 0.335)
    """
    value = None if DECIMAL_COMMA_TYPED.fullmatch(text.strip()) else typed_price(text)
    if value is None:  # "1,5" too, as dollars refuses it
        raise ValueError(f"{text!r} is not a share price (write 180, 180.50, $1.125 or 0.335)")
    return value


# A plain number as people type it: digits, grouped by commas in threes or not, decimals
# after a point (or none yet: "5."), an exponent. "12,5" (a decimal comma) is refused: the
# page had read it as 125, a bonus of 125%.
# The words for no finite number that Python's float reads: a number option refuses them.
NOT_FINITE: Final = ("nan", "inf", "infinity")
# How a plain number is written, said where one cannot be read; an offer's fields that are
# no count say their own (``offer_number``): a cliff in months had been told "1200".
WRITTEN: Final = "write 1200, 1,200 or 12.5; a dot marks decimals"
PERCENT_WRITTEN: Final = "write 10, 12.5 or 10%; a dot marks decimals"
FIELDS_WRITTEN: Final = {
    "bonus_pct": PERCENT_WRITTEN,
    "growth_pct": PERCENT_WRITTEN,
    "cliff_months": "write whole months, 0 to 12, such as 6 or 12",
}
PLAIN = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def plain_number(text: str, written: str = WRITTEN) -> float:
    """A number that is no amount of money (a percent, shares, years, months) as people
    type it, read so by the command line and the page alike: "1,200" shares had been a
    usage error on the one, "5." percent refused on the other. ``written``: how one is
    written, said when it cannot be read.

    Example:
        >>> plain_number("1,200"), plain_number("5."), plain_number(" .5 "), plain_number("-2e3")
        (1200.0, 5.0, 0.5, -2000.0)
        >>> plain_number("12,5")
        Traceback (most recent call last):
        ValueError: '12,5' is not a number (write 1200, 1,200 or 12.5; a dot marks decimals)
        >>> plain_number("nan")
        Traceback (most recent call last):
        ValueError: 'nan' is not a finite number
    """
    typed = text.strip()
    if typed.casefold().lstrip("+-") in NOT_FINITE:  # as every number option says them
        raise ValueError(f"{text!r} is not a finite number")
    if not PLAIN.fullmatch(typed):
        raise ValueError(f"{text!r} is not a number ({written})")
    number = float(typed.replace(",", ""))
    if not math.isfinite(number):  # "1e999", as the command line's other numbers refuse it
        raise ValueError(f"{text!r} is not a finite number")
    return number


def offer_number(field: str, text: str) -> float:
    """An offer's input that is no amount (a percent, shares, months) as people type it:
    ``plain_number``'s, and a field that is itself a percent (``*_pct``) may end in "%",
    as its label asks ("10%" in "Target bonus (% of base)" had been "not a number"). One
    that cannot be read is told how its field is written (``FIELDS_WRITTEN``).

    Example:
        >>> offer_number("bonus_pct", "10%"), offer_number("growth_pct", " -5 % ")
        (10.0, -5.0)
        >>> offer_number("cliff_months", "six")
        Traceback (most recent call last):
        ValueError: 'six' is not a number (write whole months, 0 to 12, such as 6 or 12)
        >>> offer_number("shares", "10%")
        Traceback (most recent call last):
        ValueError: '10%' is not a number (write 1200, 1,200 or 12.5; a dot marks decimals)
    """
    written = FIELDS_WRITTEN.get(field, WRITTEN)
    number = text.strip()
    if field.endswith("_pct") and number.endswith("%"):
        number = number[:-1]
    try:
        return plain_number(number, written)
    except ValueError:
        return plain_number(text, written)  # refused again, in the words of the text as typed


def plain_whole(text: str, written: str = WRITTEN) -> TypedWhole:
    """A whole number (months, a page, a limit) as ``plain_number`` reads it, keeping the
    text for a message to echo; a fraction is refused in the shared words, as typed. The
    CLI's options, the API's query numbers and the cliff read whole numbers through it.

    Example:
        >>> plain_whole("1,200"), plain_whole("6.").text
        (1200, '6.')
        >>> plain_whole("12.50")
        Traceback (most recent call last):
        ValueError: must be a whole number, got 12.50
    """
    number = plain_number(text, written)
    if not number.is_integer():
        raise ValueError(whole_wanted(text))
    return TypedWhole(int(number), text)


def _percentages(spec: str) -> tuple[float, ...]:
    """Percent per year, however people separate them: 10,20,30,40, 25/25/25/25,
    25%-25%-25%-25%, 5 15 40 40.

    Example:
        >>> _percentages("25%, 25%, 25%, 25%"), _percentages("5-15-40-40")
        ((25.0, 25.0, 25.0, 25.0), (5.0, 15.0, 40.0, 40.0))
    """
    try:
        return tuple(
            float(part)
            for part in re.split(r"[,/;\s]+|(?<=\d)-(?=\d)", spec.replace("%", "").strip())
        )
    except ValueError:
        raise BadOffer(
            f"cannot read vesting percentages {spec!r}; write them like 10,20,30,40", "vesting"
        ) from None


def check_vesting(vesting: Vesting) -> None:
    """Percentages are non-negative and sum to 100; years, cliff and rhythm are sensible:
    each at fault said at once.

    Example:
        >>> check_vesting(Vesting((50.0, 40.0)))
        Traceback (most recent call last):
        paygrade.offers.BadOffer: vesting percentages sum to 90, not 100
        >>> check_vesting(Vesting((50.0, 40.0), cliff_months=13, frequency="daily"))
        Traceback (most recent call last):
        paygrade.offers.Faults: vesting percentages sum to 90, not 100; the cliff is 0 to 12 \
months, not 13; vesting after the cliff is one of: monthly, quarterly, yearly
    """
    if problems := vesting_problems(vesting):
        raise at_once(problems)


def vesting_problems(vesting: Vesting) -> list[BadOffer]:
    """Each of the schedule's inputs at fault (its percentages, cliff, rhythm), every one:
    ``--vesting 50,40 --cliff-months 13`` had said the percentages alone."""
    return faults_of(
        partial(_check_percentages, vesting),
        partial(check_bound, "cliff_months", vesting.cliff_months),
        partial(_check_frequency, vesting.frequency),
    )


def _check_percentages(vesting: Vesting) -> None:
    if not 1 <= vesting.years <= MAX_VESTING_YEARS:
        raise BadOffer(f"a vesting schedule has 1 to {MAX_VESTING_YEARS} years", "vesting")
    if not all(math.isfinite(p) for p in vesting.percentages):
        # NaN passes the sum's check below unnoticed ("100,0,nan" was a 500 on the page).
        raise BadOffer("vesting percentages must be finite numbers", "vesting")
    if any(p < 0 for p in vesting.percentages):
        raise BadOffer("vesting percentages cannot be negative", "vesting")
    total = sum(vesting.percentages)
    if abs(total - 100) > 1e-6:
        # Said to the digit that is off: "50,50.0001" summed "to 100, not 100".
        raise BadOffer(
            f"vesting percentages sum to {total:.12g}, not 100{_rounded_hint(vesting)}", "vesting"
        )


def _check_frequency(frequency: str) -> None:
    if frequency not in FREQUENCIES:
        hint = did_you_mean(frequency, FREQUENCIES)
        raise BadOffer(
            f"vesting after the cliff is one of: {', '.join(FREQUENCIES)}{hint}", "frequency"
        )


def _rounded_hint(vesting: Vesting) -> str:
    """A schedule written with rounded shares ("33.33,33.33,33.33", three even years) and a
    sum a rounding away from 100: the same shares that do add up, said as an example.

    Example:
        >>> _rounded_hint(Vesting((33.33, 33.33, 33.33)))
        ' (rounded shares must still add up to 100: 33.34,33.33,33.33, say)'
        >>> _rounded_hint(Vesting((33.0, 33.0, 33.0)))
        ' (rounded shares must still add up to 100: 34,33,33, say)'
        >>> _rounded_hint(Vesting((50.0, 40.0)))
        ''
    """
    shares = [exact(p) for p in vesting.percentages]
    # The digits after the point as typed: none of a whole "33" (``exact`` gives "33.0").
    places = max(max(0, -int(share.normalize().as_tuple().exponent)) for share in shares)
    off = Decimal(100) - sum(shares)
    # Only a rounding's miss: each share off by at most half a unit of the last digit typed.
    if abs(off) > len(shares) * Decimal(5).scaleb(-places - 1):
        return ""
    first = shares[0] + off
    if first < 0:
        return ""
    said = ",".join(f"{share:.{places}f}" for share in (first, *shares[1:]))
    return f" (rounded shares must still add up to 100: {said}, say)"


def exact(number: float) -> Decimal:
    """A number as the decimal it was typed as: the float read from "1.015" is
    1.01499999999999990230037..., which rounds to 1.01 where a person rounds to 1.02.

    Example:
        >>> exact(1.015), exact(185_000), exact(-0.0)
        (Decimal('1.015'), Decimal('185000.0'), Decimal('0.0'))
    """
    # + 0.0: a typed "-0" is 0 (it had come back "-0.0", and the API's answer cached for
    # 0 and -0 alike said whichever came first).
    return Decimal(repr(float(number) + 0.0))


def to_cents(amount: Decimal) -> Decimal:
    """An amount rounded to cents, half up: the one rounding rule of every amount said.

    Example:
        >>> to_cents(Decimal("7500.075")), to_cents(Decimal("0.125")), to_cents(Decimal("2"))
        (Decimal('7500.08'), Decimal('0.13'), Decimal('2.00'))
    """
    return amount.quantize(CENT, context=EXACT)


def in_cents(number: float) -> float:
    """A typed amount rounded to cents (half up); not a finite number, it stays as it is,
    for the checks to name.

    Example:
        >>> in_cents(185_000.999), in_cents(0.005), in_cents(float("inf"))
        (185001.0, 0.01, inf)
    """
    return float(_money(number)) if math.isfinite(number) else number


def _money(number: float) -> Decimal:
    """An amount as the offer counts it: in cents, exactly."""
    return to_cents(exact(number))


def _cents(value: float) -> int:
    return int(_money(value) * 100)


def _split(total_cents: int, weights: Sequence[float]) -> list[int]:
    """Cents split by weights; the parts add up to the total exactly (cumulative rounding,
    half up, of the weights as typed: 33.33 + 33.33 is 66.66, not 66.66000000000001)."""
    with localcontext(EXACT):
        shares = [exact(weight) for weight in weights]
        whole = sum(shares, Decimal(0))
        parts, done, running = [], 0, Decimal(0)
        for share in shares:
            running += share
            upto = int((total_cents * running / whole).to_integral_value()) if whole else 0
            parts.append(upto - done)
            done = upto
    return parts


def vest_by_year(grant: float, vesting: Vesting) -> list[float]:
    """Dollars vesting in each year of the schedule; they add up to the grant.

    Example:
        >>> vest_by_year(400_000, presets()["amazon"])
        [20000.0, 60000.0, 160000.0, 160000.0]
    """
    return [c / 100 for c in _split(_cents(grant), vesting.percentages)]


def vest_by_month(grant: float, vesting: Vesting) -> list[float]:
    """Dollars vesting in each month (1..12 x years): each year's share in equal vests at the
    schedule's rhythm; what falls before the cliff vests at the cliff.

    Example:
        >>> months = vest_by_month(48_000, presets()["even"])
        >>> months[:12] == [0.0] * 11 + [12000.0], months[12]
        (True, 1000.0)
    """
    events = FREQUENCIES[vesting.frequency]
    step = 12 // events
    months = [0] * (12 * vesting.years)
    for year, cents in enumerate(_split(_cents(grant), vesting.percentages)):
        for k, part in enumerate(_split(cents, [1.0] * events)):
            month = year * 12 + (k + 1) * step
            months[max(month, vesting.cliff_months) - 1] += part
    return [c / 100 for c in months]


@dataclass(frozen=True)
class Options:
    """A grant of stock options: ``shares`` at ``strike`` a share, the share at ``price``
    when granted. A vest is worth its shares times the price (grown) less the strike, never
    below 0: an option under water is not exercised."""

    shares: float
    price: float
    strike: float

    def spread(self, growth: Decimal = Decimal(1)) -> Decimal:
        """What each dollar of the grant's value at ``price`` is worth as options, the price
        grown by ``growth``: the grown price less the strike, over the price, at least 0.

        A share at 0 makes a grant of 0, worth 0 whatever the strike (it had been an
        internal error, a division by zero, on every face).

        Example:
            >>> Options(1000, 10, 4).spread(), Options(1000, 10, 12).spread(Decimal("1.1"))
            (Decimal('0.6'), Decimal('0'))
            >>> Options(1000, 0, 1).spread(), Options(1000, 0, 0).spread()
            (Decimal('0'), Decimal('0'))
        """
        if not self.price:
            return Decimal(0)
        with localcontext(EXACT):
            return max(Decimal(0), growth - exact(self.strike) / exact(self.price))


@dataclass(frozen=True)
class Offer:
    """One offer: yearly base, target bonus (percent of base or dollars), sign-on paid in
    year 1 and optionally year 2, an equity grant with its vesting (stock, or ``options``
    with a strike price), a yearly refresher (stock) and a stock growth assumption (percent
    a year)."""

    base: float
    bonus_pct: float | None = None
    bonus: float | None = None
    sign_on: float = 0.0
    sign_on_year2: float = 0.0
    equity: float = 0.0
    vesting: Vesting = field(default_factory=lambda: presets()["even"])
    refresher: float = 0.0
    growth_pct: float = 0.0
    name: str = ""
    currency: str = "USD"  # of every amount; the market compares it in USD
    options: Options | None = None  # the grant (``equity``, its value at the price) as options

    @property
    def target_bonus(self) -> float:
        """The bonus in dollars: as given, or the percent of base in cents, half up (7.5% of
        100,001 is 7,500.075: 7,500.08).

        Example:
            >>> Offer(base=100_001, bonus_pct=7.5).target_bonus
            7500.08
        """
        if self.bonus is not None:
            return self.bonus
        percent = self.bonus_pct or 0
        if not (math.isfinite(self.base) and math.isfinite(percent)):
            return self.base * percent / 100  # not a number: for check_offer to name
        with localcontext(EXACT):
            return float(to_cents(_money(self.base) * exact(percent) / 100))


def equity_value(equity: float | None, shares: float | None, price: float | None) -> float:
    """The grant's value: given as dollars, or as shares x price (not both), in cents
    (half up: 1 share at 1.015 is 1.02).

    Example:
        >>> equity_value(None, 1000, 150.0), equity_value(None, 1, 1.015)
        (150000.0, 1.02)
        >>> equity_value(None, 1000, None)
        Traceback (most recent call last):
        paygrade.offers.BadOffer: a grant given in shares needs both: shares without price
    """
    if shares is None and price is None:
        return float(equity or 0)
    # Named as every skin names them (the CLI's --equity, the API's and the form's equity).
    if equity is not None:
        raise BadOffer(
            "give the equity grant as a dollar value (equity) or as shares and a price "
            "(shares, price), not both",
            "equity",
            "shares",
            "price",
        )
    if shares is None or price is None:
        missing, given = ("price", "shares") if price is None else ("shares", "price")
        raise BadOffer(f"a grant given in shares needs both: {given} without {missing}", missing)
    for name, number in (("shares", shares), ("price", price)):
        # Said of the input given: "equity cannot be negative" marked the blank equity input.
        if not math.isfinite(number):
            raise BadOffer(f"{name} must be a finite number", name)
        if said := below_least(AMOUNT_SAID[name], number) or past_most_of_grant(name, number):
            raise BadOffer(said, name)
    # Each held to its most, their product (at most 1e17) rounds to cents: 1e200 x 1e200
    # had been an internal error (decimal's InvalidOperation past the context's digits).
    with localcontext(EXACT):
        return float(to_cents(exact(shares) * exact(price)))


def make_offer(
    base: float,
    *,
    vesting: str | Sequence[float] = "even",
    cliff_months: int | None = None,
    frequency: str | None = None,
    shares: float | None = None,
    price: float | None = None,
    equity: float | None = None,
    strike: float | None = None,
    **amounts: Any,
) -> Offer:
    """An offer from the inputs every face takes: a vesting preset or percentages, the grant
    as dollars or shares x price (options, with a strike price), and the other amounts by
    name; checked, then each amount rounded to cents once (half up), so that a year's parts
    add up to its total.

    Example:
        >>> make_offer(150_000, vesting="10,20,30,40", shares=100, price=1_000).equity
        100000.0
        >>> make_offer(185_000.999).base, make_offer(185_000, sign_on=100.005).sign_on
        (185001.0, 100.01)
        >>> make_offer(150_000, shares=10_000, price=5, strike=1).options
        Options(shares=10000, price=5, strike=1)
    """
    # Every input at fault is said at once, each as it is said alone: ``--base 1 --growth
    # 500 --cliff-months 13`` had said the cliff alone, the rest only once it was mended.
    # An input refused is checked as none (the even schedule, no grant), so that what it
    # alone decides is not said again of the inputs it meets.
    problems: list[BadOffer] = []
    schedule = parse_vesting_of(vesting, cliff_months, frequency, problems)
    given = {k: v for k, v in amounts.items() if v is not None}
    grant = made(partial(equity_value, equity, shares, price), problems, None)
    if grant is None:  # a strike's need of shares is the grant's fault: its own value alone
        problems += faults_of(partial(_check_strike, strike))
        options = None
    else:
        options = made(partial(options_of, strike, shares, price), problems, None)
    offer = Offer(base=base, equity=grant or 0.0, vesting=schedule, options=options, **given)
    refused = {f for problem in problems for f in problem.fields}
    for problem in offer_problems(offer):
        if problem.fields == ("equity",) and shares is not None:
            # The grant was given as shares x price: those are the inputs to mend.
            problem = BadOffer(f"shares x price: {problem}", "shares", "price")
        if not refused & set(problem.fields):
            problems.append(problem)
    refused |= {f for problem in problems for f in problem.fields}
    typed = {"equity": equity, **given}
    problems += _amounts_below_floor(
        {f: v for f, v in typed.items() if f not in refused}, offer.currency
    )
    if problems:
        refusal = at_once(in_input_order(problems))
        refusal.drafted = offer
        raise refusal
    return _in_cents(offer)


def in_input_order(problems: list[BadOffer]) -> list[BadOffer]:
    """``problems`` in the order of the inputs they are about (``INPUT_ORDER``, then the
    profile's, ``PROFILE_ORDER``).

    Example:
        >>> cliff, base = BadOffer("c", "cliff_months"), BadOffer("b", "base")
        >>> [problem.fields for problem in in_input_order([cliff, base])]
        [('base',), ('cliff_months',)]
        >>> metro, years = BadOffer("m", "metro"), BadOffer("y", "years")
        >>> [problem.fields for problem in in_input_order([metro, years, cliff])]
        [('cliff_months',), ('years',), ('metro',)]
    """
    order = INPUT_ORDER + PROFILE_ORDER

    def place(problem: BadOffer) -> int:
        known = [order.index(f) for f in problem.fields if f in order]
        return min(known, default=len(order))

    return sorted(problems, key=place)


def parse_vesting_of(
    vesting: str | Sequence[float],
    cliff_months: int | None,
    frequency: str | None,
    problems: list[BadOffer],
) -> Vesting:
    """``parse_vesting``'s schedule; the even one when refused, its faults added to
    ``problems``."""
    read = partial(parse_vesting, vesting, cliff_months=cliff_months, frequency=frequency)
    return made(read, problems, presets()["even"])


def options_of(strike: float | None, shares: float | None, price: float | None) -> Options | None:
    """The grant as options at ``strike`` a share, None without a strike (stock). A strike
    is of a grant given in shares and a price (``equity_value`` checks those), and held as a
    price is: not below 0, not past ``MAX_PRICE``.

    Example:
        >>> options_of(None, 100, 5) is None, options_of(0, 100, 5)
        (True, Options(shares=100, price=5, strike=0))
        >>> options_of(-1, 100, 5)
        Traceback (most recent call last):
        paygrade.offers.BadOffer: strike cannot be negative
        >>> options_of(1, None, None)
        Traceback (most recent call last):
        paygrade.offers.BadOffer: a strike price is of options granted in shares: give the shares \
and their price too
    """
    if strike is None:
        return None
    _check_strike(strike)
    if shares is None or price is None:
        raise BadOffer(
            "a strike price is of options granted in shares: give the shares and their price too",
            "strike",
        )
    return Options(shares, price, strike)


def _check_strike(strike: float | None) -> None:
    """Refuse a strike price not finite, below 0 or past ``MAX_PRICE``."""
    if strike is None:
        return
    if not math.isfinite(strike):
        raise BadOffer("strike must be a finite number", "strike")
    if said := below_least("strike", strike) or past_most_of_grant("strike", strike):
        raise BadOffer(said, "strike")


def _amounts_below_floor(typed: Mapping[str, Any], currency: str) -> list[BadOffer]:
    """Each bonus, sign-on or grant typed above 0 and below ``MIN_AMOUNT``, saying what
    it was likely meant as (``BELOW_FLOOR_SAID``). Checked after ``check_offer``: a
    negative or not finite amount is said as such, and not here.

    Example:
        >>> _amounts_below_floor({"equity": 0.1, "sign_on": 0, "bonus": None}, "USD")
        [BadOffer("equity of 0.1 is below 100 USD: a percentage of a company is not an \
amount: give the grant's value in USD")]
        >>> [str(p) for p in _amounts_below_floor({"sign_on": 50, "equity": 100}, "EUR")]
        ['sign-on of 50 is below 100 EUR: thousands left out (50k)?']
    """
    problems = []
    for field_, (name, meant) in BELOW_FLOOR_SAID.items():
        amount = typed.get(field_)
        if amount is None or not 0 < amount < MIN_AMOUNT:
            continue
        if "thousands" in meant and amount * 1_000 < MIN_AMOUNT:
            meant = "no such amount is paid"  # 0.005: "(0.005k)?", 5, is below it too
        said = meant.format(typed=_as_typed(amount), currency=currency)
        problems.append(
            BadOffer(
                f"{name} of {_as_typed(amount)} is below {MIN_AMOUNT} {currency}: {said}", field_
            )
        )
    return problems


def _in_cents(offer: Offer) -> Offer:
    """The offer with each amount rounded to cents: 185,000.999 had stayed in the year
    rows, whose total (rounded) was then a cent apart from their parts."""
    bonus = None if offer.bonus is None else in_cents(offer.bonus)
    return replace(
        offer,
        base=in_cents(offer.base),
        bonus=bonus,
        sign_on=in_cents(offer.sign_on),
        sign_on_year2=in_cents(offer.sign_on_year2),
        equity=in_cents(offer.equity),
        refresher=in_cents(offer.refresher),
    )


def check_offer(offer: Offer, usd_per_unit: float | None = None) -> None:
    """Refuse negative, non-finite or absurd amounts, and a bonus given both ways, every
    input at fault at once (``offer_problems``). The bounds of absurd are dollars: an offer
    in another currency is held to them at ``usd_per_unit`` when given (ten million rupees
    is a year's pay, not a typo).

    Example:
        >>> check_offer(Offer(base=-1))
        Traceback (most recent call last):
        paygrade.offers.BadOffer: base cannot be negative
        >>> check_offer(Offer(base=-1, bonus_pct=10, sign_on=-5, growth_pct=500))
        Traceback (most recent call last):
        paygrade.offers.Faults: base cannot be negative; sign-on cannot be negative; stock \
growth is -90 to 100 percent a year, not 500
    """
    if problems := offer_problems(offer, usd_per_unit):
        raise at_once(in_input_order(problems))


def offer_problems(offer: Offer, usd_per_unit: float | None = None) -> list[BadOffer]:
    """Each input of ``offer`` at fault, its first fault, in the order of a form (base,
    bonus, the other amounts, growth, schedule, currency): ``check_offer``'s.

    A bonus given as a percent is held to the bounds as the dollars it comes to, but not
    of a base at fault: the base is what is said (-1 would make the bonus negative too).
    """
    # A currency with no rate holds no amount to the dollar bounds (``evaluate`` asks).
    rate = None if offer.currency not in currencies() else usd_per_unit
    rate = 1.0 if offer.currency == "USD" else rate
    check = partial(_check_amount, rate=rate, currency=offer.currency)
    base = faults_of(partial(_check_base, offer, rate))
    amounts = [
        partial(check, field_, name, amount)
        for field_, name, amount in (
            ("sign_on", "sign-on", offer.sign_on),
            ("sign_on_year2", "second-year sign-on", offer.sign_on_year2),
            ("refresher", "refresher", offer.refresher),
            ("equity", "equity", offer.equity),
        )
    ]
    return base + faults_of(
        partial(_check_bonus, offer, rate, base_refused=bool(base)),
        *amounts,
        partial(_check_growth, offer.growth_pct),
        partial(check_vesting, offer.vesting),
        partial(_check_currency, offer.currency),
    )


def _check_amount(
    field_: str, name: str, amount: float, *, rate: float | None, currency: str
) -> None:
    """Refuse an amount not finite, negative, or past its bound at ``rate`` (when known)."""
    if not math.isfinite(amount):
        # NaN passes every comparison below unnoticed; infinity reads as a typo.
        raise BadOffer(f"{name} must be a finite number", field_)
    if amount < 0:
        raise BadOffer(negative_said(name), field_)
    if rate is not None:
        _check_bound(field_, name, amount, rate, currency)


def _check_base(offer: Offer, rate: float | None) -> None:
    """Refuse a base not finite, not more than 0, past its bound or below the floor."""
    _check_amount("base", "base", offer.base, rate=rate, currency=offer.currency)
    if said := below_least("base", offer.base):
        raise BadOffer(said, "base")
    if rate is not None:
        _check_floor(offer.base, rate, offer.currency)


def _check_bonus(offer: Offer, rate: float | None, base_refused: bool) -> None:
    """Refuse a bonus given both ways, a percent outside its bound, or the bonus (as the
    dollars a percent comes to) not finite, negative or past its bound."""
    if offer.bonus is not None and offer.bonus_pct is not None:
        raise BadOffer(
            "give the target bonus as a percent or in dollars, not both", "bonus_pct", "bonus"
        )
    if offer.bonus_pct is not None:
        if not math.isfinite(offer.bonus_pct):
            raise BadOffer("bonus percent must be a finite number", "bonus_pct")
        check_bound("bonus_pct", offer.bonus_pct)
        if base_refused:  # the dollars it comes to are the base's fault
            return
    field_ = "bonus_pct" if offer.bonus_pct is not None else "bonus"
    dollars = offer.target_bonus if math.isfinite(offer.target_bonus) else 0
    _check_amount(field_, "bonus", dollars, rate=rate, currency=offer.currency)


def _check_growth(growth_pct: float) -> None:
    if not math.isfinite(growth_pct):
        raise BadOffer("growth must be a finite number", "growth_pct")
    check_bound("growth_pct", growth_pct)


def _check_currency(currency: str) -> None:
    if currency not in currencies():
        raise BadOffer(no_such_currency(currency), "currency")


# What a base below the floor may have been meant as: its factor, and how it is said.
MISREADINGS = ((1_000, "thousands left out ({}k)?"), (12, "a monthly figure?"))


def _check_floor(base: float, usd_per_unit: float, currency: str) -> None:
    """A base below ``MIN_BASE`` dollars is refused, said as it was typed (0.004 had been
    said "0", 0.005 "0.01"), with what it may have been meant as where that is a year's
    pay (0.004 had been asked "(0.004k)?", four dollars).

    Example:
        >>> _check_floor(0.004, 1.0, "USD")
        Traceback (most recent call last):
        paygrade.offers.BadOffer: base of 0.004 a year is below 1,000 USD, no year's pay
        >>> _check_floor(185, 1.0, "USD")
        Traceback (most recent call last):
        paygrade.offers.BadOffer: base of 185 a year is below 1,000 USD, no year's pay: \
thousands left out (185k)? a monthly figure?
    """
    # Checked last: a form's other faults are said first, as the field they name.
    usd = base * usd_per_unit
    if usd >= MIN_BASE:
        return
    said = "" if currency == "USD" else f" {currency} ({_usd(usd)} USD)"
    typed = f"{exact(base).normalize():f}"  # as typed: 123.4567k, not the 123.457k of :g
    meant = [how.format(typed) for factor, how in MISREADINGS if _a_years_pay(usd * factor)]
    raise BadOffer(
        f"base of {_as_typed(base)}{said} a year is below {MIN_BASE:,} USD, no year's pay"
        + (": " + " ".join(meant) if meant else ""),
        "base",
    )


def _a_years_pay(usd: float) -> bool:
    return MIN_BASE <= usd <= MAX_PAY


def _usd(amount: float) -> str:
    """Dollars to the cent; below a cent, said so (0.004 EUR was "0.00 USD")."""
    return f"{amount:,.2f}" if amount >= 0.01 else "less than 0.01"


def _as_typed(number: float) -> str:
    """A number as typed, its thousands grouped: not rounded to cents, nor padded with
    zeros; in powers of ten when tiny or past a quadrillion.

    Example:
        >>> _as_typed(0.004), _as_typed(185.0), _as_typed(50_000.5), _as_typed(1e-300)
        ('0.004', '185', '50,000.5', '1e-300')
    """
    if number and not 1e-6 <= abs(number) < 1e15:
        return f"{number:g}"
    return format(exact(number).normalize(), ",f")


def _check_bound(field_: str, name: str, amount: float, usd_per_unit: float, currency: str) -> None:
    """Refuse an amount past its bound in dollars at the currency's rate, or past
    ``MAX_UNITS`` in any currency (the most the API's and the MCP tool's schemas give).

    Example:
        >>> _check_bound("base", "base", 1e14, 1.0, "USD")
        Traceback (most recent call last):
        paygrade.offers.BadOffer: base of 100,000,000,000,000 is beyond 20,000,000 USD: is it \
a typo?
        >>> _check_bound("equity", "equity", 2e13, 1e-6, "XYZ")
        Traceback (most recent call last):
        paygrade.offers.BadOffer: equity of 20,000,000,000,000 XYZ is beyond 10,000,000,000,000 \
XYZ: is it a typo?
    """
    limit = MAX_GRANT if field_ == "equity" else MAX_PAY
    if amount * usd_per_unit > limit:
        usd = _huge(amount * usd_per_unit)
        said = "" if currency == "USD" else f" {currency} ({usd} USD)"
        raise BadOffer(
            f"{name} of {_huge(amount)}{said} is beyond {limit:,} USD: is it a typo?", field_
        )
    if amount > MAX_UNITS:  # a currency so weak that its rate keeps it under the dollars
        said = f"{_huge(amount)} {currency} is beyond {MAX_UNITS:,} {currency}"
        raise BadOffer(f"{name} of {said}: is it a typo?", field_)


def _huge(amount: float) -> str:
    """An amount past the bounds as said: in powers of ten past a quintillion (the page
    had written 1e308 in its 309 digits).

    Example:
        >>> _huge(25_000_000), _huge(1e308)
        ('25,000,000', '1.00e+308')
    """
    return f"{amount:.2e}" if amount >= 1e18 else f"{amount:,.0f}"


def stock_by_year(offer: Offer, years: int) -> list[float]:
    """Stock vesting each year: the grant plus refreshers granted at each anniversary,
    each vest valued at its own grant's price grown by the assumed growth to the end of
    the vest's year (a refresher in dollars is granted at its anniversary's price: grown
    from the first grant's date, a year-3 refresher's vests had been worth 21% more).

    Example:
        >>> stock_by_year(Offer(base=1, equity=400_000, vesting=presets()["amazon"]), 5)
        [20000.0, 60000.0, 160000.0, 160000.0, 0.0]
        >>> even = Offer(base=1, equity=100, refresher=100, growth_pct=100,
        ...              vesting=Vesting((50.0, 50.0)))
        >>> stock_by_year(even, 2)  # year 2: the grant's 50 grown twice, the refresher's once
        [100.0, 300.0]
    """
    return _equity_by_year(offer, years)[0]


def options_by_year(offer: Offer, years: int) -> list[float]:
    """The options (``offer.options``) vesting each year, each vest worth its shares times
    the price grown to the end of its year less the strike, never below 0; none without.

    Example:
        >>> startup = make_offer(150_000, shares=10_000, price=5, strike=1, growth_pct=100)
        >>> options_by_year(startup, 4)  # year 1: 2,500 shares at 10 less 1
        [22500.0, 47500.0, 97500.0, 197500.0]
        >>> stock_by_year(startup, 4), options_by_year(make_offer(150_000), 4)
        ([0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0])
    """
    return _equity_by_year(offer, years)[1]


def _equity_by_year(offer: Offer, years: int) -> tuple[list[float], list[float]]:
    """Stock and options vesting each year (``stock_by_year``, ``options_by_year``)."""
    grants = [(0, offer.equity)] + [(y, offer.refresher) for y in range(1, years)]
    with localcontext(EXACT):
        stock, options = [Decimal(0)] * years, [Decimal(0)] * years
        growth = 1 + exact(offer.growth_pct) / 100
        for start, value in grants:
            as_options = start == 0 and offer.options is not None  # refreshers are stock
            for k, cents in enumerate(_split(_cents(value), offer.vesting.percentages)):
                if start + k >= years:
                    continue
                grown = growth ** (k + 1)
                if as_options and offer.options is not None:
                    options[start + k] += Decimal(cents) / 100 * offer.options.spread(grown)
                else:
                    stock[start + k] += Decimal(cents) / 100 * grown
    return [float(to_cents(v)) for v in stock], [float(to_cents(v)) for v in options]


def year_table(offer: Offer) -> list[dict[str, Any]]:
    """Year by year over max(4, vesting years): base, bonus, stock, one-time cash, total;
    an offer whose grant is options has their part apart, ``options`` after ``stock``.

    Example:
        >>> row = year_table(Offer(base=100_000, sign_on=10_000))[0]
        >>> row["one_time"], row["total"]
        (10000.0, 110000.0)
        >>> list(year_table(make_offer(100_000, shares=100, price=5, strike=1))[0])
        ['year', 'base', 'bonus', 'stock', 'options', 'one_time', 'total']
    """
    years = max(MIN_YEARS, offer.vesting.years)
    stock, options = _equity_by_year(offer, years)
    one_time = [offer.sign_on, offer.sign_on_year2] + [0.0] * (years - 2)
    rows = []
    for year in range(years):
        parts = {  # each in cents: the total is their exact sum
            "base": _money(offer.base),
            "bonus": _money(offer.target_bonus),
            "stock": _money(stock[year]),
            # Only of options: the contract's keys stay as they were for stock.
            **({"options": _money(options[year])} if offer.options else {}),
            "one_time": _money(one_time[year]),
        }
        with localcontext(EXACT):
            total = sum(parts.values(), Decimal(0))
        said = {name: float(amount) for name, amount in parts.items()}
        rows.append({"year": year + 1, **said, "total": float(total)})
    return rows


def annualized_total(offer: Offer) -> float:
    """The common convention: base + grant / vesting years + target bonus + sign-on / 4,
    the vesting years ending at the last year with a share ("50,50,0,0" is two, as "50,50").
    A grant of options is its spread when granted (price less strike, never below 0).

    Example:
        >>> annualized_total(Offer(base=185_000, bonus_pct=15, sign_on=50_000,
        ...     equity=400_000, vesting=presets()["amazon"]))
        325250.0
        >>> annualized_total(make_offer(100_000, shares=10_000, price=5, strike=1))
        110000.0
    """
    with localcontext(EXACT):
        sign_on = _money(offer.sign_on) + _money(offer.sign_on_year2)
        grant = _money(offer.equity) / offer.vesting.years_to_vest
        if offer.options is not None:
            grant *= offer.options.spread()
        total = _money(offer.base) + grant + _money(offer.target_bonus) + sign_on / SIGN_ON_YEARS
        return float(to_cents(total))


YEARS_BAND = 1.0  # peers' years of experience: the profile's, plus or minus this


@dataclass(frozen=True)
class Profile:
    """Who the offer is for: role and level, a metro or a country, and years of experience."""

    role: str
    level: str | None = None
    metro: str | None = None
    country: str | None = None
    years: float | None = None

    def __post_init__(self) -> None:
        check_bound("years", self.years)
        # Held as read ("DS" is data_scientist, "Staff Engineer" staff), as the answer
        # reads it: the profile had kept the words typed where its peers were read.
        object.__setattr__(self, "role", _read_vocabulary("role", self.role))
        if self.level is not None:
            object.__setattr__(self, "level", _read_vocabulary("level", self.level))
        if self.country is not None:
            _check_country(self.country)

    def places(self, store: Store) -> list[dict[str, list[Any]]]:
        """The peer places, narrowest first: the metro, then its country (or the country)."""
        if self.metro is None:
            return [{"country": [self.country]}] if self.country else []
        country = _metro_country(store, self.metro, self.country) or self.country
        return [{"metro": [self.metro]}] + ([{"country": [country]}] if country else [])

    def peer_sets(self, store: Store) -> list[tuple[dict[str, list[Any]], Band | None]]:
        """The peer sets to try, narrowest first: each place with years of experience within
        one year of the profile's (only records that hold years), then each place without;
        in this order for total pay, then for base pay (``_tries``)."""
        places = self.places(store)
        if self.years is None:
            return [(place, None) for place in places]
        band = (max(0.0, self.years - YEARS_BAND), self.years + YEARS_BAND)
        return [(place, band) for place in places] + [(place, None) for place in places]


def market_profile(
    role: str | None,
    level: str | None = None,
    metro: str | None = None,
    country: str | None = None,
    years: float | None = None,
) -> Profile | None:
    """The profile an offer is set among its peers by, or None when no role is given. A
    level, place or years without a role is refused: it was dropped unread (a level of
    "wizard" answered 200 with no market).

    Example:
        >>> market_profile(None) is None, market_profile("ml_engineer", "", "", "US").country
        (True, 'US')
        >>> market_profile("", level="senior")
        Traceback (most recent call last):
        paygrade.offers.BadOffer: level places the offer among its peers: give a role too \
(e.g. ml_engineer)
        >>> market_profile("wizard", "boss", years=99)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        paygrade.offers.Faults: role 'wizard' is not one of ...; level 'boss' is not one \
of ...; years of experience are 0 to 60, not 99
    """
    if problems := profile_problems(role, level, metro, country, years):
        # Every input at fault at once: the CLI, API and MCP had said the first alone
        # (years before role and level), the next only once that was put right.
        raise at_once(problems)
    if role:
        # A blank place is none (a metro of spaces was the filters' "empty value for metro").
        metro, country = (metro or "").strip() or None, (country or "").strip() or None
        return Profile(role, level or None, metro, country, years)
    return None


def offered(
    make: Callable[[], Offer],
    role: str | None,
    level: str | None = None,
    metro: str | None = None,
    country: str | None = None,
    years: float | None = None,
    store: Callable[[], Store] | None = None,
) -> tuple[Offer, Profile | None]:
    """The offer ``make`` makes (``make_offer``'s call) and its market profile
    (``market_profile``), the offer's fault and every one of the profile's said at once
    (``Faults``): ``paygrade offer --bonus-pct 250 --role wizard --level boss`` had said
    the bonus alone, the profile read only once the offer was put right. With ``store``
    (called only for a role's place or another currency's rate: an offer in USD without a
    profile needs no store), the place is checked against it too (``place_problems``), and
    the amounts at the store's rate.

    Example:
        >>> offer, profile = offered(lambda: make_offer(185_000), "ml_engineer", "senior")
        >>> offer.base, profile.level
        (185000.0, 'senior')
        >>> offered(lambda: make_offer(185_000, bonus_pct=250), "wizard")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        paygrade.offers.Faults: the target bonus percent is 0 to 200, not 250; role 'wizard' is \
not one of ...
    """
    problems: list[BadOffer] = []
    offer: Offer | None
    drafted: Offer | None
    try:
        offer = drafted = make()
    except BadOffer as exc:
        offer, drafted = None, exc.drafted
        problems += exc.each
    if store is not None:  # 100 JPY is no year's pay at the rate, with a cliff of 13 too
        problems += rate_problems(store, drafted, problems)
    problems += profile_problems(role, level, metro, country, years)
    if store is not None and role:
        problems += places_unheld(store, problems, metro, country)
    if problems or offer is None:
        raise at_once(in_input_order(problems))
    return offer, market_profile(role, level, metro, country, years)


def places_unheld(
    store: Callable[[], Store], found: list[BadOffer], metro: str | None, country: str | None
) -> list[BadOffer]:
    """``place_problems`` of the places given and not at fault in ``found`` already (a
    country that is none is said once, in its own words); the store opened only for one."""
    faulted = {f for problem in found for f in problem.fields}
    metro = None if "metro" in faulted else (metro or "").strip() or None
    country = None if "country" in faulted else (country or "").strip() or None
    return place_problems(store(), metro, country) if metro or country else []


def _role_wanted(
    level: str | None, metro: str | None, country: str | None, years: float | None
) -> None:
    """Refuse a level, place or years given without a role: it places the offer among
    peers of no role."""
    given = {"level": level, "metro": metro, "country": country, "years of experience": years}
    named = [name for name, value in given.items() if value not in (None, "")]
    if named:
        verb = "places" if len(named) == 1 else "place"
        raise BadOffer(
            f"{' and '.join(named)} {verb} the offer among its peers: give a role too"
            " (e.g. ml_engineer)",
            "role",
        )


def profile_problems(
    role: str | None,
    level: str | None = None,
    metro: str | None = None,
    country: str | None = None,
    years: float | None = None,
) -> list[BadOffer]:
    """Each input of a market profile at fault, every one, in a form's order (role, level,
    years, country), where ``market_profile`` raises one: a form says each beside its
    input (the offer page had said the first alone, the role of a role, level and years all
    wrong). A place the store does not hold is found only against it (``evaluate``).

    Example:
        >>> [problem.fields for problem in profile_problems("wizard", "boss", years=99)]
        [('role',), ('level',), ('years',)]
        >>> [problem.fields for problem in profile_problems("", country="Germny")]
        [('role',), ('country',)]
        >>> profile_problems("ml_engineer", "senior", "Seattle", "US", 6)
        []
    """
    checks: list[Callable[[], object]] = [
        partial(_read_vocabulary, "role", role)
        if role
        else partial(_role_wanted, level, metro, country, years)
    ]
    if level:
        checks.append(partial(_read_vocabulary, "level", level))
    checks.append(partial(check_bound, "years", years))
    if country and country.strip():
        checks.append(partial(_check_country, country))
    problems = []
    for check in checks:
        try:
            check()
        except BadOffer as exc:
            problems.append(exc)
    return problems


Band = tuple[float, float]
PeerRow = tuple[str, int, str, float]


def _country_of(store: Store, metro: str) -> str | None:
    """The country of the records in a metro, named as a filter names it ("seattle")."""
    from paygrade.filters import KnownValues, resolve

    metro = str(resolve({"metro": [metro]}, KnownValues(store))[0]["metro"][0])
    # As a statistic counts records: one approved submission had set its metro's country.
    counted = counted_by("country", "lower(metro) = lower(?) AND country IS NOT NULL")
    row = first_row(store.con, f"{counted} ORDER BY n DESC, 1 LIMIT 1", [metro.strip()])
    return None if row is None else str(row[0])


def _metro_country(store: Store, metro: str, country: str | None) -> str | None:
    """The country of ``metro``'s records; refused when ``country`` names another."""
    held = _country_of(store, metro)
    if country and held and _country_code(store, country) != held:
        # Widening would compare with the other country's peers: Seattle and DE.
        raise BadOffer(f"{metro} is in {held}, not {country}: give one place", "metro", "country")
    return held


def place_problems(store: Store, metro: str | None, country: str | None) -> list[BadOffer]:
    """Each fault of a profile's place found against ``store``: a metro or country no record
    holds (with the places meant, as the market check says it), else a metro of another
    country than the one given. Blank is none. ``offered`` says them with the offer's own
    faults: they had been found only as the offer was set among its peers, once the offer
    was put right (``--cliff-months 13 --metro Atlantis`` said the cliff alone)."""
    metro, country = (metro or "").strip() or None, (country or "").strip() or None
    where = {name: [value] for name, value in (("metro", metro), ("country", country)) if value}
    if not where:
        return []
    if unheld := _unheld_places(store, where)[1]:
        return unheld
    return faults_of(partial(_metro_country, store, metro, country)) if metro else []


def _unheld_places(
    store: Store, where: dict[str, list[Any]]
) -> tuple[dict[str, list[Any]], list[BadOffer]]:
    """``where`` as the store holds it, and each of its places no record holds as a fault
    of its field. A level no peer holds is simply no peers; a place is likely a typo."""
    from paygrade.filters import KnownValues, resolve

    typed, unmatched = resolve(where, KnownValues(store))
    places = [u for u in unmatched if u.field not in VOCABULARIES]
    return typed, [BadOffer(_a_state(store, u) or _unheld_place(u), u.field) for u in places]


def _country_code(store: Store, country: str) -> str:
    """A country as the records hold it ("germany" is DE; a region, its first country)."""
    from paygrade.filters import KnownValues, resolve

    return str(resolve({"country": [country]}, KnownValues(store))[0]["country"][0])


def _peer_pay(
    store: Store, where: dict[str, list[Any]], band: Band | None = None
) -> tuple[list[PeerRow], dict[str, list[Any]]]:
    """(pay_component, year, source, amount_usd) of unflagged peer records, recent years
    only (and years of experience within ``band``); and the filters as the store holds them."""
    typed, unheld = _unheld_places(store, where)
    if unheld:
        raise at_once(unheld)
    clauses = [f"{name} IN (SELECT unnest(?))" for name in typed]
    params: list[Any] = list(typed.values())
    if band is not None:
        clauses.append("years_experience BETWEEN ? AND ?")
        params += list(band)
    # Public records alone: an offer's percentile, stepped a dollar at a time, gives every
    # peer's exact pay (an audit read eleven submissions' totals in 240 calls), and a lone
    # submission's year moved the peers' years of its role and level.
    rows = store.con.execute(
        "SELECT pay_component, year, source, amount_usd FROM records "
        f"WHERE {' AND '.join(clauses)} AND amount_usd IS NOT NULL "
        f"AND {UNFLAGGED_SQL} AND source NOT IN {PRIVATE_SQL}",
        params,
    ).fetchall()
    return _recent(rows), typed


def _a_state(store: Store, unheld: Unmatched) -> str | None:
    """A US state given as the metro, said with its metros as compare says it: an offer
    takes no state ("give state TX" had been the advice)."""
    from paygrade.compare import a_state_as_metro

    return a_state_as_metro(store, str(unheld.value)) if unheld.field == "metro" else None


def _unheld_place(unheld: Unmatched) -> str:
    """A place no record holds, said with where the offer's metros are: "London" had
    been answered "did you mean Norwich-New London-Willimantic, CT?" alone.

    Example:
        >>> from paygrade.filters import Unmatched
        >>> _unheld_place(Unmatched("metro", "Berlin", []))
        "no record has metro 'Berlin' (metros are US metro areas: for a place abroad, give \
its country instead)"
    """
    sentence = unheld.sentence()
    # A country's name, or an area code, is told why already: no place abroad is meant.
    if unheld.field != "metro" or unheld.why:
        return sentence
    return f"{sentence} ({METROS_ARE}: for a place abroad, give its country instead)"


def _recent(rows: list[PeerRow]) -> list[PeerRow]:
    """The rows of each pay component's latest ``RECENT_YEARS`` years: each its own, as
    the offer is set against one of them (newer total pay had cut base pay's short).

    Example:
        >>> rows = [("base", 2020, "h1b", 1.0), ("base", 2021, "h1b", 2.0),
        ...         ("base", 2023, "h1b", 2.0), ("total", 2025, "aijobs", 3.0)]
        >>> [r[1] for r in _recent(rows)]
        [2021, 2023, 2025]
    """
    latest: dict[str, int] = {}
    for component, year, *_ in rows:
        latest[component] = max(latest.get(component, year), year)
    return [r for r in rows if r[1] > latest[r[0]] - RECENT_YEARS]


def percentile_rank(value: float, sample: Sequence[float]) -> float:
    """Percent of the sample below the value, ties counted half (mid-rank), to one decimal
    rounded half up, exactly: ``round`` rounds half to even, and the float of 18.75 up
    where 31.25 went down (5 of 16 below said 31.2).

    Example:
        >>> percentile_rank(3, [1, 2, 3, 4]), percentile_rank(5.5, range(1, 17))
        (62.5, 31.3)
    """
    below = sum(1 for v in sample if v < value)
    equal = sum(1 for v in sample if v == value)
    tenths = Fraction(1000 * (2 * below + equal), 2 * len(sample))  # exact: no float's 0.5
    return math.floor(tenths + Fraction(1, 2)) / 10


@dataclass(frozen=True)
class PeerSet:
    """One set of peers tried: its filters as said (``scope``) and as the store holds them
    (``typed``), and its recent rows of both pay components."""

    scope: dict[str, Any]
    typed: dict[str, list[Any]]
    rows: list[PeerRow]

    def of(self, component: str) -> list[PeerRow]:
        return [r for r in self.rows if r[0] == component]


# Like for like first: an offer's annualized total is set against total pay wherever 5 peers
# report it, and against base pay only where no peer set has 5 of total pay. Base pay came
# first at each place: 8 H-1B filings of 2016-2018 in the San Jose metro put an offer at
# percentile 100 while 4,663 US peers' total pay of 2023-2025 was passed over.
COMPONENTS = ("total", "base")


def _peer_set(
    store: Store, where: dict[str, list[Any]], place: dict[str, list[Any]], band: Band | None
) -> PeerSet:
    rows, typed = _peer_pay(store, {**where, **place}, band)
    # A region ("europe") is its countries' records, said by its name, not its first.
    scope = {name: region_named(str(place[name][0]), name) or typed[name][0] for name in place}
    if band is not None:
        scope["years_experience"] = list(band)
    return PeerSet(scope, typed, rows)


def _tries(
    store: Store, where: dict[str, list[Any]], profile: Profile
) -> Iterator[tuple[str, PeerSet]]:
    """Each pay component (``COMPONENTS``) in turn, in each peer set narrowest first
    (``Profile.peer_sets``): each set is read once, when total pay first asks for it."""
    sets: list[PeerSet] = []
    for place, band in profile.peer_sets(store):
        sets.append(_peer_set(store, where, place, band))
        yield COMPONENTS[0], sets[-1]
    for component in COMPONENTS[1:]:
        for peers in sets:
            yield component, peers


def _base_alone(rows: list[PeerRow]) -> str:
    """A peer set's base pay, where it has enough to compare with, with its sources and years.

    Example:
        >>> _base_alone([("base", 2016, "h1b", 1.0)] * 4 + [("base", 2018, "h1b", 2.0)])
        '5 peers of base pay alone (h1b, 2016-2018)'
    """
    years = sorted({r[1] for r in rows})
    span = range_said([years[0], years[-1]])
    sources = ", ".join(sorted({r[2] for r in rows}))
    return f"{len(rows)} peers of base pay alone ({sources}, {span})"


def _describe(peers: PeerSet, components: tuple[str, ...]) -> str:
    """One tried peer set and why it was not used, in words, with its n of each pay
    component tried; one tried for total pay alone says the base pay it holds, where
    enough to compare with (it had been compared with first)."""
    said = ", ".join(f"{k} {_shown(v)}" for k, v in peers.scope.items())
    first, *more = components
    counts = [f"{len(peers.of(first))} peer record(s) of {first} pay"]
    counts += [f"{len(peers.of(component))} of {component} pay" for component in more]
    why = f"{said}: {' and '.join(counts)}, fewer than {MIN_PEERS}" + (" of each" if more else "")
    base = peers.of("base")
    held = components == COMPONENTS[:1] and len(base) >= MIN_PEERS
    return f"{why}; {_base_alone(base)}" if held else why


def _note_tried(tried: list[str], passed: list[PeerSet], peers: PeerSet, component: str) -> None:
    """Add a peer set too small for ``component`` to those tried (``tried`` says them, in
    step with ``passed``). A set tried for total pay and then for base pay is said once,
    with both counts: the metro had been listed twice, its base pay after the country."""
    earlier = next((i for i, seen in enumerate(passed) if seen is peers), None)
    if earlier is None:
        passed.append(peers)
        tried.append(_describe(peers, (component,)))
    else:
        tried[earlier] = _describe(peers, COMPONENTS[: COMPONENTS.index(component) + 1])


def _shown(value: Any) -> str:
    return range_said(value) if isinstance(value, list) else str(value)  # a years band


def range_said(ends: Sequence[float]) -> str:
    """A range of a market's filters (``recent_years``, a years-of-experience band) in
    words, as every skin says it: one of a single value is that value ("recent_years
    2024", where "2024-2024" had been said).

    Example:
        >>> range_said([2023, 2025]), range_said([2024, 2024]), range_said([5.0, 7.0])
        ('2023-2025', '2024', '5-7')
    """
    first, last = ends[0], ends[-1]
    return f"{first:g}" if first == last else f"{first:g}-{last:g}"


def market_position(
    store: Store, total: float, profile: Profile, base: float | None = None
) -> dict[str, Any]:
    """Where an annualized total falls among peers: same role and level, the metro (else its
    country), the latest three pay years, and (given the profile's years of experience)
    years of experience within one year, among records that hold years; percentile, n,
    the pay component compared, the filters used and the peer sets tried before them.

    Total pay is compared first, in every peer set (``_tries``); only when no set has 5
    peers of it, base pay (H-1B filings), and the answer says so plainly, and ranks the
    offer's ``base`` (in USD, when given) among them too (``_rank_base``). Fewer than five
    peers give n and no percentile; no place gives none, and says so (countries' pay is too
    far apart to pool).
    """
    where: dict[str, list[Any]] = {"role": [profile.role]}
    if profile.level:
        where["level"] = [profile.level]
    if not profile.metro and not profile.country:
        return {
            "percentile": None,
            "n": 0,
            "pay_component": None,
            "fallbacks": [],
            "note": NO_PLACE,
        }
    passed: list[PeerSet] = []
    tried: list[str] = []
    for component, peers in _tries(store, where, profile):
        chosen = peers.of(component)
        if len(chosen) >= MIN_PEERS:
            answer = _found(total, chosen, component, peers.scope, peers.typed, tried)
            if component == "base" and base is not None and base != total:
                _rank_base(answer, base, chosen)
            answer = _say_dated(store, answer)
            return _say_widened(store, answer, profile, passed) if tried else answer
        _note_tried(tried, passed, peers, component)
    return _too_few(total, passed, tried)


def _rank_base(answer: dict[str, Any], base: float, rows: list[PeerRow]) -> None:
    """Rank an offer's base alone among base-only peers, like for like, beside its total's
    rank: a staff offer of 612,000 a year set against H-1B base wages was said "percentile
    100" and nothing else, where its base of 260,000 ranks among them (DOMAIN.md: never a
    base figure against a total one unsaid; fixed pay made explicit).

    Example:
        >>> answer = {"percentile": 100.0, "note": "peer data is base pay only"}
        >>> _rank_base(answer, 250_000, [("base", 2023, "h1b", 100_000.0 * k) for k in range(1, 6)])
        >>> answer["base_percentile"], answer["note"]
        (40.0, 'peer data is base pay only; its base alone, like for like, pays more than 40% \
of them')
    """
    answer["base_percentile"] = percentile_rank(base, [r[3] for r in rows])
    answer["note"] += (
        f"; its base alone, like for like, pays more than {answer['base_percentile']:g}% of them"
    )


def _too_few(total: float, passed: list[PeerSet], tried: list[str]) -> dict[str, Any]:
    """No peer set large enough: n of the first set with any peers, and no percentile."""
    held = [peers for peers in passed if peers.rows]
    if not held:
        best: dict[str, Any] = {"percentile": None, "n": 0, "pay_component": None}
        best["note"] = "no peer records for this profile"
    else:
        best = _position(total, held[0].rows, None, held[0].scope)
    best["fallbacks"] = tried  # every key of the contract, always (docs/cli.md, "offer")
    return best


NO_PLACE = (
    "no peers without a place: give a metro or a country (pay differs too much between "
    "countries to compare with all of them)"
)


def _read_vocabulary(name: str, value: str) -> str:
    """A role or level as the filters read it ("Sr. Staff" is principal); one outside the
    vocabulary ('wizard') is a ``BadOffer`` naming its field, with the filters' words and
    their "did you mean" (it was the filters' error, named no field, so a form marked no
    input).

    Example:
        >>> _read_vocabulary("level", "Staff Engineer"), _read_vocabulary("role", "DS")
        ('staff', 'data_scientist')
        >>> _read_vocabulary("level", "senoir")
        Traceback (most recent call last):
        paygrade.offers.BadOffer: level 'senoir' is not one of entry, mid, senior, staff, \
principal, executive (did you mean senior?)
    """
    from paygrade.filters import vocabulary_value

    try:
        return vocabulary_value(name, value)
    except BadFilter as exc:
        raise BadOffer(str(exc), name) from None


def _check_country(text: str) -> None:
    """A country that is none ("ZZ", "Germny") is a ``BadOffer`` naming its field, in the
    words every other question says it (a form marks the country).

    Example:
        >>> _check_country("Germny")
        Traceback (most recent call last):
        paygrade.offers.BadOffer: no country is called 'Germny'; did you mean Germany? \
(a country by its ISO code or its name, e.g. DE or Germany)
    """
    from paygrade.normalize.places import NoSuchPlace, country_meant

    try:
        country_meant(text, regions_too=True)
    except NoSuchPlace as exc:
        raise BadOffer(str(exc), "country") from None


def _found(
    total: float,
    rows: list[PeerRow],
    component: str,
    scope: dict[str, Any],
    typed: dict[str, list[Any]],
    tried: list[str],
) -> dict[str, Any]:
    """The answer from the first peer set large enough, naming its filters and the peer
    sets tried before it (a wider set is said plainly, never passed off as the narrow one)."""
    answer = _position(total, rows, component, scope)
    years = answer["years"]
    filters = {name: values[0] for name, values in typed.items()}
    answer["filters"] = {**filters, **scope, "recent_years": [years[0], years[-1]]}
    answer["fallbacks"] = tried  # none when the narrowest set was large enough: []
    return answer


# Peers whose newest pay year is this many years or more before the store's newest record
# are said to be dated: a metro's filings end in 2019 while the surveys run to 2025.
DATED_YEARS = 3


def _say_dated(store: Store, answer: dict[str, Any]) -> dict[str, Any]:
    """Say so when the peers' pay is years older than the newest records: "percentile 100
    among 10 peers" of 2016-2018 read as today's market (a current offer set against
    nominal pay of years ago ranks high)."""
    newest = store.scalar(f"SELECT max(year) FROM records WHERE source NOT IN {PRIVATE_SQL}")
    first, last = answer["years"][0], answer["years"][-1]
    if newest is not None and newest - last >= DATED_YEARS:
        span = range_said([first, last])
        answer["dated"] = (
            f"the peers' pay is of {span}, in those years' dollars, and the newest records "
            f"are of {newest}: pay has risen since, so this offer ranks higher than it would "
            "among today's peers"
        )
    return answer


def _say_widened(
    store: Store, answer: dict[str, Any], profile: Profile, passed: list[PeerSet]
) -> dict[str, Any]:
    """Name each filter given up for a wider peer set, and base pay passed over for total."""
    scope = answer["peers"]
    if profile.metro is not None and "metro" not in scope:
        answer["widened"] = _metro_given_up(answer["pay_component"], passed)
    if profile.years is not None and "years_experience" not in scope:
        answer["widened_years"] = (
            f"fewer than {MIN_PEERS} peers with years of experience within {YEARS_BAND:g} "
            f"of yours (records that hold years come from: {_sources_with_years(store)}): "
            "peers of any years"
        )
    return answer


def _metro_given_up(component: str, passed: list[PeerSet]) -> str:
    """Why the metro's peers were passed over for the country's: too few, or (total pay
    compared) base pay alone, which would set the offer's total against filings' base."""
    metro = [peers.of("base") for peers in passed if "metro" in peers.scope]
    base = max(metro, key=len, default=[])
    if component == "total" and len(base) >= MIN_PEERS:
        return f"the metro has {_base_alone(base)}: compared with the country's total pay"
    return f"fewer than {MIN_PEERS} peers in the metro: the country"


def _sources_with_years(store: Store) -> str:
    rows = store.con.execute(
        # Peers' sources: public records alone (a lone approval had added "submission").
        "SELECT DISTINCT source FROM records WHERE years_experience IS NOT NULL "
        f"AND source NOT IN {PRIVATE_SQL} ORDER BY 1"
    ).fetchall()
    return ", ".join(str(r[0]) for r in rows) or "no loaded source"


def _position(
    total: float,
    rows: list[PeerRow],
    component: str | None,
    scope: dict[str, Any],
) -> dict[str, Any]:
    amounts = [r[3] for r in rows]
    answer: dict[str, Any] = {
        "percentile": percentile_rank(total, amounts) if component else None,
        "n": len(rows),
        "pay_component": component,
        "peers": scope,
        "years": sorted({r[1] for r in rows}),
        "sources": sorted({r[2] for r in rows}),
    }
    if component is None:
        answer["note"] = (
            f"not enough data: fewer than {MIN_PEERS} peer records of one pay component"
        )
    elif component == "base":
        answer["note"] = (
            "peer data is base pay only (e.g. H-1B filings); this offer's annualized total "
            "includes bonus, stock and sign-on, so it ranks higher than a like-for-like comparison"
        )
    return answer


# Said instead of the base-only caveat when the offer is base pay alone.
BASE_ONLY_LIKE_FOR_LIKE = (
    "peer data is base pay only (e.g. H-1B filings), as is this offer: like for like"
)
# Said when survey peers' total pay is set against an offer's stock: the aijobs survey asks
# for gross salary, which grants seldom enter (DOMAIN.md), so $400,000 of stock vesting over
# four years put a $185,000 base at the 93rd percentile of such peers.
SURVEY_TOTAL_WITHOUT = (
    "peer data is the surveys' total pay, their gross salary, which seldom holds stock "
    "grants; this offer's annualized total counts its {grant}, so it may rank higher than like "
    "for like"
)
SURVEY_TOTAL_WITHOUT_STOCK = SURVEY_TOTAL_WITHOUT.format(grant="stock")


def grant_counted(offer: Offer) -> str | None:
    """The grant the annualized total counts, as its notes name it: "stock", "options" (at
    their spread when granted), or None: no grant, or options under water or at the money
    when granted, which it counts as 0 (the survey note had said such an offer's annualized
    total "counts its stock", and of options in the money called them stock).

    Example:
        >>> grant_counted(make_offer(150_000, equity=100_000)), grant_counted(make_offer(150_000))
        ('stock', None)
        >>> [grant_counted(make_offer(150_000, shares=100, price=5, strike=s)) for s in (1, 5, 6)]
        ['options', None, None]
    """
    if not offer.equity:
        return None
    if offer.options is None:
        return "stock"
    return "options" if offer.options.spread() > 0 else None


def evaluate(
    offer: Offer, store: Store | None = None, profile: Profile | None = None
) -> dict[str, Any]:
    """Year-by-year table, first-year and annualized totals, and (with a store and profile)
    the market position: the JSON of ``paygrade offer --format json``.

    Example:
        >>> result = evaluate(Offer(base=185_000, bonus_pct=15, sign_on=50_000,
        ...     equity=400_000, vesting=presets()["amazon"]))
        >>> [row["stock"] for row in result["years"]], result["first_year_total"]
        ([20000.0, 60000.0, 160000.0, 160000.0], 282750.0)
    """
    # The store's rate holds an offer in another currency to the dollar bounds, asked
    # for the market or not: 25,000,000 EUR was taken without a profile, 25,000,000 JPY
    # (173,000 USD) refused by the API's bound on the bare number; and a currency the
    # store has no rate of is refused with or without one (185,000,000,000 KPW was taken
    # without a profile, unbounded).
    rate, problems = (None, offer_problems(offer)) if store is None else _at_rate(store, offer)
    # A bad code is said here, with the profile's place no record holds: an amount past
    # the dollar bounds at the rate (100 JPY) had been said alone, the place once mended.
    if problems and store is not None and profile is not None:
        problems += place_problems(store, profile.metro, profile.country)
    if problems:
        raise at_once(in_input_order(problems))
    years = year_table(offer)
    annualized = annualized_total(offer)
    market = None
    if rate is not None and store is not None and profile is not None:
        total_usd = round(annualized * rate.usd_per_unit, 2)
        base_usd = round(offer.base * rate.usd_per_unit, 2)  # ranked alone among base pay
        market = market_position(store, total_usd, profile, base=base_usd)
        if market.get("pay_component") == "base" and annualized == offer.base:
            market["note"] = BASE_ONLY_LIKE_FOR_LIKE
        grant = grant_counted(offer)  # what the note says the annualized total counts
        if market.get("pay_component") == "total" and grant and "aijobs" in market["sources"]:
            market["note"] = SURVEY_TOTAL_WITHOUT.format(grant=grant)
        if offer.currency != "USD":  # the peers are in USD: say at what rate
            market["compared_in_usd"] = {
                "annualized_total": total_usd,
                "usd_per_unit": rate.usd_per_unit,
                "rate_year": rate.year,
            }
    result = {
        "years": years,
        "first_year_total": years[0]["total"],
        "annualized_total": annualized,
        "market": market,
    }
    if offer.options is not None:  # a key added for options alone: stock's stay as they were
        result["options"] = options_said(offer.options)
    # The contract's keys stay as they are for dollars; an offer in another currency says so.
    return result if offer.currency == "USD" else {**result, "currency": offer.currency}


def options_said(options: Options) -> dict[str, float]:
    """A grant of options as the JSON says it: its shares, the price, the strike and the
    spread a share when granted (never below 0).

    Example:
        >>> options_said(Options(10_000, 5, 1.25))
        {'shares': 10000, 'price': 5, 'strike': 1.25, 'spread': 3.75}
    """
    with localcontext(EXACT):
        spread = max(0.0, float(exact(options.price) - exact(options.strike)))
    return {
        "shares": options.shares,
        "price": options.price,
        "strike": options.strike,
        "spread": spread,
    }


def _at_rate(store: Store, offer: Offer) -> tuple[Rate | None, list[BadOffer]]:
    """The store's rate of the offer's currency (none for a code that is none) and each
    fault of the offer held to the dollar bounds at it (``offer_problems``)."""
    problems: list[BadOffer] = []
    rate = None
    if offer.currency in currencies():
        rate = made(partial(_rate, store, offer.currency), problems, None)
    return rate, problems + offer_problems(offer, None if rate is None else rate.usd_per_unit)


def rate_problems(
    store: Callable[[], Store], offer: Offer | None, found: Sequence[BadOffer]
) -> list[BadOffer]:
    """Each fault of ``offer`` (made, or as ``make_offer`` drafted it: ``BadOffer.drafted``)
    found only at the store's rate of its currency, none in USD: a currency the store has
    no rate of, an amount past its dollar bounds at the rate. Those about an input at fault
    in ``found`` already are left out: each input is said once. ``--base 100 --currency
    JPY --cliff-months 13`` had said the cliff alone, no offer built to check at the rate.

    Example:
        >>> rate_problems(lambda: 1 / 0, Offer(base=100), [])  # in USD: no store opened
        []
        >>> rate_problems(lambda: 1 / 0, Offer(base=100, currency="euros"), [])  # no code
        []
    """
    # A currency no code names has no rate to hold the offer to, and its own refusal says
    # it: the store is not opened for it (`--currency euros` had said "no store at ...").
    if offer is None or offer.currency == "USD" or offer.currency not in currencies():
        return []
    faulted = {f for problem in found for f in problem.fields}
    return [p for p in _at_rate(store(), offer)[1] if not faulted & set(p.fields)]


def _rate(store: Store, currency: str) -> Rate:
    rate = newest_rate(store, currency)
    if rate is None:
        raise BadOffer(
            f"no exchange rate for {currency} in the store (rates come from the aijobs survey): "
            "give the amounts in USD",
            "currency",
        )
    return rate


def evaluate_many(
    offers: Sequence[tuple[Offer, Profile | None]], store: Store | None = None
) -> dict[str, Any]:
    """Two or more offers side by side, each evaluated on its own profile.

    Example:
        >>> side = evaluate_many([(Offer(base=100_000, name="A"), None),
        ...     (Offer(base=90_000, equity=80_000, name="B"), None)])
        >>> [(o["name"], o["annualized_total"]) for o in side["offers"]]
        [('A', 100000.0), ('B', 110000.0)]
    """
    if not offers:
        raise BadOffer("give at least one offer")
    evaluated: list[dict[str, Any]] = []
    faults: list[BadOffer] = []
    for index, (offer, profile) in enumerate(offers):
        try:
            result = evaluate(offer, store, profile)
        except BadOffer as exc:  # found against the market: say which offer, for its form
            # Each offer's, at once: two offers at two places no record holds had said
            # the first alone, the second only once it was put right.
            faults += exc.of_offer(index).each
            continue
        evaluated.append({"name": offer.name or f"Offer {index + 1}", **result})
    if faults:
        raise at_once(faults)
    return {"offers": evaluated}
