"""A submitted salary: its fields, checked one by one and together, before it is queued.

Pure functions, like the rest of ``normalize``: vocabularies, codes and money
bounds are the same tables the data is normalized with. What needs the store
(is the metro one paygrade knows? is there an exchange rate for the currency
and year?) is checked when the submission is approved and ingested.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from paygrade.normalize.money import (
    DOTTED_THOUSANDS,
    MAX_ANNUAL_USD,
    MIN_ANNUAL_USD,
    currencies,
    names_a_currency,
    no_such_currency,
    sign_not_of,
    typed_amount,
)
from paygrade.normalize.places import NoSuchPlace, country_meant, state_meant
from paygrade.normalize.vocab import canonical_value
from paygrade.records import (
    LEVELS,
    PaygradeError,
    did_you_mean,
    number_bounds,
    out_of_range,
    range_said,
    unknown_field,
    whole_wanted,
)

# Every field a submission may carry, in the order a form shows them.
FIELDS: Final = (
    "title",
    "company",
    "level",
    "years_experience",
    "metro",
    "city",
    "state",
    "country",
    "base",
    "bonus",
    "stock_per_year",
    "year",
    "currency",
)
REQUIRED: Final = ("title", "country", "base", "year")
MAX_CHARS: Final = {"title": 200, "company": 200, "metro": 120, "city": 100}
# Amounts in another currency are bounded loosely here (1 USD is up to ~10^5 units of
# some currencies); ingest converts them and quarantines what is outside the USD bounds.
MAX_OTHER_CURRENCY: Final = 1e12
# What both records of a submission carry besides pay_component and amount.
_RECORD_FIELDS: Final = (
    *("year", "title", "company", "level", "years_experience"),
    *("metro", "city", "state", "country", "currency"),
)
_MONEY: Final = ("base", "bonus", "stock_per_year")  # the amounts a total adds up
# Control characters, and the invisible ones a text is made to look other than it is:
# zero-width marks ("Goo\u200bgle" stayed a company apart from Google; a title of one
# zero-width space was not blank) and the direction overrides that turn text around.
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


class SubmissionError(PaygradeError):
    """A submission cannot be taken, approved or rejected as asked."""


class BadSubmission(SubmissionError):
    """A submission with invalid fields; ``errors`` maps each field to what is wrong.

    Example:
        >>> str(BadSubmission({"year": "required", "base": "must be a number"}))
        'bad submission: year: required; base: must be a number'
    """

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(f"bad submission: {said_by_field(self.errors)}")


def said_by_field(errors: Mapping[str, str]) -> str:
    """Each field's problem after its name, as the API's ``detail`` says a body's problems
    whichever check found them (its schema's or this module's).

    Example:
        >>> said_by_field({"year": "required", "base": "must be a number"})
        'year: required; base: must be a number'
    """
    return "; ".join(f"{name}: {message}" for name, message in errors.items())


@dataclass(frozen=True)
class Submission:
    """A validated submission: canonical values, amounts annual in ``currency``."""

    title: str
    year: int
    base: float
    country: str
    bonus: float = 0.0
    stock_per_year: float = 0.0
    currency: str = "USD"
    company: str | None = None
    level: str | None = None
    years_experience: float | None = None
    metro: str | None = None
    city: str | None = None
    state: str | None = None

    @property
    def total(self) -> float:
        """Base + bonus + stock per year."""
        return self.base + self.bonus + self.stock_per_year

    def records(self) -> list[dict[str, Any]]:
        """The two records it becomes: ``base`` (the base salary) and ``total``.

        Example:
            >>> s = Submission("ML Engineer", 2024, 150000.0, "US", bonus=20000.0)
            >>> [(r["pay_component"], r["amount"]) for r in s.records()]
            [('base', 150000.0), ('total', 170000.0)]
        """
        shared = {name: getattr(self, name) for name in _RECORD_FIELDS}
        return [
            {**shared, "pay_component": "base", "amount": self.base},
            {**shared, "pay_component": "total", "amount": self.total},
        ]

    def replace(self, **changes: Any) -> Submission:
        return dataclasses.replace(self, **changes)


def validate(data: Mapping[str, Any]) -> Submission:
    """Check every field of a submission (text or JSON values) and return it canonical.

    Blank values are missing; ``title``, ``country``, ``base`` and ``year`` are
    required; amounts accept "120,000"; ``level`` accepts the data's aliases
    ("SE"); codes are upper-cased. Raises ``BadSubmission`` listing every
    problem by field (plus ``total`` when base + bonus + stock is too much).

    Example:
        >>> validate({"title": " ML  Engineer", "year": "2024", "base": "150,000",
        ...           "country": "us", "level": "SE"}).level
        'senior'
        >>> try:
        ...     validate({"title": "", "base": "lots", "country": "US", "bonus": 5})
        ... except BadSubmission as exc:
        ...     exc.errors
        {'title': 'required', 'base': 'must be a number', 'year': 'required'}
    """
    values, errors = checked(data)
    if errors:
        raise BadSubmission(errors)
    return made(values)


def checked(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Each field's value as :func:`validate` reads it (None when blank or not read) and
    every problem it finds, by field: for a caller with checks of its own to make of the
    fields that were read, beside these (the store's: ``submissions.submit``)."""
    if not isinstance(data, Mapping):
        raise BadSubmission({"submission": "must be an object of fields"})
    values, errors = _parsed(data)
    errors |= _sign_errors(data, values, errors)
    values = _abroad(values)
    errors |= _together_errors(values, errors)
    return values, errors | unknown_fields(data)


def field_problem(name: str, value: Any) -> str | None:
    """What :func:`validate` says of ``value`` as field ``name`` alone (None: nothing): the
    words the API's body tells a number past its schema's bound, as the form tells it.

    Example:
        >>> field_problem("years_experience", 61.0), field_problem("year", 2024)
        ('years of experience are 0 to 60, not 61', None)
    """
    try:
        _PARSERS[name](_blank_as_none(value))
    except ValueError as exc:
        return str(exc)
    return None


def made(values: Mapping[str, Any]) -> Submission:
    """The submission of values :func:`checked` found no problem with."""
    return Submission(**{name: value for name, value in values.items() if value is not None})


_PLACES: Final = ("metro", "city", "state", "country")


def _together_errors(values: Mapping[str, Any], errors: Mapping[str, str]) -> dict[str, str]:
    """The checks of fields taken together (the place, the amounts' bounds), each made when
    the fields it reads were read, beside the other fields' problems: a form had marked
    "10+" years alone, then on sending again a base of "1,5" below the floor.

    Example:
        >>> _together_errors({"metro": None, "city": None, "state": "WA", "country": "GB",
        ...                   "base": 5.0, "bonus": None, "stock_per_year": None,
        ...                   "currency": "USD"}, {"years_experience": "..."})
        {'country': 'a US metro or state goes with country US', 'base': 'below 1,000 USD a year'}
    """
    found: dict[str, str] = {}
    if not any(name in errors for name in _PLACES):
        found |= _place_errors(values)
    if values["base"] is not None and not any(n in errors for n in (*_MONEY, "currency")):
        found |= _money_errors(values)
    return found


def _parsed(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Each field's value (None when blank or not read) and each field's problem, in
    ``FIELDS`` order."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in FIELDS:
        try:
            values[name] = _PARSERS[name](_blank_as_none(data.get(name)))
        except ValueError as exc:
            values[name], errors[name] = None, str(exc)
            continue
        if values[name] is None and name in REQUIRED:
            errors[name] = "required"
    return values, errors


def _sign_errors(
    data: Mapping[str, Any], values: Mapping[str, Any], errors: Mapping[str, str]
) -> dict[str, str]:
    """Each amount read with another currency's sign than the submission's: "$90,000"
    with currency EUR had been stored as 90,000 EUR. (An amount not read, "€90000", is
    told "must be a number" and that the currency has a field of its own.)

    Example:
        >>> _sign_errors({"base": "$90000"}, {"currency": "GBP"}, {})["base"][:38]
        "'$' is the sign of dollars or pesos, n"
    """
    if "currency" in errors:  # which currency was meant is not known
        return {}
    currency = values["currency"] or "USD"
    read = {name: data.get(name) for name in _MONEY if name not in errors}
    said = {name: sign_not_of(raw, currency) for name, raw in read.items() if isinstance(raw, str)}
    return {name: message for name, message in said.items() if message}


def unknown_fields(names: Iterable[object]) -> dict[str, str]:
    """Each name that is no field of a submission, with the nearest field (names cut to 40
    characters: they are said back). The API's body and the page's form alike.

    Example:
        >>> unknown_fields(["title", "remote"])
        {'remote': "unknown field 'remote'"}
    """
    return {
        _shown(name): unknown_field(_shown(name), FIELDS) for name in names if name not in FIELDS
    }


def _shown(name: object) -> str:
    text = str(name)
    return text if len(text) <= 40 else text[:37] + "..."


def _blank_as_none(raw: Any) -> Any:
    return None if isinstance(raw, str) and not raw.strip() else raw


def _text(limit: int) -> Callable[[Any], str | None]:
    def parse(raw: Any) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise ValueError("must be text")
        text = " ".join(raw.split())  # tabs and line breaks become spaces
        if _CONTROL.search(text) or not _encodable(text):
            raise ValueError(
                "must be plain text (no control or invisible characters, or lone surrogates)"
            )
        if len(text) > limit:
            raise ValueError(f"longer than {limit} characters")
        return text

    return parse


def _encodable(text: str) -> bool:
    # JSON may carry a lone surrogate ("\ud800"); no file or page can hold it.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _number(raw: Any) -> float | None:
    if raw is None:
        return None
    value: float | None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        value = None
    elif isinstance(raw, str):
        value = typed_amount(raw) if len(raw) <= 40 else None  # "185k" too
    else:
        try:
            value = float(raw)
        except OverflowError:
            value = None
    if isinstance(raw, str) and DOTTED_THOUSANDS.fullmatch(raw):
        whole = int(raw.strip().lstrip("$").replace(".", ""))
        raise ValueError(f"{raw.strip()!r}: a dot marks decimals; write {whole} or {whole:,}")
    if value is None or not math.isfinite(value):
        raise ValueError("must be a number" + _why_no_number(raw))
    return value


def _why_no_number(raw: Any) -> str:
    """What made typed text no amount, said after "must be a number" ("" if nothing plain)."""
    if not isinstance(raw, str):
        return ""
    if names_a_currency(raw):
        return " (the currency has a field of its own: write 85000 or 85k here)"
    if "," in raw:
        return " (a comma groups digits, 85,000, or marks decimals, 85000,50)"
    return ""


def _within(name: str) -> Callable[[Any], float | None]:
    """A number within the bounds of a record's field ``name`` (``number_bounds``), told in
    the words every skin says ("years of experience are 0 to 60, not 61", as sent): the
    form and the API had said "not between 0 and 60"."""

    def parse(raw: Any) -> float | None:
        value = _number(raw)
        low, high = number_bounds(name)
        if value is not None and not low <= value <= high:
            raise ValueError(out_of_range(range_said(name), raw))
        return value

    return parse


def _amount(*, positive: bool) -> Callable[[Any], float | None]:
    """An amount of money, more than 0 (``positive``) or at least 0. Its ceiling depends on
    the currency, so ``_money_errors`` checks it (this said "not between 0 and 1e+12")."""

    def parse(raw: Any) -> float | None:
        value = _number(raw)
        if value is not None and positive and value <= 0:
            raise ValueError("must be more than 0")
        if value is not None and value < 0:
            raise ValueError("must be 0 or more (leave it empty for none)")
        return value

    return parse


def _year(raw: Any) -> int | None:
    value = _within("year")(raw)  # to next year: next year's offers are welcome
    if value is None:
        return None
    # As typed, in estimate's words (was "not a whole year: ..."), without the field: each
    # problem is said after its field's name (``said_by_field``, the form's label), and
    # "year: year must be a whole number, got 2024.5" said it twice.
    if not value.is_integer():
        raise ValueError(whole_wanted(raw))
    return int(value)


def _currency(raw: Any) -> str | None:
    """A currency by its ISO 4217 code, in any case; else said as every face says it."""
    text = _text(10)(raw)
    if text is None:
        return None
    if text.upper() not in currencies():
        raise ValueError(no_such_currency(text))
    return text.upper()


def _place(meant: Callable[[str], str]) -> Callable[[Any], str | None]:
    """A country or US state by its code or its name ("Germany", "new york"), stored as the
    code, refused as every question naming one refuses it ("no US state is called
    'Washingtn'; did you mean Washington? ...")."""

    def parse(raw: Any) -> str | None:
        text = _text(60)(raw)
        if text is None:
            return None
        try:
            return meant(text)
        except NoSuchPlace as exc:
            raise ValueError(str(exc)) from None

    return parse


def _level(raw: Any) -> str | None:
    text = _text(40)(raw)
    value, problem = canonical_value("level", text)
    if problem is not None:
        raise ValueError(problem.removeprefix("bad level: ") + did_you_mean(text or "", LEVELS))
    return value


_PARSERS: Final[dict[str, Callable[[Any], Any]]] = {
    "title": _text(MAX_CHARS["title"]),
    "company": _text(MAX_CHARS["company"]),
    "level": _level,
    "years_experience": _within("years_experience"),
    "metro": _text(MAX_CHARS["metro"]),
    "city": _text(MAX_CHARS["city"]),
    "state": _place(state_meant),
    "country": _place(country_meant),
    "base": _amount(positive=True),
    "bonus": _amount(positive=False),
    "stock_per_year": _amount(positive=False),
    "year": _year,
    "currency": _currency,
}


def _abroad(values: dict[str, Any]) -> dict[str, Any]:
    """Outside the US a place typed as the metro is the city: metros are US areas (OEWS),
    and the surveys' records of other countries name no metro ("London", GB, was refused,
    or offered "Norwich-New London-Willimantic, CT" with country US).

    Example:
        >>> _abroad({"metro": "London", "city": None, "country": "GB"})
        {'metro': None, 'city': 'London', 'country': 'GB'}
    """
    if values["country"] == "US" or not values["metro"] or values["city"]:
        return values
    return {**values, "metro": None, "city": values["metro"]}


def _place_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """A metro, or a city (with its state in the US), or neither; a US metro or state goes
    with country US."""
    errors = {}
    if values["metro"] and values["city"]:
        errors["city"] = "give a metro or a city with its state, not both"
    elif values["city"] and not values["state"] and values["country"] == "US":
        errors["state"] = "a US city needs its state code (e.g. WA)"
    if (values["metro"] or values["state"]) and values["country"] != "US":
        errors["country"] = "a US metro or state goes with country US"
    return errors


def _money_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """USD amounts within the product's bounds; other currencies loosely (the store's
    exchange rate is needed: ``money_errors_at``). Too much is said on each amount given,
    so a form marks them, and as ``total`` (the key programs read)."""
    if (values["currency"] or "USD") != "USD":
        return money_errors_at(values, None)
    return money_errors_at(values, 1.0)


def money_errors_at(values: Mapping[str, Any], usd_per_unit: float | None) -> dict[str, str]:
    """The amounts within the product's USD bounds at ``usd_per_unit`` (None: a currency
    whose rate is not known here, bounded loosely). 9,000,000 EUR had been queued, and
    its approval then stored nothing ("0 records stored, 2 quarantined").

    Example:
        >>> money_errors_at({"base": 5, "bonus": None, "stock_per_year": None,
        ...                  "currency": "EUR"}, 1.08)
        {'base': 'below 1,000 USD a year (5 EUR at 1.08 USD)'}
    """
    base, currency = values["base"], values["currency"] or "USD"
    given = [name for name in _MONEY if values[name]]  # None or 0: nothing to mark
    total = sum(values[name] for name in given)
    at = "" if currency == "USD" or usd_per_unit is None else f" at {usd_per_unit:.4g} USD"
    if usd_per_unit is None:
        ceiling, said = MAX_OTHER_CURRENCY, f"above {MAX_OTHER_CURRENCY:,.0f} {currency} a year"
    elif base * usd_per_unit < MIN_ANNUAL_USD:
        shown = f" ({base:,.0f} {currency}{at})" if at else ""
        return {"base": f"below {MIN_ANNUAL_USD:,.0f} USD a year{shown}"}
    else:
        ceiling = MAX_ANNUAL_USD / usd_per_unit
        said = f"above {MAX_ANNUAL_USD:,.0f} USD a year" + (
            f" ({total:,.0f} {currency}{at})" if at else ""
        )
    if total <= ceiling:
        return {}
    message = f"base + bonus + stock is {said}" if len(given) > 1 else f"{said}"
    return {name: message for name in given} | {"total": message}
