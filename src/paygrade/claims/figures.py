"""Money in salary prose: figures in any currency and grouping ("$150K", "85.000 €",
"₹25 lakh"), ranges ("$120-150K", "100,000-150,000 USD"), pay by the hour, week or month
("$95/hour", "€6,000 per month"), sums in words ("half a million dollars"), and the parts
of pay that are no year's salary ("bonuses averaging $20,000").

Every figure is a year's pay in its own currency; ``check.in_dollars`` converts it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from paygrade.normalize.money import CURRENCY_SIGNS
from paygrade.normalize.rule_tables import codes, read_rules

_ISO = re.compile(r"[A-Z]{3}")

PLAUSIBLE = (10_000.0, 10_000_000.0)  # annual USD; anything else is not a salary figure

# A figure in another currency is read up to this many times the dollar bound: a year's
# pay is tens of millions of yen or rupees, billions of rupiah. ``check`` tests it again
# in dollars once converted.
ABROAD = 1_000

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15,
}  # fmt: skip

_ROWS = read_rules("claim_currencies.csv")

# Signs and words seen but not read -> the currencies they may be ("" for a sign of none
# the table names): a figure with one keeps the sign as its currency and is not checked.
UNREAD = {row["written"]: row["currency"] for row in _ROWS if not _ISO.fullmatch(row["currency"])}
UNREAD |= {
    sign: ""
    for sign in map(chr, range(0x20A0, 0x20C1))  # the Currency Symbols block
    if unicodedata.category(sign) == "Sc" and sign not in {row["written"] for row in _ROWS}
}

# How figures name their currency ("€80,000", "80k GBP"), from the rule table; after a
# figure, any ISO 4217 code counts too ("90,000 PEN"), so that a figure in a currency the
# store has no rate for is listed as such, not dropped. An unread sign stands for itself.
# After a figure, a currency in words with its country's adjective ("240,000 US dollars",
# "90,000 British pounds": no claim had been read, "dollars" alone being a word of the
# table above).
CURRENCIES = (
    {(code, "after"): code for code in codes("currencies.csv")}
    | {(sign, place): sign for sign in UNREAD for place in ("before", "after")}
    | {(row["written"], row["place"]): row["currency"] for row in _ROWS}
    | {(row["written"], row["place"]): row["written"] for row in _ROWS if row["written"] in UNREAD}
    | {(row["written"], "after"): row["currency"] for row in read_rules("claim_currency_words.csv")}
)

# The currencies a bare "$" may be, one of which a code after the figure names: US dollars,
# each the table writes with a "$" of its own ("CA$", "MX$", "NT$", "R$"), and every
# dollar and peso the "$" is the sign of (``money.CURRENCY_SIGNS``: "$1,000,000 CLP" is
# Chilean pesos, written so in Chile; it had been a million US dollars, unsaid). Any other
# code disagrees with the sign, which decides: "$80,000 EUR" is US dollars, as "£80,000
# USD" is pounds (it had been euros, a "$" taking any code after it).
DOLLAR_SIGNED = frozenset(
    {"USD"}
    | CURRENCY_SIGNS["$"][1]
    | {
        row["currency"]
        for row in _ROWS
        if row["written"].endswith("$") and row["place"] == "before"
    }
)

# The names as written in any case, for a name read so ("240.000 Euro", "80,000 Pounds").
_FOLDED = {(written.casefold(), place): named for (written, place), named in CURRENCIES.items()}


def _written(place: str) -> str:
    """Alternatives for the currency names of one place, longest first (US$ before $)."""
    names = sorted((w for w, p in CURRENCIES if p == place), key=len, reverse=True)
    return "|".join(_name_pattern(name, place) for name in names)


def _name_pattern(name: str, place: str) -> str:
    """How one currency name is found: a code in front must start a word and may take a
    space ("EUR 80,000"), and so must a dollar sign (the "$" of "MX$600,000" had been US
    dollars, "AR$" Brazil's "R$"). After a figure, a word in any case and its words apart
    by any space ("240.000 Euro" had been no claim); a code keeps its capitals ("90,000 pen").
    """
    if place == "before" and name.rstrip(".").isalpha():
        return rf"(?<![A-Za-z]){re.escape(name)}"
    if place == "before" and name.endswith("$"):
        # After a capital, a dollar sign is part of another code ("MX$"); "earn$200k" is not.
        return rf"(?<![A-Z]){re.escape(name)}"
    if place == "after" and not _ISO.fullmatch(name):
        return "(?i:" + r"\s+".join(map(re.escape, name.split())) + ")"
    return re.escape(name)


def named_currency(written: str, place: str) -> str:
    """The currency a name read ``place`` ("before" or "after") a figure stands for, or
    the name of an unread one (``UNREAD``), in any case and spacing after a figure.

    Example:
        >>> named_currency("Euro", "after"), named_currency("US  dollars", "after")
        ('EUR', 'USD')
        >>> named_currency("Canadian dollars", "after"), named_currency("Kroner", "after")
        ('CAD', 'kroner')
    """
    key = (" ".join(written.split()), place)
    return CURRENCIES.get(key) or _FOLDED[(key[0].casefold(), place)]


# Signs of another width that are the same sign, as Chinese and Japanese text writes them:
# the full-width dollar, pound and yen ("＄150,000" and "US＄150,000" had been no claim,
# "￥15,000,000" none and "￥15 million" 15 million dollars). One character for one, so
# that a text read through them keeps every offset. The yen sign is read as "¥" is: yen
# or yuan, not read (``UNREAD``).
SAME_SIGNS = str.maketrans({"\uff04": "$", "\uffe1": "£", "\uffe5": "¥"})

# Commas between groups of three: the Arabic thousands separator (U+066C) and the
# full-width comma of Chinese and Japanese text (U+FF0C) as the English one ("$150٬000"
# and "$150，000" had been $150).
COMMAS = ",\u066c\uff0c"

# A power of ten written with a superscript, as a web page's "10<sup>6</sup>" is read
# (``html``): "$10⁶" is $1,000,000 (it had been $10).
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
POWER_OF_TEN = re.compile(rf"10([{SUPERSCRIPTS}]{{1,2}})")

# Superscript digits anywhere else are a footnote's mark ("$150K¹", "Seattle²"), as a web
# page's "<sup>1</sup>" is (``html.FOOTNOTE_MARK``): no part of the words. A word
# character to the pattern, the mark had kept a "K" from being read ("$150K¹" was $150).
_SUPERSCRIPT_RUN = re.compile(rf"[{SUPERSCRIPTS}]+")
_POWER_BASE = re.compile(r"(?<![\d.,'’])10\Z")  # a bare "10": its superscript is a power


def without_footnote_marks(text: str) -> str:
    """``text`` with each footnote mark in superscript digits read as spaces, one for
    one (offsets kept); a power of ten ("$10⁶", ``POWER_OF_TEN``) stays.

    Example:
        >>> without_footnote_marks("Pay is $150K¹ a year²."), without_footnote_marks("$10⁶")
        ('Pay is $150K  a year .', '$10⁶')
    """

    def blank(mark: re.Match[str]) -> str:
        power = _POWER_BASE.search(text, max(0, mark.start() - 2), mark.start())
        return mark[0] if power else " " * len(mark[0])

    return _SUPERSCRIPT_RUN.sub(blank, text)


# Digits as written: 150,000 or 150,000.50 (English); 85.000 or 85.000,50 (German,
# Spanish, ...: only in groups of three, so that 1.5 stays a decimal); 85 000 (French,
# Polish, ...: a space, no-break or thin space between groups, never inside a longer run).
_DIGITS = (
    rf"(?<![\d.,'’])10[{SUPERSCRIPTS}]{{1,2}}(?![{SUPERSCRIPTS}])|"
    # Indian grouping, lakhs and crores in twos: 30,00,000 (it was read as 30).
    r"(?<![\d.,])\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?![\d,]?\d)"
    # Swiss grouping by apostrophes: 120'000 and 120’000 (read as 120, and as 000).
    r"|(?<![\d.,'’])\d{1,3}(?:['’]\d{3})+(?:\.\d+)?(?![\d'’]?\d)"
    rf"|\d{{1,3}}(?:[{COMMAS}]\d{{3}})+(?:\.\d+)?"
    # A decimal comma before a multiplier: €80,5k is 80.5 thousand (it was €80 and 5k).
    r"|(?<![\d.,])\d{1,3},\d{1,2}(?=\s?(?:[kKmM]|thousand|million|bn)(?!\w))"
    r"|(?<![\d.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.,]?\d)"
    r"|(?<![\d.,])\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d.,]?\d)"
    # No digit before the point, with a multiplier: ".5 million", "$.25M" (read as 5 and
    # 25 million).
    r"|(?<![\d.,])\.\d+(?=\s?(?:[kKmM]|thousand|million|bn|billion)(?!\w))"
    # A decimal comma before two digits: "45,75 € per hour" (it was 45, and "75 €" read as
    # the figure). Never inside another number's digits: a run of 20,000 digits was tried
    # from each of its digits (seconds per request, growing with the square of the run).
    r"|(?<!\d)(?<!\d[.,])\d+(?:\.\d+|,\d{2}(?![\d,]?\d))?"
    # Scientific notation, so that "$1e308" is that figure (no salary, said so), not "$1".
    r"(?:[eE][+-]?\d+)?"
)

# Multipliers, to a power of ten: thousands, millions, and the Indian lakh (10^5) and
# crore (10^7); LPA is "lakh per annum", in rupees unless the figure names a currency.
MULTIPLIERS = {
    "k": 3, "thousand": 3, "grand": 3, "m": 6, "million": 6, "bn": 9, "billion": 9,
    "mn": 6, "lakh": 5, "lakhs": 5, "lac": 5, "lacs": 5, "lpa": 5, "crore": 7, "crores": 7,
    "cr": 7,
}  # fmt: skip

# Signs that write a figure negative: the hyphen-minus, the minus sign (U+2212) and the en
# dash people type for it. After a currency sign too: "$-50,000".
MINUS = "-\u2212\u2013"

AMOUNT = re.compile(
    rf"(?P<cur>(?:{_written('before')})\s?)?(?(cur)(?P<inner>[{MINUS}]\s?)?)(?P<num>{_DIGITS})"
    # In any case ("$1.2 Million", "₹25 Lakh" had been $1.2 and ₹25), and as abbreviated.
    r"(?:\s?(?P<mult>(?i:[km]|thousand|grand|million|mn|bn|billion|lakhs?|lacs?|crores?|cr|lpa))"
    r"(?!\w))?"
    rf"(?P<code>\s?(?:{_written('after')})(?!\w))?"
)

# A letter O typed for a zero, glued to a figure's digits: "$15O,000", "$150,OOO",
# "$1O0K", "$5O an hour". Which number was meant is a guess ("$15O,000" had been read as
# $15, "$1O0K" as $1 and 0K), and a wrong reading is worse than none: no figure is read.
O_AFTER = re.compile(r"[.,]?[Oo]+(?![a-jl-z])")
O_BEFORE = re.compile(r"\d[.,]?[Oo]+\Z")


def o_for_zero(text: str, match: re.Match[str]) -> bool:
    """Whether a figure's digits touch a letter O typed for a zero (``O_AFTER``).

    Example:
        >>> [o_for_zero(t, AMOUNT.search(t)) for t in ("$15O,000", "$150,OOO", "$5O an")]
        [True, True, True]
        >>> [o_for_zero(t, AMOUNT.search(t)) for t in ("$150K or", "$5 Oct", "$150,000.")]
        [False, False, False]
    """
    start, end = match.span("num")
    return bool(O_AFTER.match(text, end) or O_BEFORE.search(text[max(0, start - 8) : start]))


# A tilde joins a range as East Asian writing does ("$150k~$200k" had been two figures).
# Its words in any case: "BETWEEN $150,000 AND $200,000" had been two figures.
JOINER = re.compile(r"^\s*(?:-|–|—|~|〜|～|to|and)\s*$", re.I)

# A sum written in words ("a quarter of a million dollars", "half a million dollars",
# "two hundred thousand dollars"): how much of the unit, and the unit.
WORD_PARTS = {"a quarter of": 0.25, "half": 0.5, "three quarters of": 0.75, "a": 1.0,
              **{word: float(n) for word, n in NUMBER_WORDS.items()}}  # fmt: skip

WORD_UNITS = {"million": 1e6, "hundred thousand": 1e5, "thousand": 1e3}

# "six figures" is $100,000 to $999,999; "low", "mid" and "high six figures" its thirds as
# they are commonly meant ($100-399K, $400-699K, $700-999K).
SIX_FIGURES = re.compile(
    r"(?<![\w-])(?:(?P<third>low|lower|mid|middle|high|upper)[- ]?)?six[- ]figures?\b", re.I
)
THIRDS = {"low": (100_000.0, 399_999.0), "mid": (400_000.0, 699_999.0),
          "high": (700_000.0, 999_999.0)}  # fmt: skip
_THIRD_WORDS = {"lower": "low", "middle": "mid", "upper": "high"}
WORD_AMOUNT = re.compile(
    rf"\b(?P<part>{'|'.join(sorted(WORD_PARTS, key=len, reverse=True))})\s+(?:a\s+)?"
    rf"(?P<unit>{'|'.join(WORD_UNITS)})\s+(?:US\s+)?dollars\b",
    re.I,
)

# A figure paid by the hour, day, week or month ("$95/hour", "£600 a day", "€6,000 per
# month") is annualized: 2,080 hours (52 weeks of 40, as the Department of Labor converts
# hourly wages), 260 days (52 weeks of 5: a contractor's day rate), 52 weeks, 12 months.
# Paid every two weeks (a fortnight), twice a month (a half-month) or by the quarter: 26,
# 24 and 4 a year ("$40,000 per quarter" was checked as a year's pay, "$6,500 biweekly"
# as no salary).
PER_YEAR = {"hour": 2080, "day": 260, "week": 52, "fortnight": 26, "half-month": 24,
            "month": 12, "quarter": 4, "year": 1}  # fmt: skip

PERIOD = re.compile(
    r"\s*(?:(?:/|per\b|an?\b|each\b|every\b)\s*(?:calendar\s+)?"
    r"(?P<unit>hour|hr|day|week|wk|fortnight|month|mth|mnth|mo|quarter|qtr|year|yr|annum)s?"
    r"|(?P<ly>hourly|daily|weekly|bi-?weekly|fortnightly|semi-?monthly|monthly|quarterly"
    r"|yearly|annually)"
    # A month as Britain and India write it ("£9,000 pcm", "$15,000 pm"), and a period
    # named after the pay ("$15,000 in monthly salary"): read as a year's pay, they had been
    # confident verdicts against twelve times too little.
    r"|(?P<month>pcm|p/m|p\.m\.|pm)(?!\w)"
    r"|in\s+(?P<inly>hourly|daily|weekly|monthly)\s+(?:base\s+)?(?:salary|pay|wages?|income)"
    r"|every\s+(?:two|2|other)\s+weeks?|twice\s+a\s+month(?P<half>)"
    # A sum over years is a year's pay divided by them: "$1.5M over ten years".
    rf"|(?:over|across)\s+(?:the\s+(?:next\s+)?)?(?P<years>\d{{1,2}}|{'|'.join(NUMBER_WORDS)})"
    r"\s+years)(?!\w)",
    re.I,
)

# The period named before a figure, by its pay: "a monthly salary of $15,000", "hourly
# rate: $95".
PERIOD_BEFORE = re.compile(
    r"\b(?P<ly>hourly|daily|weekly|bi-?weekly|fortnightly|monthly|quarterly)\s+"
    r"(?:(?:base|gross|net|average|median|mean|typical|starting)\s+)*"
    r"(?:salary|salaries|pay|wages?|income|earnings|rate|stipend)\s*"
    r"(?:(?:of|is|was|are|were|averages?|averaging|around|about|:|=)\s*)*$",
    re.I,
)

# Before a figure, a change arriving at it: "over N years" after it is how long it took.
REACHED = re.compile(r"\b(?:to|reach(?:ed|es)?|hit|hits)\s*$", re.I)

# A character that no words read right before a figure (``PERIOD_BEFORE``, ``REACHED``)
# hold: they are letters, spaces and ":=-" alone (``said_before``).
_NOT_IN_WORDS = re.compile(r"[^\w\s:=-]|[\d_]")

_UNITS = {"hr": "hour", "wk": "week", "mo": "month", "mth": "month", "mnth": "month",
          "qtr": "quarter", "yr": "year",
          "annum": "year", "hourly": "hour", "daily": "day", "weekly": "week",
          "biweekly": "fortnight", "bi-weekly": "fortnight", "fortnightly": "fortnight",
          "semimonthly": "half-month", "semi-monthly": "half-month", "monthly": "month",
          "quarterly": "quarter", "yearly": "year", "annually": "year"}  # fmt: skip


def period(text: str, end: int, start: int | None = None) -> tuple[str, int]:
    """The period a figure ending at ``end`` is paid by, and where the figure's words end:
    a year and ``end`` when it is paid by the year, written or not. Said before a figure
    beginning at ``start`` too: "a monthly salary of $15,000".

    Example:
        >>> period("$95/hour", 3), period("€6,000 per month.", 6), period("$150K a year", 5)
        (('hour', 8), ('month', 16), ('year', 5))
        >>> period("$1.5M over ten years", 5)
        ('10 years', 20)
        >>> period("$6,500 biweekly", 6), period("$7,000 twice a month", 6)
        (('fortnight', 15), ('half-month', 20))
        >>> period("£9,000 pcm", 6), period("a monthly salary of $15,000", 27, 20)
        (('month', 10), ('month', 27))
    """
    match = PERIOD.match(text, end)
    if match is None:
        before = said_before(PERIOD_BEFORE, text, start) if start is not None else None
        return (_UNITS[before["ly"].lower()], end) if before else ("year", end)
    if match["month"]:
        return "month", match.end()
    if match["years"]:
        years = int(number(match["years"]))
        return (f"{years} years", match.end()) if years > 1 else ("year", end)
    if not (match["unit"] or match["ly"] or match["inly"]):  # "every two weeks", "twice a month"
        return ("half-month" if match["half"] is not None else "fortnight"), match.end()
    word = (match["unit"] or match["ly"] or match["inly"]).lower()
    unit = _UNITS.get(word, word)
    return (unit, match.end()) if unit != "year" else ("year", end)


def said_before(words: re.Pattern[str], text: str, start: int) -> re.Match[str] | None:
    """``words`` (a pattern of letters, spaces and ":=-" that ends at ``$``) said right
    before ``start`` in ``text``. Searched from the last character before ``start`` that
    no such words hold (``_NOT_IN_WORDS``), where no match can begin: searched from the
    segment's start for each figure, a list of 4,320 figures took 123 s, the time
    growing with the square of the figures.

    Example:
        >>> said_before(PERIOD_BEFORE, "In 2024, a monthly salary of: $15,000", 30)[0]
        'monthly salary of: '
        >>> said_before(PERIOD_BEFORE, "A monthly $1, then $15,000", 19) is None
        True
    """
    at = start
    while at > 0 and not _NOT_IN_WORDS.match(text, at - 1):
        at -= 1
    return words.search(text, at, start)


def per_year(period: str) -> float:
    """How many times a figure paid by ``period`` a year holds: 2,080 hours; a sum over
    ``"4 years"`` a fourth.

    Example:
        >>> per_year("hour"), per_year("4 years")
        (2080, 0.25)
    """
    if period.endswith(" years"):
        return 1 / int(period.split()[0])
    return PER_YEAR[period]


def number(text: str) -> float:
    """A number written in digits or as a word.

    Example:
        >>> number("two"), number("5")
        (2.0, 5.0)
    """
    return float(NUMBER_WORDS.get(text.lower(), 0) or text)


INDIAN = ("lpa", "lakh", "lakhs", "lac", "lacs", "crore", "crores", "cr")


def currency(match: re.Match[str]) -> str | None:
    """The ISO code of the currency an AMOUNT match names, or None if it names none.

    A bare "$" is the sign of many dollars: a code after the figure says which ("$150,000
    CAD" had been read as US dollars); so does one after a sign of several currencies
    (``with_code``).

    Example:
        >>> currency(AMOUNT.search("€80,000")), currency(AMOUNT.search("80k GBP"))
        ('EUR', 'GBP')
        >>> currency(AMOUNT.search("$150,000 CAD")), currency(AMOUNT.search("$150K"))
        ('CAD', 'USD')
        >>> currency(AMOUNT.search("240,000 US dollars")), currency(AMOUNT.search("240.000 Euro"))
        ('USD', 'EUR')
        >>> currency(AMOUNT.search("¥15 million JPY")), currency(AMOUNT.search("¥15 million"))
        ('JPY', '¥')
    """
    if match["code"] and (said := with_code(match["cur"], match["code"])):
        return said
    if match["cur"]:
        return named_currency(match["cur"], "before")
    if (match["mult"] or "").lower() in INDIAN:  # "30 lakhs", "2 crore", "25 LPA": rupees
        return "INR"
    return None


def with_code(sign: str | None, code: str) -> str | None:
    """The currency a figure's sign (or none) and the code or name after it say together:
    the code's, when the sign is none, a bare "$" and a currency it may be
    (``DOLLAR_SIGNED``; "pesos", one of several, when one of them is), a sign of several
    currencies that lists the code's (¥ is JPY or CNY: "¥15 million JPY" had been
    "currency not read"), or the code's own currency; None when they disagree ("¥15
    million EUR", "£80,000 USD", "$80,000 EUR": the sign decides, as before).

    Example:
        >>> with_code("¥", "JPY"), with_code("¥", "RMB"), with_code("kr ", "SEK")
        ('JPY', 'CNY', 'SEK')
        >>> with_code("$", "CAD"), with_code(None, "GBP"), with_code("£", "GBP")
        ('CAD', 'GBP', 'GBP')
        >>> with_code("¥", "EUR") is None, with_code("£", "USD") is None
        (True, True)
        >>> with_code("$", "EUR") is None, with_code("$", "pesos"), with_code("$", "CLP")
        (True, 'pesos', 'CLP')
    """
    named = named_currency(code, "after")
    sign = (sign or "").strip()
    if not sign or named == named_currency(sign, "before"):
        return named
    if sign == "$":
        return named if DOLLAR_SIGNED.intersection(_ISO.findall(UNREAD.get(named, named))) else None
    return named if named in _ISO.findall(UNREAD.get(sign, "")) else None


def range_currencies(first: re.Match[str], second: re.Match[str]) -> tuple[str | None, ...]:
    """The currencies of a range's two ends: a code after the second end names the first
    end's too, when the first has no code of its own and its sign may be that currency
    ("$120K-$150K CAD" had been $120K in US dollars and $150K in CAD, two figures).

    Example:
        >>> range_currencies(*AMOUNT.finditer("$120K-$150K CAD"))
        ('CAD', 'CAD')
        >>> range_currencies(*AMOUNT.finditer("€80,000 to $95,000 CAD"))
        ('EUR', 'CAD')
    """
    if second["code"] and not first["code"]:
        shared = with_code(first["cur"], second["code"])
        if shared is not None and shared == currency(second):
            return shared, shared
    return currency(first), currency(second)


def parse_amount(
    match: re.Match[str],
    multiplier: str | None = None,
    named: str | None = None,
    per: str = "year",
    money: bool = False,
) -> float | None:
    """The annual value of an AMOUNT match in its own currency (``currency``, or ``named``:
    a range's other end names it) paid by ``per`` (``PER_YEAR``), or None if it is not a
    salary figure. A bare number is money only when ``money`` says so (the other end of
    its range names a currency: "$100,000-150,000", "100,000-150,000 USD").

    Example:
        >>> parse_amount(AMOUNT.search("$150K")), parse_amount(AMOUNT.search("$95"), per="hour")
        (150000.0, 197600.0)
        >>> parse_amount(AMOUNT.search("2024")) is None, parse_amount(AMOUNT.search("$500"))
        (True, None)
    """
    value = annual(match, multiplier, per, money)
    if value is None or not plausible(value, named or currency(match) or "USD"):
        return None
    return value


def annual(
    match: re.Match[str], multiplier: str | None = None, per: str = "year", money: bool = False
) -> float | None:
    """An AMOUNT match as a year's money in its own currency, however much (``$500`` is
    500.0: ``plausible`` says whether it can be a year's pay); None if it is no money.

    Example:
        >>> annual(AMOUNT.search("$999,999,999,999")), annual(AMOUNT.search("$2"), per="hour")
        (999999999999.0, 4160.0)
        >>> annual(AMOUNT.search("2024")) is None, annual(AMOUNT.search("$1e400"))
        (True, inf)
    """
    mult = (match["mult"] or multiplier or "").lower()
    if not (money or match["cur"] or match["code"] or mult):
        return None
    value: float = digits(match["num"], multiplied=bool(mult)) * 10 ** MULTIPLIERS.get(mult, 0)
    # "$1e400" is past any double: infinite, and kept, so that it is listed as no plausible
    # salary like "$1e300" (it had been dropped without a word; the JSON says it as the
    # largest double, ``check.said_number``).
    return value * per_year(per)


def plausible(value: float, currency: str = "USD") -> bool:
    """Whether a year's pay of ``value`` in ``currency`` can be a salary: within
    ``PLAUSIBLE`` in dollars, up to ``ABROAD`` times the top in another currency (it is
    tested again in dollars once converted). A negative amount never is.

    Example:
        >>> plausible(150_000), plausible(500), plausible(-50_000), plausible(5e9, "JPY")
        (True, False, False, True)
    """
    top = PLAUSIBLE[1] * (1 if currency == "USD" else ABROAD)
    return PLAUSIBLE[0] <= value <= top


def digits(text: str, multiplied: bool = False) -> float:
    """The number a run of digits writes, in any of the groupings ``_DIGITS`` reads; before
    a multiplier a dot is a decimal point ("$1.250M").

    Example:
        >>> digits("150,000.50"), digits("85.000"), digits("85.000,50"), digits("70 000")
        (150000.5, 85000.0, 85000.5, 70000.0)
        >>> digits("1.250", multiplied=True), digits("30,00,000"), digits("120’000")
        (1.25, 3000000.0, 120000.0)
        >>> digits("80,5", multiplied=True), digits("45,75"), digits("150\u066c000")
        (80.5, 45.75, 150000.0)
        >>> digits("10⁶"), digits("10¹²")
        (1000000.0, 1000000000000.0)
    """
    if power := POWER_OF_TEN.fullmatch(text):
        return float("1e" + "".join(str(SUPERSCRIPTS.index(d)) for d in power[1]))
    text = re.sub(r"[ \u00a0\u2009\u202f'’]", "", text)
    text = re.sub(f"[{COMMAS}]", ",", text)
    if re.fullmatch(r"\d+,\d{1,2}", text):  # €80,5k and 45,75 €: a decimal comma
        return float(text.replace(",", "."))
    grouped = re.fullmatch(r"\d{1,3}(?:\.\d{3})+(,\d+)?", text)
    if grouped and (grouped[1] or not multiplied):
        return float(text.replace(".", "").replace(",", "."))  # 85.000 or 85.000,50
    return float(text.replace(",", ""))


@dataclass(frozen=True)
class Figure:
    start: int  # in the segment
    end: int
    low: float  # negative when written so ("-$50,000")
    high: float | None  # set for a range
    currency: str = "USD"  # as written; no currency named: dollars
    period: str = "year"  # what it is paid by as written; low and high are a year's

    def can_be_pay(self) -> bool:
        """Whether both ends can be a year's pay as written (``plausible``).

        Example:
            >>> Figure(0, 4, 500.0, None).can_be_pay(), Figure(0, 5, 9e4, 1e5).can_be_pay()
            (False, True)
        """
        return all(plausible(v, self.currency) for v in (self.low, self.high) if v is not None)


def figures(text: str, every: bool = False) -> list[Figure]:
    """Money figures and ranges in one sentence, in order, a year's pay each; with
    ``every``, also the money that can be no year's pay ("$500", "$999,999,999,999", a
    figure written negative: "-$50,000"), so that a pay claim with one is listed, not lost.

    Example:
        >>> [(f.low, f.high) for f in figures("from $120-150K, or $90,000")]
        [(120000.0, 150000.0), (90000.0, None)]
        >>> [(f.low, f.high) for f in figures("$120k-150 or $1.2M-1.5")]
        [(120000.0, 150000.0), (1200000.0, 1500000.0)]
        >>> [(f.low, f.high, f.period) for f in figures("$80-$100 an hour")]
        [(166400.0, 208000.0, 'hour')]
        >>> figures("pay fell by -$5,000 to $500"), [f.low for f in figures("by -$5,000", True)]
        ([], [-5000.0])
    """
    matches = [m for m in AMOUNT.finditer(text) if m["num"] and not o_for_zero(text, m)]
    out: list[Figure] = []
    index = 0
    while index < len(matches):
        first = matches[index]
        second = matches[index + 1] if index + 1 < len(matches) else None
        sign = minus_at(text, first, matches[index - 1].end() if index else None)
        joins = (
            second is not None and not a_year(text, first, second) and _joined(text, first, second)
        )
        if second is not None and sign is None and joins:
            named = next(filter(None, range_currencies(first, second)), "USD")
            per, end = period(text, second.end(), first.start())
            money = any(m["cur"] or m["code"] or m["mult"] for m in (first, second))
            low = annual(first, second["mult"], per, money)
            high = annual(second, per=per, money=money)
            if low is not None and high is not None and thousands_shared(first, second):
                low = annual(first, "k", per, money)  # "$120-150,000": $120,000, not $120
            if low is not None and high is not None and high < low and not second["mult"]:
                # "$120k-150": the first end's multiplier is the second's too (150 alone
                # had been no end at all, and the range read as $120k); never a year's
                # ("$150K to 2024" had been $150,000-$2,024,000).
                shared = first["mult"] and not YEAR_SHAPED.fullmatch(second["num"])
                high = annual(second, first["mult"], per, money) if shared else high
            if low is not None and high is not None and low <= high:
                ranged = Figure(first.start(), end, low, high, named, per)
                # A range that can be no year's pay is one figure unless an end alone can
                # ("$5-10 a day"; in "$5,000-$20,000" the $20,000 is read as before).
                alone = (_single(text, m, None) for m in (first, second))
                if ranged.can_be_pay() or (
                    every and not any(f is not None and f.can_be_pay() for f in alone)
                ):
                    out.append(ranged)
                    index += 2
                    continue
        found = _single(text, first, sign)
        if found is not None and (every or found.can_be_pay()):
            out.append(found)
        index += 1
    return sorted([*out, *_worded(text, every)], key=lambda figure: figure.start)


# A bare number written as a year, and the words that say it is one ("in 2022", "from
# 2022"): it is never a range's end, though the other end names a currency. "Pay rose from
# $150,000 in 2022 to $20,000,000 in 2024" had been a range of 2,022-20,000,000.
YEAR_SHAPED = re.compile(r"(?:19[5-9]|20[0-3])\d")
YEAR_WORD = re.compile(
    r"\b(?P<word>in|from|since|by|until|till|through|during|before|after|of|for)\s+$", re.I
)
# Between a range's first end and its money: "from 2000 to $2,500 a month".
TO_MONEY = re.compile(r"\s+to\s+$", re.I)


def a_year(text: str, match: re.Match[str], then: re.Match[str] | None = None) -> bool:
    """Whether an AMOUNT match is a year the words before it name as one: four bare digits
    (no currency, code or multiplier) after ``YEAR_WORD``. After "from", not when ``then``,
    the amount after it, is money "to" which it runs, paid by a period shorter than a year:
    "pay ranges from 2000 to $2,500 a month" had lost its 2,000 (``money_from``).

    Example:
        >>> text = "from $150,000 in 2022 to $20,000,000"
        >>> [a_year(text, m) for m in AMOUNT.finditer(text)]
        [False, True, False]
        >>> a_year("$1800 to 2000 a month", list(AMOUNT.finditer("$1800 to 2000 a month"))[1])
        False
        >>> text = "pay ranges from 2000 to $2,500 a month"
        >>> a_year(text, *AMOUNT.finditer(text)), a_year(text, *list(AMOUNT.finditer(text))[:1])
        (False, True)
    """
    bare = not (match["cur"] or match["code"] or match["mult"])
    if not bare or not YEAR_SHAPED.fullmatch(match["num"]):
        return False
    word = YEAR_WORD.search(text, max(0, match.start() - 10), match.start())
    if word is None:
        return False
    return not (word["word"].lower() == "from" and money_from(text, match, then))


def money_from(text: str, first: re.Match[str], then: re.Match[str] | None) -> bool:
    """Whether ``then`` is money that a bare number ``first`` runs "to" in the same clause,
    paid by a period shorter than a year ("to $2,500 a month", "an hour", "/mo"): the
    number is the range's first end, not a year ("from 2022 to $20,000,000" stays a year).
    """
    if then is None or not (then["cur"] or then["code"] or then["mult"]):
        return False
    if not TO_MONEY.fullmatch(text, first.end(), then.start()):
        return False
    return period(text, then.end())[0] in PER_YEAR.keys() - {"year"}


def _single(text: str, match: re.Match[str], sign: int | None) -> Figure | None:
    """An AMOUNT match as one figure (negative when ``sign`` says where its minus is), or
    None if it is no money."""
    per, end = period(text, match.end(), match.start())
    if per.endswith(" years") and said_before(REACHED, text, match.start()):
        per, end = "year", match.end()  # "rose to $150,000 over four years": a level
    value = annual(match, per=per)
    if value is None:
        return None
    named = currency(match) or "USD"
    if sign is not None:  # the sign is part of what the figure says
        return Figure(sign, end, -value, None, named, per)
    return Figure(match.start(), end, value, None, named, per)


# A word before a spaced dash that asks for a number after it: the dash is a minus ("a
# change of - $5,000", "it was – $2,000"), not a separator ("Google – $300K").
_TAKES_A_NUMBER = re.compile(
    r"(?:^|[\s(])(?:of|by|is|was|were|be|been|are|at|to|from|a|an|about|around|roughly|"
    r"nearly|approximately|only|just|=)\s*$",
    re.I,
)


def minus_at(text: str, match: re.Match[str], previous: int | None = None) -> int | None:
    """Where the minus sign of an AMOUNT match written negative starts ("-$50,000",
    "−$50,000", "$-50,000", "a gap of – $50,000"); None when it has none. ``previous``:
    where the figure before it ends, which makes a dash between them a range's.

    A dash is no minus after a figure or glued to a word ("$120-$150K", "$120K – $150K",
    "mid-$150K"), nor at a line's start (a list item: "- $150,000 for seniors"); spaced
    from the figure, a hyphen or an en dash is a minus only after a word that asks for a
    number ("by - $5,000"), the minus sign (U+2212) always.

    Example:
        >>> [minus_at(t, AMOUNT.search(t)) for t in ("by -$5", "a \u2212$5", "x $-5", "$5")]
        [3, 2, 2, None]
        >>> [minus_at(t, AMOUNT.search(t)) for t in ("- $5", "Google \u2013 $5", "of \u2013 $5")]
        [None, None, 3]
        >>> minus_at("\u2212$5", AMOUNT.search("\u2212$5")), minus_at("-$5", AMOUNT.search("-$5"))
        (0, None)
    """
    if match["inner"]:
        return match.start()
    sign = re.search(rf"[{MINUS}][ \u00a0]?$", text[max(0, match.start() - 2) : match.start()])
    if sign is None:
        return None
    at = match.start() - len(sign.group())
    before = text[:at]
    if previous is not None and not text[previous:at].strip():
        return None  # between two figures: a range's dash
    if before[-1:].isalnum() or (before[-1:] or "x") in "%)]":
        return None  # glued to a word or a number: a hyphen
    spaced = len(sign.group()) > 1
    minus_sign = sign.group()[0] == "\u2212"
    if not before.split("\n")[-1].strip():  # at the start of a line: a list item's dash
        return at if minus_sign else None
    if spaced and not minus_sign and not _TAKES_A_NUMBER.search(before):
        return None  # "Google – $300K": a separator
    return at


def _worded(text: str, every: bool = False) -> list[Figure]:
    """Sums of dollars written in words, a year's pay each (``every``: or not).

    Example:
        >>> text = "They make half a million dollars."
        >>> [(f.low, text[f.start : f.end]) for f in _worded(text)]
        [(500000.0, 'half a million dollars')]
        >>> [(f.low, f.high) for f in _worded("Juniors earn six-figure salaries.")]
        [(100000.0, 999999.0)]
        >>> [(f.low, f.high) for f in _worded("Staff earn high six figures, not low-six-figure.")]
        [(700000.0, 999999.0), (100000.0, 399999.0)]
    """
    found = []
    for match in WORD_AMOUNT.finditer(text):
        part = WORD_PARTS[" ".join(match["part"].lower().split())]
        value = part * WORD_UNITS[" ".join(match["unit"].lower().split())]
        if every or plausible(value):
            found.append(Figure(match.start(), match.end(), value, None))
    for match in SIX_FIGURES.finditer(text):
        third = (match["third"] or "").lower()
        low, high = THIRDS.get(_THIRD_WORDS.get(third, third), (100_000.0, 999_999.0))
        found.append(Figure(match.start(), match.end(), low, high))
    return found


def thousands_shared(first: re.Match[str], second: re.Match[str]) -> bool:
    """Whether a range's first end, a bare number of up to three digits, is in the thousands
    its second end is written in: "$120-150,000", "between $80 and $100,000" (read as $120
    and $80, no salary, and one figure of $100,000); the first end is at most the second and
    more than a tenth of it, as a range's ends are.

    Example:
        >>> def ends(text): return thousands_shared(*AMOUNT.finditer(text))
        >>> ends("$120-150,000"), ends("$80 and $100,000"), ends("$120,000-150,000")
        (True, True, False)
        >>> ends("$5-150,000"), ends("$120K-150,000")
        (False, False)
    """
    if first["mult"] or second["mult"] or not re.fullmatch(r"\d{1,3}", first["num"]):
        return False
    if not re.search(rf"[{COMMAS}.'’ \u00a0\u2009\u202f]000$", second["num"]):
        return False
    low, high = int(first["num"]) * 1000, digits(second["num"])
    return low <= high < low * 10


def _joined(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """Two amounts form a range: "$1-$2", "$1 to $2", "between $1 and $2", "$1~$2"; each
    may carry the same period ("$40/hour to $150/hour", "$100,000 a year to $300,000 a
    year": they had been two figures)."""
    said = PERIOD.match(text, first.end())
    same = said is not None and period(text, first.end())[0] == period(text, second.end())[0]
    between = text[said.end() if same and said else first.end() : second.start()]
    named = set(range_currencies(first, second)) - {None}
    if not JOINER.match(between) or len(named) > 1:  # "€80,000 to $95,000": two figures
        return False
    # "Between" opening a sentence too: "Between $150,000 and $200,000 is what ..." had been
    # two figures, the first of no subject.
    return (
        "and" not in between.lower()
        or "between" in text[max(0, first.start() - 12) : first.start()].lower()
    )


# Parts of pay that are no year's salary: a figure that is one ("bonuses averaging $20,000",
# "a $30,000 signing bonus", "$40K is stock") is listed, and checked against nothing.
_PART = r"(?P<part>bonus(?:es)?|equity|stock|RSUs?|grants?|options|refreshers?|stipends?)"

# The part word, then up to five words that are no word of pay ("Equity grants for ML
# engineers are worth $400,000"; not "ML engineers with bonuses earn $200K").
_NOT_PAY = r"(?!(?:salar\w*|pay\w*|paid|comp\w*|earn\w*|make\w*|base|total|TC)\b)"

PART_BEFORE = re.compile(rf"\b{_PART}(?:\s+{_NOT_PAY}[\w-]+){{0,5}}\s*:?\s*$", re.I)

PART_AFTER = re.compile(
    r"^\s*(?:(?:is|are|was|were)\s+)?(?:in\s+)?(?:an?\s+)?(?:annual\s+|yearly\s+|signing\s+|"
    rf"sign-on\s+|performance\s+|cash\s+|target\s+|equity\s+)?{_PART}\b",
    re.I,
)

# Pay after tax is no figure of the data's (gross pay): "$120,000 after taxes", "net $90K".
AFTER_TAX = re.compile(r"^\s*(?:a\s+year\s+|per\s+year\s+)?(?:after[- ]tax(?:es)?|net\b)", re.I)

PARTS = (("bonus", "bonus"), ("stipend", "stipend"), ("", "equity"))  # by the word's start


def pay_part(before: str, after: str) -> str | None:
    """The part of pay a figure is, when it is no year's salary: "bonus", "equity" or
    "stipend", or "after-tax" pay (the data's is before tax); None for pay. A part word
    right before the figure (its clause not "including" it in a total) or right after it.

    Example:
        >>> pay_part("ML engineers get bonuses averaging ", "."), pay_part("plus a ", " bonus.")
        ('bonus', 'bonus')
        >>> pay_part("total pay including bonus and equity of ", "."), pay_part("earn ", " in TC")
        (None, None)
        >>> pay_part("they keep ", " after taxes."), pay_part("a net ", " a year.")
        ('after-tax', 'after-tax')
    """
    clause = re.split(r"[,;(]", before)[-1]
    if AFTER_TAX.match(after) or re.search(  # "take-home pay of $9,000": after tax too
        r"\b(?:after-tax|net|take[- ]home)\s+(?:pay\s+|income\s+)?(?:of\s+|is\s+)?$",
        clause,
        re.I,
    ):
        return "after-tax"  # "$8,000 a month after tax": the data holds pay before tax
    found = PART_AFTER.match(after) or (
        None if re.search(r"\binclud", clause, re.I) else PART_BEFORE.search(clause)
    )
    if found is None:
        return None
    return next(part for start, part in PARTS if found["part"].lower().startswith(start))


# What a table's column header says of its cells' money: a currency ("Salary (EUR)",
# "Base (USD/yr)", "Pay ($)"), a multiplier ("Salary (k USD)", "($000s)", "CTC (LPA)")
# and a period ("Monthly salary", "Rate (per hour)"). A bare number under "Salary (EUR)"
# had been no claim, and "$15,000" under "Monthly salary" a year's pay.
_IN_HEADER = {place: re.compile(_written(place)) for place in ("after", "before")}
HEADER_MULTIPLIER = re.compile(
    r"(?<![A-Za-z0-9])(?:(?P<k>k|K|thousands?|'?000s?)|(?P<lakh>lakhs?|LPA|lpa)"
    r"|(?P<million>millions?|mn))(?![A-Za-z])"
)
HEADER_PERIOD = re.compile(
    r"(?:(?<![A-Za-z])(?P<ly>hourly|daily|weekly|monthly|quarterly|annual|yearly)"
    r"|(?:(?<![A-Za-z])per\s+|/\s*|(?<![A-Za-z])an?\s+)"
    r"(?P<unit>hour|hr|h|day|week|wk|month|mo|mth|quarter|year|yr|annum))(?![A-Za-z])",
    re.I,
)
_HEADER_UNITS = {**_UNITS, "h": "hour", "annual": "year"}
# A cell that is one amount or one range of amounts, and nothing else ("150,000",
# "€120-150K"): the one a header's unit is given to (not "150,000 (2024)").
_LONE = re.compile(r"\s*#(?:\s*(?:-|–|—|~|to)\s*#)?\s*")


def header_currency(header: str) -> str | None:
    """The currency a column header names, in its brackets first; None if none.

    Example:
        >>> header_currency("Salary (EUR)"), header_currency("Base ($k/yr)")
        ('EUR', 'USD')
        >>> header_currency("Salary in euros"), header_currency("Salary")
        ('EUR', None)
    """
    for text in [*re.findall(r"\(([^)]*)\)", header), header]:
        for place, pattern in _IN_HEADER.items():
            for found in pattern.finditer(text):
                glued = found[0][-1].isalpha() and text[found.end() : found.end() + 1].isalpha()
                if not glued and not text[found.start() - 1 : found.start()].isalpha():
                    return named_currency(found[0], place)
    return None


def header_period(header: str) -> str:
    """The period a column header's pay is by ("month", "hour"), or "year".

    Example:
        >>> header_period("Monthly salary"), header_period("Base (USD/yr)")
        ('month', 'year')
        >>> header_period("Rate ($ per hour)"), header_period("Data years")
        ('hour', 'year')
    """
    found = HEADER_PERIOD.search(header)
    if found is None:
        return "year"
    word = (found["ly"] or found["unit"]).lower()
    return _HEADER_UNITS.get(word, word)


def header_multiplier(header: str) -> str:
    """The multiplier a column header names for its cells ("k", "lakh", "million"), or "".

    Example:
        >>> header_multiplier("Salary (k USD)"), header_multiplier("Pay ($000s)")
        ('k', 'k')
        >>> header_multiplier("CTC (LPA)"), header_multiplier("Kaggle rank")
        ('lakh', '')
    """
    found = HEADER_MULTIPLIER.search(header)
    return next((name for name, said in found.groupdict().items() if said), "") if found else ""


def column_unit(header: str, cell: str) -> str:
    """What a table cell that is one bare amount or range says after it as written under
    its column's ``header``: the header's multiplier, currency and period, each only
    where the cell names none of its own; "" when the header names none, or the cell is
    more than an amount.

    Example:
        >>> column_unit("Salary (EUR)", " 150,000 "), column_unit("Monthly salary", "$15,000")
        (' EUR', ' per month')
        >>> column_unit("Base (k USD)", "120-150"), column_unit("Salary (EUR)", "150,000 (2024)")
        (' k USD', '')
        >>> column_unit("Pay ($000s)", "150"), column_unit("Offers above $200K", "12")
        (' k USD', '')
    """
    matches = list(AMOUNT.finditer(cell))
    if not matches or not _LONE.fullmatch(AMOUNT.sub("#", cell)):
        return ""
    if any(f.low > 0 for f in figures(header, every=True)):
        return ""  # "Offers above $200K", "401K match": a figure, no unit
    named = header_currency(header)
    words = [
        header_multiplier(header) if not any(m["mult"] for m in matches) else "",
        named or "" if not any(m["cur"] or m["code"] for m in matches) else "",
        f"per {per}" if (per := header_period(header)) != "year" else "",
    ]
    said = " ".join(word for word in words if word)
    return f" {said}" if said else ""


def without_unit(header: str) -> str:
    """A column header less its brackets that name a unit, as a cell's words read it:
    "Bonus ($)" is "Bonus" (its "($)" hid the part of pay), "Total (USD)" "Total".

    Example:
        >>> without_unit("Bonus ($)"), without_unit("Base (k USD/yr)"), without_unit("Pay (2024)")
        ('Bonus', 'Base', 'Pay (2024)')
    """
    return re.sub(r"\s*\(([^)]*)\)", lambda m: "" if _names_unit(m[1]) else m[0], header)


def _names_unit(text: str) -> bool:
    return bool(header_currency(text) or header_multiplier(text) or header_period(text) != "year")
