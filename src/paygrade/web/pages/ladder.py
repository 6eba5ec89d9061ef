"""GET /ladder: Career ladder, levels with what they mean, their company levels (approximate),
pay by level with n, promotion steps and (given years or a level) a projected path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from paygrade.filters import MAX_VALUE_LENGTH, vocabulary_value
from paygrade.ladder import (
    IC_PATH,
    WITHIN_NOISE,
    check_years,
    company_levels,
    component_fallback,
    current_level,
    falls_said,
    few_of_role,
    level_mapping,
    none_in_country,
    rounded_figures,
    steps_falling,
)
from paygrade.normalize.places import country_meant
from paygrade.offers import plain_number
from paygrade.records import ROLES, BadFilter, PaygradeError
from paygrade.store.snapshot import Reader
from paygrade.web.again import field_named, sent, shows_again
from paygrade.web.answers import ladder_answer
from paygrade.web.cache import AnswerCache
from paygrade.web.deps import CacheDep, ReaderDep, too_long_said
from paygrade.web.render import respond, wants_json

router = APIRouter()
# Lengths are checked in the route (``too_long``), so that the form comes back filled
# (``Query(max_length=...)`` had answered the bare error page): the years this, others
# (a role as a company) MAX_VALUE_LENGTH, every face's bound.
LONGEST = {"years": 10}
Word = Annotated[str, Query()]


def ladder_page(
    current: Reader,
    cache: AnswerCache,
    role: str,
    company: str,
    level: str,
    years: float | None,
    country: str = "",
) -> dict[str, Any]:
    """The page's data: the ``ladder`` result and the form's choices.

    Example:
        >>> ladder_page(current, cache, "ml_engineer", "", "", 3)["ladder"]  # doctest: +SKIP
    """
    result = ladder_answer(
        current, cache, role, company or None, country or None, level or None, years
    )
    return {
        "title": "Career ladder",
        "ladder": result,
        "few_of_role": _sentence(few_of_role(result)) if "roles_held" in result else None,
        # A country of no record of the role: its tables are "not enough data" throughout.
        "none_in_country": (
            _sentence(none_in_country(result, ask=None)) if "countries_held" in result else None
        ),
        "within_noise": WITHIN_NOISE,
        # Each step down beyond noise, said under its table (by "from -> to").
        "falls_said": {f"{s['from']} -> {s['to']}": falls_said(s) for s in steps_falling(result)},
        "form": dict(role=role, company=company, level=level, years=years, country=country),
        "kept_level": kept_level(result),
        **_choices(),
    }


def kept_level(result: dict[str, Any]) -> dict[str, str]:
    """The label of a company's own level the form keeps as typed (its select offers the
    generic levels), saying whose it is and what it reads as: "L6" alone had not said so.

    Example:
        >>> kept_level({"level_read": {"written": "L6", "company": "Amazon", "level": "senior"}})
        {'L6': "L6 (Amazon's level, read as senior)"}
        >>> kept_level({})
        {}
    """
    read = result.get("level_read")
    if not read:
        return {}
    return {
        read["written"]: f"{read['written']} ({read['company']}'s level, read as {read['level']})"
    }


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


@router.get("/ladder", include_in_schema=False)
def ladder(
    request: Request,
    current: ReaderDep,
    cache: CacheDep,
    role: Word = "ml_engineer",
    company: Word = "",
    level: Word = "",
    years: Word = "",
    country: Word = "",
) -> Response:
    """The ladder: ``/ladder?company=Google&years=3&country=US``; a question it cannot
    answer comes back as the form as sent, the problem beside it (422)."""
    sent = dict(role=role, company=company, level=level, years=years, country=country)
    bounds = {name: LONGEST.get(name, MAX_VALUE_LENGTH) for name in sent}
    if found := too_long_said(request, sent, bounds):
        field, words = found  # "company is 5,000 characters long: at most 200"
        return _form_again(request, sent, f"{field} {words}", field)
    try:
        given = _years(years)
        # Blank is none, as for country (" " was "no reviewed level mapping for ' '"), the
        # level too (" " was "no level ' '", where the API says "empty value for level").
        # A blank role is the default one, as every other blank field is none given.
        role = role.strip() or "ml_engineer"
        stripped = (company.strip(), level.strip(), country.strip())
        page = ladder_page(current, cache, role, stripped[0], stripped[1], given, stripped[2])
        page["form"]["years"] = years  # as typed: "7" had come back "7.0"
    except PaygradeError as exc:
        if wants_json(request):  # programs get {"detail"}, as from every page
            raise
        return _form_again(request, sent, str(exc), field_at_fault(exc, sent))
    # Said under the pay tables (stats-rounded); the page's JSON has each cell's rounded_to.
    rounded = rounded_figures(page["ladder"])
    # The words beside a path level its one pay component could not price: the CLI's.
    return respond(
        request, "ladder.html", page, rounded=rounded, component_fallback=component_fallback
    )


def _form_again(request: Request, form: dict[str, str], error: str, field: str | None) -> Response:
    """The form as sent, the problem beside it and its field marked (422)."""
    refused = {
        **_choices(),
        "title": "Career ladder",
        "ladder": None,
        "form": form,
        "kept_level": {},
    }
    return respond(request, "ladder.html", refused | {"error": error, "error_field": field}, 422)


# The checks ``ladder`` makes of the form's fields, in its order (the years first: this
# page reads them), each run alone to find the field an error is about: its errors name
# none.
CHECKS: tuple[tuple[str, Callable[[dict[str, str]], object]], ...] = (
    ("years", lambda form: _years(form["years"])),
    ("role", lambda form: vocabulary_value("role", form["role"].strip())),
    ("company", lambda form: level_mapping(form["company"].strip())),
    ("country", lambda form: country_meant(form["country"].strip(), regions_too=True)),
    ("level", lambda form: current_level(form["level"], form["company"].strip() or None)),
)


def field_at_fault(exc: PaygradeError, form: dict[str, str]) -> str | None:
    """The form field an error is about, to mark it: the first whose check alone refuses
    it so; else a country no record holds (the one value ``ladder`` looks for in the data,
    refused as a filter's) or a level the path cannot start from (executive).

    Example:
        >>> field_at_fault(PaygradeError("years of experience are 0 to 60, not 99"), {"years": "99",
        ...     "role": "ml_engineer", "company": "", "country": "", "level": ""})
        'years'
    """
    given = [(name, check) for name, check in CHECKS if form[name].strip()]
    found = next((name for name, check in given if _refusal(check, form) == str(exc)), None)
    if found is not None:
        return found
    if isinstance(exc, BadFilter):
        return "country" if form["country"].strip() else None
    return "level" if form["level"].strip() else None


def _refusal(check: Callable[[dict[str, str]], object], form: dict[str, str]) -> str | None:
    try:
        check(form)
    except PaygradeError as exc:
        return str(exc)
    return None


def _years(years: str) -> float | None:
    """Years as the Offer check page and the CLI read them (``offers.plain_number``): "1,5"
    is told how to write a number, as there, where this page had said only "is not a
    number", and "1,200" is read, as there."""
    if not years.strip():
        return None
    try:
        given = plain_number(years)
    except ValueError as exc:
        raise PaygradeError(f"years: {exc}") from None
    check_years(given, years)  # echoed as typed: "61.0" had been "not 61"
    return given


def _choices() -> dict[str, Any]:
    """What the form offers to choose from."""
    return {
        "roles": list(ROLES),
        # The levels a path starts from: executive was offered, and always refused (422).
        "levels": list(IC_PATH),
        "companies": sorted({row.company for row in company_levels()}),
    }


def ladder_again(request: Request, said: str) -> Response:
    """The form as sent, ``said`` beside it and its field marked (422): a field given twice
    (``country=US&country=DE``), refused before the route read the form."""
    form = sent(request, ("role", "company", "level", "years", "country"), role="ml_engineer")
    return _form_again(request, form, said, field_named(said, form))


shows_again(ladder, ladder_again)
