"""A county named with a state that holds none of that name ("Fayette County, WA") is offered
the areas of that county's name in the states that hold one, as a county named alone is:
`paygrade compare --role "ML Engineer" --metro "Fayette County, WA"` had said "no metro area
is called 'Fayette County, WA'" with no suggestion, and the filters (the offer's, the API's)
alike. Held over the real places table."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from paygrade.cli import main
from paygrade.compare import place
from paygrade.filters import KnownValues, resolve
from paygrade.normalize.places import NoSuchPlace
from paygrade.store import Store

# How the places table writes a county's kind (the words a county is named with).
COUNTY_WORD = re.compile(r" County$")


def _elsewhere(store: Store) -> dict[str, tuple[str, set[str], set[str]]]:
    """Each county name ("Fayette County") the places table holds in some state, with a
    state holding none of that name, the states holding it and their areas."""
    rows = store.con.execute(
        "SELECT DISTINCT county, state, metro FROM places WHERE metro IS NOT NULL ORDER BY ALL"
    ).fetchall()
    states = sorted({state for _, state, _ in rows if len(state) == 2})
    held: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for county, state, metro in rows:
        if COUNTY_WORD.search(county):
            held[county][0].add(state)
            held[county][1].add(metro)
    return {
        county: (next(s for s in states if s not in have and s not in ("LA", "AK")), have, areas)
        for county, (have, areas) in held.items()
    }


def test_a_county_of_another_state_is_offered_each_state_s_area(real_store: Store) -> None:
    elsewhere = _elsewhere(real_store)
    assert "WA" not in elsewhere["Fayette County"][1]  # no Fayette County in Washington
    sample = ["Fayette County", *list(elsewhere)[::40]]
    for county in sample:
        state, have, areas = elsewhere[county]
        with pytest.raises(NoSuchPlace) as refused:
            place(real_store, metro=f"{county}, {state}")
        # Had been "no metro area is called 'Fayette County, WA'", no suggestion.
        assert areas <= set(refused.value.suggestions), county
        assert f"{state} has no county called {county!r}" in str(refused.value), county
        assert all(other in str(refused.value) for other in have), county


def test_the_filters_offer_a_county_of_another_state_its_areas(real_store: Store) -> None:
    known = KnownValues(real_store)
    held = known.of("metro")
    state, _, areas = _elsewhere(real_store)["Fayette County"]
    _, (unmatched,) = resolve({"metro": [f"Fayette County, {state}"]}, known)
    kept = {area for area in areas if area.casefold() in held}
    assert kept and kept <= set(unmatched.suggestions)  # had been no suggestion


def test_compare_cli_says_a_county_of_another_state(
    real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = ["--db", str(real_db), "compare", "--role", "ML Engineer"]
    assert main([*asked, "--metro", "Fayette County, WA"]) == 1
    said = capsys.readouterr().err
    assert said.startswith("error: no metro area is called 'Fayette County, WA'; ")
    assert "WA has no county called 'Fayette County'" in said
    assert "e.g. 'Fayette County, AL'" in said
