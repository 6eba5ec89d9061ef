"""Places as the store's records hold them: a metro's state and country, a state's country.

One check for every caller (the estimator's profile, a submitted salary): a metro given
with a state or country none of its records has is two places, not one. And a metro's
states, and the sources that name a state but never a metro, for ``compare``'s "all of
CA" rows and the warning ``stats`` gives of the records a metro filter leaves out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, NamedTuple

from paygrade.engines import PRIVATE_MIN
from paygrade.normalize.places import county_areas
from paygrade.normalize.rule_tables import codes
from paygrade.records import PRIVATE_SQL, UNFLAGGED_SQL, PaygradeError
from paygrade.store import Store, first_row

# A place given implies the wider places around it, as its records hold them.
PLACES: Final = {"metro": ("state", "country"), "state": ("country",)}


class PlacesApart(PaygradeError):
    """A place given with a wider place none of its records is in (Seattle with TX);
    ``field`` is the wider place's field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def with_wider_places(store: Store, row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` with the state and country its metro or state implies filled in (the one
    its records hold: a metro across several states implies none of them); a given one
    that no record holds with it is refused.

    Example:
        >>> with_wider_places(store, {"metro": "Seattle-Tacoma-Bellevue, WA"})  # doctest: +SKIP
        {'metro': 'Seattle-Tacoma-Bellevue, WA', 'state': 'WA', 'country': 'US'}
        >>> with_wider_places(store, {"metro": "Seattle-Tacoma-Bellevue, WA", "state": "TX"})
        ... # doctest: +SKIP
        Traceback (most recent call last):
        PlacesApart: Seattle-Tacoma-Bellevue, WA is in state WA, not TX: give one place
    """
    filled = dict(row)
    for place, wider in PLACES.items():
        if filled.get(place) is None:
            continue
        for name in wider:
            held = _held_with(store, place, filled[place], name)
            given = filled.get(name)
            if held and given not in (None, *held):
                # Seattle with country DE: no record is both, the answer would be neither.
                where = f"{name} {'/'.join(held)}"
                message = f"{filled[place]} is in {where}, not {given}: give one place"
                raise PlacesApart(message, name)
            if given is None and len(held) == 1:
                # Washington DC's metro had implied "state = VA", its commonest of four.
                filled[name] = held[0]
    return filled


def _held_with(store: Store, place: str, value: Any, wider: str) -> list[Any]:
    """The values of ``wider`` the records of a place hold, commonest first (a metro
    across two states: NY-NJ holds NY and NJ). Of a read-only store, every place's are
    found at once and kept while it is open (``Store.memo``): a server had asked the
    records again at each estimate, two queries of ~7 ms a metro."""
    if store.read_only:
        key = f"places held ({place}, {wider})"
        if key not in store.memo:
            store.memo[key] = _every_place_held_with(store, place, wider)
        return list(store.memo[key].get(value, ()))
    counted = counted_by(wider, f"{place} = ? AND {wider} IS NOT NULL")
    found = store.con.execute(f"{counted} ORDER BY n DESC, 1", [value]).fetchall()
    return [held for held, _ in found]


def _every_place_held_with(store: Store, place: str, wider: str) -> dict[Any, list[Any]]:
    """``_held_with`` of every ``place`` the records hold: its ``wider`` values."""
    counted = counted_by(f"{place}, {wider}", f"{place} IS NOT NULL AND {wider} IS NOT NULL")
    held: dict[Any, list[Any]] = {}
    for value, wide, _ in store.con.execute(f"{counted} ORDER BY n DESC, 2").fetchall():
        held.setdefault(value, []).append(wide)
    return held


def counties_of(store: Store) -> dict[tuple[str, str], list[str]]:
    """The store's counties, each with the OEWS areas holding it (``county_areas`` of the
    places table, county -> metro by the OFLC geography): what reads "Fayette County, KY"
    as Lexington-Fayette, KY. Of a read-only store, kept while it is open (3,000 rows).
    None of a folder of Parquet (`stats --from-parquet`), which holds records alone: its
    refusal of a metro had been DuckDB's "Table with name places does not exist"."""
    if store.read_only and "counties" in store.memo:
        return dict(store.memo["counties"])
    held = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'places'"
    ).fetchone()
    rows = []
    if held and held[0]:
        rows = store.con.execute(
            "SELECT DISTINCT state, county, metro FROM places WHERE metro IS NOT NULL ORDER BY ALL"
        ).fetchall()
    found = county_areas(rows)
    if store.read_only:
        store.memo["counties"] = found
    return found


def counted_by(key: str, where: str = "TRUE") -> str:
    """SQL: the values of ``key`` the records matching ``where`` hold, each with ``n``, its
    records as a statistic counts them: every public one, and submitted salaries only where
    ``PRIVATE_MIN`` of a pay component hold the value. A place found, ranked or implied from
    every record had told one approved submission's metro: "Bismarck, ND is in country US,
    not DE", and North Dakota's metros "such as ... or Bismarck, ND".

    Example:
        >>> store.con.execute(counted_by("metro", "metro IS NOT NULL")).fetchall()
        ... # doctest: +SKIP
        [('Seattle-Tacoma-Bellevue, WA', 9021), ...]
    """
    private = f"source IN {PRIVATE_SQL}"
    enough = f"CASE WHEN submitted >= {PRIVATE_MIN} THEN submitted ELSE 0 END"
    return f"""SELECT {key}, sum(public + {enough}) AS n FROM (
            SELECT {key}, pay_component,
                count(*) FILTER (WHERE source IS NULL OR NOT {private}) AS public,
                count(*) FILTER (WHERE {private} AND {UNFLAGGED_SQL}) AS submitted
            FROM records WHERE {where} GROUP BY ALL)
        GROUP BY ALL HAVING sum(public + {enough}) > 0"""


def check_state_of_metro(store: Store, row: Mapping[str, Any]) -> None:
    """Refuse a US metro given with a state its own name (or, for a nonmetropolitan area,
    the gazetteer) puts it out of: Albany, GA with state TX. By the name, never the
    records: whether one approved submission held the metro had decided the refusal.

    Example:
        >>> check_state_of_metro(store, {"metro": "Albany, GA", "state": "TX"})  # doctest: +SKIP
        Traceback (most recent call last):
        PlacesApart: Albany, GA is in state GA, not TX: give one place
    """
    metro, given = row.get("metro"), row.get("state")
    states = states_of_metro(store, metro) if metro and given else []
    if states and given not in states:
        message = f"{metro} is in state {'/'.join(states)}, not {given}: give one place"
        raise PlacesApart(message, "state")


def states_of_metro(store: Store, metro: str) -> list[str]:
    """The US states a metro is in: those its OEWS name ends with, or for a nonmetropolitan
    area, which names none, its counties' in OFLC's geography (a Parquet folder has none).

    Example:
        >>> states_of_metro(store, "New York-Newark-Jersey City, NY-NJ")  # doctest: +SKIP
        ['NY', 'NJ']
    """
    states = [s for s in metro_states(metro) if s in codes("us_states.csv")]
    if states or store.folder:
        return states
    found = store.con.execute(
        "SELECT DISTINCT state FROM oflc_geography WHERE area_name = ? ORDER BY 1", [metro]
    ).fetchall()
    return [str(state) for (state,) in found]


def oews_area_code(area: str) -> str:
    """An area's code as OEWS writes it, seven digits: OFLC's files drop its leading
    zeros, and a comparison gave "0042660" at its top and OEWS rows, "42660" in its OFLC row.

    Example:
        >>> oews_area_code("42660"), oews_area_code("100001"), oews_area_code("1000005")
        ('0042660', '0100001', '1000005')
        >>> oews_area_code("00042660")  # more zeros than OEWS writes: the same code
        '0042660'
    """
    return area.lstrip("0").zfill(7)


# What an area code given as a metro is told first: every command asks a metro by its name.
ASKED_BY_NAME: Final = "metros are asked by name"


class CodeAsMetro(NamedTuple):
    """An OEWS area code given as a metro: why no metro is called so, and the metro of the
    code, if any area has it."""

    why: str
    metro: str | None

    @property
    def suggestions(self) -> list[str]:
        return [self.metro] if self.metro else []


def code_as_metro(store: Store | None, text: str) -> CodeAsMetro | None:
    """An area code given where a metro's name is asked ("42660", as compare's JSON writes
    it in its OFLC row): metros are asked by name, said with the metro of that code; None
    for text that is no code. Every command taking a metro says it so (compare, stats'
    filter, local-prices, offer): they had said "no record has metro '42660'" alone.

    Example:
        >>> code_as_metro(store, " 42660")  # doctest: +SKIP
        CodeAsMetro(why='metros are asked by name; 42660 is the area code of \
Seattle-Tacoma-Bellevue, WA', metro='Seattle-Tacoma-Bellevue, WA')
        >>> code_as_metro(store, "99999").why  # doctest: +SKIP
        'metros are asked by name, and no area has that code'
        >>> code_as_metro(None, "Seattle") is None
        True
    """
    code = text.strip()
    if store is None or not (code.isascii() and code.isdigit()):
        return None
    if store.folder:  # an export holds records alone, no OEWS area to name
        return CodeAsMetro(ASKED_BY_NAME, None)
    found = _area_of_code(store, oews_area_code(code))
    if found is None:
        return CodeAsMetro(f"{ASKED_BY_NAME}, and no area has that code", None)
    name, other = found
    if other is None:
        return CodeAsMetro(f"{ASKED_BY_NAME}; {code} is the area code of {name}", name)
    return CodeAsMetro(f"{ASKED_BY_NAME}; {code} is the area code of {name}, {other}", None)


# The OEWS area types a metro is; the other areas a code names ("oflc": only OFLC's
# tables name it), as said of them.
METRO_AREAS: Final = ("metro", "nonmetro")
NO_METRO_AREAS: Final = {
    "state": "a whole state or territory, not a metro",
    "national": "the US as a whole, not a metro",
    # Guam's and the Virgin Islands' (OFLC's wage levels name them; OEWS has no such area).
    "oflc": "an area of OFLC's wage levels alone, no metro of BLS OEWS or of the records",
}


def _area_of_code(store: Store, code: str) -> tuple[str, str | None] | None:
    """The name of the area of an OEWS-written code, and what it is when no metro (None of
    a metro): a state's or the nation's code had been "no area has that code", and so had
    Guam's, which OFLC's tables hold."""
    row = first_row(
        store.con,
        """SELECT area_type, min(area_name) FROM oews WHERE area_code = ? GROUP BY 1
        UNION ALL SELECT 'oflc', min(area_name) FROM oflc_wage_levels
        WHERE lpad(area, 7, '0') = ? HAVING count(*) > 0
        ORDER BY area_type = 'oflc', area_type""",
        [code, code],
    )
    if row is None:
        return None
    kind, name = str(row[0]), str(row[1])
    return name, None if kind in METRO_AREAS else NO_METRO_AREAS[kind]


def metro_states(metro: str) -> list[str]:
    """The states an OEWS metro's name ends with.

    Example:
        >>> metro_states("New York-Newark-Jersey City, NY-NJ"), metro_states("Boise City, ID")
        (['NY', 'NJ'], ['ID'])
    """
    _, _, states = metro.rpartition(", ")
    return states.split("-") if states else []


def sources_naming_no_metro(store: Store, relation: str = "records") -> list[str]:
    """The sources whose records name a state but never a metro: the late-2023 H-1B filings
    (OFLC's FY2024 Q1 extract gives a state, no city). Of a read-only store, found once
    while it is open (``relation``: what statistics read, records or their counted cells).

    Example:
        >>> sources_naming_no_metro(store)  # doctest: +SKIP
        ['h1b_2024']
    """
    key = f"sources naming no metro ({relation})"
    if key in store.memo:
        return list(store.memo[key])
    found = [
        str(source)
        for (source,) in store.con.execute(
            f"SELECT source FROM {relation} GROUP BY source "
            "HAVING count(metro) = 0 AND count(state) > 0 ORDER BY source"
        ).fetchall()
        if source is not None  # a folder's rows of no source name none
    ]
    if store.read_only:
        store.memo[key] = found
    return found
