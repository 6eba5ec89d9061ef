"""Official figures beside the records: one row per source for one place and role.

Surveys (total pay) and H-1B filings (base pay) come from the records, as
percentiles with n; BLS OEWS wage percentiles for the role's occupations come
exactly as published (top-coded values said as such); OFLC prevailing-wage
levels I-IV come as set for the area. They are never averaged together: the
rows are different measures of pay, labelled.

Role -> occupation is reviewed data (``rules/role_soc.csv``), and so is the
OFLC level that proxies each experience level (``rules/level_wage_levels.csv``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from paygrade.engines import QUANTILES
from paygrade.filters import (
    KnownValues,
    check_lengths,
    joined_values,
    resolve,
    vocabulary_value,
)
from paygrade.holdings import Held, measures_held
from paygrade.normalize.places import (
    SUGGESTIONS,
    NoSuchPlace,
    country_meant,
    county_in_state,
    county_unplaced,
    metro_cities,
    metro_said_first,
    metros_by_initials,
    metros_meant,
    metros_of_counties_named,
    metros_spelled_near,
    not_a_metro,
    place_code,
    place_key,
    region_is,
    region_named,
    regions,
    state_by_code,
    suggest,
)
from paygrade.normalize.rule_tables import codes, read_rules
from paygrade.places_held import (
    code_as_metro,
    counted_by,
    counties_of,
    oews_area_code,
    sources_naming_no_metro,
    states_of_metro,
)
from paygrade.prices import left_out_notes, metro_parities
from paygrade.records import BadFilter, and_list
from paygrade.sources import REGISTRY, RecordSource
from paygrade.stats import stats
from paygrade.store import Store

NATIONAL_AREA = "0000000"
ALL_INDUSTRIES = "000000"


@dataclass(frozen=True)
class Place:
    """A metro (by its OEWS name) or a country, with the OEWS area code that covers it."""

    metro: str | None
    country: str
    oews_area: str | None

    def where(self) -> dict[str, list[str]]:
        return {"metro": [self.metro]} if self.metro else {"country": [self.country]}


@cache
def occupations(role: str) -> tuple[str, ...]:
    """The SOC codes shown for a role, closest first.

    Example:
        >>> occupations("ml_engineer")
        ('15-1252', '15-1221')
    """
    rows = [r for r in read_rules("role_soc.csv") if r["role"] == role]
    return tuple(r["soc"] for r in sorted(rows, key=lambda r: int(r["rank"])))


@cache
def oflc_level(level: str) -> str:
    """The OFLC prevailing-wage level that proxies an experience level.

    Example:
        >>> oflc_level("senior")
        'III'
    """
    return {r["level"]: r["oflc_level"] for r in read_rules("level_wage_levels.csv")}[level]


def place(store: Store, *, metro: str | None = None, country: str | None = None) -> Place:
    """Resolve the place of a comparison; exactly one of ``metro`` and ``country``."""
    if (metro is None) == (country is None):
        raise BadFilter("give either a metro or a country")
    if country is not None:  # by its code or its name: "US", "germany", "Deutschland"
        code = country_meant(country, regions_too=True)
        if code in _territories():
            raise NoSuchPlace(_a_territory(store, code))
        return Place(None, code, NATIONAL_AREA if code == "US" else None)
    assert metro is not None
    areas = _metro_areas(store)
    name = areas.get(metro.strip().casefold())
    if name is None:  # by its city ("atlanta", "Portland, OR") or a name ("NYC"): just one
        counties = counties_of(store) if county_in_state(metro) is not None else None
        named = metros_meant(metro, (area[0] for area in areas.values()), counties)
        name = areas.get(named[0].casefold()) if len(named) == 1 else None
    if name is None and (found := _city_in_state(store, metro)) is not None:
        name = areas.get(found.casefold())
    comma = comma_before_state(metro) if name is None else None  # "seattle wa"
    if comma is not None and (found := _city_in_state(store, comma)) is not None:
        name = areas.get(found.casefold())
    names = [area[0] for area in areas.values()]
    if name is None and (why := not_a_metro(metro, names)) is not None:
        raise _not_a_metro(store, metro, why)
    if name is None and (region := region_named(metro, "metro")) is not None:
        # One OEWS area per comparison: a region of several is not guessed between.
        members = regions("metro")[region]
        # Offered as suggestions too: the page links each, as it does a city's metros.
        raise NoSuchPlace(f"{region_is(region)}: compare one of them", members)
    if name is None and (parts := joined_values("metro", metro, KnownValues(store))):
        raise _several_metros(store, metro, parts)
    if name is None:
        raise _no_metro_called(store, metro, areas)
    return Place(name[0], "US", name[1])


def _several_metros(store: Store, metro: str, parts: list[str]) -> NoSuchPlace:
    """Metros joined in one ``metro`` ("Seattle, WA,Austin, TX"), said as such, each
    offered: it had been "no metro area is called ...; did you mean" the first alone."""
    metros = resolve({"metro": parts}, KnownValues(store))[0]["metro"]
    said = f"{metro.strip()!r} is {len(parts)} metros, {json.dumps(parts)}: compare takes one"
    return NoSuchPlace(said, metros)


def a_state_as_metro(store: Store, metro: str) -> str | None:
    """compare's words for a US state given as a metro, by its name or code, for a command
    that takes no state either (``offer``: "give state TX" was advice it cannot follow);
    None for any other text."""
    why = not_a_metro(metro, [area[0] for area in _metro_areas(store).values()])
    if why is None or (state_named(metro) or state_by_code(metro)) is None:
        return None
    return str(_not_a_metro(store, metro, why))


def _not_a_metro(store: Store, metro: str, why: str) -> NoSuchPlace:
    """A place that is no metro (``not_a_metro``'s ``why``): a US state, by its name or its
    code ("TX" had been offered Abilene and Amarillo), said with its metros with the most
    records, the advice any command taking a metro can follow."""
    state = state_named(metro) or state_by_code(metro)
    if state is None:
        return NoSuchPlace(f"{metro.strip()}: {why}")
    within = _busiest_metros(store, state)
    such_as = f", such as {' or '.join(within)}" if within else ""
    why = f"a US state, not a metro: ask for one of its metros{such_as}"
    country = place_code("country", metro)
    if country is not None and country != state:  # "Georgia"; not Puerto Rico
        # "give ... state GA" had been advice no comparison can follow.
        why = (
            f"a country or a US state, not a metro: give country {country}, "
            f"or for the state one of its metros{such_as}"
        )
    return NoSuchPlace(f"{metro.strip()}: {why}", within)


def _no_metro_called(
    store: Store, metro: str, areas: dict[str, tuple[str, str | None]]
) -> NoSuchPlace:
    """A metro no area is called, with those meant first ("Manhattan": New York's), then
    those of its initials ("LA"), that state's busiest when its letters are a state's code,
    then the names spelt nearest."""
    if (coded := code_as_metro(store, metro)) is not None:  # "42660"
        said = f"no metro area is called {metro.strip()!r}: {coded.why}"
        return NoSuchPlace(said, coded.suggestions)
    known = {key: [value[0]] for key, value in areas.items()}
    names = [v[0] for v in areas.values()]
    state = state_by_code(metro)
    busiest = _busiest_metros(store, state) if state is not None else []
    hint = suggest(metro, known) or metros_spelled_near(metro, names)
    hint = [*metro_said_first(metro, names), *metros_by_initials(metro, names), *busiest, *hint]
    hint = list(dict.fromkeys(hint))[:SUGGESTIONS]
    tip = f"; did you mean {' or '.join(hint)}?" if hint else ""
    # A county's name alone ("Fayette"): every area holding a county of that name offered
    # too, by state, the refusal saying how to name one.
    counties = counties_of(store)
    # Named with a state holding none ("Fayette County, WA"): the other states' alike.
    alone = county_unplaced(metro, counties)
    if alone is not None:
        tip = f"{tip}; {alone}"
        hint = list(dict.fromkeys([*hint, *metros_of_counties_named(metro, counties)]))
    return NoSuchPlace(f"no metro area is called {metro!r}{tip}", hint)


@cache
def _territories() -> frozenset[str]:
    """The US territories' codes, which are countries' codes too (PR, GU, VI, ...)."""
    return frozenset(r["code"] for r in read_rules("us_states.csv") if r["kind"] == "territory")


def _a_territory(store: Store, code: str) -> str:
    """Why a US territory is no country to compare: its filings are US records of that
    state ("BLS OEWS covers the US only; none for PR" and "no records match" had been said
    of Puerto Rico's, which the store holds)."""
    within = _busiest_metros(store, code)
    ask = (
        f"ask for one of its metros, such as {' or '.join(within)}"
        if within
        else f"it has no metro: the statistics filtered state={code} give its records"
    )
    return f"{code}: a US territory, its records are the US's (state {code}): {ask}"


def comma_before_state(text: str) -> str | None:
    """A city and its US state written without the comma: the city, a comma and the
    state's code; None for any other text.

    Example:
        >>> comma_before_state("seattle wa"), comma_before_state("Buffalo New York")
        ('seattle, WA', 'Buffalo, NY')
        >>> comma_before_state("Seattle"), comma_before_state("Seattle, WA")
        (None, None)
    """
    words = text.split()
    if "," in text:
        return None
    for size in (2, 1):  # "New York" before "York"
        state = " ".join(words[-size:])
        code = place_code("state", state) or state.upper()
        if len(words) > size and code in codes("us_states.csv"):
            return f"{' '.join(words[:-size])}, {code}"
    return None


def only_a_state(text: str) -> str | None:
    """The US state a text names by its name ("Texas") and that is no country's too; a
    comparison takes a metro or a country, so "give state TX" had been advice no command
    here could follow."""
    state = state_named(text)
    return state if state is not None and place_code("country", text) is None else None


def state_named(text: str) -> str | None:
    """The US state a text names by its name ("Texas", "Georgia"), not by its code.

    Example:
        >>> state_named("Georgia"), state_named("GA"), state_named("Seattle")
        ('GA', None, None)
    """
    state = place_code("state", text)
    return state if state is not None and state != text.strip().upper() else None


def _busiest_metros(store: Store, state: str) -> list[str]:
    """A state's metros with the most records, to ask for one of them instead (counted as
    a statistic counts them: one approved submission had named its metro here)."""
    counted = counted_by("metro", "metro IS NOT NULL")
    rows = store.con.execute(f"{counted} ORDER BY n DESC, 1").fetchall()
    return [m for m, _ in rows if state.casefold() in metro_cities(m)[1]][:SUGGESTIONS]


def _city_in_state(store: Store, text: str) -> str | None:
    """The metro of a city given with its state ("Mountain View, CA", "Plano, TX") by the
    gazetteer, when it names one: only cities in a metro's name had been read so, and
    "Newark, CA" was offered New York's."""
    city, comma, state = text.rpartition(",")
    state = state.strip().upper()
    if not comma or not city.strip() or state not in codes("us_states.csv"):
        return None
    found = store.con.execute(
        "SELECT DISTINCT metro FROM places WHERE city_key = ? AND state = ? AND metro IS NOT NULL",
        [place_key(city, state), state],
    ).fetchall()
    return str(found[0][0]) if len(found) == 1 else None


def _metro_areas(store: Store) -> dict[str, tuple[str, str | None]]:
    """casefolded name -> (OEWS area name, OEWS area code), metros of records included."""
    rows = store.con.execute(
        """SELECT area_name, any_value(area_code) FROM oews
        WHERE area_type IN ('metro', 'nonmetro') GROUP BY area_name"""
    ).fetchall()
    areas: dict[str, tuple[str, str | None]] = {str(n).casefold(): (n, c) for n, c in rows}
    for (metro,) in store.con.execute(
        "SELECT DISTINCT metro FROM records WHERE metro IS NOT NULL"
    ).fetchall():
        areas.setdefault(str(metro).casefold(), (metro, None))
    return areas


def compare(
    store: Store,
    *,
    role: str,
    metro: str | None = None,
    country: str | None = None,
    level: str | None = None,
    include_flagged: bool = False,
    local_prices: bool = True,
) -> dict[str, Any]:
    """Records and official figures for one place and role, a row per source; for a metro
    also each median at US-average prices, unless ``local_prices`` is false (it costs a
    second ``stats`` pass that a caller showing only nominal pay can skip).

    Example:
        >>> seattle = "Seattle-Tacoma-Bellevue, WA"
        >>> compare(store, metro=seattle, role="ml_engineer")["rows"][0]  # doctest: +SKIP
        {'source': 'h1b', 'kind': 'filing', 'pay_component': 'base', ...}
    """
    # As MCP and the API refuse them: a 300-character metro had been "no metro area is called".
    check_lengths(role=role, metro=metro, country=country, level=level)
    if level:  # a company's level ("L5") is said so: compare takes no company_level filter
        vocabulary_value("level", level)
    where: dict[str, list[Any]] = {"role": [role]} | ({"level": [level]} if level else {})
    typed, _ = resolve(where, KnownValues(store))  # refuses a role or level not in the vocabulary
    at = place(store, metro=metro, country=country)
    socs = occupations(typed["role"][0])
    rows, flagged = _record_rows(store, {**typed, **at.where()}, include_flagged)
    wider, flagged_wider = _state_rows(store, at, typed, include_flagged)
    rows += wider
    rows += _oews_rows(store, at, socs)
    rows += _oflc_rows(store, at, socs, typed.get("level", [None])[0])
    parity = metro_parities(store, at.metro) if at.metro and local_prices else None
    left = None
    if parity is not None:
        left = _at_local_prices(store, rows, {**typed, **at.where()}, parity, include_flagged)
    _rounding_last(rows)
    # What the medians at US prices left out, or priced at another year, said (it had been
    # silent: a 2005 record left out, a 2026 one priced at 2024's parity).
    held = Held.of(store)
    unpriced = _no_parity(store) if parity is None and at.metro and local_prices else ""
    oflc_socs = _oflc_socs(store) if held.has("oflc_wage_levels") else frozenset()
    notes = _notes(
        at, socs, rows, typed.get("level"), parity, unpriced, held=held, oflc_socs=oflc_socs
    )
    return {
        "where": {**typed, **at.where()},
        "area": at.oews_area,
        "occupations": list(socs),
        "price_parity": parity,
        "rows": rows,
        "flagged_excluded": flagged + flagged_wider,
        "local_prices": left,
        "notes": notes + left_out_notes(left),
    }


def _at_local_prices(
    store: Store,
    rows: list[dict[str, Any]],
    where: dict[str, list[Any]],
    parity: dict[str, Any],
    include_flagged: bool,
) -> dict[str, Any] | None:
    """Each row's median at US-average prices beside the nominal one; returns what that
    left out or priced at another year (``stats``' ``local_prices``).

    Records are divided one by one by their own year's parity before the median
    is taken; a published figure (OEWS, OFLC) is divided by the latest parity.
    """
    local = stats(
        store,
        ["source", "pay_component"],
        where,
        include_flagged=include_flagged,
        local_prices=True,
    )
    medians = {
        (g["key"]["source"], g["key"]["pay_component"]): g.get("p50") for g in local["groups"]
    }
    factor = parity["all_items"] / 100
    for row in rows:
        if row["kind"] == "prevailing_wage":
            row["levels_local"] = {k: _divided(v, factor) for k, v in row["levels"].items()}
        elif row["kind"] == "official":
            row["p50_local"] = _divided(row["p50"], factor)
        else:
            row["p50_local"] = medians.get((row["source"], row["pay_component"]))
    left: dict[str, Any] | None = local.get("local_prices")
    return left


def _rounding_last(rows: list[dict[str, Any]]) -> None:
    """Each records row's ``rounded_to`` moved after its other keys (``p50_local``, a
    wider place's ``state``), added later: every key it joined keeps its place."""
    for row in rows:
        if "rounded_to" in row:
            row["rounded_to"] = row.pop("rounded_to")


def _divided(value: float | None, factor: float) -> float | None:
    return None if value is None else round(value / factor, 2)


def _record_rows(
    store: Store, where: dict[str, list[Any]], include_flagged: bool
) -> tuple[list[dict[str, Any]], int]:
    """A row per source and pay component, and how many flagged records were left out."""
    result = stats(store, ["source", "pay_component"], where, include_flagged=include_flagged)
    rows = []
    for group in result["groups"]:
        source = group["key"]["source"]
        registered = REGISTRY.get(source)
        kind = registered.evidence if isinstance(registered, RecordSource) else "import"
        row: dict[str, Any] = {
            "source": source,
            "kind": kind,
            "pay_component": group["key"]["pay_component"],
            "years": group["years"],
            "n": group["n"],
            "n_distinct": group["n_distinct"],
            "suppressed": group["suppressed"],
        }
        row.update({name: group.get(name) for name in QUANTILES})
        row["p50_ci"] = group.get("p50_ci")  # the median's 95% interval (order statistics)
        # As stats says it: a group counting submitted salaries is to the nearest $1,000.
        row["rounded_to"] = group.get("rounded_to")
        rows.append(row)
    return rows, int(result["flagged_excluded"])


def _state_rows(
    store: Store, at: Place, typed: dict[str, list[Any]], include_flagged: bool
) -> tuple[list[dict[str, Any]], int]:
    """For a metro, the records of files that name a state but never a metro (the late-2023
    H-1B filings, the newest), of the metro's states: a row each, marked with its ``state``
    as a wider place than the metro. Without them a metro's filings ended in 2019.
    """
    if at.metro is None:
        return [], 0
    states = states_of_metro(store, at.metro)
    stateless = sources_naming_no_metro(store)
    if not states or not stateless:
        return [], 0
    where = {**typed, "state": states, "source": stateless}
    rows, flagged = _record_rows(store, where, include_flagged)
    return [{**row, "state": states} for row in rows], flagged


def _oews_rows(store: Store, at: Place, socs: tuple[str, ...]) -> list[dict[str, Any]]:
    if at.oews_area is None:
        return []
    found = store.con.execute(
        """SELECT soc, occupation, area_code, area_name, year, employment,
            p10, p25, p50, p75, p90, top_coded
        FROM oews WHERE area_code = ? AND industry_code = ? AND list_contains(?, soc)
        QUALIFY year = max(year) OVER (PARTITION BY soc)
        ORDER BY list_position(?, soc)""",
        [at.oews_area, ALL_INDUSTRIES, list(socs), list(socs)],
    ).fetchall()
    return [_oews_row(row) for row in found]


def _oews_row(row: tuple[Any, ...]) -> dict[str, Any]:
    soc, occupation, area, area_name, year, employment = row[:6]
    top_coded = (row[11] or "").split()
    published = dict(zip(QUANTILES, row[6:11], strict=True))
    return {
        "source": "oews",
        "kind": "official",
        "pay_component": "base",  # wages incl. incentive pay, without bonuses and equity
        "occupation": soc,
        "occupation_title": occupation,
        "area": area,
        "area_name": area_name,
        "year": year,
        "employment": employment,
        **published,
        "top_coded": [name for name in QUANTILES if name in top_coded],
    }


def _oflc_rows(
    store: Store, at: Place, socs: tuple[str, ...], level: str | None
) -> list[dict[str, Any]]:
    if at.metro is None:
        return []
    found = store.con.execute(
        """SELECT soc, area, area_name, level1, level2, level3, level4, period
        FROM oflc_wage_levels WHERE area_name = ? AND list_contains(?, soc)
        ORDER BY list_position(?, soc)""",
        [at.metro, list(socs), list(socs)],
    ).fetchall()
    return [
        {
            "source": "oflc",
            "kind": "prevailing_wage",
            "pay_component": "base",
            "occupation": soc,
            "area": oews_area_code(area),
            "area_name": name,
            "period": period,
            "levels": {"I": l1, "II": l2, "III": l3, "IV": l4},
            "level_for_profile": oflc_level(level) if level else None,
        }
        for soc, area, name, l1, l2, l3, l4, period in found
    ]


# The measure (``holdings.MEASURES``) each kind of row is: records by their kind of record,
# official rows by their source.
MEASURE_OF_ROW: Final = {"oews": "oews", "oflc": "oflc_wage_levels"}


# The base pay measures whose wages count incentive pay (DOMAIN.md): BLS OEWS, and OFLC's
# levels set from it. "BLS OEWS report base pay" had been said, as of filings' bare wage.
WITH_INCENTIVE_PAY: Final = ("BLS OEWS", "OFLC levels")


def pay_said(rows: list[dict[str, Any]]) -> list[str]:
    """Which measures among the rows shown report total pay and which base, when the rows
    hold both kinds: rows of one kind, or none, need no warning against averaging them (it
    had been said of the store's holdings, beside one survey row, filings and OEWS alone, or
    no row at all).

    Example:
        >>> survey = {"source": "aijobs", "kind": "survey", "pay_component": "total"}
        >>> filing = {"source": "h1b", "kind": "filing", "pay_component": "base"}
        >>> oews = {"source": "oews", "kind": "official", "pay_component": "base"}
        >>> pay_said([survey, filing])
        ['surveys report total pay; H-1B filings report base pay: compare rows, never average them']
        >>> pay_said([survey, oews])  # doctest: +NORMALIZE_WHITESPACE
        ['surveys report total pay; BLS OEWS report base wages with incentive pay, without
          year-end bonuses or equity: compare rows, never average them']
        >>> pay_said([survey]), pay_said([oews]), pay_said([])
        ([], [], [])
    """
    shown = Held(frozenset(MEASURE_OF_ROW.get(r["source"], r["kind"]) for r in rows))
    total = [caption for caption, _, pay in measures_held(shown) if pay == "total"]
    base = [caption if caption != "OFLC" else "OFLC levels"
            for caption, _, pay in measures_held(shown) if pay == "base"]  # fmt: skip
    if not (total and base):
        return []
    bare = [caption for caption in base if caption not in WITH_INCENTIVE_PAY]
    incentive = [caption for caption in base if caption in WITH_INCENTIVE_PAY]
    said = [f"{and_list(total)} report total pay"]
    said += [f"{and_list(bare)} report base pay"] if bare else []
    said += [f"{and_list(incentive)} report base wages with incentive pay, without year-end "
             "bonuses or equity"] if incentive else []  # fmt: skip
    return ["; ".join(said) + ": compare rows, never average them"]


def _oews_missing(at: Place, socs: tuple[str, ...], shown: set[tuple[str, Any]]) -> list[str]:
    """Where BLS OEWS, held, has no row for the place asked."""
    if at.oews_area is None:
        return [f"BLS OEWS covers the US only; none for {at.country}"]
    return [
        f"no BLS OEWS figure for {soc} in this area" for soc in socs if ("oews", soc) not in shown
    ]


def _oews_unreleased(rows: list[dict[str, Any]]) -> list[str]:
    """The OEWS rows shown without a wage: BLS counted the jobs but released no estimate
    (Missoula's 390 software developers had shown five blanks, unexplained)."""
    return [
        f"BLS did not release wage estimates for {r['occupation']} in this area "
        f"({r['employment']:,.0f} employed)"
        for r in rows
        if r["source"] == "oews"
        and r.get("employment")
        and all(r.get(q) is None for q in QUANTILES)
    ]


def _oflc_missing(
    at: Place, socs: tuple[str, ...], shown: set[tuple[str, Any]], held_socs: frozenset[str]
) -> list[str]:
    """Where OFLC's wage levels, held, have no row for the place asked; an occupation they
    hold in no area is said so (it had been "in this area", in every area)."""
    if at.metro is None:
        return ["OFLC prevailing wages are set per metro area; none for a whole country"]
    return [
        f"no OFLC wage level for {soc} in this area"
        if soc in held_socs
        else f"the store's OFLC wage levels hold no {soc}, in any area"
        for soc in socs
        if ("oflc", soc) not in shown
    ]


def _oflc_socs(store: Store) -> frozenset[str]:
    """The occupations the stored OFLC wage levels hold."""
    rows = store.con.execute("SELECT DISTINCT soc FROM oflc_wage_levels").fetchall()
    return frozenset(soc for (soc,) in rows)


def _no_parity(store: Store) -> str:
    """Why a metro has no price parity: BEA publishes none for it, or the store lacks what
    local prices read (it had said BEA publishes none of Seattle's)."""
    from paygrade.prices import price_table_lacking

    if (lacking := price_table_lacking(store)) is None:
        return "BEA publishes no price parity for this area: no figures at local prices"
    what, source = lacking
    return (
        f"the store holds no {what}, so no figures at local prices: run `paygrade ingest {source}`"
    )


def _notes(
    at: Place,
    socs: tuple[str, ...],
    rows: list[dict[str, Any]],
    levels: list[str] | None,
    parity: dict[str, Any] | None = None,
    no_parity: str = "",
    *,
    held: Held,
    oflc_socs: frozenset[str] = frozenset(),
) -> list[str]:
    """What a comparison says beside its rows; ``no_parity``: why a metro asked at local
    prices has no parity (``_no_parity``), if so."""
    # Only what the store holds is named: a store of one survey had been told "no BLS OEWS
    # figure ..." and "OFLC ... none for a whole country" of tables it never had.
    notes = pay_said(rows)
    shown = {(r["source"], r.get("occupation")) for r in rows}
    if held.has("oews"):
        notes += _oews_missing(at, socs, shown) + _oews_unreleased(rows)
    if held.has("oflc_wage_levels"):
        notes += _oflc_missing(at, socs, shown, oflc_socs)
    # Said of an OEWS row shown: abroad (OEWS is US only) there is none to say it of.
    if levels and any(source == "oews" for source, _ in shown):
        notes.append("BLS OEWS percentiles cover all experience levels of the occupation")
    if parity is not None:
        notes.append(
            f"at US-average prices: records divided by their year's BEA price parity, "
            f"published figures by the latest ({parity['year']}: all items "
            f"{parity['all_items']:.1f}, rents {parity.get('housing', float('nan')):.1f}; US = 100)"
        )
    elif no_parity:
        notes.append(no_parity)
    wider = [row for row in rows if row.get("state")]
    notes += [
        f"{row['source']} names no metro: its row is every record of {'/'.join(row['state'])}, "
        "a wider place than the metro"
        for row in wider
    ]
    if parity is not None:  # a state's records have no metro to price: their blank, said
        notes += [
            f"{row['source']}'s row has no median at US-average prices: BEA prices metros, "
            "and its records name none"
            for row in wider
        ]
    if not any(
        r["kind"] not in ("official", "prevailing_wage") and not r.get("state") for r in rows
    ):
        notes.append(_no_records(levels, wider=any(r.get("state") for r in rows)))
    return notes


def nothing_to_compare(result: dict[str, Any]) -> str | None:
    """Why a comparison has no row, in one line (None when it has one): what a caller
    whose format keeps the notes inside its answer (JSON) says on stderr beside its status 1,
    as ``stats`` says "no records: ..." (it had exited 1 without a word).

    Example:
        >>> nothing_to_compare({"rows": [], "notes": ["no records match this role and place"]})
        'no rows: no records match this role and place, and no official figure covers it'
        >>> nothing_to_compare({"rows": [{"source": "oews"}], "notes": []}) is None
        True
    """
    if result["rows"]:
        return None
    # Rows empty: no records row, so ``_notes`` has said which records are missing.
    said = next((n for n in result["notes"] if n.startswith("no record")), "no records match")
    return f"no rows: {said}, and no official figure covers it"


def _no_records(levels: list[str] | None, *, wider: bool) -> str:
    """Why no records row is the place's own, naming what was asked: Raleigh's 8 ML-engineer
    filings, none senior, had been "no records match this role and place" under NC's row.

    Example:
        >>> _no_records(None, wider=False), _no_records(["senior"], wider=False)
        ('no records match this role and place', 'no records match this role, level and place')
        >>> _no_records(["senior"], wider=True)
        'no record of the metro itself matches this role and level'
    """
    asked = "role and level" if levels else "role"
    if wider:
        return f"no record of the metro itself matches this {asked}"
    return f"no records match this {asked.replace(' and', ',')} and place"
