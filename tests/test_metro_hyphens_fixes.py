"""A hyphen within one city's name in an OEWS metro's name ("Winston-Salem, NC",
"Scranton--Wilkes-Barre, PA"): the metro had been named by each word of it, "Salem"
Winston-Salem's as much as Salem, OR's, "Davidson" Nashville's."""

from __future__ import annotations

from itertools import pairwise

from paygrade.compare import place
from paygrade.normalize import places
from paygrade.normalize.places import (
    NoSuchPlace,
    gazetteer,
    metros_meant,
    metros_spelled_near,
    place_key,
)
from paygrade.store import Store


def _real_metros(store: Store) -> list[str]:
    rows = store.con.execute(
        "SELECT DISTINCT area_name FROM oews WHERE area_type = 'metro' ORDER BY 1"
    ).fetchall()
    return [metro for (metro,) in rows]


def _is_city(name: str, states: list[str], held: set[tuple[str, str]]) -> bool:
    """Whether the gazetteer holds a city of this name in one of the states."""
    return any((place_key(name, state), state) in held for state in states)


def _words_inside_a_name(metro: str, held: set[tuple[str, str]]) -> set[str]:
    """The words between a metro's hyphens that are no city of it but part of one city's
    name: OEWS's "--" between its cities says each single hyphen is within a name
    ("Nashville-Davidson"), else the gazetteer's city of the two words joined does
    ("Winston-Salem", no city of Winston or Salem in North Carolina)."""
    cities, _, codes = metro.rpartition(", ")
    states = codes.split("-")
    inside = set()
    for name in cities.replace("--", "/").split("/"):
        words = name.split("-")
        for a, b in pairwise(words):
            if "--" in cities or _is_city(f"{a}-{b}", states, held):
                inside |= {w.casefold() for w in (a, b) if not _is_city(w, states, held)}
    return inside


def _hyphenated_names(metro: str, held: set[tuple[str, str]]) -> list[str]:
    """The names of a metro's cities that hold a hyphen, by the rules above."""
    cities, _, codes = metro.rpartition(", ")
    names = cities.replace("--", "/").split("/")
    if "--" in cities:
        return [name for name in names if "-" in name]
    pairs = (pair for name in names for pair in pairwise(name.split("-")))
    return [joined for joined in map("-".join, pairs) if _is_city(joined, codes.split("-"), held)]


def _first_cities(metro: str, held: set[tuple[str, str]]) -> list[str]:
    """The city a metro is named for first, as OEWS writes it ("Nashville-Davidson",
    "Winston-Salem", "Seattle") and, where that holds a hyphen, its first word when that is
    the gazetteer's city too ("Nashville")."""
    cities, _, codes = metro.rpartition(", ")
    states = codes.split("-")
    if "--" in cities:
        first = cities.split("--")[0].split("/")[0]
    else:
        words = cities.split("/")[0].split("-")
        joined = "-".join(words[:2])
        first = joined if len(words) > 1 and _is_city(joined, states, held) else words[0]
    word = first.split("-")[0]
    return [first, word] if word != first and _is_city(word, states, held) else [first]


def test_no_real_metro_is_named_by_a_word_of_one_city_s_name(real_store: Store) -> None:
    metros = _real_metros(real_store)
    held = {(key, state) for key, state, _, _ in gazetteer()}
    named_wrongly = {}
    inside_any: set[str] = set()
    for metro in metros:
        inside = _words_inside_a_name(metro, held)
        inside_any |= inside
        for word in sorted(inside):
            if metro in metros_meant(word, metros):
                named_wrongly[word] = metro
    # Winston-Salem's and Scranton--Wilkes-Barre's words at least: the test has some.
    assert {"winston", "salem", "wilkes", "barre"} <= inside_any
    assert named_wrongly == {}


def test_every_real_metro_is_still_named_by_its_first_city(real_store: Store) -> None:
    metros = _real_metros(real_store)
    held = {(key, state) for key, state, _, _ in gazetteer()}
    unnamed = {
        city: metro
        for metro in metros
        for city in _first_cities(metro, held)
        if metro not in metros_meant(city, metros)
    }
    assert len(metros) > 300 and unnamed == {}


def test_the_hyphenated_cities_are_the_gazetteer_s_of_real_metros(real_store: Store) -> None:
    # Each a city whose metro OEWS names for it alone, with no "--" to mark its hyphen.
    held = {(key, state) for key, state, _, _ in gazetteer()}
    alone = {
        cities.casefold(): codes.split("-")
        for cities, _, codes in (m.rpartition(", ") for m in _real_metros(real_store))
        if "--" not in cities
    }
    for city in places.HYPHENATED_CITIES:
        assert city in alone and _is_city(city, alone[city], held), city


def test_salem_is_salem_oregon_and_winston_no_metro(real_store: Store) -> None:
    # `paygrade compare --metro Salem` had said "no metro area is called 'Salem'; did you
    # mean Salem, OR or Winston-Salem, NC?"; `--metro Winston` had been Winston-Salem, NC.
    assert place(real_store, metro="Salem").metro == "Salem, OR"
    assert place(real_store, metro="Winston-Salem").metro == "Winston-Salem, NC"
    try:
        place(real_store, metro="Winston")
    except NoSuchPlace as exc:
        assert exc.suggestions[:1] == ["Winston-Salem, NC"]
    else:
        raise AssertionError("Winston named a metro")


def test_a_misspelt_word_of_a_hyphenated_city_is_still_offered_its_metro(
    real_store: Store,
) -> None:
    # Spelling offers by each word: "nashvile" is near Nashville-Davidson's Nashville.
    metros = _real_metros(real_store)
    nashville = next(m for m in metros if m.startswith("Nashville-Davidson--"))
    assert nashville in metros_spelled_near("nashvile", metros)


def test_a_hyphenated_city_written_with_a_space_names_its_metro(real_store: Store) -> None:
    # USPS and filers write "Winston Salem", "Wilkes Barre": "no metro area is called
    # 'Winston Salem'; did you mean Winston-Salem, NC?" had been said.
    metros = _real_metros(real_store)
    held = {(key, state) for key, state, _, _ in gazetteer()}
    spaced = {
        name.replace("-", " "): metro for metro in metros for name in _hyphenated_names(metro, held)
    }
    assert "Winston Salem" in spaced and "Wilkes Barre" in spaced
    named = {city: place(real_store, metro=city).metro for city in spaced}
    assert named == spaced
