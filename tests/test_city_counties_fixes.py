"""A consolidated city-county's county in an OEWS metro's name ("Lexington-Fayette, KY",
"Athens-Clarke County, GA", "Louisville/Jefferson County, KY-IN"): the county's name alone
had named that one metro, silently, where a county of that name is in many states
(Fayette County in eleven); and the city-county's own name ("Lexington-Fayette") had
named none."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from paygrade.compare import place
from paygrade.normalize import places
from paygrade.normalize.places import NoSuchPlace, gazetteer, metros_meant, place_key
from paygrade.store import Store


def _real_metros(store: Store) -> list[str]:
    rows = store.con.execute(
        "SELECT DISTINCT area_name FROM oews WHERE area_type = 'metro' ORDER BY 1"
    ).fetchall()
    return [metro for (metro,) in rows]


def _county_words(metros: list[str]) -> dict[str, tuple[str, str, str]]:
    """Each word of a real metro's name (between its hyphens or slashes) that is no city
    of its states by the gazetteer but a county of one of them ("Fayette" is Fayette
    County, KY's; "Clarke County"): that word -> (metro, the word before it, state)."""
    rows = gazetteer()
    cities = {(key, state) for key, state, _, _ in rows}
    counties = {(county.casefold(), state) for _, state, _, county in rows}
    found = {}
    for metro in metros:
        names, _, codes = metro.rpartition(", ")
        words = [w.strip() for w in re.split(r"-+|/", names)]
        for before, word in pairwise(words):
            for state in codes.split("-"):
                is_city = (place_key(word, state), state) in cities
                folded = word.casefold()
                is_county = {(folded, state), (f"{folded} county", state)} & counties
                # The city-county's state, its metro's first: Jefferson County, IN is
                # Southern Indiana's nonmetropolitan area, not Louisville/Jefferson's.
                if is_county and not is_city and word not in found:
                    found[word] = (metro, before, state)
    return found


def _states_with_county(word: str) -> set[str]:
    wanted = {word.casefold(), f"{word.casefold()} county"}
    return {state for _, state, _, county in gazetteer() if county.casefold() in wanted}


def test_the_city_counties_are_those_of_the_real_metros(real_store: Store) -> None:
    found = _county_words(_real_metros(real_store))
    # Nashville-Davidson's hyphen is within a name by OEWS's "--" (HYPHENATED_CITIES' test).
    joined = {
        f"{before}-{word}".casefold()
        for word, (metro, before, _) in found.items()
        if "--" not in metro
    }
    assert {"lexington-fayette", "athens-clarke county"} <= joined
    assert joined == places.CITY_COUNTIES


def test_no_county_of_a_real_metro_s_name_alone_names_it(real_store: Store) -> None:
    metros = _real_metros(real_store)
    found = _county_words(metros)
    named = {}
    for word, (metro, _, _) in found.items():
        assert len(_states_with_county(word)) > 1, word  # why it names no one metro
        for text in {word, f"{word.removesuffix(' County')} County"}:
            if metro in metros_meant(text, metros):
                named[text] = metro
    assert {"Fayette", "Clarke County", "Jefferson County"} <= set(found)
    assert named == {}


def test_a_city_county_is_named_by_its_name_its_city_and_its_county_with_its_state(
    real_store: Store,
) -> None:
    metros = _real_metros(real_store)
    wanted: dict[str, str] = {}
    for word, (metro, before, state) in _county_words(metros).items():
        if "--" in metro:
            continue
        for text in (f"{before}-{word}", f"{before} {word}", before, f"{before}, {state}"):
            wanted[text] = metro
        wanted[f"{word}, {state}"] = metro
    assert wanted["Lexington-Fayette"] == "Lexington-Fayette, KY"
    named = {text: place(real_store, metro=text).metro for text in wanted}
    assert named == wanted


@pytest.mark.parametrize(
    ("text", "offered"),
    [("Fayette", "Lexington-Fayette, KY"), ("Clarke County", "Athens-Clarke County, GA")],
)
def test_a_bare_county_is_refused_with_the_metro_s_real_name(
    real_store: Store, text: str, offered: str
) -> None:
    # `paygrade compare --metro Fayette` had compared Lexington-Fayette, KY's pay, saying so
    # only in its title: Fayette County, GA is Atlanta's, Fayette County, PA Pittsburgh's.
    with pytest.raises(NoSuchPlace) as refused:
        place(real_store, metro=text)
    assert offered in refused.value.suggestions and offered in str(refused.value)
