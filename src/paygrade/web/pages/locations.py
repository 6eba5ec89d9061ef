"""GET /locations (metros with records) and /locations/{metro}: ``compare`` for that metro,
surveys, H-1B filings, BLS OEWS and OFLC wage levels side by side, base vs. total labelled."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from paygrade.charts import compare_label
from paygrade.compare import place
from paygrade.filters import MAX_VALUE_LENGTH
from paygrade.normalize.places import (
    NoSuchPlace,
    metro_cities,
    metro_name_parts,
    metros_meant,
    suggest,
)
from paygrade.records import LEVELS, ROLES, PaygradeError
from paygrade.store.snapshot import Reader
from paygrade.web import links
from paygrade.web.again import field_named, reading, sent, shows_again
from paygrade.web.answers import StatsQuery, cached, compare_answer, stats_answer
from paygrade.web.cache import AnswerCache
from paygrade.web.deps import CacheDep, ReaderDep, search_too_long, too_long_said
from paygrade.web.pages.figures import PHONE_WIDTH, question
from paygrade.web.problems import Suggesting
from paygrade.web.render import respond, sentence

router = APIRouter()
DEFAULT_ROLE = "ml_engineer"
# A role's or level's length is checked by the route (``too_long``), so that the form comes
# back filled as sent (``Query(max_length=40)`` had answered the bare error page), at the
# bound every face holds a role to.
LONGEST = MAX_VALUE_LENGTH
Word = Annotated[str, Query()]


def locations_page(current: Reader, cache: AnswerCache, search: str) -> dict[str, Any]:
    """Every metro area with records (US), most records first, filtered by ``search``: a
    part of its name, or a place ``compare --metro`` reads as it ("Portland, OR",
    "Mountain View, CA"); nothing found, the metros spelled nearest are suggested.

    Example:
        >>> locations_page(current, cache, "san jose")["metros"][0]["metro"]  # doctest: +SKIP
        'San Jose-Sunnyvale-Santa Clara, CA'
    """
    asked = question(("metro",), {"country": ["US"]})
    result = stats_answer(current, cache, asked)
    groups = [group for group in result["groups"] if group["key"]["metro"] is not None]
    names = [group["key"]["metro"] for group in groups]
    found = _metros_found(current, cache, search, names)
    held = _sources_by_metro(current, cache)
    flagged = _flagged_by_metro(current, cache, asked, groups)
    roles = _roles_by_metro(current, cache)
    metros = [
        _metro_row(group, held[name], flagged.get(name, 0), roles.get(name, {}))
        for group in groups
        if (name := group["key"]["metro"]) in found
    ]
    near = [] if metros or not search.strip() else _nearest_metros(search, names)
    suggestions = [{"metro": name, "url": links.location_url(name)} for name in near]
    return {
        "title": "Locations",
        "search": search,
        "metros": metros,
        "suggestions": suggestions,
        "default_role": DEFAULT_ROLE,  # the role a metro's link opens, when it has records of it
        # What the medians are, so no one reads a 2013-2019 filing median as today's pay:
        # the sources and years of the rows shown (records naming no metro are in none).
        "sources": dict(sum((Counter(m["sources"]) for m in metros), Counter()).most_common()),
        "years": sorted({year for metro in metros for year in metro["years"]}),
        "pay_components": sorted({c for metro in metros for c in metro["pay_components"]}),
        # The rows' records leave these out, as every statistic does: said, not silent.
        "flagged_excluded": sum(metro["flagged_excluded"] for metro in metros),
    }


def _metros_found(current: Reader, cache: AnswerCache, search: str, names: list[str]) -> set[str]:
    """The metros a search means: those whose name holds it, those ``metros_meant`` reads
    it as ("Portland, OR", "NYC"), and the one ``compare`` resolves it to (a city with its
    state by the gazetteer: "Mountain View, CA" had found nothing, its page resolved)."""
    wanted = search.strip().casefold()
    if not wanted:
        return set(names)
    found = {name for name in names if wanted in name.casefold()}
    return found | set(metros_meant(search, names)) | _metro_placed(current, cache, search)


def _metro_placed(current: Reader, cache: AnswerCache, search: str) -> set[str]:
    """The metro ``compare --metro`` reads ``search`` as, if it reads it as one."""

    def resolved() -> set[str]:
        try:
            metro = place(current.store, metro=search).metro
        except PaygradeError:  # no place, or several: the other readings stand
            return set()
        return {metro} if metro else set()

    found: set[str] = cached(current, cache, ("metro placed", search), resolved)
    return found


def _flagged_by_metro(
    current: Reader, cache: AnswerCache, asked: StatsQuery, groups: list[dict[str, Any]]
) -> dict[str, int]:
    """Each metro's flagged records, which its row leaves out (NYC's 5,040
    records were shown as 5,039, without a word)."""
    counted = {group["key"]["metro"]: group["n"] for group in groups}
    every = stats_answer(current, cache, replace(asked, include_flagged=True))["groups"]
    return {
        metro: group["n"] - counted.get(metro, 0)
        for group in every
        if (metro := group["key"]["metro"]) is not None and group["n"] > counted.get(metro, 0)
    }


def _roles_by_metro(current: Reader, cache: AnswerCache) -> dict[str, dict[str, int]]:
    """Each metro's records per role, most first."""
    asked = question(("metro", "role"), {"country": ["US"]})
    held: dict[str, dict[str, int]] = {}
    for group in stats_answer(current, cache, asked)["groups"]:
        held.setdefault(group["key"]["metro"], {})[group["key"]["role"]] = group["n"]
    return {metro: dict(sorted(n.items(), key=lambda kv: -kv[1])) for metro, n in held.items()}


def linked_role(roles: dict[str, int]) -> str | None:
    """The role a metro's link opens its page with: none (the default role) when the metro
    has records of it, else its commonest role. Most metros listed have no ml_engineer
    record, and their links had opened a page of none.

    Example:
        >>> linked_role({"data_analyst": 40, "ml_engineer": 2}), linked_role({"manager": 3})
        (None, 'manager')
    """
    return None if DEFAULT_ROLE in roles or not roles else next(iter(roles))


def _sources_by_metro(current: Reader, cache: AnswerCache) -> dict[str, dict[str, int]]:
    """Each metro's records per source, most first."""
    asked = question(("metro", "source"), {"country": ["US"]})
    held: dict[str, dict[str, int]] = {}
    for group in stats_answer(current, cache, asked)["groups"]:
        held.setdefault(group["key"]["metro"], {})[group["key"]["source"]] = group["n"]
    return {metro: dict(sorted(n.items(), key=lambda kv: -kv[1])) for metro, n in held.items()}


def _nearest_metros(search: str, names: list[str]) -> list[str]:
    """The metros whose name, or a city they are named for, is spelled nearest ("seatle")."""
    held: dict[str, list[str]] = {}
    for name in names:  # most records first: a city shared by two names the larger
        # A city's own name and its words ("nashvile" is near Nashville-Davidson's).
        for key in dict.fromkeys(
            [name.casefold(), *metro_cities(name)[0], *metro_name_parts(name)]
        ):
            held.setdefault(key, []).append(name)
    return list(dict.fromkeys(suggest(search, held)))


def _metro_row(
    group: dict[str, Any], sources: dict[str, int], flagged: int, roles: dict[str, int]
) -> dict[str, Any]:
    metro = group["key"]["metro"]
    role = linked_role(roles)
    return {
        "metro": metro,
        "n": group["n"],
        "n_distinct": group["n_distinct"],
        "p50": group.get("p50"),
        "p50_ci": group.get("p50_ci"),
        "years": group["years"],
        "pay_components": group["pay_components"],
        "sources": sources,
        "flagged_excluded": flagged,
        "role": role or DEFAULT_ROLE,
        "url": links.location_url(metro, role),
        "rounded_to": group.get("rounded_to"),  # its median to the nearest $1,000: said
    }


def _row(row: dict[str, Any], where: dict[str, list[Any]]) -> dict[str, Any]:
    """A compare row for the table: its label, and the records behind it when it has any."""
    shown = {**row, "label": compare_label(row), "records_url": None}
    if row["source"] not in ("oews", "oflc"):
        # A row of a wider place (a file naming no metro) links to its state's records.
        place = {"state": row["state"]} if row.get("state") else {"metro": where["metro"]}
        others = {name: values for name, values in where.items() if name != "metro"}
        cell = {
            **others,
            **place,
            "source": [row["source"]],
            "pay_component": [row["pay_component"]],
        }
        shown["records_url"] = links.records_url(cell)
    return shown


def location_page(
    current: Reader, cache: AnswerCache, metro: str, role: str, level: str | None
) -> dict[str, Any]:
    """The location page's data: the comparison, its table rows, its chart and links;
    an unknown metro is 404.

    Example:
        >>> location_page(current, cache, "Boston-Cambridge-Newton, MA-NH", "ml_engineer",
        ...               None)["rows"][0]["label"]  # doctest: +SKIP
        'h1b filings · base (n=...)'
    """
    try:
        result = compare_answer(current, cache, role=role, metro=metro, level=level)
    except NoSuchPlace as exc:
        asked = urlencode({"role": role, **({"level": level} if level else {})})
        pages = [
            {"label": str(name), "url": f"{links.location_url(str(name))}?{asked}"}
            for name in exc.suggestions
        ]
        raise Suggesting(404, str(exc), pages) from None
    name, role = result["where"]["metro"][0], result["where"]["role"][0]  # as the data says them
    level = result["where"].get("level", [None])[0]
    where = {"role": [role], "metro": [name], **({"level": [level]} if level else {})}
    # No record of the role in the metro itself: links to an empty listing had been
    # offered (a state's wider rows keep their own links in the table).
    shown = _holds_records(result["rows"])
    chart = urlencode({"role": role, "metro": name, **({"level": level} if level else {})})
    return {
        "title": name,
        "metro": name,
        "url": links.location_url(name),
        "role": role,
        "level": level,
        "roles": list(ROLES),
        "levels": list(LEVELS),
        "compare": result,
        "rows": [_row(row, where) for row in result["rows"]],
        "chart": {
            "wide": f"/charts/compare.svg?{chart}",
            "narrow": f"/charts/compare.svg?{chart}&width={PHONE_WIDTH}",
            "alt": f"Chart of {role} pay in {name}, a row per source; the table has the numbers.",
        },
        "explore_url": links.explore_url(("source", "pay_component"), where) if shown else None,
        "records_url": links.records_url(where) if shown else None,
    }


def _holds_records(rows: list[dict[str, Any]]) -> bool:
    """Whether a comparison has records of the metro itself (not only published figures,
    nor only the records of its state's files that name no metro)."""
    return any(row["source"] not in ("oews", "oflc") and not row.get("state") for row in rows)


@router.get("/locations", include_in_schema=False)
def locations(
    request: Request,
    current: ReaderDep,
    cache: CacheDep,
    q: Annotated[str, Query()] = "",  # its length checked here: the box comes back with it
) -> Response:
    """US metro areas with records: ``/locations?q=seattle``; a search too long comes back
    in its box, said beside it (422)."""
    if said := search_too_long(request, q):
        refused = {"title": "Locations", "search": q, "error": said}
        return respond(request, "locations.html", refused, 422)
    return respond(request, "locations.html", locations_page(current, cache, q))


@router.get("/locations/{metro:path}", include_in_schema=False)
def location(
    request: Request,
    metro: str,
    current: ReaderDep,
    cache: CacheDep,
    role: Word = DEFAULT_ROLE,
    level: Word = "",
) -> Response:
    """``compare`` for one metro: ``/locations/Seattle-Tacoma-Bellevue, WA?role=ml_engineer``;
    a role or level too long comes back in the form, said beside it (422)."""
    if found := too_long_said(request, {"role": role, "level": level}, LONGEST):
        field, words = found
        said = sentence(f"{field} {words}")  # "Role is 5,000 characters long: at most 40."
        again = _form_again(current, cache, metro, said, field, role=role, level=level)
        return respond(request, "location.html", again, 422)
    data = location_page(current, cache, metro, role, level or None)
    return respond(request, "location.html", data)


def _form_again(
    current: Reader, cache: AnswerCache, metro: str, error: str, field: str, **sent: str
) -> dict[str, Any]:
    """The metro's form as sent, the problem beside it and its field marked, no comparison;
    an unknown metro is 404 still, as its page is (its name read off the default role's)."""
    name = location_page(current, cache, metro, DEFAULT_ROLE, None)["metro"]
    shown = {"title": name, "metro": name, "url": links.location_url(name), **sent}
    said = {"roles": list(ROLES), "levels": list(LEVELS), "error": error, "error_field": field}
    return shown | said


def locations_again(request: Request, said: str) -> Response:
    """The search box as sent, ``said`` beside it (422): a search given twice."""
    refused = {"title": "Locations", "search": request.query_params.get("q", ""), "error": said}
    return respond(request, "locations.html", {**refused, "error": sentence(said)}, 422)


def location_again(request: Request, said: str) -> Response:
    """The metro's form as sent, ``said`` beside it and its field marked (422): a role or
    level no record reads (``role=ml_enginer``), blank, or given twice."""
    asked = sent(request, ("role", "level"), role=DEFAULT_ROLE)
    field = field_named(said, asked) or ""
    with reading(request) as (current, cache):
        metro = request.path_params.get("metro", "")
        again = _form_again(current, cache, metro, sentence(said), field, **asked)
    return respond(request, "location.html", again, 422)


shows_again(locations, locations_again)
shows_again(location, location_again)
