"""A county named with its state ("Fayette County, KY", "Clarke County, VA") names the OEWS
area the store's places table puts it in: OEWS writes "Lexington-Fayette", so `compare
--metro "Fayette County, KY"` had said "no metro area is called", `stats --where` had split
it into "Fayette County" and "KY", and "Clarke County, VA" (Washington's metro) had been
offered Athens-Clarke County, GA. A county's name alone, many states', is refused with
every area holding a county of that name offered. Held over the real places table."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from paygrade.cli import main
from paygrade.compare import place
from paygrade.filters import KnownValues, resolve
from paygrade.normalize.places import NoSuchPlace, metros_meant
from paygrade.store import Store

# How the places table (the gazetteer's and OFLC's spelling) writes a county's kind.
COUNTY_WORD = re.compile(r" (County|Parish|Borough|Census Area|Municipio|Municipality)$")


def _counties(store: Store) -> list[tuple[str, str, str]]:
    """(county as the places table writes it, state, its area) of every county named a
    county, of an OEWS area (metro or nonmetro)."""
    rows = store.con.execute(
        """SELECT DISTINCT county, state, metro FROM places
        WHERE metro IN (SELECT area_name FROM oews WHERE area_type IN ('metro', 'nonmetro'))
        ORDER BY ALL"""
    ).fetchall()
    return [(c, s, m) for c, s, m in rows if COUNTY_WORD.search(c)]


def test_each_county_of_a_state_lies_in_one_area(real_store: Store) -> None:
    # Why a county with its state may be answered, never guessed: one area each.
    areas = defaultdict(set)
    for county, state, metro in real_store.con.execute(
        "SELECT DISTINCT county, state, metro FROM places WHERE metro IS NOT NULL"
    ).fetchall():
        areas[state, county.casefold()].add(metro)
    assert len(areas) > 3000
    assert {key: found for key, found in areas.items() if len(found) > 1} == {}


def test_every_county_with_its_state_names_its_area(real_store: Store) -> None:
    counties = _counties(real_store)
    assert ("Fayette County", "KY", "Lexington-Fayette, KY") in counties
    # A city-county's county is of its own state only: Jefferson County, IN is not
    # Louisville's (KY-IN), as it had been named.
    assert ("Jefferson County", "IN", "Southern Indiana nonmetropolitan area") in counties
    wanted = {f"{county}, {state}": metro for county, state, metro in counties}
    # Every fourth county (about 800), and the two above: each call is `compare`'s whole
    # reading of a metro (some 15 ms), the same path for every county.
    keep = {"Fayette County, KY", "Jefferson County, IN", *list(wanted)[::4]}
    wanted = {text: metro for text, metro in wanted.items() if text in keep}
    named = {}
    for text in wanted:
        try:
            named[text] = place(real_store, metro=text).metro
        except NoSuchPlace:
            named[text] = None
    assert named == wanted


def test_a_county_with_its_state_filters_its_area(real_store: Store) -> None:
    # `stats --where "metro=Fayette County, KY"` had been "Fayette County" and "KY".
    known = KnownValues(real_store)
    held = known.of("metro")
    wanted = {f"{c}, {s}": m for c, s, m in _counties(real_store) if m.casefold() in held}
    assert wanted["Clarke County, VA"] == "Washington-Arlington-Alexandria, DC-VA-MD-WV"
    keep = {"Clarke County, VA", *list(wanted)[::4]}  # a sample: one path for every county
    wanted = {text: metro for text, metro in wanted.items() if text in keep}
    named = {}
    for text in wanted:
        typed, unmatched = resolve({"metro": [text]}, known)
        named[text] = typed["metro"] if not unmatched else None
    assert named == {text: [metro] for text, metro in wanted.items()}


def test_a_county_alone_of_several_states_is_offered_each_state_s_area(
    real_store: Store,
) -> None:
    by_name: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for county, state, metro in _counties(real_store):
        by_name[COUNTY_WORD.sub("", county)].add((state, metro))
    refused = {}
    for name, held in sorted(by_name.items()):
        states = {state for state, _ in held}
        if len(states) < 2 or len(name) < 4:
            continue
        try:
            place(real_store, metro=name)
        except NoSuchPlace as no:  # a state's name ("Delaware") is refused as a state
            if str(no).startswith("no metro area is called"):
                refused[name] = (no, held, states)
    assert "Fayette" in refused and len(refused) > 100
    for name, (no, held, states) in refused.items():
        assert {metro for _, metro in held} <= set(no.suggestions), name
        assert all(state in str(no) for state in states), name


def test_no_name_that_named_a_metro_changes_meaning(real_store: Store) -> None:
    # The counties are read last: every real metro's name, city and city with its state
    # means what it meant without them.
    from paygrade.places_held import counties_of

    rows = real_store.con.execute("SELECT DISTINCT area_name FROM oews").fetchall()
    metros = [metro for (metro,) in rows]
    counties = counties_of(real_store)
    texts = set()
    for metro in metros:
        cities, comma, states = metro.rpartition(", ")
        for city in re.split(r"--|-|/", cities) if comma else []:
            texts |= {metro, city, *(f"{city}, {state}" for state in states.split("-"))}
    named = {text: metros_meant(text, metros) for text in texts}
    changed = [t for t, was in named.items() if was and metros_meant(t, metros, counties) != was]
    assert sum(map(bool, named.values())) > 500 and changed == []


@pytest.mark.parametrize(
    ("text", "metro"),
    [
        ("Fayette County, KY", "Lexington-Fayette, KY"),
        ("Clarke County, VA", "Washington-Arlington-Alexandria, DC-VA-MD-WV"),
    ],
)
def test_compare_cli_answers_a_county_with_its_state(
    text: str, metro: str, real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = ["--db", str(real_db), "compare", "--role", "ML Engineer", "--metro", text]
    assert main([*asked, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["where"]["metro"] == [metro]
