"""Places: a worksite city to its county and official OEWS metro area.

City -> county comes from the ``zipcodes`` gazetteer (every US ZIP code with
its city, the other names the USPS accepts for it, and its county; offline).
County -> area comes from DOL's OFLC geography file, the official definition of
OEWS areas, so metro names are exactly as BLS writes them.
"""

from __future__ import annotations

import difflib
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

from paygrade import machine_cache
from paygrade.normalize import rule_tables
from paygrade.normalize.close_spelling import close_matches, holding
from paygrade.normalize.rule_tables import codes, normalizing_rows, read_rules
from paygrade.records import PaygradeError, and_list

_PUNCTUATION = re.compile(r"[^\w\s]")
# USPS writes "O'Fallon" as "O Fallon" and "Coeur d'Alene" as "Coeur D Alene",
# but "Lee's Summit" as "Lees Summit": after a one-letter word the mark is a space.
_LETTER_APOSTROPHE = re.compile(r"\b(\w)['\u2019]")
_APOSTROPHE = re.compile(r"['\u2019]")
# What filers leave in a worksite's city that names no place: a web form's non-breaking
# space as its HTML entity ("BLOOMINGTON&NBSP;"), the ZIP code ("SAN JOSE, CA 95134").
_NOT_A_NAME = re.compile(r"&nbsp;?|(?<!\d)\d{5}(?:-\d{4})?(?!\d)", re.IGNORECASE)
# USPS and filers abbreviate differently: "ST. PAUL" / "Saint Paul", "FT WORTH".
_ABBREVIATIONS = {"SAINT": "ST", "SAINTE": "STE", "FORT": "FT", "MOUNT": "MT"}
# The gazetteer writes "Bayamon" and "City and Borough of Juneau" where the
# OFLC file has "Bayamon Municipio" and "Juneau City and Borough".
_COUNTY_SUFFIXES = (
    " COUNTY",
    " PARISH",
    " CITY AND BOROUGH",
    " BOROUGH",
    " CENSUS AREA",
    " MUNICIPALITY",
    " MUNICIPIO",
)
_PLACE_SUFFIXES = (" TOWNSHIP", " TWP")


@lru_cache(maxsize=65536)
def city_key(city: str) -> str:
    """The matching key of a city name: upper case, no accents or punctuation, common abbreviations.

    Example:
        >>> city_key("St. Paul") == city_key("SAINT PAUL")
        True
        >>> city_key("O'Fallon"), city_key("Lee's Summit"), city_key("San José")
        ('O FALLON', 'LEES SUMMIT', 'SAN JOSE')
        >>> city_key("BLOOMINGTON&NBSP;"), city_key("JERSEY CITY, NJ 07310-1686")
        ('BLOOMINGTON', 'JERSEY CITY NJ')
    """
    named = _NOT_A_NAME.sub(" ", city)
    text = _APOSTROPHE.sub("", _LETTER_APOSTROPHE.sub(r"\1 ", _fold_accents(named)))
    words = _PUNCTUATION.sub(" ", text.replace(".", "")).upper().split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def _fold_accents(text: str) -> str:
    # USPS city names are ASCII: "San José" is filed under "San Jose".
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def county_key(county: str) -> str:
    """County names compared without case, punctuation, spaces or a trailing 'County'.

    Example:
        >>> county_key("St. Louis County") == county_key("Saint Louis")
        True
        >>> county_key("City and Borough of Juneau") == county_key("Juneau City and Borough")
        True
    """
    key = city_key(county)
    for prefix in ("CITY AND BOROUGH OF ", "MUNICIPALITY OF "):
        key = key.removeprefix(prefix)
    for suffix in _COUNTY_SUFFIXES:
        key = key.removesuffix(suffix)
    # "La Porte" / "LaPorte", "De Witt" / "DeWitt": the two files space them differently.
    return key.replace(" ", "")


@lru_cache(maxsize=65536)
def place_key(city: str, state: str | None) -> str:
    """``city_key`` plus what filers add to a city name: "Washington DC", "Edison Township".

    The gazetteer is keyed the same way, so "Moon Township" (a name USPS
    accepts) and "Moon Twp" meet.

    Example:
        >>> place_key("Washington, D.C.", "DC"), place_key("Piscataway Township", "NJ")
        ('WASHINGTON', 'PISCATAWAY')
        >>> place_key("Hoboken, NJ, NJ", "NJ"), place_key("Edison Twp NJ", "NJ")
        ('HOBOKEN', 'EDISON')
    """
    return _place_key(city, state)


def _place_key(
    city: str, state: str | None, townships: frozenset[tuple[str, str]] | None = None
) -> str:
    """``place_key`` with the townships kept apart given (the gazetteer's build, which
    makes them, gives them), else ``townships_apart``, read only for a township's name: a
    process whose places name none never reads the gazetteer."""
    key = _stripped_key(city, state)
    state_code = (state or "").strip().upper()
    if _named_township(city):
        apart = townships_apart() if townships is None else townships
        if (key, state_code) in apart:
            return f"{key} TOWNSHIP"  # "Shelby Township", MI is not Shelby, MI
    return place_aliases().get((key, state_code), key)


def _named_township(city: str) -> bool:
    return any(f"{suffix} " in f"{city_key(city)} " for suffix in _PLACE_SUFFIXES)


def _zip_entries() -> tuple[dict[str, Any], ...]:
    """The zipcodes package's ZIP codes (about half a second to load)."""
    import zipcodes

    # The package's list_all is untyped (its stub types the private module only).
    return tuple(zipcodes.list_all())  # type: ignore[no-untyped-call]


class Gazetteer(NamedTuple):
    """What the zipcodes package's ZIP codes make, with the rule tables: the townships
    kept apart from their namesake towns, and the gazetteer's rows."""

    townships: frozenset[tuple[str, str]]
    rows: tuple[tuple[str, str, str, str], ...]


# The rule tables the gazetteer is built with (a test holds its build to reading these
# alone): their bytes are in the fingerprint of the kept gazetteer.
GAZETTEER_TABLES = ("place_aliases.csv", "ct_planning_regions.csv")


@cache
def built_gazetteer() -> Gazetteer:
    """The gazetteer, as this machine's cache keeps it (``paygrade.machine_cache``) for
    the inputs installed, else built (about 1.4 s of CPU) and kept: each process that
    ingested or rebuilt had built it again."""
    try:
        path = machine_cache.kept_path("places", machine_cache.fingerprint(_gazetteer_inputs()))
    except OSError:  # an input unreadable as a file: built, as nothing can be kept for it
        return _build_gazetteer()
    kept = _gazetteer_of_json(machine_cache.held(path))
    if kept is not None:
        return kept
    built = _build_gazetteer()
    machine_cache.keep(path, {"townships": sorted(built.townships), "rows": built.rows})
    return built


def _gazetteer_inputs() -> list[bytes]:
    """Everything the gazetteer is built of: the zipcodes package (its ZIP codes are in
    its compiled extension), this module's key functions, the rule tables' reader and
    tables, and Python's Unicode tables (accents are folded by them)."""
    from zipcodes import _zipcodes

    rules = resources.files("paygrade.normalize") / "rules"
    versions = f"python {sys.version}; unicode {unicodedata.unidata_version}"
    return [
        versions.encode(),
        *(Path(str(module.__file__)).read_bytes() for module in (_zipcodes, rule_tables)),
        Path(__file__).read_bytes(),
        *((rules / table).read_bytes() for table in GAZETTEER_TABLES),
    ]


def _gazetteer_of_json(value: Any) -> Gazetteer | None:
    """The gazetteer a kept file holds; None for anything else (another shape, not text)."""
    if type(value) is not dict:
        return None
    townships = _rows_of_texts(value.get("townships"), 2)
    rows = _rows_of_texts(value.get("rows"), 4)
    if townships is None or rows is None:
        return None
    return Gazetteer(frozenset(townships), rows)  # type: ignore[arg-type]


def _rows_of_texts(value: Any, width: int) -> tuple[tuple[str, ...], ...] | None:
    """``value`` as rows of ``width`` texts each, if it is a list of such lists."""
    if type(value) is not list or not set(map(type, value)) <= {list}:
        return None
    if not set(map(len, value)) <= {width}:
        return None
    try:  # the rows' cells are texts if they join as texts
        "".join(chain.from_iterable(value))
    except TypeError:
        return None
    return tuple(map(tuple, value))


def _build_gazetteer() -> Gazetteer:
    entries = _zip_entries()
    townships = _townships_apart_of(entries)
    return Gazetteer(townships, _gazetteer_rows(entries, townships))


def townships_apart() -> frozenset[tuple[str, str]]:
    """(name key, state) of the townships USPS names in other counties than the town of
    the same name: "Shelby Township", MI (Macomb County, Detroit's metro) and Shelby, MI
    (Oceana County). Their keys keep "TOWNSHIP"; other townships' are stripped ("Edison
    Township" is Edison, NJ). Shelby Township's filings had been in Mid Michigan's
    nonmetropolitan area, the town's.

    Example:
        >>> ("SHELBY", "MI") in townships_apart(), ("EDISON", "NJ") in townships_apart()
        (True, False)
    """
    return built_gazetteer().townships


def _townships_apart_of(entries: Iterable[dict[str, Any]]) -> frozenset[tuple[str, str]]:
    towns: dict[tuple[str, str], set[str]] = defaultdict(set)
    townships: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in entries:
        county, state = entry.get("county") or "", entry.get("state") or ""
        if not county or not state:
            continue
        for name in (entry["city"], *(entry.get("acceptable_cities") or [])):
            key = (_stripped_key(name, state), state)
            if _named_township(name):
                townships[key].add(county)
            elif name == entry["city"]:  # a town's own name, as the gazetteer ranks it
                towns[key].add(county)
    return frozenset(
        key for key, counties in townships.items() if key in towns and not counties & towns[key]
    )


# A worksite misspelt ("SEATLLE", "KIRLAND", "San Franciso") is read as the one city of its
# state it is nearest to by spelling: at least this close (difflib's ratio), written with
# the same first letter, and clearly nearer than any other (by MISSPELT_MARGIN), so
# "Ashville, NC" is Asheville, not Nashville, and "Moorisville" (Morrisville or
# Mooresville) is none.
MISSPELT_CUTOFF = 0.85
MISSPELT_MARGIN = 0.05


def misspelt_city(key: str, cities: Iterable[str]) -> str | None:
    """The city key of one state that ``key`` (no city of it) misspells, or None.

    Example:
        >>> misspelt_city("SEATLLE", ["SEATTLE", "SEA TAC"])
        'SEATTLE'
        >>> misspelt_city("SANFRANCISCO", ["SAN FRANCISCO"])
        'SAN FRANCISCO'
        >>> misspelt_city("ASHVILLE", ["ASHEVILLE", "NASHVILLE"])
        'ASHEVILLE'
        >>> misspelt_city("MOORISVILLE", ["MORRISVILLE", "MOORESVILLE"]) is None  # which?
        True
    """
    same_start = [c for c in cities if c[:1] == key[:1]]
    joined = key.replace(" ", "")
    if spaced := [c for c in same_start if c.replace(" ", "") == joined]:
        return spaced[0] if len(spaced) == 1 else None
    # Only a city within the margin of the cutoff can win or tie: the cheap upper bounds
    # of the ratio leave out the rest (as difflib.get_close_matches does).
    floor = MISSPELT_CUTOFF - MISSPELT_MARGIN
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    scored = []
    for city in same_start:
        matcher.set_seq1(city)
        if matcher.real_quick_ratio() >= floor and matcher.quick_ratio() >= floor:
            scored.append((matcher.ratio(), city))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < MISSPELT_CUTOFF:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MISSPELT_MARGIN:
        return None
    return scored[0][1]


@lru_cache(maxsize=4096)
def misspelt_among(key: str, cities: tuple[str, ...]) -> str | None:
    """``misspelt_city``, remembered: reading a file ahead (``paygrade.read_ahead``) finds
    its misspelt cities before the ingest reaches it, as it finds its place keys.

    Example:
        >>> misspelt_among("KIRLAND", ("KIRKLAND", "KENT"))
        'KIRKLAND'
    """
    return misspelt_city(key, cities)


def _stripped_key(city: str, state: str | None) -> str:
    key = city_key(city)
    state_key = city_key(state or "")
    suffixes = (*_PLACE_SUFFIXES, f" {state_key}") if state_key else _PLACE_SUFFIXES
    stripped = True
    while stripped:  # until none is left: "EDISON TWP NJ"
        stripped = False
        for suffix in suffixes:
            if key.endswith(suffix) and len(key) > len(suffix):
                key, stripped = key[: -len(suffix)], True
    return key


@cache
def place_aliases() -> dict[tuple[str, str], str]:
    """(key as filed, state) -> key of the USPS city it stands for (``rules/place_aliases.csv``).

    Example:
        >>> place_key("Redwood Shores", "CA") == place_key("Redwood City", "CA")
        True
    """
    return {
        (_stripped_key(row["city"], row["state"]), row["state"]): _stripped_key(
            row["usps_city"], row["state"]
        )
        for row in read_rules("place_aliases.csv")
    }


@cache
def ct_planning_regions() -> dict[str, str]:
    """Connecticut town key -> planning region (``rules/ct_planning_regions.csv``)."""
    return _ct_planning_regions()


def _ct_planning_regions(townships: frozenset[tuple[str, str]] | None = None) -> dict[str, str]:
    rows = read_rules("ct_planning_regions.csv")
    return {_place_key(row["town"], "CT", townships): row["planning_region"] for row in rows}


def gazetteer() -> tuple[tuple[str, str, str, str], ...]:
    """(place_key, state, display city, county) for each city, the county holding most ZIPs.

    A city's own name counts before the other names USPS accepts, so that
    "Menlo Park" is decided by the ZIPs of Menlo Park itself.

    Built once per machine for the zipcodes package and rule tables installed
    (``built_gazetteer``): every OFLC geography load and rebuild needs it.
    """
    return built_gazetteer().rows


def _gazetteer_rows(
    entries: Iterable[dict[str, Any]], townships: frozenset[tuple[str, str]]
) -> tuple[tuple[str, str, str, str], ...]:
    keys: dict[tuple[str, str], str] = {}  # each name's key, made once

    def key_of(name: str, state: str) -> tuple[str, str]:
        if (name, state) not in keys:
            keys[name, state] = _place_key(name, state, townships)
        return keys[name, state], state

    primary: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    accepted: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    names: dict[tuple[str, str], str] = {}
    for entry in entries:
        county, state = entry.get("county") or "", entry.get("state") or ""
        if not county or not state:
            continue
        key = key_of(entry["city"], state)
        primary[key][county] += 1
        names.setdefault(key, entry["city"])
        for other in entry.get("acceptable_cities") or []:
            other_key = key_of(other, state)
            accepted[other_key][county] += 1
            names.setdefault(other_key, other.title())
    regions = _ct_planning_regions(townships)
    rows = []
    for key in primary.keys() | accepted.keys():
        counts = primary.get(key) or accepted[key]
        county = _most_common(counts)
        if key[1] == "CT":
            county = regions.get(key[0], county)
        rows.append((key[0], key[1], names[key], county))
    # Filers write a town's name where its post office has another
    # (Winchester's is Winsted): such towns are places too.
    for town in read_rules("ct_planning_regions.csv"):
        key = (_place_key(town["town"], "CT", townships), "CT")
        if key not in names:
            rows.append((key[0], key[1], town["town"], town["planning_region"]))
    return tuple(rows)


def _most_common(counts: Counter[str]) -> str:
    # Ties go to the alphabetically first county so that builds are repeatable.
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


# Cities whose own name holds a hyphen that OEWS names a metro for alone, with no "--"
# between cities to say so ("Winston-Salem, NC"): the gazetteer's cities among the real
# metros' names, which a test holds this to. Split, "Salem" had been Winston-Salem's too.
HYPHENATED_CITIES = frozenset({"winston-salem"})

# Consolidated city-counties OEWS names a metro for, the city and its county joined by a
# hyphen or a slash ("Lexington-Fayette, KY", "Louisville/Jefferson County, KY-IN"), here
# with a hyphen: the county's name alone is many states' (Fayette County is in eleven,
# Jefferson County in twenty-five), so it names the metro only joined to its city or with
# its state ("Fayette, KY"); the city alone names it. A test holds this to the real metros.
# Split, "Fayette" and "Jefferson County" had each been one metro, silently.
CITY_COUNTIES = frozenset(
    {
        "athens-clarke county",
        "augusta-richmond county",
        "lexington-fayette",
        "louisville-jefferson county",
        "macon-bibb county",
    }
)


def metro_cities(metro: str) -> tuple[list[str], list[str]]:
    """The principal cities an OEWS metro is named for and its states, case-folded; none
    for a nonmetropolitan area. A hyphen within one city's name is kept: OEWS puts "--"
    between the cities where one's own name holds a hyphen ("Nashville-Davidson"), and a
    metro of one such city has none (``HYPHENATED_CITIES``), and a city-county's name is
    one (``CITY_COUNTIES``).

    Example:
        >>> metro_cities("Nashville-Davidson--Murfreesboro--Franklin, TN")
        (['nashville-davidson', 'murfreesboro', 'franklin'], ['tn'])
        >>> metro_cities("Louisville/Jefferson County, KY-IN")
        (['louisville-jefferson county'], ['ky', 'in'])
        >>> metro_cities("Lexington-Fayette, KY")[0], metro_cities("Chicago, IL-IN")[0]
        (['lexington-fayette'], ['chicago'])
        >>> metro_cities("Winston-Salem, NC"), metro_cities("Morgantown")
        ((['winston-salem'], ['nc']), ([], []))
        >>> metro_cities("Seattle-Tacoma-Bellevue, WA")[0]
        ['seattle', 'tacoma', 'bellevue']
    """
    cities, _, states = metro.rpartition(", ")
    if not cities:
        return [], []
    between = r"--|/" if "--" in cities else r"-|/"
    named: list[str] = []
    for city in (c.strip().casefold() for c in re.split(between, cities)):
        if named and f"{named[-1]}-{city}" in HYPHENATED_CITIES | CITY_COUNTIES:
            named[-1] = f"{named[-1]}-{city}"
        elif city:
            named.append(city)
    return named, states.casefold().split("-")


def metro_name_parts(metro: str) -> list[str]:
    """Each word between an OEWS metro's hyphens, a city's own name split too, case-folded:
    what a misspelt city is near ("nashvile"), never what names a metro.

    Example:
        >>> metro_name_parts("Nashville-Davidson--Murfreesboro--Franklin, TN")[:2]
        ['nashville', 'davidson']
    """
    cities = metro.rpartition(", ")[0]
    return [c.strip().casefold() for c in re.split(r"-+|/", cities) if c.strip()]


@cache
def _state_codes() -> dict[str, str]:
    """A US state's name or code, case-folded -> its code, case-folded."""
    rows = read_rules("us_states.csv")
    return {r["name"].casefold(): r["code"].casefold() for r in rows} | {
        r["code"].casefold(): r["code"].casefold() for r in rows
    }


PLACE_TABLES = {"country": "countries.csv", "state": "us_states.csv"}  # name -> code


@cache
def place_names(field: str) -> dict[str, str]:
    """A country's (ISO 3166; and ``country_aliases.csv``) or US state's (USPS) name,
    case-folded, as written and without its accents -> its code.

    Example:
        >>> place_names("country")["united kingdom"], place_names("state")["texas"]
        ('GB', 'TX')
        >>> place_names("country")["côte d'ivoire"], place_names("country")["cote d'ivoire"]
        ('CI', 'CI')
    """
    named = {r["name"]: r["code"] for r in read_rules(PLACE_TABLES[field])}
    if field == "country":
        named |= {r["alias"]: r["code"] for r in read_rules("country_aliases.csv")}
    folded = {name.casefold(): code for name, code in named.items()}
    return folded | {_fold_accents(name): code for name, code in folded.items()}


# Why: "London" as a metro was answered for every country, with a Connecticut metro
# suggested, and nothing said that the records' metros are all of the US.
METROS_ARE = "metros are US metro areas"


def not_a_metro(text: str, metros: Iterable[str] = ()) -> str | None:
    """Why a metro named by ``text`` is none, when it names a country, a US state, or both
    ("Georgia"), with what to give instead; None for any other text. A state by its code
    ("TX") is one unless a metro of ``metros`` has those initials ("LA": Los Angeles).

    Example:
        >>> not_a_metro("United Kingdom")
        'a country, not a metro: metros are US metro areas; give country GB'
        >>> not_a_metro("georgia").endswith("a US state, not a metro: metros are US metro "
        ...     "areas; give country GE or state GA")
        True
        >>> not_a_metro("Seattle") is None
        True
        >>> not_a_metro("US")
        'a country, not a metro: metros are US metro areas; give country US'
        >>> not_a_metro("California"), not_a_metro("LA", ["Los Angeles-Long Beach-Anaheim, CA"])
        ('a US state, not a metro: metros are US metro areas; give state CA', None)
        >>> not_a_metro("tx")
        'a US state, not a metro: metros are US metro areas; give state TX'
    """
    # By its code too ("US" had been "no metro area is called 'US'", "USA" a country),
    # unless a state's too: "LA" is more likely Los Angeles than Laos or Louisiana.
    code = text.strip().upper()
    by_code = code in codes("countries.csv") and code not in codes("us_states.csv")
    country = place_code("country", text) or (code if by_code else None)
    if country is None:
        # A state by its name ("California"): its metros had been offered ("Bakersfield-
        # Delano, CA or Chico, CA"), as if one of them were meant; so by its code ("WA" was
        # offered Bellingham and Kennewick), unless it is a metro's letters ("LA"): the
        # metros with those initials are offered then.
        state = place_code("state", text)
        if state is None and not metros_by_initials(text, metros):
            state = state_by_code(text)
        if state is None:
            return None
        return f"a US state, not a metro: {METROS_ARE}; give state {state}"
    if (state := place_code("state", text)) is not None:
        return (
            f"a country or a US state, not a metro: {METROS_ARE}; "
            f"give country {country} or state {state}"
        )
    return f"a country, not a metro: {METROS_ARE}; give country {country}"


def state_by_code(text: str) -> str | None:
    """The US state (of the fifty) a text names by its USPS code; None for any other text,
    DC and the territories too (their codes are no state's: "DC" is a metro's name).

    Example:
        >>> state_by_code(" wa "), state_by_code("DC"), state_by_code("PR"), state_by_code("Texas")
        ('WA', None, None, None)
    """
    code = text.strip().upper()
    return code if code in _fifty_states() else None


@cache
def _fifty_states() -> frozenset[str]:
    return frozenset(r["code"] for r in read_rules("us_states.csv") if r["kind"] == "state")


def place_code(field: str, text: str) -> str | None:
    """The code of a country or US state written by its name, as a filter may name it
    ("germany", "United Kingdom", "USA", "washington", "Deutschland", "Türkiye" or
    "Turkiye"); None for any other text.

    Example:
        >>> place_code("country", "Germany"), place_code("country", "usa")
        ('DE', 'US')
        >>> place_code("country", "Deutschland"), place_code("country", "Turkiye")
        ('DE', 'TR')
        >>> place_code("state", "new york"), place_code("country", "Atlantis")
        ('NY', None)
    """
    key = " ".join(text.split()).casefold()
    names = place_names(field)
    return names.get(key) or names.get(_fold_accents(key))


@cache
def regions(field: str = "country") -> dict[str, tuple[str, ...]]:
    """A place people name as one that is several of ``field``'s values -> those values
    (``rules/regions.csv``): "Europe" its countries' ISO codes, "Bay Area" two metros.

    Example:
        >>> len(regions()["EU"]), region_named("europe"), len(regions("metro")["Bay Area"])
        (27, 'Europe', 2)
    """
    rows = read_rules("regions.csv")
    return {r["region"]: tuple(r["members"].split("|")) for r in rows if r["field"] == field}


def region_named(text: str, field: str = "country") -> str | None:
    """The region of ``field`` a text names, as the table spells it, or None; for a metro,
    by a name people use for it too ("SF Bay Area", ``metro_named``)."""
    wanted = " ".join(text.split()).casefold()
    if field == "metro":
        wanted = (metro_named(text) or _named_in_state(text) or wanted).casefold()
    return next((name for name in regions(field) if name.casefold() == wanted), None)


def region_is(region: str) -> str:
    """A region of metros as a refusal of it says it, naming its metros for the asker to
    give one (``compare`` and ``estimate`` take one metro: the estimate's "Bay Area is a
    region, not a metro: give the metro" had named none).

    Example:
        >>> print(region_is("Bay Area"))
        the Bay Area is San Francisco-Oakland-Fremont, CA and San Jose-Sunnyvale-Santa Clara, CA
    """
    return f"the {region} is {' and '.join(regions('metro')[region])}"


@cache
def _metro_phrases() -> dict[str, str]:
    rows = normalizing_rows("claim_subjects.csv")  # its metro rows
    return {r["phrase"].casefold(): r["value"] for r in rows}


def metro_named(text: str) -> str | None:
    """The metro a name people use for it means: the phrase table's (``claim_subjects.csv``:
    "NYC", "Silicon Valley", a city such as "Palo Alto"; or a region of metros, "Bay
    Area", ``regions("metro")``); None otherwise.

    Example:
        >>> metro_named("Bay Area"), metro_named("nyc"), metro_named("Atlantis")
        ('Bay Area', 'New York-Newark-Jersey City, NY-NJ', None)
    """
    return _metro_phrases().get(" ".join(text.split()).casefold())


def metros_meant(text: str, metros: Iterable[str], counties: Counties | None = None) -> list[str]:
    """The metros a place name means: those named for the city it names (several are all
    returned, for the caller to offer, never to guess between), else the one people call
    so ("NYC", ``metro_named``; a region, "Bay Area", its metros), else, given the
    ``counties`` (the store's), the one of ``metros`` holding a county written with its
    state ("Fayette County, KY", ``county_metros``), else none. A name people use for one
    metro that another is named for is both, that one first.

    Example:
        >>> metros = ["Portland-Vancouver-Hillsboro, OR-WA", "Portland-South Portland, ME"]
        >>> len(metros_meant("portland", metros)), metros_meant("nyc", metros)
        (2, ['New York-Newark-Jersey City, NY-NJ'])
        >>> len(metros_meant("Bay Area, CA", metros)), metros_meant("Bay Area, TX", metros)
        (2, [])
        >>> metros_meant("Manhattan", ["Manhattan, KS"])
        ['New York-Newark-Jersey City, NY-NJ', 'Manhattan, KS']
    """
    metros = list(metros)
    found = metros_for_city(text, metros)
    named = metro_named(text) or _named_in_state(text)
    if named is not None and named in regions("metro"):  # "Bay Area": its metros, all
        return found or list(regions("metro")[named])
    if named is not None and found and named not in found:
        # "Manhattan" (New York's borough) had been Manhattan, KS and its 3 records, the
        # metro named for it winning over the phrase table's: not guessed between.
        return [named, *found]
    if found:
        return found
    if named is not None:
        return [named]
    # Last, so no name that named a metro changes meaning: OEWS writes "Fayette", and
    # "Fayette County, KY" had been no metro (only a city-county's county was read so).
    return [m for m in county_metros(text, counties or {}) if m in metros]


def _named_in_state(text: str) -> str | None:
    """What a name people use means, written with its state ("Bay Area, CA", "NYC, NY"),
    when each of its metros lies in that state: "Bay Area, CA" had been read as "Bay Area"
    and "CA", the state then offering its metros as if one of them were meant."""
    name, comma, state = (part.strip() for part in text.rpartition(","))
    code = _state_codes().get(state.casefold()) if comma else None
    named = metro_named(name) if code is not None else None
    if named is None:
        return None
    members = regions("metro").get(named, (named,))
    return named if all(code in metro_cities(metro)[1] for metro in members) else None


def metro_said_first(text: str, metros: Sequence[str]) -> list[str]:
    """The metro people mean by a city of several metros, to offer first: "Manhattan" is
    New York's borough before Manhattan, KS; none for any other text.

    Example:
        >>> metro_said_first("manhattan", ["Manhattan, KS"])
        ['New York-Newark-Jersey City, NY-NJ']
        >>> metro_said_first("seattle", ["Seattle-Tacoma-Bellevue, WA"])
        []
    """
    meant = metros_meant(text, metros)
    named = metro_named(text)
    return [named] if len(meant) > 1 and named in meant else []


def metros_for_city(text: str, metros: Iterable[str]) -> list[str]:
    """The metros a city names ("Atlanta", "Portland, OR", "Portland, Oregon"): those
    named for it, in that state when one is given.

    Example:
        >>> metros = ["Portland-Vancouver-Hillsboro, OR-WA", "Portland-South Portland, ME"]
        >>> metros_for_city("portland", metros)
        ['Portland-Vancouver-Hillsboro, OR-WA', 'Portland-South Portland, ME']
        >>> metros_for_city("Portland, Oregon", metros), metros_for_city("Salem", metros)
        (['Portland-Vancouver-Hillsboro, OR-WA'], [])
        >>> metros = ["Grand Rapids-Wyoming-Kentwood, MI", "Washington-Arlington-Alexandria, DC-VA"]
        >>> metros_for_city("Wyoming", metros), metros_for_city("washington", metros)
        ([], ['Washington-Arlington-Alexandria, DC-VA'])
        >>> metros = ["Winston-Salem, NC", "Salem, OR"]
        >>> metros_for_city("Winston-Salem", metros), metros_for_city("Salem", metros)
        (['Winston-Salem, NC'], ['Salem, OR'])
        >>> metros_for_city("Winston Salem", metros), metros_for_city("Winston", metros)
        (['Winston-Salem, NC'], [])
    """
    city, _, state = (part.strip().casefold() for part in text.partition(","))
    code = _state_codes().get(state) if state else None
    if state and code is None:
        return []
    # A state's name alone names a metro only as the city the metro is named for first:
    # "Wyoming" had been Grand Rapids-Wyoming-Kentwood, MI, where Washington's is DC's.
    a_state = not state and len(city) > 2 and city in _state_codes()
    found = []
    for metro in metros:
        # A city's own hyphen as USPS and filers write it, a space: "Winston Salem".
        named_for, states = metro_cities(metro)
        # A city-county's county is of its city's state, the metro's first: "Jefferson
        # County, IN" had been Louisville's (KY-IN), where OFLC puts it in Southern
        # Indiana's nonmetropolitan area.
        stated = code is not None and states[:1] == [code]
        names = [n for c in named_for for n in _names_of(c, stated=stated)]
        cities = [c.replace("-", " ") for c in names]
        wanted = re.sub(r"[-/]", " ", city)
        named = wanted in cities and not (a_state and cities[0] != wanted)
        if named and (code is None or code in states):
            found.append(metro)
    return found


def _names_of(city: str, *, stated: bool) -> list[str]:
    """The names a city of a metro's name answers to: a city-county (``CITY_COUNTIES``) by
    its city's too, and by its county's only with its state.

    Example:
        >>> _names_of("lexington-fayette", stated=False), _names_of("seattle", stated=False)
        (['lexington-fayette', 'lexington'], ['seattle'])
        >>> _names_of("athens-clarke county", stated=True)
        ['athens-clarke county', 'athens', 'clarke county']
    """
    if city not in CITY_COUNTIES:
        return [city]
    town, _, county = city.partition("-")
    return [city, town, *([county] if stated else [])]


# (state code, ``county_key``) -> the OEWS areas holding a county of that name in that
# state, as the store's places table maps them (``county_areas``): one each in the real
# table, which a test holds; several would be offered, never guessed between.
Counties = Mapping[tuple[str, str], Sequence[str]]


def county_areas(rows: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str], list[str]]:
    """(state, county, area) rows (the places table's) keyed as ``Counties`` is.

    Example:
        >>> county_areas([("KY", "Fayette County", "Lexington-Fayette, KY")])
        {('KY', 'FAYETTE'): ['Lexington-Fayette, KY']}
    """
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for state, county, area in rows:
        areas = found[state.upper(), county_key(county)]
        if area not in areas:
            areas.append(area)
    return dict(found)


def county_in_state(text: str) -> tuple[str, str] | None:
    """(state code, ``county_key``) of a county written with its state and named a county
    ("Fayette County, KY", "Orleans Parish, Louisiana"); None for any other text: "Fayette,
    KY" may be a city (``CITY_COUNTIES`` reads a city-county's so).

    Example:
        >>> county_in_state("Fayette County, KY"), county_in_state("orleans parish, louisiana")
        (('KY', 'FAYETTE'), ('LA', 'ORLEANS'))
        >>> county_in_state("Fayette, KY"), county_in_state("Fayette County")
        (None, None)
    """
    name, comma, state = (part.strip() for part in text.rpartition(","))
    code = _state_codes().get(state.casefold()) if comma else None
    if code is None or not name or county_key(name) == city_key(name).replace(" ", ""):
        return None  # no state, or no word saying it is a county
    return code.upper(), county_key(name)


def county_metros(text: str, counties: Counties) -> list[str]:
    """The areas holding the county a text names with its state ("Fayette County, KY":
    Lexington-Fayette, KY; "Clarke County, VA": Washington's metro, where Athens-Clarke
    County, GA had been offered); none for any other text.

    Example:
        >>> counties = {("KY", "FAYETTE"): ["Lexington-Fayette, KY"]}
        >>> county_metros("Fayette County, Kentucky", counties), county_metros("Fayette", counties)
        (['Lexington-Fayette, KY'], [])
    """
    named = county_in_state(text)
    return list(counties.get(named, ())) if named is not None else []


def county_elsewhere(text: str, counties: Counties) -> str | None:
    """The ``county_key`` of a county a text names alone ("Fayette"), or with a state that
    holds none of that name ("Fayette County, WA": the state mistaken, or the county): the
    counties of that name are to be offered in every state that holds one. None for any
    other text, a county its state holds among them.

    Example:
        >>> counties = {("KY", "FAYETTE"): ["Lexington-Fayette, KY"]}
        >>> county_elsewhere("Fayette", counties), county_elsewhere("Fayette County, WA", counties)
        ('FAYETTE', 'FAYETTE')
        >>> county_elsewhere("Fayette County, KY", counties), county_elsewhere("Fayette, WA", {})
        (None, None)
    """
    if "," not in text:
        return county_key(text) or None
    named = county_in_state(text)
    return None if named is None or named in counties else named[1]


def metros_of_counties_named(text: str, counties: Counties) -> list[str]:
    """The areas holding a county a text names alone ("Fayette", "Clarke County"), or with
    a state holding none of that name ("Fayette County, WA", ``county_elsewhere``), in
    every state, by state: to offer, as the county's name is many states'.

    Example:
        >>> counties = {("KY", "FAYETTE"): ["Lexington-Fayette, KY"], ("GA", "FAYETTE"): ["A"]}
        >>> metros_of_counties_named("Fayette County", counties)
        ['A', 'Lexington-Fayette, KY']
        >>> metros_of_counties_named("Fayette County, WA", counties)
        ['A', 'Lexington-Fayette, KY']
    """
    if not (key := county_elsewhere(text, counties)):
        return []
    found = [areas for (state, county), areas in sorted(counties.items()) if county == key]
    return list(dict.fromkeys(chain.from_iterable(found)))


def county_named_alone(text: str, counties: Counties) -> str | None:
    """What to say of a county named without its state that is in several ("Fayette":
    eleven states'): its states, and how to name one; None for any other text.

    Example:
        >>> counties = {("KY", "FAYETTE"): ["Lexington-Fayette, KY"], ("GA", "FAYETTE"): ["A"]}
        >>> print(county_named_alone("Fayette", counties))
        a county called 'Fayette' is in GA and KY: give it with its state, e.g. 'Fayette County, GA'
        >>> county_named_alone("Seattle", counties) is None
        True
    """
    if "," in text or not (key := county_key(text)):
        return None
    states = sorted(state for state, county in counties if county == key)
    if len(states) < 2:
        return None
    name = " ".join(text.split())
    # A parish (LA) or borough (AK) is no "County": the example is another state's.
    worded = name if county_key(name) != city_key(name).replace(" ", "") else f"{name} County"
    usual = [state for state in states if state not in ("LA", "AK")]
    example = f", e.g. '{worded}, {usual[0]}'" if usual else ""
    listed = and_list(states)
    return f"a county called {name!r} is in {listed}: give it with its state{example}"


def county_not_in_state(text: str, counties: Counties) -> str | None:
    """What to say of a county named with a state that holds none of that name ("Fayette
    County, WA"), when other states hold one: their states, and how to name one. None for
    any other text: the state's own county is read as its area (``county_metros``).

    Example:
        >>> counties = {("KY", "FAYETTE"): ["Lexington-Fayette, KY"], ("GA", "FAYETTE"): ["A"]}
        >>> print(county_not_in_state("Fayette County, WA", counties))
        WA has no county called 'Fayette County'; GA and KY have: give it with its state, \
e.g. 'Fayette County, GA'
        >>> county_not_in_state("Fayette County, KY", counties) is None
        True
    """
    named = county_in_state(text)
    if named is None or named in counties:
        return None
    code, key = named
    states = sorted(state for state, county in counties if county == key)
    if not states:
        return None
    name = " ".join(text.rpartition(",")[0].split())
    listed = f"{and_list(states)} {'have' if len(states) > 1 else 'has'}"
    return (
        f"{code} has no county called {name!r}; {listed}: give it with its state, "
        f"e.g. '{name}, {states[0]}'"
    )


def county_unplaced(text: str, counties: Counties) -> str | None:
    """What to say of a county named without the state it is in: alone, in several states
    (``county_named_alone``), or with a state holding none of that name
    (``county_not_in_state``); None for any other text. One sentence for every skin:
    compare said it, the filters (an offer's, the API's) only offered the areas.

    Example:
        >>> counties = {("KY", "FAYETTE"): ["Lexington-Fayette, KY"], ("GA", "FAYETTE"): ["A"]}
        >>> print(county_unplaced("Fayette County, WA", counties))
        WA has no county called 'Fayette County'; GA and KY have: give it with its state, \
e.g. 'Fayette County, GA'
        >>> county_unplaced("Fayette County, KY", counties) is None
        True
    """
    return county_named_alone(text, counties) or county_not_in_state(text, counties)


def metros_by_initials(text: str, metros: Iterable[str]) -> list[str]:
    """The metros whose first city's initials ``text`` is ("LA", "SD", "KC"), to offer
    first: "LA" had been offered Baton Rouge and Houma (Louisiana's metros) and never Los
    Angeles, which people mean by it. Offered, never read as meant: "LA" is a state too.

    Example:
        >>> metros = ["Los Angeles-Long Beach-Anaheim, CA", "Baton Rouge, LA", "Laredo, TX"]
        >>> metros_by_initials("LA", metros), metros_by_initials("L", metros)
        (['Los Angeles-Long Beach-Anaheim, CA'], [])
    """
    letters = text.strip().casefold()
    if not 2 <= len(letters) <= 4 or not letters.isalpha():
        return []
    found = []
    for metro in metros:
        cities = metro_cities(metro)[0]
        # A city-county's by its city's: "AC" is no initials of Athens-Clarke County's.
        first = _names_of(cities[0], stated=False)[-1] if cities else ""
        words = first.replace(".", " ").split()
        if len(words) == len(letters) and "".join(w[0] for w in words) == letters:
            found.append(metro)
    return found


def metros_spelled_near(text: str, metros: Iterable[str], n: int = 3) -> list[str]:
    """The metros one of whose cities is spelled near the city ``text`` names, for a
    place no metro is named for ("seatle").

    Example:
        >>> metros_spelled_near("seatle", ["Seattle-Tacoma-Bellevue, WA", "Salem, OR"])
        ['Seattle-Tacoma-Bellevue, WA']
    """
    by_city: dict[str, list[str]] = defaultdict(list)
    for metro in metros:
        for city in dict.fromkeys([*metro_cities(metro)[0], *metro_name_parts(metro)]):
            by_city[city].append(metro)
    city = text.partition(",")[0].strip().casefold()
    close = difflib.get_close_matches(city, list(by_city), n=n, cutoff=0.8)
    return list(dict.fromkeys(metro for name in close for metro in by_city[name]))[:n]


def area_name(name: str) -> str:
    """An OFLC area name as BLS writes it: the OFLC file has stray control characters.

    Example:
        >>> area_name("Mayag\x81uez, PR")
        'Mayaguez, PR'
    """
    return "".join(c for c in name if unicodedata.category(c) != "Cc")


def places_with_areas(
    geography: Iterable[tuple[str, str, str, str]],
) -> list[tuple[str, str, str, str, str | None, str | None]]:
    """Join the gazetteer with (area, area_name, state, county) rows of the OFLC geography.

    Returns (place_key, state, city, county, area, metro) rows; area and metro are
    None where the county is not in the geography.
    """
    areas = {
        (state, county_key(county)): (area, area_name(name))
        for area, name, state, county in geography
    }
    rows = []
    for key, state, city, county in gazetteer():
        area, name = areas.get((state, county_key(county)), (None, None))
        rows.append((key, state, city, county, area, name))
    return rows


# Near misses of a held value (a place, a company), and the one country a text names.
SUGGESTIONS = 3


def suggest(
    text: str, held: Mapping[str, Sequence[Any]], n: int = SUGGESTIONS, cutoff: float = 0.75
) -> list[Any]:
    """The held values nearest to ``text``: those containing it as a word first, then as
    the start of a word (four letters or more: "moody" is "Moodys Analytics"), then by
    spelling (``difflib``'s ratio at least ``cutoff``).

    Example:
        >>> suggest("seattle", {"seattle-tacoma-bellevue, wa": ["Seattle-Tacoma-Bellevue, WA"]})
        ['Seattle-Tacoma-Bellevue, WA']
        >>> suggest("moody", {"moodys analytics": ["Moodys Analytics"], "moon": ["Moon"]})
        ['Moodys Analytics']
    """
    key = text.casefold().strip()
    holds = holding(key, held)  # the names to test for the word, found at once
    containing = sorted(k for k in holds if _contains_word(k, key))
    starting = sorted(k for k in holds if len(key) >= 4 and _starts_word(k, key))
    close = close_matches(key, held, n, cutoff)
    chosen = list(dict.fromkeys([*close[:1], *containing, *starting, *close]))[:n]
    return [held[k][0] for k in chosen]


def _starts_word(haystack: str, needle: str) -> bool:
    """Whether ``needle`` begins a word of ``haystack``."""
    at = haystack.find(needle)
    while at >= 0:
        if at == 0 or not haystack[at - 1].isalnum():
            return True
        at = haystack.find(needle, at + 1)
    return False


def _contains_word(haystack: str, needle: str) -> bool:
    if not needle or needle not in haystack:
        return False
    start = haystack.index(needle)
    end = start + len(needle)
    before = start == 0 or not haystack[start - 1].isalnum()
    after = end == len(haystack) or not haystack[end].isalnum()
    return before and after


class NoSuchPlace(PaygradeError):
    """The place asked for is neither a metro of the records nor an OEWS area;
    ``suggestions``: the names spelt nearest (the message's "did you mean").

    Example:
        >>> NoSuchPlace("no metro area is called 'Seatle'", ["Seattle"]).suggestions
        ['Seattle']
    """

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.suggestions = list(suggestions)


def country_meant(text: str, *, regions_too: bool = False) -> str:
    """The ISO code of a country given by its code or a name people write ("germany",
    "Deutschland"; ``regions_too``: a region's name, "Europe", as itself), else NoSuchPlace
    with the names spelt nearest. Every question naming one country reads it so (compare,
    ladder, estimate): the ladder answered "Narnia" with empty levels.

    Example:
        >>> country_meant("Deutschland"), country_meant("europe", regions_too=True)
        ('DE', 'Europe')
    """
    region = region_named(text) if regions_too else None
    return place_code("country", text) or region or _country_code(text)


def state_meant(text: str) -> str:
    """The USPS code of a US state given by its code or its name ("washington"), else
    NoSuchPlace with the names spelt nearest, as a country is refused (a misspelt state
    was "no record has state 'WASHINGTN'", with nothing suggested).

    Example:
        >>> state_meant(" wa "), state_meant("New York")
        ('WA', 'NY')
        >>> state_meant("Washingtn")
        Traceback (most recent call last):
        paygrade.normalize.places.NoSuchPlace: no US state is called 'Washingtn'; \
did you mean Washington? (a US state by its code or its name, e.g. WA or Washington)
    """
    code = place_code("state", text) or text.strip().upper()
    if code in codes("us_states.csv"):
        return code
    raise _no_such(text, "us_states.csv", "US state", "WA or Washington")


def _country_code(text: str) -> str:
    """An ISO 3166 code as written, else NoSuchPlace with the names spelt nearest.

    Example:
        >>> _country_code(" de ")
        'DE'
        >>> _country_code("Germani")
        Traceback (most recent call last):
        paygrade.normalize.places.NoSuchPlace: no country is called 'Germani'; \
did you mean Germany? (a country by its ISO code or its name, e.g. DE or Germany)
    """
    code = text.strip().upper()
    if code in codes("countries.csv"):
        return code
    raise _no_such(text, "countries.csv", "country", "DE or Germany", "its ISO code")


def _no_such(
    text: str, table: str, called: str, example: str, code: str = "its code"
) -> NoSuchPlace:
    """The refusal of a place no row of ``table`` is, with the names spelt nearest."""
    names = {r["name"].casefold(): [r["name"]] for r in read_rules(table)}
    # Place names are short and many: at the filters' 0.75, "Narnia" met Armenia.
    hint = suggest(text, names, cutoff=0.8)
    tip = f"; did you mean {' or '.join(hint)}?" if hint else ""
    return NoSuchPlace(
        f"no {called} is called {text!r}{tip} (a {called} by {code} or its name, e.g. {example})",
        hint,
    )
