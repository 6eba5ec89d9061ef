"""Money: parse a figure, annualize it, and make it comparable (USD, real dollars).

The SQL pipeline applies the same rules to whole columns; these functions are
the reference for single values (submissions, tests, docs).
"""

from __future__ import annotations

import difflib
import math
import re
from functools import cache
from typing import Final

from paygrade.normalize.rule_tables import read_rules
from paygrade.normalize.vocab import PAY_PERIODS

# Below this a yearly figure is not a salary (survey junk like 1 or 12); above
# it, not a person's pay (junk like 1e16). Rows outside are quarantined.
MIN_ANNUAL_USD = 1_000.0
MAX_ANNUAL_USD = 5_000_000.0

_NOISE = re.compile(r"[\s$]")
# A comma groups digits, by thousands (120,000) or as in India (1,20,000), or it is a
# decimal comma before one or two digits (65000,5; 85.000,50: dots then group thousands),
# which no grouping is. Anything else with a comma ("12,0000") is no number: never
# read as 120000, nor "65000,5" as 650005.
GROUPED_BY_COMMAS = r"[+-]?(\d{1,3}(,\d{3})+|\d{1,2}(,\d{2})+,\d{3})(\.\d*)?"
DECIMAL_COMMA = r"[+-]?(\d+|\d{1,3}(\.\d{3})+),\d{1,2}"


def parse_amount(text: str | None) -> float | None:
    """A number from text like "$120,000.50"; None when it is not a finite number.

    Example:
        >>> parse_amount("$120,000"), parse_amount("1,20,000"), parse_amount("120 000")
        (120000.0, 120000.0, 120000.0)
        >>> parse_amount("65000,5"), parse_amount("85.000,50"), parse_amount("12,0000")
        (65000.5, 85000.5, None)
        >>> parse_amount("a lot") is None
        True
    """
    if text is None:
        return None
    cleaned = _NOISE.sub("", text)
    if "," in cleaned:
        if re.fullmatch(GROUPED_BY_COMMAS, cleaned):
            cleaned = cleaned.replace(",", "")
        elif re.fullmatch(DECIMAL_COMMA, cleaned):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            return None
    if not cleaned.isascii():  # float() reads "١٠٠" as 100; the SQL pipeline does not
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


_SCALES = {"k": 1_000, "m": 1_000_000}


# Dots grouping thousands, as typed where the decimal mark is a comma: "85.000". A group
# never starts with 0: "0.335" is a third of a dollar (it had been refused as thousands).
DOTTED_THOUSANDS = re.compile(r"\s*\$?[1-9]\d{0,2}(\.\d{3})+\s*")


def names_a_currency(text: str) -> bool:
    """Whether a typed amount carries its currency ("€85,000", "85000 EUR", "£70k"), which
    a form or an option takes on its own.

    Example:
        >>> names_a_currency("€85,000"), names_a_currency("85000 eur"), names_a_currency("85k")
        (True, True, False)
        >>> names_a_currency("EUR 85,000"), names_a_currency("chf95k"), names_a_currency("a lot")
        (True, True, False)
    """
    bare = text.strip()
    # Its code after the number, or before it ("EUR 85,000", as many write it: it had been
    # told only how to write an amount, where "85,000 EUR" is told to give the currency).
    codes = re.findall(r"(?<=[\d\s])[A-Za-z]{3}$|^[A-Za-z]{3}(?=\s*[\d.])", bare)
    return any(sign in bare for sign in "€£¥₹₩₪₺₽") or any(
        code.upper() in currencies() for code in codes
    )


# The currencies each sign is written for, and what the sign is called. Reviewed by hand;
# kept here, not in rules/, as no record is normalized by it (a table there is in every
# store's rule fingerprint). "$" is the sign of every dollar and of the pesos (and is in
# R$, C$, T$, WS$ and MOP$); "£" of the pounds.
CURRENCY_SIGNS: Final = {
    "$": ("dollars or pesos", frozenset({
        "USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD", "BSD", "BBD", "BZD", "BMD", "BND",
        "KYD", "FJD", "GYD", "JMD", "LRD", "NAD", "SBD", "SRD", "TTD", "XCD", "ZWL",
        "MXN", "ARS", "CLP", "COP", "CUP", "DOP", "UYU", "BRL", "NIO", "TOP", "WST", "MOP"})),
    "€": ("euros", frozenset({"EUR"})),
    "£": ("pounds", frozenset({"GBP", "EGP", "FKP", "GIP", "SHP", "SSP", "SYP", "LBP"})),
    "¥": ("yen or yuan", frozenset({"JPY", "CNY"})),
    "₹": ("rupees", frozenset({"INR"})),
    "₩": ("won", frozenset({"KRW", "KPW"})),
    "₪": ("shekels", frozenset({"ILS"})),
    "₺": ("lira", frozenset({"TRY"})),
    "₽": ("roubles", frozenset({"RUB"})),
}  # fmt: skip


def sign_not_of(text: str, currency: str) -> str | None:
    """Why a typed amount's currency sign is not ``currency``'s, or None when it carries
    none or the currency's own: "$90,000" given as euros had been taken as 90,000 EUR.

    Example:
        >>> sign_not_of("$90,000", "EUR")
        "'$' is the sign of dollars or pesos, not of EUR: write the amount in EUR as a \
number (90000 or 90k), or give the currency it is in"
        >>> sign_not_of("$90,000", "CAD") is None, sign_not_of("90000", "EUR") is None
        (True, True)
    """
    claim = sign_claim(text, currency)
    if claim is None:
        return None
    return (
        f"{claim}: write the amount in {currency} as a number (90000 or 90k), "
        "or give the currency it is in"
    )


def sign_claim(text: str, currency: str) -> str | None:
    """The first sign in ``text`` (in ``CURRENCY_SIGNS`` order) that is not ``currency``'s,
    said as a form and a file's quarantine say it (the SQL pipeline builds the same words
    from ``SIGN_CLAIM``), or None.

    Example:
        >>> sign_claim("£70,000", "USD"), sign_claim("€90000", "EUR")
        ("'£' is the sign of pounds, not of USD", None)
    """
    for sign, (called, written_for) in CURRENCY_SIGNS.items():
        if sign in text and currency not in written_for:
            return SIGN_CLAIM.format(sign=sign, called=called, currency=currency)
    return None


# What ``sign_claim`` says: a template, so that SQL can put a column in {currency}.
SIGN_CLAIM: Final = "{sign!r} is the sign of {called}, not of {currency}"


def typed_amount(text: str) -> float | None:
    """An amount a person typed in a form or an option: ``parse_amount``'s forms, and a k
    or M after the number. Files keep ``parse_amount`` (a "120k" cell is quarantined: a
    source writes whole numbers). Dots grouping thousands ("85.000") are no amount: a
    person means 85,000, which a dot as the decimal mark would read as 85.

    Example:
        >>> typed_amount("185k"), typed_amount("$1.2M"), typed_amount("185,000"), typed_amount("k")
        (185000.0, 1200000.0, 185000.0, None)
        >>> typed_amount("85.000"), typed_amount("85.50"), typed_amount("0.005")
        (None, 85.5, 0.005)
    """
    if DOTTED_THOUSANDS.fullmatch(text):
        return None
    return typed_price(text)


def typed_price(text: str) -> float | None:
    """A price a person typed: ``typed_amount``'s forms, but a dot is always the decimal
    mark. Shares are priced to the tenth of a cent ($1.125), and no one writes a share
    price of 1,125 dollars as "1.125".

    Example:
        >>> typed_price("1.125"), typed_price("$0.335"), typed_price("1,125.50")
        (1.125, 0.335, 1125.5)
        >>> typed_price("1.1.1") is None
        True
    """
    cleaned = text.strip()
    scale = _SCALES.get(cleaned[-1:].lower(), 1)
    value = parse_amount(cleaned[:-1] if scale != 1 else cleaned)
    return None if value is None else value * scale


def annualize(amount: float, period: str) -> float:
    """Yearly figure from one per ``period`` (hour x 2080, week x 52, biweekly x 26, month x 12).

    Example:
        >>> annualize(50.0, "hour")
        104000.0
    """
    return amount * PAY_PERIODS[period]


def real_dollars(amount_usd: float, cpi_of_year: float, cpi_of_reference: float) -> float:
    """Dollars of the reference year: nominal x CPI(reference) / CPI(year).

    Example:
        >>> round(real_dollars(100.0, 200.0, 300.0), 2)
        150.0
    """
    return amount_usd * cpi_of_reference / cpi_of_year


@cache
def currencies() -> frozenset[str]:
    """ISO 4217 codes of currencies in use (``rules/currencies.csv``)."""
    return frozenset(row["code"] for row in read_rules("currencies.csv"))


def currency_code(text: str) -> str:
    """A currency as typed, read as its code (" eur " is EUR); a text no code is stays as
    typed, so that its refusal names what was typed ("euros" had been said as 'EUROS').

    Example:
        >>> currency_code(" eur "), currency_code("euros")
        ('EUR', 'euros')
    """
    code = text.strip().upper()
    return code if code in currencies() else text.strip()


def no_such_currency(text: str) -> str:
    """How a currency no ISO 4217 code names is refused, on every face (an offer, the
    offers page, a submission), with the code meant: one written as a word or sign
    ("euros", "£") or a near miss of a code ("USDD").

    Example:
        >>> no_such_currency("euros").split(" (")[0]
        "no currency is called 'euros'; did you mean EUR?"
        >>> no_such_currency("USDD").split(" (")[0]
        "no currency is called 'USDD'; did you mean USD?"
    """
    codes = currencies()
    written = {
        row["written"].casefold(): row["currency"]
        for row in read_rules("claim_currencies.csv")
        if row["currency"] in codes
    }
    meant = written.get(text.strip().casefold())
    # Three letters leave many codes one letter away ("EUX": UGX as near as EUR): only a
    # code its first two letters begin is offered.
    code = text.strip().upper()
    alike = sorted(c for c in codes if c[:2] == code[:2])
    close = difflib.get_close_matches(code, alike, n=1, cutoff=0.6)
    hint = meant or (close[0] if close else None)
    tip = f"; did you mean {hint}?" if hint else ""
    return f"no currency is called {text!r}{tip} (a currency by its ISO 4217 code, e.g. USD or EUR)"


def plausible_annual_usd(amount_usd: float) -> bool:
    """Whether a yearly USD figure can be a person's pay at all.

    Example:
        >>> plausible_annual_usd(1e16)
        False
    """
    return MIN_ANNUAL_USD <= amount_usd <= MAX_ANNUAL_USD
