"""POST /api/v1/offers/evaluate: offers side by side, each the JSON of
``paygrade offer --format json``; GET /api/v1/ladder: ``paygrade ladder --format json``."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import (
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    field_validator,
    model_validator,
)

from paygrade.filters import MAX_VALUE_LENGTH, not_given
from paygrade.formats import ladder_warnings, market_unplaced
from paygrade.normalize.money import currency_code, names_a_currency
from paygrade.offer_inputs import (
    JSON_NUMBERS,
    KEYS,
    Amount,
    Held,
    Percentages,
    Written,
    with_errors,
    with_profile_faults,
)
from paygrade.offers import (
    AMOUNTS,
    BadOffer,
    Faults,
    Offer,
    Profile,
    at_once,
    currency_in_amount,
    make_offer,
    offered,
)
from paygrade.records import PaygradeError
from paygrade.web.answers import evaluate_answer, ladder_answer
from paygrade.web.api.body import Body
from paygrade.web.deps import CacheDep, JsonOnlyDep, ReaderDep
from paygrade.web.numbers import Typed
from paygrade.web.pages.ladder import field_at_fault
from paygrade.web.problems import JSON_BODY, FieldProblems, problem
from paygrade.web.render import error_response, wants_json, warn

if TYPE_CHECKING:
    from paygrade.store import Store

router = APIRouter(tags=["offers"])

# The store the request reads, for the body's validators to check a profile's place
# against, with the offer's faults the schema finds: FastAPI validates the body after
# the route's dependencies and passes its validators nothing (``_places_read``).
PLACES_READ: ContextVar[Callable[[], Store] | None] = ContextVar("PLACES_READ", default=None)


async def _places_read(current: ReaderDep) -> None:
    """Set ``PLACES_READ`` to the request's store, in the request's own context: a
    dependency run as a coroutine, not in a worker thread, whose context is its own."""
    PLACES_READ.set(lambda: current.store)


PlacesReadDep = Depends(_places_read)
# Amounts in the offer's currency: the library holds them to its bounds in dollars at the
# currency's rate (a bound on the bare number refused 25,000,000 JPY, 173,000 USD); one
# below 0 is told in the library's words (``Amount``).
Text = Annotated[str | None, Field(default=None, max_length=200)]


class OfferRequest(Body):
    """One offer and (for the market comparison) the profile it is for."""

    # A misspelled key must not vanish: "bonus_percent" made an offer without its bonus.
    # NaN (which Python's JSON reads) was "input should be less than or equal to ...".
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    name: Annotated[str, Field(max_length=80)] = ""
    base: Annotated[float, Amount("base")]
    bonus_pct: Annotated[float | None, Held("bonus_pct")] = None
    bonus: Annotated[float | None, Amount("bonus")] = None
    sign_on: Annotated[float, Amount("sign_on")] = 0.0
    sign_on_year2: Annotated[float, Amount("sign_on_year2")] = 0.0
    equity: Annotated[float | None, Amount("equity")] = None
    shares: Annotated[float | None, Amount("shares")] = None
    price: Annotated[float | None, Amount("price")] = None
    # Options: the grant in shares and price, valued at the spread (price less strike).
    strike: Annotated[float | None, Amount("strike")] = None
    # A list of numbers too, as a program holds them: [25, 25, 25, 25] had been refused.
    vesting: Annotated[
        Annotated[str, Field(max_length=100)] | Percentages,
        Written(),
        Field(examples=["amazon", "10,20,30,40", [10, 20, 30, 40]]),
    ] = "even"
    cliff_months: Annotated[int | None, Held("cliff_months")] = None
    vest_every: Annotated[str | None, Field(max_length=20)] = None
    refresher: Annotated[float, Amount("refresher")] = 0.0
    growth_pct: Annotated[float, Held("growth_pct")] = 0.0
    role: Annotated[str | None, Field(max_length=MAX_VALUE_LENGTH)] = None
    level: Annotated[str | None, Field(max_length=MAX_VALUE_LENGTH)] = None
    # Outside 0-60 it is the library's to refuse, with the profile's other faults at once.
    years_experience: Annotated[
        float | None,
        Held("years", library_refuses=True),
        Field(description="peers within a year of it, where held"),
    ] = None
    metro: Text = None
    country: Text = None
    currency: Annotated[
        str,
        Field(
            max_length=40,  # the library says which currency is meant, as the CLI and MCP do
            description="The amounts' currency (ISO 4217); compared with peers in USD at the "
            "survey's newest rate",
        ),
    ] = "USD"

    # "sign_on": null was pydantic's "Input should be a valid number": null is not given.
    @model_validator(mode="before")
    @classmethod
    def _null_is_not_given(cls, data: Any) -> Any:
        return not_given(data, cls.model_fields)

    # "185000USD" was "input should be a number, not text": said as the CLI says it, the
    # currency given in its own field. Run before ``Body``'s check of text for a number.
    @field_validator(*AMOUNTS, mode="before")
    @classmethod
    def _currency_apart(cls, value: Any) -> Any:
        if isinstance(value, str) and names_a_currency(value):
            raise ValueError(currency_in_amount(value, 'the "currency" field', JSON_NUMBERS))
        return value

    # The profile's faults beside the offer's the schema refuses (bonus_pct 250, a role past
    # 40 characters): the schema's errors had been said alone, the profile read only after.
    @model_validator(mode="wrap")
    @classmethod
    def _profile_said_too(
        cls, data: Any, handler: ModelWrapValidatorHandler[OfferRequest]
    ) -> OfferRequest:
        try:
            return handler(data)
        except ValidationError as exc:
            raise with_profile_faults(exc, data, PLACES_READ.get()) from None

    def offer(self) -> Offer:
        """The checked library offer (``BadOffer`` -> 422)."""
        return make_offer(
            self.base, vesting=self.vesting, cliff_months=self.cliff_months,
            frequency=self.vest_every, shares=self.shares, price=self.price, strike=self.strike,
            equity=self.equity, bonus_pct=self.bonus_pct, bonus=self.bonus,
            sign_on=self.sign_on, sign_on_year2=self.sign_on_year2,
            refresher=self.refresher, growth_pct=self.growth_pct, name=self.name,
            currency=currency_code(self.currency),  # " eur " as the CLI reads it
        )  # fmt: skip

    def checked(self) -> tuple[Offer, Profile | None]:
        """The offer and its market profile, when a role is given, every fault of both at
        once, a place the request's store holds no record of too (``BadOffer`` -> 422; a
        level, place or years without a role is one)."""
        return offered(
            self.offer, self.role, self.level, self.metro, self.country, self.years_experience,
            PLACES_READ.get(),
        )  # fmt: skip


MAX_OFFERS = 6  # side by side


class EvaluateRequest(Body):
    """One to six offers to evaluate side by side."""

    model_config = ConfigDict(extra="forbid")

    offers: Annotated[list[OfferRequest], Field(min_length=1, max_length=MAX_OFFERS)]

    @model_validator(mode="before")
    @classmethod
    def _one_offer_unwrapped(cls, data: Any) -> Any:
        data = not_given(data, cls.model_fields)  # "offers": null is offers not given
        # {"base": ...} alone was every key "Extra inputs are not permitted": say the shape.
        if isinstance(data, dict) and "offers" not in data and "base" in data:
            raise ValueError(
                'the body is {"offers": [OFFER, ...]} (one to six); this one is a single '
                'offer: send {"offers": [' + "{...}" + "]}"
            )
        return data

    # An offer the schema let through is checked by the library too when another is
    # refused: {"offers": [{"bonus_pct": 250, ...}, {"role": "wizard", ...}]} had said
    # offers.0 alone, the second's fault only once the first was mended.
    @model_validator(mode="wrap")
    @classmethod
    def _each_offer_said(
        cls, data: Any, handler: ModelWrapValidatorHandler[EvaluateRequest]
    ) -> EvaluateRequest:
        try:
            return handler(data)
        except ValidationError as exc:
            raise with_errors(exc, faults_of_offers_let_through(exc, data)) from None


def faults_of_offers_let_through(
    exc: ValidationError, data: Any
) -> list[tuple[tuple[str | int, ...], BadOffer, Any]]:
    """The library's faults (``OfferRequest.checked``) of each offer ``data`` sends that
    ``exc`` refuses nothing of, each at its place (``offers.1.role``) with its input."""
    sent = data.get("offers") if isinstance(data, dict) else None
    if not isinstance(sent, list) or len(sent) > MAX_OFFERS:
        return []
    refused = {e["loc"][1] for e in exc.errors() if e["loc"][:1] == ("offers",) and e["loc"][1:]}
    faults: list[tuple[tuple[str | int, ...], BadOffer, Any]] = []
    for index, offer in enumerate(sent):
        if index in refused or not isinstance(offer, dict):
            continue
        try:
            OfferRequest.model_validate(offer).checked()
        except BadOffer as found:  # each fault said of its first field, as the body names it
            named = [(BODY_NAMES.get(f.fields[0], f.fields[0]), f) for f in found.each if f.fields]
            faults += [(("offers", index, key), fault, offer.get(key)) for key, fault in named]
    return faults


@router.post(
    "/offers/evaluate",
    dependencies=[JsonOnlyDep, PlacesReadDep],
    responses={
        **JSON_BODY,
        413: problem("Body over 16 KiB"),
        422: problem(
            "A bad offer: `errors` maps each field at fault to what is wrong", FieldProblems
        ),
    },
)
def evaluate(
    body: EvaluateRequest, current: ReaderDep, cache: CacheDep, response: Response
) -> dict[str, Any]:
    """Each offer year by year, first-year and annualized totals, and its market percentile.
    An offer placed among no peers (too few) says why in ``X-Paygrade-Warning`` too, led by
    the offer it is of, as the CLI says it on stderr beside its JSON: it had been said only
    inside the body."""
    pairs: list[tuple[Offer, Profile | None]] = []
    faults: list[BadOffer] = []
    for index, request in enumerate(body.offers):
        try:
            pairs.append(request.checked())
        except BadOffer as exc:  # each offer's said: the first's had been said alone
            faults += exc.of_offer(index).each
    if faults:
        raise at_once(faults)
    answer = evaluate_answer(current, cache, pairs)
    unplaced = [(i, market_unplaced(offer)) for i, offer in enumerate(answer["offers"])]
    warn(response, [f"offers.{i}: {said}" for i, said in unplaced if said is not None])
    return answer


# The body's name of an input the library names otherwise (``BadOffer.fields``).
BODY_NAMES = KEYS  # the library's inputs the body names otherwise


def field_errors(exc: BadOffer) -> dict[str, str]:
    """The fields an offer's error is about, named as a validation error names them
    (``offers.0.base``), each mapped to the error.

    Example:
        >>> field_errors(BadOffer("the cliff is 0 to 12 months", "frequency", offer=1))
        {'offers.1.vest_every': 'the cliff is 0 to 12 months'}
        >>> field_errors(Faults([BadOffer("a", "level"), BadOffer("b", "years")], offer=0))
        {'offers.0.level': 'a', 'offers.0.years_experience': 'b'}
        >>> field_errors(Faults([BadOffer("a", "role", offer=0), BadOffer("b", "base", offer=1)]))
        {'offers.0.role': 'a', 'offers.1.base': 'b'}
    """
    # Several errors: each field mapped to its own, not to all of them, led by its offer.
    return {
        ("" if each.offer is None else f"offers.{each.offer}.") + BODY_NAMES.get(f, f): str(each)
        for each in exc.each
        for f in each.fields
    }


def said_of_offer(exc: BadOffer) -> str:
    """An offer's error led by where it is, as the body's validation errors say theirs
    ("offers.0.base: ..."): "vesting percentages sum to 60, not 100" did not say which of
    the offers sent side by side it was about. An error of several fields (or none) is
    led by its offer alone; one of no offer in particular is said as it is.

    Example:
        >>> said_of_offer(BadOffer("vesting percentages sum to 60, not 100", "vesting", offer=1))
        'offers.1.vesting: vesting percentages sum to 60, not 100'
        >>> said_of_offer(BadOffer("shares x price: too much", "shares", "price", offer=0))
        'offers.0: shares x price: too much'
        >>> said_of_offer(Faults([BadOffer("a", "level"), BadOffer("b", "years")], offer=0))
        'offers.0.level: a; offers.0.years_experience: b'
    """
    if isinstance(exc, Faults):  # each led by its own field, as the body's errors are
        return "; ".join(said_of_offer(each) for each in exc.each)
    if exc.offer is None:
        return str(exc)
    where = [*field_errors(exc)] if len(exc.fields) == 1 else [f"offers.{exc.offer}"]
    return f"{where[0]}: {exc}"


async def refused_offer(request: Request, exc: Exception) -> Response:
    """A bad offer as 422; for a program, with ``errors`` naming its fields as the body's
    validation errors do, so a client can mark the inputs at fault."""
    assert isinstance(exc, BadOffer)  # registered for BadOffer only
    said = said_of_offer(exc)
    if wants_json(request) and exc.fields:
        return JSONResponse({"detail": said, "errors": field_errors(exc)}, status_code=422)
    return error_response(request, 422, said)


# A company's filed name may be as long as any filter value (113 characters were refused).
Word = Annotated[str | None, Query(max_length=MAX_VALUE_LENGTH)]


@router.get("/ladder")
def ladder(
    current: ReaderDep,
    cache: CacheDep,
    response: Response,
    role: Annotated[str, Query(max_length=MAX_VALUE_LENGTH)] = "ml_engineer",
    company: Word = None,
    country: Word = None,
    level: Word = None,
    years: Annotated[float | None, Query(), Held("years"), Typed()] = None,
) -> dict[str, Any]:
    """Levels with their meaning, company levels (approximate), pay, steps and a path. A
    company's ladder with no level of enough records, or a country's of no record of the
    role, says why in ``X-Paygrade-Warning``, as the CLI's note ("no ml_engineer record
    names Google in DE"): every n 0 had come without a word; a step falling beyond noise
    too, as the CLI and MCP warn of it (its ``falls_note``)."""
    try:
        result = ladder_answer(current, cache, role, company, country, level, years)
    except PaygradeError as exc:
        # The field the page marks for it, named in ``errors`` too: "no record has country
        # 'AQ'" and an unmapped company had come with ``detail`` alone.
        sent = {"role": role, "company": company, "country": country, "level": level}
        form = {name: value or "" for name, value in sent.items()}
        exc.parameter = exc.parameter or field_at_fault(exc, {**form, "years": ""})
        raise
    warn(response, ladder_warnings(result))
    return result
