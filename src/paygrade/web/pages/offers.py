"""GET /offers: Offer check, several offers side by side from a GET form (the URL holds
them all, so it can be shared). Each offer field is a repeated parameter, one value per
offer column (``base=185000&base=200000``); the profile (role, level, years of
experience, metro or country) is shared by the offers. The form takes what
``paygrade offer`` takes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from paygrade.filters import MAX_VALUE_LENGTH
from paygrade.normalize.money import (
    currencies,
    currency_code,
    names_a_currency,
    no_such_currency,
)
from paygrade.offers import (
    AMOUNTS,
    BOUNDS,
    MIN_BASE,
    PROFILE_ORDER,
    BadOffer,
    Offer,
    Profile,
    at_once,
    check_bound,
    currency_in_amount,
    dollars,
    in_input_order,
    led_by_offer,
    make_offer,
    market_profile,
    offer_number,
    places_unheld,
    presets,
    presets_said,
    profile_problems,
    rate_problems,
    schedule_said,
    share_price,
    sign_refused,
    vesting_said,
)
from paygrade.records import LEVELS, ROLES, PaygradeError, whole_wanted
from paygrade.store import Store
from paygrade.store.snapshot import Reader
from paygrade.web.answers import evaluate_answer
from paygrade.web.cache import AnswerCache
from paygrade.web.deps import CacheDep, ReaderDep, first_too_long, too_long
from paygrade.web.render import error_response, respond, sentence, wants_json

router = APIRouter()
COLUMNS = 3  # offer columns shown (more when the URL holds more)
MAX_COLUMNS = 6
NUMBERS = (
    "base", "bonus_pct", "bonus", "sign_on", "sign_on_year2", "equity", "shares", "price",
    "strike", "refresher", "growth_pct", "cliff_months",
)  # fmt: skip
CHOICES = ("vesting", "vest_every")  # always sent by the form: they do not make a column
FIELDS = ("name", *NUMBERS, *CHOICES)
VEST_EVERY = ("monthly", "quarterly", "yearly")
Values = Annotated[list[str], Query(max_length=MAX_COLUMNS)]
# The profile's lengths are checked in the page (``too_long``), so that the form comes
# back filled, the field marked (``Query(max_length=200)`` had answered the bare error page).
Word = Annotated[str, Query()]


# Fields in dollars, read as people type them ("185k"); the others are plain numbers.
MONEY = AMOUNTS
# Where the form takes the amounts' currency, as a message names it.
CURRENCY = "the currency field"
# The form's name of an input the library names otherwise (``BadOffer.fields``).
FORM_NAMES = {"frequency": "vest_every"}
PROFILE_FIELDS = (*PROFILE_ORDER, "currency")  # the form's order, the faults' too
# The form sent without one offer: pressing "Compare offers" on the empty form had shown
# the same form again, nothing said (and no #answer to go to).
NO_OFFER = "enter a base salary for at least one offer"


def _number(field: str, text: str, said: str | None = None) -> float | None:
    """A form number: blank is none; any other read as ``paygrade offer`` reads it: an
    amount of dollars by ``dollars`` ("185k", "$185,000", "1.2M"), any other by
    ``plain_number`` (commas only between groups of three). ``said``: what the error calls
    the field.

    Example:
        >>> _number("base", "$185,000"), _number("shares", "1,200"), _number("base", " ")
        (185000.0, 1200.0, None)
        >>> _number("price", "1.125"), _number("growth_pct", "5.")
        (1.125, 5.0)
        >>> _number("years", "61.0")
        Traceback (most recent call last):
        paygrade.offers.BadOffer: years of experience are 0 to 60, not 61.0
        >>> _number("base", "12,0000")
        Traceback (most recent call last):
        ...
        paygrade.offers.BadOffer: base: '12,0000' is not an amount (write 185000, $185,000 or \
185k; a dot marks decimals)
    """
    if not text.strip():
        return None
    try:
        # Dollars as the command line reads them: "12,0000" or "1,2,3" are no amount; a
        # share price as it reads that ($1.125 is no 1,125 grouped by a dot).
        if field in ("price", "strike"):
            return share_price(text)
        value = dollars(text) if field in MONEY else offer_number(field, text)
    except ValueError as exc:
        said = said or field.replace("_", " ")
        if field in AMOUNTS and names_a_currency(text):  # "185000USD": as the CLI says it
            raise BadOffer(f"{said}: {currency_in_amount(text, CURRENCY)}", field) from None
        # The reader's own words, as the CLI says them: the page had said "'12,0000' is not
        # a number" where the CLI says what an amount is written as.
        raise BadOffer(f"{said}: {exc}", field) from None
    if field in BOUNDS:  # echoed as typed, as the API's query: "61.0" years had been "not 61"
        check_bound(field, value, text)
    return value


def invalid(exc: PaygradeError, names: tuple[str, ...]) -> list[str]:
    """The form inputs among ``names`` an error is about (marked aria-invalid): those it
    names, none when it names no input.

    Example:
        >>> invalid(BadOffer("...", "frequency", "currency"), FIELDS)
        ['vest_every']
    """
    fields = [FORM_NAMES.get(f, f) for f in getattr(exc, "fields", ())]
    return [name for name in fields if name in names]


class BadInputs(BadOffer):
    """Several inputs of one offer at fault, each error in ``errors``: the form had said
    and marked the first alone (``equity=0.1%&bonus_pct=10%``: bonus pct only)."""

    def __init__(self, errors: list[BadOffer]) -> None:
        super().__init__("; ".join(map(str, errors)), *(f for e in errors for f in e.fields))
        self.errors = errors

    @property
    def each(self) -> tuple[BadOffer, ...]:
        return tuple(self.errors)


def read_offer(
    inputs: dict[str, str], currency: str = "USD", store: Callable[[], Store] | None = None
) -> Offer:
    """One column of the form as a checked offer (``PaygradeError`` names the problem;
    ``BadInputs`` each input at fault, when several are). A column at fault is held to the
    dollar bounds at ``store``'s rate of ``currency`` too (``offers.rate_problems``).

    Example:
        >>> read_offer({"base": "150,000", "equity": "100k", "vesting": "google"}).equity
        100000.0
        >>> read_offer({"base": "90k", "shares": "10", "price": "$5", "cliff_months": "6"}).equity
        50.0
        >>> read_offer({"base": "", "equity": "0.1%"})
        Traceback (most recent call last):
        paygrade.web.pages.offers.BadInputs: base: give the yearly base salary; equity: '0.1%' \
is not an amount (write 185000, $185,000 or 185k; a dot marks decimals)
    """
    errors: list[BadOffer] = []
    numbers = {f: _checked(f, inputs.get(f, ""), currency, errors) for f in NUMBERS}
    base = numbers.pop("base")
    if base is None and not any("base" in e.fields for e in errors):
        errors.insert(0, BadOffer("base: give the yearly base salary", "base"))  # its first
    cliff = numbers.pop("cliff_months")
    if cliff is not None and not cliff.is_integer():
        # As typed ("6.50" had been said "6.5"), as the CLI and the API say it.
        said = whole_wanted(inputs.get("cliff_months", ""))
        errors.append(BadOffer(f"cliff months: {said}", "cliff_months"))

    def make(base: float) -> Offer:
        return make_offer(
            base, vesting=inputs.get("vesting") or "even", name=inputs.get("name", "").strip(),
            cliff_months=None if cliff is None else int(cliff),
            frequency=inputs.get("vest_every") or None, currency=currency, **numbers,
        )  # fmt: skip

    # The library's faults of the inputs read, with the form's (said as the CLI says them
    # all, in its order): the cliff of 13 had hidden a base of 1. An input refused is read
    # as none, a base as one the library takes (``offer_inputs.offer_faults``).
    refused = {f for error in errors for f in error.fields}
    try:
        offer: Offer | None = make(MIN_BASE if base is None else base)
    except BadOffer as exc:
        offer = exc.drafted
        errors += [fault for fault in exc.each if not refused & set(fault.fields)]
    if not errors and offer is not None:
        return offer  # held to the bounds at the rate as it is evaluated
    if store is not None:  # at the rate too: a cliff of 13 had hidden a base of 100 JPY
        errors += rate_problems(store, offer, errors)
    errors = in_input_order(errors)
    raise errors[0] if len(errors) == 1 else BadInputs(errors)


def _checked(field: str, text: str, currency: str, errors: list[BadOffer]) -> float | None:
    """One input of an offer as ``_number`` reads it, its sign checked against the offer's
    currency; what is wrong with it added to ``errors`` (None read), so that every input
    at fault is said at once."""
    try:
        value = _number(field, text)
        if field in MONEY:
            sign_refused({field: text}, currency)
    except BadOffer as exc:
        errors.append(exc)
        return None
    return value


def said_each(exc: PaygradeError, names: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each problem of an error (each of ``BadInputs`` or of the library's ``Faults``), with
    the input it is about (None for none), for the form to list each linked to its input:
    an offer's several faults the library found had been listed as one, linked to the first.

    Example:
        >>> said_each(BadInputs([BadOffer("a", "equity"), BadOffer("b", "frequency")]), FIELDS)
        [{'said': 'a', 'field': 'equity'}, {'said': 'b', 'field': 'vest_every'}]
        >>> from paygrade.offers import Faults
        >>> said_each(Faults([BadOffer("a", "base"), BadOffer("b", "growth_pct")]), FIELDS)
        [{'said': 'a', 'field': 'base'}, {'said': 'b', 'field': 'growth_pct'}]
    """
    each: tuple[PaygradeError, ...] = exc.each if isinstance(exc, BadOffer) else (exc,)
    return [{"said": str(e), "field": next(iter(invalid(e, names)), None)} for e in each]


def read_profile(profile: dict[str, str]) -> Profile | None:
    """The shared profile, when a role is chosen (``PaygradeError`` names the problem).

    Example:
        >>> read_profile({"role": "ml_engineer", "level": "", "years": "6", "metro": "",
        ...     "country": "US"}).years
        6.0
    """
    years = _number("years", profile["years"], "years of experience")
    return market_profile(
        profile["role"], profile["level"], profile["metro"], profile["country"], years
    )


def each_too_long(profile: dict[str, str]) -> list[BadOffer]:
    """Each profile field longer than it may be, in the CLI's words, for the form to say
    beside its field: the bound in ``Query`` had answered the bare error page, the form gone.

    Example:
        >>> each_too_long({"role": "ml_engineer", "metro": "x" * 201})
        [BadOffer('Metro is 201 characters long: at most 200')]
    """
    found = (first_too_long({name: text}, MAX_VALUE_LENGTH) for name, text in profile.items())
    return [BadOffer(sentence(f"{field} {words}"), field) for field, words in filter(None, found)]


def profile_refused(
    profile: dict[str, str], wrong_currency: str | None, store: Store | None = None
) -> list[BadOffer]:
    """Each input of the profile at fault, every one, in the form's order, an input said
    once (its first problem: a role past its length is not said to be no role too): the
    page had said the first alone, a form of three wrong fields marking one. With a role,
    a place ``store`` holds no record of too (``offers.places_unheld``): it had been found
    only as offers were set among peers, none when every offer was at fault.

    Example:
        >>> sent = {"role": "wizard", "level": "boss", "years": "99", "metro": "",
        ...     "country": "", "currency": ""}
        >>> [problem.fields for problem in profile_refused(sent, "EUX")]
        [('role',), ('level',), ('years',), ('currency',)]
    """
    found = each_too_long(profile)
    if wrong_currency:  # said once, for the page, not in each offer's column
        found.append(BadOffer(f"currency: {no_such_currency(wrong_currency)}", "currency"))
    years = None
    try:
        years = _number("years", profile["years"], "years of experience")
    except BadOffer as exc:
        found.append(exc)
    found += profile_problems(
        profile["role"], profile["level"], profile["metro"], profile["country"], years
    )
    if store is not None and profile["role"].strip():
        found += places_unheld(lambda: store, found, profile["metro"], profile["country"])
    said: dict[str, BadOffer] = {}
    for problem in found:
        said.setdefault(next(iter(invalid(problem, PROFILE_FIELDS)), ""), problem)
    return sorted(said.values(), key=_form_place)


def _form_place(problem: BadOffer) -> int:
    """Where the input a problem is about stands in the profile's form."""
    fields = invalid(problem, PROFILE_FIELDS) or ["currency"]
    return PROFILE_FIELDS.index(fields[0])


def _columns(params: dict[str, list[str]]) -> list[dict[str, str]]:
    given = max((len(values) for values in params.values()), default=0)
    count = min(max(COLUMNS, given), MAX_COLUMNS)
    return [{f: (params[f][i] if i < len(params[f]) else "") for f in FIELDS} for i in range(count)]


def uneven_fields(params: dict[str, list[str]]) -> list[str]:
    """Each field the address gives fewer values than it gives offers (columns), and whose
    offers they were read as (by position): a shared URL had put one ``bonus_pct`` on offer
    A of three, unsaid. The form sends every column of every field, so this is said only of
    an address written by hand; none given is none said (a field left out is none).

    Example:
        >>> uneven_fields({"name": ["A", "B", "C"], "base": ["1", "2", "3"], "bonus_pct": ["10"],
        ...     "vesting": ["even"] * 3})  # doctest: +NORMALIZE_WHITESPACE
        ["bonus_pct has 1 value for 3 offers: read as offer A's; give one per offer
          (empty for none)"]
    """
    offers = max((len(params.get(f, [])) for f in FIELDS if f not in CHOICES), default=0)
    names = params.get("name", [])
    said = []
    for field in FIELDS:
        held = len(params.get(field, []))
        if 0 < held < offers:
            whose = [_column_name(names, i) for i in range(held)]
            read = f"offer {whose[0]}'s" if held == 1 else f"those of offers {', '.join(whose)}"
            said.append(
                f"{field} has {held} value{'s' if held > 1 else ''} for {offers} offers: read as "
                f"{read}; give one per offer (empty for none)"
            )
    return said


def _column_name(names: list[str], index: int) -> str:
    """An offer column's name as the page names it: as typed, else its number."""
    typed = names[index].strip() if index < len(names) else ""
    return typed or str(index + 1)


def offers_page(
    current: Reader, cache: AnswerCache, params: dict[str, list[str]], profile: dict[str, str]
) -> dict[str, Any]:
    """The page's data: the form's columns (each with its error), the profile and the
    offers evaluated side by side (``evaluate_many``); ``errors`` counts the problems."""
    columns: list[dict[str, Any]] = []
    offers: list[Offer] = []
    numbers: list[int] = []  # each offer's column, for an error found against the market
    currency = currency_code(profile.get("currency") or "") or "USD"
    wrong_currency = None if currency in currencies() else currency
    for number, inputs in enumerate(_columns(params), start=1):
        column: dict[str, Any] = {"number": number, "inputs": inputs, "error": None}
        column["invalid"], column["problems"] = [], []
        if _filled(inputs):
            try:
                offer = read_offer(
                    inputs, "USD" if wrong_currency else currency, lambda: current.store
                )
                offers.append(offer if offer.name else _named(offer, number))
                numbers.append(number)
            except PaygradeError as exc:
                at_fault(column, exc)
        columns.append(column)
    refused: list[PaygradeError] = [*profile_refused(profile, wrong_currency, current.store)]
    result = None
    if not refused:
        numbered = list(zip(numbers, offers, strict=True))
        try:
            result = _evaluated(current, cache, numbered, read_profile(profile), columns)
        except PaygradeError as exc:  # found against the store: a metro no record holds
            refused = [exc]
    problems = [said for exc in refused for said in said_each(exc, PROFILE_FIELDS)]
    profile_error = "; ".join(problem["said"] for problem in problems) or None
    profile_invalid = [field for exc in refused for field in invalid(exc, PROFILE_FIELDS)]
    no_offer = (
        NO_OFFER
        if _sent(params, profile) and not numbers and not any(c["error"] for c in columns)
        else None
    )
    errors = sum(len(c["problems"]) for c in columns) + len(problems) + bool(no_offer)
    given = sum(_filled(c["inputs"]) for c in columns)
    for column in columns:  # led by its offer where several are given (``led_by_offer``)
        for problem in column["problems"]:
            problem["led"] = led_by_offer(problem["said"], column["number"] - 1, given)
    return {
        "title": "Offer check", "columns": columns, "profile": profile, "currency": currency,
        "profile_error": profile_error, "profile_invalid": profile_invalid, "result": result,
        "profile_problems": problems,
        "no_offer": no_offer, "errors": errors, "uneven": uneven_fields(params),
        "offer_notes": market_notes(result["offers"] if result else []),
        "presets": list(presets()), "vest_every": VEST_EVERY, "roles": list(ROLES),
        "levels": list(LEVELS), "presets_said": presets_said(),
        "schedules": schedules(result, [o for n, o in zip(numbers, offers, strict=True)
                                        if not columns[n - 1]["error"]]),
    }  # fmt: skip


# Said in the Vesting row of an offer with no stock, beside one with stock.
NO_STOCK = "no stock"


def schedules(result: dict[str, Any] | None, kept: list[Offer]) -> list[str]:
    """Each offer's vesting schedule in words, as the CLI says it under an offer with stock
    (none when no offer has stock; ``NO_STOCK`` of an offer without, which had been said to
    vest by the default preset, as if it had a grant); ``kept``: the offers the result
    answers (one found at fault against the market is not). The page had said none: "even"
    was a bare name.

    Example:
        >>> stock = {"offers": [{"years": [{"stock": 100_000.0}]}, {"years": [{"stock": 0.0}]}]}
        >>> schedules(stock, [make_offer(150_000, vesting="amazon", equity=400_000),
        ...     make_offer(160_000)])
        ['amazon 5/15/40/40%, a 12-month cliff, then quarterly', 'no stock']
        >>> schedules({"offers": [{"years": [{"stock": 0.0}]}]}, [make_offer(150_000)])
        []
    """
    if not result:
        return []
    # An offer of options vests though worth 0 when granted: at the money, it had been "no stock".
    stocked = [
        any(r["stock"] or r.get("options") for r in o["years"])
        or o.get("options", {}).get("shares", 0) > 0
        for o in result["offers"]
    ]
    if not any(stocked):
        return []
    return [
        schedule_said(vesting_said(offer.vesting)) if has else NO_STOCK
        for offer, has in zip(kept, stocked, strict=True)
    ]


def _sent(params: dict[str, list[str]], profile: dict[str, str]) -> bool:
    """Whether the form was sent (it always sends each column's vesting), or any value
    given in the address; the page opened bare is not.

    Example:
        >>> _sent({"vesting": ["even", "even"]}, {}), _sent({"base": []}, {"role": ""})
        (True, False)
    """
    return any(params.values()) or any(value.strip() for value in profile.values())


def _filled(inputs: dict[str, str]) -> bool:
    """Whether a column of the form holds an offer: any input given but the choices the
    form always sends."""
    return any(inputs[f].strip() for f in FIELDS if f not in CHOICES)


def _evaluated(
    current: Reader,
    cache: AnswerCache,
    numbered: list[tuple[int, Offer]],
    person: Profile | None,
    columns: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """The offers (each with its column's number) evaluated side by side; one found at fault
    against the market (a base over the limit once converted from euros) is said in its
    column and left out, and the others are answered still: one such offer had left every
    other without its results."""
    while numbered:
        try:
            return evaluate_answer(current, cache, [(offer, person) for _, offer in numbered])
        except BadOffer as exc:
            at_offers: dict[int, list[BadOffer]] = {}
            shared: dict[str, BadOffer] = {}
            for fault in exc.each:
                if (index := _offer_at_fault(fault)) is None:
                    shared.setdefault(str(fault), fault)
                else:
                    at_offers.setdefault(index, []).append(fault)
            if shared:  # the profile's (a metro no record holds), said once, not per offer
                raise at_once(list(shared.values())) from None
            for index in sorted(at_offers, reverse=True):  # popped from the last
                number, _ = numbered.pop(index)
                at_fault(columns[number - 1], at_once(at_offers[index]))
    return None


def at_fault(column: dict[str, Any], exc: PaygradeError) -> None:
    """Say ``exc`` in its offer's column: its words, each problem, the inputs to mark."""
    column["error"], column["invalid"] = str(exc), invalid(exc, FIELDS)
    column["problems"] = said_each(exc, FIELDS)


def market_notes(offers: list[dict[str, Any]]) -> list[str]:
    """What each offer's market percentile compares (like for like, or an offer with stock
    against base-only peers), said once when every offer's is the same, else led by its
    offer's name: the page had said the first offer's note alone, of every offer. A note
    said alone is a sentence (it began lower case); a name is kept as the user typed it.

    Example:
        >>> like = {"percentile": 50.0, "note": "like for like"}
        >>> market_notes([{"name": "A", "market": like}, {"name": "B", "market": like}])
        ['Like for like']
        >>> market_notes([{"name": "A", "market": like},
        ...               {"name": "B", "market": {"percentile": 99.0, "note": "ranks higher"}}])
        ['A: like for like', 'B: ranks higher']
    """
    said = [
        (offer["name"], market["note"])
        for offer in offers
        if (market := offer.get("market")) and market.get("note")
        and market.get("percentile") is not None
    ]  # fmt: skip
    if len(said) == len(offers) and len({note for _, note in said}) == 1:
        return [said[0][1][:1].upper() + said[0][1][1:]]
    return [f"{name}: {note}" for name, note in said]


def _offer_at_fault(exc: PaygradeError) -> int | None:
    """Which offer an error found against the market is about (a base over the dollar
    limit once converted from euros), so its column says it and marks its inputs as the
    offer's own check would; None for an error about the shared profile.

    Example:
        >>> _offer_at_fault(BadOffer("base ...", "base", offer=1)), _offer_at_fault(
        ...     BadOffer("no record has metro 'Atlantis'", "metro", offer=0))
        (1, None)
    """
    index: int | None = getattr(exc, "offer", None)
    return index if invalid(exc, FIELDS) else None


def _named(offer: Offer, number: int) -> Offer:
    from dataclasses import replace

    return replace(offer, name=f"Offer {number}")


@router.get("/offers", include_in_schema=False)
def offers(
    request: Request,
    current: ReaderDep,
    cache: CacheDep,
    name: Values = [],  # noqa: B006 - FastAPI copies defaults per request
    base: Values = [],  # noqa: B006
    bonus_pct: Values = [],  # noqa: B006
    bonus: Values = [],  # noqa: B006
    sign_on: Values = [],  # noqa: B006
    sign_on_year2: Values = [],  # noqa: B006
    equity: Values = [],  # noqa: B006
    shares: Values = [],  # noqa: B006
    price: Values = [],  # noqa: B006
    strike: Values = [],  # noqa: B006
    refresher: Values = [],  # noqa: B006
    growth_pct: Values = [],  # noqa: B006
    cliff_months: Values = [],  # noqa: B006
    vesting: Values = [],  # noqa: B006
    vest_every: Values = [],  # noqa: B006
    role: Word = "",
    level: Word = "",
    # Read, then said wrong beside its input: a length limit here had dropped the whole
    # form for "euros" (which the page answers "did you mean EUR?") or " eur".
    years: Word = "",
    metro: Word = "",
    country: Word = "",
    currency: Word = "",
) -> Response:
    """Offers side by side: ``/offers?base=185000&equity=400000&vesting=amazon&base=...``."""
    params = {
        "name": name, "base": base, "bonus_pct": bonus_pct, "bonus": bonus, "sign_on": sign_on,
        "sign_on_year2": sign_on_year2, "equity": equity, "shares": shares, "price": price,
        "strike": strike, "refresher": refresher, "growth_pct": growth_pct,
        "cliff_months": cliff_months,
        "vesting": vesting, "vest_every": vest_every,
    }  # fmt: skip
    profile = {
        "role": role, "level": level, "years": years, "metro": metro, "country": country,
        "currency": currency,
    }  # fmt: skip
    if wants_json(request) and (long := too_long(profile, MAX_VALUE_LENGTH)):
        raise RequestValidationError(long)  # {"detail", "errors"}, as the bound had said it
    data = offers_page(current, cache, params, profile)
    if data["errors"] and wants_json(request):  # {"detail": ...}, as every page's error
        said = [e["led"] for c in data["columns"] for e in c["problems"]]
        said += [data["profile_error"]] if data["profile_error"] else []
        said += [data["no_offer"]] if data["no_offer"] else []
        return error_response(request, 422, "; ".join(said))
    return respond(request, "offers.html", data, status_code=422 if data["errors"] else 200)
