"""Places: city keys, the Connecticut table, and worksites to official metro areas.

The gazetteer joins the real OFLC geography file (read here with the csv
module, not the product's reader) once per module.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paygrade.normalize.places import (
    area_name,
    city_key,
    county_key,
    ct_planning_regions,
    gazetteer,
    place_aliases,
    place_code,
    place_key,
    places_with_areas,
    regions,
    state_meant,
)
from paygrade.normalize.rule_tables import codes, read_rules
from paygrade.store import Store

Place = tuple[str, str, str, str, str | None, str | None]
GeographyRow = tuple[str, str, str, str]


@pytest.fixture(scope="module")
def geography(data_dir: Path) -> list[GeographyRow]:
    path = data_dir / "oflc-geography-2025-26.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (row["Area"], row["AreaName"], row["StateAb"], row["CountyTownName"])
            for row in csv.DictReader(handle)
        ]


@pytest.fixture(scope="module")
def places(geography: list[GeographyRow]) -> list[Place]:
    return places_with_areas(geography)


@pytest.fixture(scope="module")
def metro_of(places: list[Place]) -> dict[tuple[str, str], str | None]:
    return {(key, state): metro for key, state, _city, _county, _area, metro in places}


SF = "San Francisco-Oakland-Fremont, CA"
SJ = "San Jose-Sunnyvale-Santa Clara, CA"
NY = "New York-Newark-Jersey City, NY-NJ"


@pytest.mark.parametrize(
    ("city", "state", "metro"),
    [
        ("Menlo Park", "CA", SF),  # San Mateo County, not Santa Clara
        ("MENLO PARK", "CA", SF),
        ("San Francisco", "CA", SF),
        ("Sunnyvale", "CA", SJ),
        ("Cupertino", "CA", SJ),
        ("Mountain View", "CA", SJ),
        ("San José", "CA", SJ),
        ("Seattle", "WA", "Seattle-Tacoma-Bellevue, WA"),
        ("Redmond", "WA", "Seattle-Tacoma-Bellevue, WA"),
        ("New York", "NY", NY),
        ("Brooklyn", "NY", NY),
        ("Jersey City", "NJ", NY),
        ("Piscataway Township", "NJ", NY),
        ("Edison Twp", "NJ", NY),
        ("Stamford", "CT", "Bridgeport-Stamford-Danbury, CT"),
        ("Old Greenwich", "CT", "Bridgeport-Stamford-Danbury, CT"),  # a village of Greenwich
        ("Hartford", "CT", "Hartford-West Hartford-East Hartford, CT"),
        ("Bristol", "CT", "Waterbury-Shelton, CT"),
        ("St. Paul", "MN", "Minneapolis-St. Paul-Bloomington, MN-WI"),
        ("Saint Paul", "MN", "Minneapolis-St. Paul-Bloomington, MN-WI"),
        ("Washington, D.C.", "DC", "Washington-Arlington-Alexandria, DC-VA-MD-WV"),
        ("Washington DC", "DC", "Washington-Arlington-Alexandria, DC-VA-MD-WV"),
        ("Boston", "MA", "Boston-Cambridge-Newton, MA-NH"),
        ("Cambridge", "MA", "Boston-Cambridge-Newton, MA-NH"),
        ("Moon Township", "PA", "Pittsburgh, PA"),  # a name USPS accepts for Coraopolis
        # A township USPS names in another county than its namesake town is itself: Shelby
        # Township's filings had been in Shelby's (Oceana County) Mid Michigan nonmetro.
        ("Shelby Township", "MI", "Detroit-Warren-Dearborn, MI"),
        ("Shelby Twp", "MI", "Detroit-Warren-Dearborn, MI"),
        ("Shelby", "MI", "Mid Michigan nonmetropolitan area"),
        ("Harrison Township", "MI", "Detroit-Warren-Dearborn, MI"),
        ("Colerain Township", "OH", "Cincinnati, OH-KY-IN"),
        ("Sugarcreek Township", "OH", "Dayton-Kettering-Beavercreek, OH"),
        ("Cranberry Township", "PA", "Pittsburgh, PA"),
        # Towns USPS names otherwise, once read as misspelt namesakes far away (Erin, NY and
        # Elwood, NJ) or left without a metro (place_aliases.csv).
        ("Erwin", "NY", "Southwest New York nonmetropolitan area"),
        ("Elmwood", "NJ", NY),
        ("National Harbor", "MD", "Washington-Arlington-Alexandria, DC-VA-MD-WV"),
        ("South Brunswick", "NJ", NY),
        # A ZIP code or a web form's "&nbsp;" left in the city (six FY2013-19 filings).
        ("SAN JOSE, CA 95134, CA", "CA", SJ),
        ("JERSEY CITY, NJ 07310-1686", "NJ", NY),
        ("BLOOMINGTON&NBSP;", "IL", "Bloomington, IL"),
        ("O'Fallon", "MO", "St. Louis, MO-IL"),  # USPS: "O Fallon"
        ("Michigan City", "IN", "Michigan City-La Porte, IN"),  # "La Porte" vs "LaPorte" County
        ("Juneau", "AK", "Alaska nonmetropolitan area"),  # "City and Borough of Juneau"
        ("Bayamon", "PR", "San Juan-Bayamon-Caguas, PR"),  # "Bayamon" vs "Bayamon Municipio"
        ("Mayaguez", "PR", "Mayaguez, PR"),  # BLS's spelling, not OFLC's "Mayag\x81uez"
    ],
)
def test_worksite_metro(
    metro_of: dict[tuple[str, str], str | None], city: str, state: str, metro: str
) -> None:
    assert metro_of.get((place_key(city, state), state)) == metro


def test_menlo_park_is_decided_by_its_own_zip_codes(places: list[Place]) -> None:
    # Atherton's and Portola Valley's ZIPs accept "Menlo Park" too; the city's own name wins.
    (row,) = [p for p in places if p[:2] == ("MENLO PARK", "CA")]
    assert row[2:] == ("Menlo Park", "San Mateo County", "41860", SF)


def test_every_place_key_is_unique(places: list[Place]) -> None:
    keys = [(key, state) for key, state, *_ in places]
    assert len(keys) == len(set(keys))
    assert len(keys) > 35_000


def test_metro_names_are_clean_official_names(
    places: list[Place], geography: list[GeographyRow]
) -> None:
    official = {area_name(name) for _area, name, _state, _county in geography}
    metros = {p[5] for p in places if p[5] is not None}
    assert metros <= official
    assert "Mayaguez, PR" in metros
    assert not any(unicodedata.category(c) == "Cc" for metro in metros for c in metro)


def test_almost_every_place_has_an_area(places: list[Place]) -> None:
    without = [p for p in places if p[4] is None]
    # What is left: Connecticut villages not in the town table, and ZIPs that
    # the gazetteer files under a county of the neighbouring state.
    assert len(without) < 200, without[:20]


def test_every_county_of_the_geography_is_reached(
    places: list[Place], geography: list[GeographyRow]
) -> None:
    reached = {(state, county_key(county)) for _k, state, _c, county, area, _m in places if area}
    missed = [
        (state, county)
        for _a, _n, state, county in geography
        if (state, county_key(county)) not in reached
    ]
    # Guam and the Virgin Islands have no counties in the gazetteer; Virginia's
    # independent cities share their ZIP codes with the county around them.
    unexplained = [
        (state, county)
        for state, county in missed
        if state not in ("GU", "VI") and not (state == "VA" and county.endswith(" city"))
    ]
    assert unexplained == []


# -- keys -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("St. Paul", "SAINT PAUL"),
        ("Ft. Worth", "Fort Worth"),
        ("Mt Laurel", "Mount Laurel"),
        ("O'Fallon", "O Fallon"),
        ("Coeur d'Alene", "Coeur D Alene"),
        ("Lee's Summit", "Lees Summit"),
        ("Lee’s Summit", "Lees Summit"),
        ("San José", "SAN JOSE"),
        ("Winston-Salem", "Winston Salem"),
        ("  new   york ", "NEW YORK"),
    ],
)
def test_city_key_matches_the_ways_a_name_is_written(a: str, b: str) -> None:
    assert city_key(a) == city_key(b)


@pytest.mark.parametrize(
    ("city", "state", "key"),
    [
        ("Washington, D.C.", "DC", "WASHINGTON"),
        ("Piscataway Township", "NJ", "PISCATAWAY"),
        ("Piscataway Township NJ", "NJ", "PISCATAWAY"),
        ("Hoboken, NJ, NJ", "NJ", "HOBOKEN"),
        ("Van Buren Twp", "MI", "VAN BUREN"),
        ("Township", "NJ", "TOWNSHIP"),  # never stripped to nothing
        ("NJ", "NJ", "NJ"),
        ("Kansas City", "MO", "KANSAS CITY"),
        ("Kansas City", None, "KANSAS CITY"),
    ],
)
def test_place_key(city: str, state: str | None, key: str) -> None:
    assert place_key(city, state) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("St. Louis County", "Saint Louis"),
        ("LaPorte County", "La Porte County"),
        ("De Witt County", "DeWitt County"),
        ("Juneau City and Borough", "City and Borough of Juneau"),
        ("Anchorage Municipality", "Municipality of Anchorage"),
        ("Bayamon Municipio", "Bayamon"),
        ("East Baton Rouge Parish", "East Baton Rouge"),
    ],
)
def test_county_key_matches_both_files(a: str, b: str) -> None:
    assert county_key(a) == county_key(b)


def test_county_key_keeps_independent_cities_apart() -> None:
    assert county_key("Baltimore city") != county_key("Baltimore County")
    assert county_key("St. Louis city") != county_key("St. Louis County")


@given(st.text())
def test_city_key_never_raises_and_is_idempotent(text: str) -> None:
    key = city_key(text)
    assert key == key.strip()
    assert "  " not in key
    assert city_key(key) == key


@given(st.text(), st.none() | st.sampled_from(["NJ", "CA", "DC", "ny", "T"]) | st.text(max_size=3))
def test_place_key_never_raises_and_is_idempotent(text: str, state: str | None) -> None:
    key = place_key(text, state)
    assert place_key(key, state) == key
    if key not in place_aliases().values():  # an alias names another city ("Ny" is New York)
        assert key == "" or key.split()[0] == city_key(text).split()[0]


@given(st.text())
def test_area_name_drops_only_control_characters(text: str) -> None:
    cleaned = area_name(text)
    assert area_name(cleaned) == cleaned
    assert [c for c in text if unicodedata.category(c) != "Cc"] == list(cleaned)


# -- the Connecticut table ------------------------------------------------------------


def test_gazetteer_is_built_once_and_read_by_every_geography_load(
    geography: list[GeographyRow], places: list[Place]
) -> None:
    # A second load (another store, a re-ingest) reuses the rows, and gets the same places.
    assert gazetteer() is gazetteer()
    assert places_with_areas(geography) == places
    assert [row[:4] for row in places] == [tuple(row) for row in gazetteer()]


def test_ct_regions_all_exist_in_the_geography(geography: list[GeographyRow]) -> None:
    official = {county for _a, _n, state, county in geography if state == "CT"}
    table = {row["planning_region"] for row in read_rules("ct_planning_regions.csv")}
    assert table == official  # every region used, none misspelt


def test_ct_towns_are_listed_once() -> None:
    towns = [place_key(row["town"], "CT") for row in read_rules("ct_planning_regions.csv")]
    assert len(towns) == len(set(towns)) == len(ct_planning_regions())


def test_every_ct_town_is_a_place_of_its_region(places: list[Place]) -> None:
    county_of = {key: county for key, state, _c, county, _a, _m in places if state == "CT"}
    regions = ct_planning_regions()
    # A town the gazetteer does not know is a dead row (a misspelling, say).
    assert {town: county_of.get(town) for town in regions} == regions


def test_ct_metro_follows_the_region(metro_of: dict[tuple[str, str], str | None]) -> None:
    # Danbury (Western) and Bridgeport (Greater Bridgeport) share a metro; Shelton,
    # in Fairfield County too, is in Naugatuck Valley and Waterbury-Shelton.
    assert metro_of[("DANBURY", "CT")] == metro_of[("BRIDGEPORT", "CT")]
    assert metro_of[("SHELTON", "CT")] == "Waterbury-Shelton, CT"
    assert metro_of[("TORRINGTON", "CT")] == "Connecticut nonmetropolitan area"
    assert metro_of[("MIDDLETOWN", "CT")] == "Hartford-West Hartford-East Hartford, CT"


PLACE_ALIASES = read_rules("place_aliases.csv")


@pytest.mark.parametrize("row", PLACE_ALIASES, ids=lambda r: f"{r['city']}, {r['state']}")
def test_each_place_alias_reaches_the_metro_of_its_usps_city(
    row: dict[str, str], metro_of: dict[tuple[str, str], str | None]
) -> None:
    filed = metro_of.get((place_key(row["city"], row["state"]), row["state"]))
    usps = metro_of.get((place_key(row["usps_city"], row["state"]), row["state"]))
    assert usps is not None, f"{row['usps_city']}, {row['state']} is not a USPS city with a metro"
    assert filed == usps


@pytest.mark.parametrize("row", PLACE_ALIASES, ids=lambda r: f"{r['city']}, {r['state']}")
def test_no_place_alias_hides_a_real_usps_city(row: dict[str, str], places: list[Place]) -> None:
    # An alias must only catch names USPS does not know, or it would move a real city.
    usps_names = {(city_key(city), state) for _key, state, city, _c, _a, _m in places}
    assert (city_key(row["city"]), row["state"]) not in usps_names


@pytest.mark.parametrize(
    ("written", "code"),
    [("Turkey", "TR"), ("Türkiye", "TR"), ("turkiye", "TR"), ("Deutschland", "DE"),
     ("España", "ES"), ("the  Netherlands", "NL"), ("Holland", "NL"), ("Cote d'Ivoire", "CI"),
     ("Österreich", "AT"), ("UAE", "AE"), ("Bolivia", "BO"), ("USA", "US")],
)  # fmt: skip
def test_a_country_is_read_by_the_names_people_write(written: str, code: str) -> None:
    assert place_code("country", written) == code


def test_every_country_alias_names_a_code_and_is_no_country_s_iso_name() -> None:
    countries = {r["name"].casefold(): r["code"] for r in read_rules("countries.csv")}
    for row in read_rules("country_aliases.csv"):
        assert row["code"] in codes("countries.csv"), row
        assert row["alias"] == row["alias"].casefold().strip() and row["alias"].isascii(), row
        assert countries.get(row["alias"], row["code"]) == row["code"], row


def test_every_country_of_a_region_is_a_code_the_country_field_accepts() -> None:
    # A member the field refuses (Kosovo's user-assigned XK) is a place no record can be.
    countries = codes("countries.csv")
    for region, members in regions("country").items():
        assert set(members) <= countries, (region, sorted(set(members) - countries))
    europe, eu, euro = (set(regions("country")[r]) for r in ("Europe", "EU", "Euro area"))
    assert euro < eu < europe and len(eu) == 27 and len(euro) == 20


def test_every_currency_names_a_country_code_or_a_region() -> None:
    from paygrade.claims.extract import currency_places

    for currency, place in currency_places().items():
        assert currency in codes("currencies.csv"), currency
        assert place in codes("countries.csv") or place in regions("country"), (currency, place)


def test_every_state_the_real_store_holds_is_read_as_itself(real_store: Store) -> None:
    # state_meant refuses a state outside us_states.csv: a state the records hold must
    # never be one (the filters, estimate profiles and submissions read states with it).
    held = [
        row[0]
        for row in real_store.con.execute(
            "SELECT DISTINCT state FROM records WHERE state IS NOT NULL"
        ).fetchall()
    ]
    assert len(held) > 50
    assert {state: state_meant(state) for state in held} == {state: state for state in held}
    names = {row["code"]: row["name"] for row in read_rules("us_states.csv")}
    assert all(state_meant(names[state].lower()) == state for state in held)
