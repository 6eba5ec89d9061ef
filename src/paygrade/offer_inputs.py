"""An offer's inputs as the skins that read them with pydantic (the API's bodies and
queries, the MCP tools) type them: each bounded number is held to the library's bound
(``offers.BOUNDS``) and a value outside it is told the library's words, as the CLI and the
page tell it, where pydantic's own "input should be less than or equal to 100" had been
said. The JSON Schema still gives the bound, as ``minimum`` and ``maximum``."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Final

from pydantic import Field, GetCoreSchemaHandler, ValidationError
from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError, core_schema

from paygrade.normalize.money import currency_code
from paygrade.offers import (
    AMOUNT_SAID,
    AMOUNTS,
    BOUNDS,
    INPUT_ORDER,
    MIN_BASE,
    PROFILE_ORDER,
    BadOffer,
    Bound,
    Offer,
    below_least,
    in_input_order,
    make_offer,
    most_of,
    places_unheld,
    presets,
    profile_problems,
    rate_problems,
)
from paygrade.records import TypedNumber, as_given, out_of_range, whole_wanted

if TYPE_CHECKING:
    from paygrade.store import Store

# Pydantic's errors for a number past a bound of ``Field(ge=..., le=..., gt=..., lt=...)``.
OUTSIDE = frozenset({"greater_than_equal", "less_than_equal", "greater_than", "less_than"})
# Pydantic's errors for a number below a least of ``Field(ge=..., gt=...)``.
BELOW = frozenset({"greater_than_equal", "greater_than"})
# Pydantic's errors for a number with a fraction where a whole one is taken (lax, strict).
NOT_WHOLE = frozenset({"int_from_float", "int_type"})
# How a JSON body or a tool's arguments write an amount: a number, no "85k".
JSON_NUMBERS = "85000"


@dataclass(frozen=True)
class Held:
    """Annotated metadata: the number is held to the bound of the library's input ``name``
    and is told its words when outside it; not finite is refused as pydantic says it.

    Example:
        >>> from pydantic import TypeAdapter
        >>> TypeAdapter(Annotated[int | None, Held("cliff_months")]).validate_python(13)
        Traceback (most recent call last):
        pydantic_core._pydantic_core.ValidationError: 1 validation error for ...
          Value error, the cliff is 0 to 12 months, not 13 ...
        >>> TypeAdapter(Annotated[int | None, Held("cliff_months")]).validate_python(6.5)
        Traceback (most recent call last):
        pydantic_core._pydantic_core.ValidationError: 1 validation error for ...
          Value error, must be a whole number, got 6.5 ...
        >>> TypeAdapter(Annotated[float, Held("growth_pct")]).json_schema()
        {'maximum': 100, 'minimum': -90, 'type': 'number'}
        >>> years = TypeAdapter(Annotated[float, Held("years", library_refuses=True)])
        >>> years.validate_python(99).text, years.json_schema()["maximum"]
        ('99', 60)

    ``library_refuses``: a value outside the bound is passed on, as given (``TypedNumber``),
    for the library to refuse with its input's other faults at once (a profile's years
    with its role and level: ``offers.market_profile``); the JSON Schema still gives it.
    """

    name: str
    library_refuses: bool = False

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        bound = BOUNDS[self.name]
        limits = Field(ge=bound.least, le=bound.most, allow_inf_nan=False)
        checked = handler.generate_schema(Annotated[source, limits])
        if self.library_refuses:
            unbounded = handler.generate_schema(Annotated[source, Field(allow_inf_nan=False)])
            return passed_outside(bound, unbounded, shown=checked)
        ranged = told_outside(checked, lambda value: out_of_range(bound.said, value))
        # A whole one's fraction (the cliff's 6.5) was pydantic's "input should be a valid
        # integer, got a number with a fractional part": said as the page and the CLI say it.
        return told_outside(ranged, fraction_wanted_whole, NOT_WHOLE)


@dataclass(frozen=True)
class Amount:
    """Annotated metadata: the number is the offer's amount ``name`` (``AMOUNT_SAID``: a
    salary, a grant's shares or price), 0 or more (a base more than 0, as ``below_least``
    holds it) and at most the library's most (``most_of``); below its least it is told the
    library's words, as the CLI and the page tell it: the API and the MCP tool had said
    "must be more than 0, not -1" where they say "base cannot be negative". Past its most
    it is the library's to refuse in its words (``check_offer``, ``equity_value``): the
    schema's "must be 10000000000 or less" had refused shares the CLI took. The JSON Schema
    gives the most. Not finite is refused as pydantic says it.

    Example:
        >>> from pydantic import TypeAdapter
        >>> TypeAdapter(Annotated[float, Amount("sign_on")]).validate_python(-5)
        Traceback (most recent call last):
        pydantic_core._pydantic_core.ValidationError: 1 validation error for ...
          Value error, sign-on cannot be negative ...
        >>> TypeAdapter(Annotated[float, Amount("base")]).validate_python(0)
        Traceback (most recent call last):
        pydantic_core._pydantic_core.ValidationError: 1 validation error for ...
          Value error, base must be more than 0 ...
        >>> TypeAdapter(Annotated[float, Amount("price")]).json_schema()
        {'maximum': 10000000, 'minimum': 0, 'type': 'number'}
        >>> TypeAdapter(Annotated[float, Amount("sign_on")]).validate_python(1e14)
        100000000000000.0
        >>> TypeAdapter(Annotated[float, Amount("shares")]).validate_python(1e11)
        100000000000.0
    """

    name: str

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        said = AMOUNT_SAID[self.name]
        # The least as the library holds it: an amount of 0 it refuses is outside (a base).
        zero_refused = below_least(said, 0) is not None

        def held(most: float | None) -> CoreSchema:
            limits = Field(
                gt=0 if zero_refused else None,
                ge=None if zero_refused else 0,
                le=most,
                allow_inf_nan=False,
            )
            return handler.generate_schema(Annotated[source, limits])

        def words(value: Any) -> str | None:
            return below_least(said, float(value))

        # Past its most an amount is the library's to refuse, in its words ("base of
        # 100,000,000,000,000 is beyond 20,000,000 USD"), as the CLI and the page say it:
        # the schema's had been "must be 10000000000000 or less". The schema gives the most.
        return told_outside(held(None), words, BELOW, shown=held(most_of(self.name)))


# A vesting schedule's percentages as a JSON list of numbers (text in it is no number).
Percentages = list[Annotated[float, Field(strict=True)]]


@dataclass(frozen=True)
class Written:
    """Annotated metadata for a vesting schedule, a preset's name or percentages as text
    (``Annotated[str, ...] | Percentages``): a value of neither kind is told how a schedule
    is written, where pydantic had said "input should be a valid string" of the list
    ``[25, 25, 25, 25]`` (now taken: ``parse_vesting`` reads it as "25,25,25,25"). Text
    refused (too long) keeps its own words.

    Example:
        >>> from pydantic import TypeAdapter
        >>> schedule = TypeAdapter(Annotated[str | Percentages, Written()])
        >>> schedule.validate_python([25, 25, 25, 25]), schedule.validate_python("amazon")
        ([25.0, 25.0, 25.0, 25.0], 'amazon')
        >>> TypeAdapter(Annotated[Annotated[str, Field(max_length=3)] | Percentages, Written()]
        ...     ).validate_python("10,90")
        Traceback (most recent call last):
        pydantic_core._pydantic_core.ValidationError: 1 validation error for ...
          String should have at most 3 characters ...
        >>> schedule.validate_python(["25%", "75%"])
        Traceback (most recent call last):
        pydantic_core._pydantic_core.ValidationError: 1 validation error for ...
          Value error, vesting is a preset (even, ...) or percentages that sum to 100, as \
text ("25,25,25,25") or as a list of numbers ([25, 25, 25, 25]) ...
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        def told(value: Any, validate: core_schema.ValidatorFunctionWrapHandler) -> Any:
            try:
                return validate(value)
            except ValidationError as exc:
                if not isinstance(value, str):
                    raise ValueError(schedule_written()) from None
                # Text is told the text's own error alone: the union had added "input
                # should be a valid list" to "is 101 characters long: at most 100".
                error = next(e for e in exc.errors() if e["type"].startswith("string"))
                raise PydanticCustomError(error["type"], error["msg"], error.get("ctx")) from None

        return core_schema.no_info_wrap_validator_function(told, handler(source))


def schedule_written() -> str:
    """How a JSON body or a tool's arguments write a vesting schedule, the presets named.

    Example:
        >>> schedule_written()[:54]
        'vesting is a preset (even, even_3yr, amazon, google, f'
    """
    return (
        f"vesting is a preset ({', '.join(presets())}) or percentages that sum to 100, as "
        'text ("25,25,25,25") or as a list of numbers ([25, 25, 25, 25])'
    )


def fraction_wanted_whole(value: Any) -> str | None:
    """What a number with a fraction is told where a whole one is taken; None for a value
    of another kind, which is no number at all and told so by each skin (``number_wanted``):
    strict mode's ``int_type`` is raised for text, true and lists too, and the MCP tool had
    said "cliff_months: must be a whole number, got 6" of the text "6", "got True" of true.

    Example:
        >>> fraction_wanted_whole(6.5), fraction_wanted_whole("6"), fraction_wanted_whole(True)
        ('must be a whole number, got 6.5', None, None)
        >>> fraction_wanted_whole(float("inf")) is None
        True
    """
    if type(value) is not float or not math.isfinite(value):
        return None
    return whole_wanted(value)


def passed_outside(bound: Bound, unbounded: CoreSchema, shown: CoreSchema) -> CoreSchema:
    """``unbounded`` (a number of any size), the JSON Schema ``shown``'s (the bound), a
    value outside ``bound`` keeping its text as given, for the library's words to echo
    (``as_given``: JSON's 99 is "not 99", its 1e20 "not 1e+20").

    Example:
        >>> from pydantic_core import SchemaValidator
        >>> passed = passed_outside(BOUNDS["years"], core_schema.float_schema(),
        ...     core_schema.float_schema(le=60))
        >>> [(type(v).__name__, v) for v in map(SchemaValidator(passed).validate_python, [6, 61])]
        [('float', 6.0), ('TypedNumber', 61.0)]
    """

    def passed(value: Any, validate: core_schema.ValidatorFunctionWrapHandler) -> Any:
        number = validate(value)
        if isinstance(number, float) and not bound.least <= number <= bound.most:
            return TypedNumber(number, as_given(value))
        return number

    return core_schema.no_info_wrap_validator_function(
        passed, unbounded, json_schema_input_schema=shown
    )


def told_outside(
    checked: CoreSchema,
    words: Callable[[Any], str | None],
    kinds: frozenset[str] = OUTSIDE,
    shown: CoreSchema | None = None,
) -> CoreSchema:
    """``checked``, a value past its bound told ``words(value)`` where pydantic's own words
    had been said (kept where ``words`` has none); ``kinds``: the pydantic errors so told.
    ``shown``: the schema the JSON Schema gives, where not ``checked``'s.

    Example:
        >>> from pydantic_core import SchemaValidator
        >>> told = told_outside(core_schema.int_schema(gt=0), lambda value: f"not {value}")
        >>> SchemaValidator(told).validate_python(-1)
        Traceback (most recent call last):
        pydantic_core._pydantic_core.ValidationError: 1 validation error for ...
          Value error, not -1 ...
    """

    def told(value: Any, validate: core_schema.ValidatorFunctionWrapHandler) -> Any:
        try:
            return validate(value)
        except ValidationError as exc:
            said = words(value) if any(e["type"] in kinds for e in exc.errors()) else None
            if said is None:
                raise
            raise ValueError(said) from None

    return core_schema.no_info_wrap_validator_function(
        told, checked, json_schema_input_schema=shown
    )


# The library's inputs the API's body and the MCP tool name otherwise (``BadOffer.fields``
# -> key); every other input is named alike. One table for both skins and the keys below.
KEYS: Final = {"frequency": "vest_every", "years": "years_experience"}
# The API body's and the MCP tool's name of each input of a market profile
# (``profile_problems``' arguments), in the order their faults are said.
PROFILE_KEYS = {name: KEYS.get(name, name) for name in PROFILE_ORDER}
PLACES = ("metro", "country")  # a profile's inputs checked against the store


def with_profile_faults(
    exc: ValidationError, sent: Any, store: Callable[[], Store] | None = None
) -> ValidationError:
    """``exc``, an offer's validation errors (the API's body, the MCP tool's arguments),
    with the faults of the profile ``sent`` holds (``profile_problems``) and of the offer's
    inputs the schema let through (``offer_faults``), of each field it does not refuse
    already, in the library's words: the schema's errors (bonus_pct 250, a role past its
    length) had been said alone, the profile and a base of 1 read only once they were mended.
    With ``store`` (called only for a role's place or another currency's rate), a place it
    holds no record of is said too (``offers.places_unheld``): {"cliff_months": 13, "metro":
    "Atlantis"} had said the cliff alone; and the amounts at the rate (``offer_faults``).

    Example:
        >>> from pydantic import BaseModel
        >>> class Asked(BaseModel):
        ...     bonus_pct: Annotated[float, Held("bonus_pct")]
        >>> sent = {"bonus_pct": 250, "role": "ml_engineer", "level": "boss"}
        >>> try:
        ...     Asked.model_validate(sent)
        ... except ValidationError as exc:
        ...     [(e["loc"], e["msg"][:24]) for e in with_profile_faults(exc, sent).errors()]
        [(('bonus_pct',), 'Value error, the target '), (('level',), "level 'boss' is not one ")]
    """
    if not isinstance(sent, dict):
        return exc
    refused = {error["loc"][0] for error in exc.errors() if error["loc"]}
    # A field refused is none here, and said once: its schema's error alone.
    given = {
        name: None if key in refused else _profile_value(sent.get(key))
        for name, key in PROFILE_KEYS.items()
    }
    found = profile_problems(**given)
    if store is not None and isinstance(given["role"], str) and given["role"].strip():
        places = [given[name] if isinstance(given[name], str) else None for name in PLACES]
        found += places_unheld(store, found, *places)
    faults = offer_faults(sent, refused, store) + [
        (PROFILE_KEYS[problem.fields[0]], problem)
        for problem in found
        if PROFILE_KEYS[problem.fields[0]] not in refused
    ]
    return with_errors(exc, [((key,), problem, sent.get(key)) for key, problem in faults])


def with_errors(
    exc: ValidationError, faults: Sequence[tuple[tuple[str | int, ...], BadOffer, Any]]
) -> ValidationError:
    """``exc`` with the library's ``faults``, each at its place (loc) with the input it is
    about, all in the order of the inputs (``in_input_order``, then the profile's), as the
    CLI says them; ``exc`` itself when there are none."""
    if not faults:
        return exc
    kept: list[InitErrorDetails] = [
        {"type": PydanticCustomError(e["type"], e["msg"], e.get("ctx")), "loc": e["loc"],
         "input": e["input"]}
        for e in exc.errors()
    ]  # fmt: skip
    told: list[InitErrorDetails] = [
        {"type": PydanticCustomError("value_error", str(problem)), "loc": loc, "input": given}
        for loc, problem, given in faults
    ]  # fmt: skip
    return ValidationError.from_exception_data(exc.title, sorted(kept + told, key=_place))


def _profile_value(value: Any) -> Any:
    """A profile's input as sent, for the library to check: text, or a number as given (a
    value of another kind is the schema's to refuse, and none here)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return TypedNumber(float(value), as_given(value))
    return None


# The API body's and the MCP tool's name of each input of an offer ``make_offer`` takes,
# by the name the library gives it (``BadOffer.fields``).
OFFER_KEYS = {
    name: KEYS.get(name, name)
    for name in (*AMOUNTS, "shares", "bonus_pct", "growth_pct", "cliff_months", "vesting",
                 "frequency", "currency")
}  # fmt: skip
# The kinds of value the schema lets through for each input that is no number.
WORDS = {"vesting": (str, list), "frequency": (str,), "currency": (str,)}


def offer_faults(
    sent: dict[str, Any], refused: set[Any], store: Callable[[], Store] | None = None
) -> list[tuple[str, BadOffer]]:
    """The library's faults (``make_offer``) of the offer's inputs ``sent`` holds that the
    schema did not refuse (those in ``refused``, by their keys, are none here), each with
    the key it is about: {"base": 1, "bonus_pct": 250} had said the bonus percent alone.

    A base refused is read as ``MIN_BASE``, a base the library takes: no other input's
    fault hangs on it (a percent bonus's dollars are at most twice it, far within bounds),
    so what is found is the others' alone. A fault of several inputs (shares and price) is
    said of the first, and not at all when the schema refused any of them. With ``store``
    (called only for a currency other than USD), the amounts are held to the dollar bounds
    at its rate too (``offers.rate_problems``): {"base": 100, "currency": "JPY",
    "cliff_months": 13} had said the cliff alone.

    Example:
        >>> [(key, str(fault)) for key, fault in offer_faults(
        ...     {"base": 1, "bonus_pct": 250, "cliff_months": 13}, {"bonus_pct", "cliff_months"})]
        [('base', "base of 1 a year is below 1,000 USD, no year's pay: thousands left out (1k)?")]
        >>> offer_faults({"base": -1, "vesting": "50,40"}, {"base"})[0][1]
        BadOffer('vesting percentages sum to 90, not 100')
    """
    inputs: dict[str, Any] = {}
    for name, key in OFFER_KEYS.items():
        value = sent.get(key)
        kinds = WORDS.get(name, (int, float))
        if key in refused or value is None or isinstance(value, bool):
            continue
        if isinstance(value, kinds):  # another kind is the schema's to refuse
            inputs[name] = value
    inputs.setdefault("base", MIN_BASE)
    if "currency" in inputs:
        inputs["currency"] = currency_code(inputs["currency"])
    drafted: Offer | None
    try:
        drafted, found = make_offer(**inputs), []
    except BadOffer as exc:
        drafted, found = exc.drafted, list(exc.each)
    if store is not None:
        found = in_input_order(found + rate_problems(store, drafted, found))
    said = [(tuple(OFFER_KEYS[f] for f in fault.fields), fault) for fault in found]
    return [(keys[0], fault) for keys, fault in said if keys and not refused & set(keys)]


# The body's and the tool's keys in the order their faults are said: the offer's, as
# ``offers.INPUT_ORDER``, then the profile's.
KEY_ORDER = (
    *(OFFER_KEYS[name] for name in INPUT_ORDER),
    *(key for key in PROFILE_KEYS.values()),
)


def _place(error: InitErrorDetails) -> tuple[int, ...]:
    """Where an error stands: its loc, each key by ``KEY_ORDER`` (another first, as sent)."""
    loc = error.get("loc", ())
    return tuple(
        p if isinstance(p, int) else KEY_ORDER.index(p) if p in KEY_ORDER else -1 for p in loc
    )
