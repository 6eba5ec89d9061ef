"""A user's profile: checked, normalized like the data, ready for the model."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from paygrade.estimate.data import FEATURES
from paygrade.filters import MAX_VALUE_LENGTH, KnownValues, resolve, vocabulary_value
from paygrade.normalize.company_levels import level_written
from paygrade.normalize.places import (
    METROS_ARE,
    NoSuchPlace,
    country_meant,
    place_code,
    region_is,
    region_named,
    state_meant,
)
from paygrade.normalize.vocab import canonical_value
from paygrade.offers import plain_number
from paygrade.records import (
    REMOTE_RATIOS,
    REMOTE_SAID,
    REMOTE_WRITTEN,
    VOCABULARIES,
    BadFilter,
    PaygradeError,
    UnknownField,
    as_given,
    did_you_mean,
    not_whole,
    number_bounds,
    number_wanted,
    out_of_range,
    range_said,
    too_long,
)
from paygrade.store import Store

NUMERIC = ("year", "years_experience", "remote")


class BadProfile(PaygradeError):
    """A profile value is impossible (negative years, a level not in the vocabulary, ...);
    ``field``, when known, is the field at fault (a check that reads the store names it:
    its message is no field's refused alone, ``web.pages.estimate.field_at_fault``)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def check_profile(profile: Mapping[str, Any]) -> dict[str, Any]:
    """Known fields only, numbers in range, vocabulary values valid; empty values dropped.

    Example:
        >>> check_profile({"level": "SE", "role": "ML engineer", "years_experience": "7"})
        {'level': 'senior', 'role': 'ml_engineer', 'years_experience': 7.0}
        >>> check_profile({"company": "Meta", "level": "E5"})
        {'company': 'Meta', 'level': 'senior'}
        >>> check_profile({"year": "2022.5"})
        Traceback (most recent call last):
        ...
        paygrade.estimate.profile.BadProfile: year must be a whole number, got 2022.5
        >>> check_profile({"salary": 1})
        Traceback (most recent call last):
        ...
        paygrade.records.UnknownField: unknown profile field 'salary'; use: year, role, ...
        >>> check_profile({"role": " "})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        paygrade.estimate.profile.BadProfile: describe the profile: give at least one field ...
    """
    checked: dict[str, Any] = {}
    for name, raw in profile.items():
        if name not in FEATURES:
            hint = did_you_mean(name, FEATURES)
            raise UnknownField(f"unknown profile field {name!r}{hint}; use: {', '.join(FEATURES)}")
        if raw is None or str(raw).strip() == "":
            continue
        if isinstance(raw, str) and (said := too_long(raw, LONGEST)) is not None:
            # The API and the page refused a 5,000-character title; MCP and the CLI read it.
            raise BadProfile(f"{name} {said}")
        if isinstance(raw, str) and "\ufffd" in raw:
            # A byte of another encoding ("%E9" sent alone) had no letter or digit.
            raise BadProfile(f"{name} {raw.strip()!r} holds a byte that is not UTF-8 text")
        if name in ("title", "company") and not any(c.isalnum() for c in str(raw)):
            # "!!!" was estimated as "Associate": a title of no word names no job.
            raise BadProfile(f"{name} {str(raw).strip()!r} has no letter or digit")
        if name in ("country", "metro") and (region := region_named(str(raw), name)):
            # The filters read it as its members; one person is in one of them.
            raise BadProfile(_region_refused(region, name))
        if name == "metro" and (code := place_code("country", str(raw))):
            # Answered for every country, "London" or "Germany" as a metro was no answer.
            raise BadProfile(_country_not_metro(str(raw), code))
        if name in PLACE_READERS:  # by its code or a name ("germany"); "Narnia" is none
            checked[name] = _place(name, str(raw))
            continue
        if name == "level":
            checked[name] = _level(str(raw).strip(), str(profile.get("company") or "") or None)
            continue
        checked[name] = _number(name, raw) if name in NUMERIC else _text(name, str(raw).strip())
    if not checked:
        # Said before any model is looked for: without one, "{}" had been "no model yet"
        # (503), though the asker is the one to mend it.
        raise BadProfile(EMPTY)
    return checked


def _region_refused(region: str, name: str) -> str:
    """Why a region is no profile's place: a metro's are named, as ``compare`` names them;
    a country's are too many to (the EU's 27).

    Example:
        >>> _region_refused("Europe", "country")
        'Europe is a region, not a country: give the country'
        >>> print(_region_refused("Bay Area", "metro"))
        the Bay Area is San Francisco-Oakland-Fremont, CA and San Jose-Sunnyvale-Santa Clara, CA: \
give one of them as the metro
    """
    if name == "metro":
        return f"{region_is(region)}: give one of them as the metro"
    return f"{region} is a region, not a {name}: give the {name}"


EMPTY = "describe the profile: give at least one field (e.g. role)"


# The longest text a profile's field may hold: a filter's value's, on every face.
LONGEST = MAX_VALUE_LENGTH


# A country by its code or a name ("germany"), a US state likewise ("washington"), and
# how a person names each kind of place.
PLACE_READERS: dict[str, tuple[Callable[[str], str], str]] = {
    "country": (country_meant, "a country"),
    "state": (state_meant, "a US state"),
}


def _place(name: str, raw: str) -> str:
    """A country's or a US state's code, else the reader's refusal, or, when the text names
    the other kind of place, what to give instead.

    Why: "California" as a country was "no country is called 'California'", which did not
    say that the profile has a state field for it.

    Example:
        >>> _place("country", "California")
        Traceback (most recent call last):
        ...
        paygrade.estimate.profile.BadProfile: California is a US state, not a country: give state CA
    """
    try:
        return PLACE_READERS[name][0](raw)
    except NoSuchPlace:
        other = next(n for n in PLACE_READERS if n != name)
        code = _code(other, raw)
        if code is None:
            raise
    kinds = (PLACE_READERS[other][1], PLACE_READERS[name][1])
    raise BadProfile(f"{raw.strip()} is {kinds[0]}, not {kinds[1]}: give {other} {code}")


def _country_not_metro(raw: str, code: str) -> str:
    """Why a country given as a metro is refused, and what to give instead: a name that is
    a US state's too says both.

    Why: "Georgia" was said to be only a country (GE), not the US state (GA) too.

    Example:
        >>> _country_not_metro("Georgia", "GE")  # doctest: +NORMALIZE_WHITESPACE
        'Georgia is a country and a US state, not a metro (metros are US metro areas):
         give country GE or state GA'
        >>> _country_not_metro("Germany", "DE")
        'Germany is a country, not a metro (metros are US metro areas): give country DE'
    """
    state = _state_by_name(raw)
    kinds = "a country" if state is None else "a country and a US state"
    give = f"country {code}" if state is None else f"country {code} or state {state}"
    return f"{raw.strip()} is {kinds}, not a metro ({METROS_ARE}): give {give}"


def _code(name: str, raw: str) -> str | None:
    try:
        return PLACE_READERS[name][0](raw)
    except NoSuchPlace:
        return None


def _level(value: str, company: str | None) -> str:
    """A level as the filters read it, else the company's own level's ("L5" at Google);
    another company's level, or one without a company, is said to be one, with whose it is
    (it had been "level 'L6' is not one of entry, ...")."""
    read = level_written(value, company)
    if read is not None:
        return read[0]
    try:  # the vocabulary's error, or whose level it is and what to give instead
        return vocabulary_value("level", value, [company] if company else [], "company")
    except BadFilter as exc:
        raise BadProfile(str(exc)) from None


def _number(name: str, raw: Any) -> float:
    value = _typed_number(name, raw) if isinstance(raw, str) else _read_number(name, raw)
    if not math.isfinite(value):  # nan had been said out of range (MCP): as the API says it
        raise BadProfile(f"{_said(name)}: {_infinite_said(raw, value)}")
    if name == "year" and not value.is_integer():
        # The API refused 2022.5; the page and MCP answered it as 2022 without a word.
        # As typed: the page's text had been "got '2022.5'", MCP's number "got 2022.5".
        raise BadProfile(not_whole("year", raw))
    # Any share but the three, past 100 too: "must be between 0 and 100" had let 30 seem one.
    if name == "remote" and value not in REMOTE_RATIOS:
        raise BadProfile(f"remote must be {REMOTE_WRITTEN}, got {as_given(raw)}")
    low, high = number_bounds(name)
    if not low <= value <= high:
        raise BadProfile(out_of_range(range_said(name), raw))
    return value


def _infinite_said(raw: Any, value: float) -> str:
    """What a number not finite is told: NaN and Infinity (sent, or typed as "nan") as the
    schema of every face says them, where the API had said a remote share of NaN "got nan"
    and its years "not NaN"; a whole number past a float's is echoed as sent.

    Example:
        >>> _infinite_said(float("nan"), float("nan")), _infinite_said("inf", float("inf"))
        ('input should be a finite number, not NaN', 'input should be a finite number, not \
Infinity')
        >>> _infinite_said(10**20, float("inf"))
        'input should be a finite number, got 100000000000000000000'
    """
    if isinstance(raw, int):
        return f"input should be a finite number, got {raw!r}"
    return number_wanted(value)


def _typed_number(name: str, raw: str) -> float:
    """A number typed as text (the page's form), read as /ladder and /offers read years
    (``offers.plain_number``): "1,200" is read, and "1,5" is told how to write a number,
    where it had been "years of experience must be a number, got '1,5'".

    Example:
        >>> _typed_number("years_experience", "1,200"), _typed_number("remote", "hybrid")
        (1200.0, 50.0)
        >>> _typed_number("years_experience", "1,5")
        Traceback (most recent call last):
        ...
        paygrade.estimate.profile.BadProfile: years of experience: '1,5' is not a number \
(write 1200, 1,200 or 12.5; a dot marks decimals)
    """
    if name == "remote":  # a share or its word ("hybrid"), in the remote share's words
        return _read_number(name, raw)
    try:
        return plain_number(raw)
    except ValueError as exc:
        raise BadProfile(f"{_said(name)}: {exc}") from None


def _read_number(name: str, raw: Any) -> float:
    """A number of a JSON value (the API's, MCP's, the CLI's), or the remote share."""
    # "hybrid", "remote", "in-person": the remote share as the sources' answers say it.
    worded, _ = canonical_value(name, str(raw)) if name == "remote" else (None, None)
    try:
        return float(worded if worded is not None else raw)
    except OverflowError:  # a whole number past a float's (10**400 in JSON): a 500 had been
        return math.inf if raw > 0 else -math.inf
    except (TypeError, ValueError):
        wanted = REMOTE_WRITTEN if name == "remote" else "a number"
        hint = did_you_mean(str(raw), REMOTE_SAID.values()) if name == "remote" else ""
        raise BadProfile(f"{_said(name)} must be {wanted}, got {raw!r}{hint}") from None


def _said(name: str) -> str:
    """A field as a person says it: the page capitalised "Years_experience must be ..."."""
    return {"years_experience": "years of experience"}.get(name, name.replace("_", " "))


def _text(name: str, value: str) -> str:
    if name not in VOCABULARIES:
        return value
    try:  # as the filters read it ("SE", "ML engineer"), and refused in their words
        return vocabulary_value(name, value)
    except BadFilter as exc:
        raise BadProfile(str(exc)) from None


def as_stored(store: Store, profile: Mapping[str, Any]) -> dict[str, Any]:
    """Text values as the data spells them (``GOOGLE LLC`` -> ``Google``); unknown kept.

    Example:
        >>> as_stored(store, {"company": "GOOGLE LLC"})  # doctest: +SKIP
        {'company': 'Google'}
    """
    return stored_and_unheld(store, profile)[0]


def stored_and_unheld(store: Store, profile: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The profile as ``as_stored`` gives it, and each given value no record holds, said
    with the held ones spelled nearest ("no record has metro 'seatle'; did you mean ...?"):
    a typo is estimated as a value the model never saw, so say it. A title is left out:
    most are written freely. One reading of the store's values for both.

    Example:
        >>> stored_and_unheld(store, {"metro": "seatle"})[1]  # doctest: +SKIP
        ["no record has metro 'seatle'; did you mean Seattle-Tacoma-Bellevue, WA?"]
    """
    texts = {k: [v] for k, v in profile.items() if k not in NUMERIC}
    typed, unmatched = resolve(texts, KnownValues(store))
    # A title means all its case variants in a filter; the model learned each spelling on
    # its own, so the one written wins when the data holds it.
    stored = {
        **profile,
        **{k: profile[k] if profile[k] in values else values[0] for k, values in typed.items()
           if values},
    }  # fmt: skip
    for u in unmatched:
        if u.field == "metro" and (state := _state_by_name(str(u.value))) is not None:
            # "Texas" was estimated with a note, where "Germany" is refused (check_profile):
            # a state no metro of the store is named for, refused only here, where the
            # store says so ("Washington" is DC's metro, "New York" New York's).
            refused = f"{u.value} is a US state, not a metro ({METROS_ARE}): give state {state}"
            raise BadProfile(refused, "metro")
    said = [
        u.sentence()
        # Told why already (a county of another state): no place abroad is meant.
        + (
            f" ({METROS_ARE}: for a place abroad, give its country)"
            if u.field == "metro" and not u.why
            else ""
        )
        for u in unmatched
        if u.field != "title"
    ]
    return stored, said


def _state_by_name(text: str) -> str | None:
    """The US state a text names by its name, not its code ("LA" may be a city's letters).

    Example:
        >>> _state_by_name("texas"), _state_by_name("TX"), _state_by_name("Seattle")
        ('TX', None, None)
    """
    state = place_code("state", text)
    return state if state is not None and state != text.strip().upper() else None
