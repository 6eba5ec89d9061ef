"""Places: a worksite city to its county and official OEWS metro area.

City -> county comes from the ``zipcodes`` gazetteer (every US ZIP code with
its city, the other names the USPS accepts for it, and its county; offline).
County -> area comes from DOL's OFLC geography file, the official definition of
OEWS areas, so metro names are exactly as BLS writes them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache

from paygrade.normalize.rule_tables import read_rules

_PUNCTUATION = re.compile(r"[^\w\s]")
# USPS and filers abbreviate differently: "ST. PAUL" / "Saint Paul", "FT WORTH".
_ABBREVIATIONS = {"SAINT": "ST", "SAINTE": "STE", "FORT": "FT", "MOUNT": "MT"}


@lru_cache(maxsize=65536)
def city_key(city: str) -> str:
    """The matching key of a city name: upper case, no punctuation, common abbreviations.

    Example:
        >>> city_key("St. Paul") == city_key("SAINT PAUL")
        True
    """
    words = _PUNCTUATION.sub(" ", city.replace("'", "").replace(".", "")).upper().split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def county_key(county: str) -> str:
    """County names compared without case, punctuation or a trailing 'County'.

    Example:
        >>> county_key("St. Louis County") == county_key("Saint Louis")
        True
    """
    key = city_key(county)
    for suffix in (" COUNTY", " PARISH", " BOROUGH", " CENSUS AREA", " MUNICIPALITY"):
        key = key.removesuffix(suffix)
    return key


def place_key(city: str, state: str | None) -> str:
    """``city_key`` plus what filers add to a city name: "Washington DC", "Edison Township".

    Example:
        >>> place_key("Washington, D.C.", "DC"), place_key("Piscataway Township", "NJ")
        ('WASHINGTON', 'PISCATAWAY')
    """
    key = city_key(city)
    state_key = city_key(state or "")
    for suffix in (" TOWNSHIP", " TWP", f" {state_key}" if state_key else None):
        if suffix and key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    return key


@cache
def ct_planning_regions() -> dict[str, str]:
    """Connecticut town key -> planning region (``rules/ct_planning_regions.csv``)."""
    rows = read_rules("ct_planning_regions.csv")
    return {city_key(row["town"]): row["planning_region"] for row in rows}


def gazetteer() -> list[tuple[str, str, str, str]]:
    """(city_key, state, display city, county) for each city, the county holding most ZIPs.

    A city's own name counts before the other names USPS accepts, so that
    "Menlo Park" is decided by the ZIPs of Menlo Park itself.
    """
    import zipcodes

    primary: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    accepted: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    names: dict[tuple[str, str], str] = {}
    for entry in zipcodes.list_all():
        county, state = entry.get("county") or "", entry.get("state") or ""
        if not county or not state:
            continue
        key = (city_key(entry["city"]), state)
        primary[key][county] += 1
        names.setdefault(key, entry["city"])
        for other in entry.get("acceptable_cities") or []:
            accepted[(city_key(other), state)][county] += 1
            names.setdefault((city_key(other), state), other.title())
    regions = ct_planning_regions()
    rows = []
    for key in primary.keys() | accepted.keys():
        counts = primary.get(key) or accepted[key]
        county = _most_common(counts)
        if key[1] == "CT":
            county = regions.get(key[0], county)
        rows.append((key[0], key[1], names[key], county))
    return rows


def _most_common(counts: Counter[str]) -> str:
    # Ties go to the alphabetically first county so that builds are repeatable.
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def places_with_areas(
    geography: Iterable[tuple[str, str, str, str]],
) -> list[tuple[str, str, str, str, str | None, str | None]]:
    """Join the gazetteer with (area, area_name, state, county) rows of the OFLC geography.

    Returns (city_key, state, city, county, area, metro) rows; area and metro are
    None where the county is not in the geography.
    """
    areas = {(state, county_key(county)): (area, name) for area, name, state, county in geography}
    rows = []
    for key, state, city, county in gazetteer():
        area, name = areas.get((state, county_key(county)), (None, None))
        rows.append((key, state, city, county, area, name))
    return rows
