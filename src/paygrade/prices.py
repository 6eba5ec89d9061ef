"""Local price levels: BEA Regional Price Parities (US = 100) from table ``price_parities``.

A parity compares price levels across places within one year; it is not an
inflation index (CPI-U does that, see ``amount_usd_real``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import duckdb

from paygrade.records import BadFilter, PaygradeError
from paygrade.sources.bea_rpp import COMPONENTS
from paygrade.store import Store, scalar

if TYPE_CHECKING:
    from paygrade.filters import KnownValues, Unmatched


class NoPriceParity(PaygradeError, LookupError):
    """BEA publishes no price parity for that area, year and component (or none is loaded)."""


class NoCPI(PaygradeError, LookupError):
    """Real dollars were asked of a store that holds no CPI-U to price them with."""


class PriceParity(NamedTuple):
    """A price parity and the year it is for, which may be earlier than the year asked."""

    value: float
    year: int


def part_years(store: Store) -> dict[int, int]:
    """The years whose CPI-U is the average of fewer than 12 months (what BLS had published
    when the file was made), with their months: 2025's of 10 prices its real dollars.

    Example:
        >>> store = Store.open(":memory:")
        >>> rows = "(1, 2024, 313.7, 12), (1, 2025, 321.6, 10)"
        >>> _ = store.con.execute(f"INSERT INTO cpi VALUES {rows}")
        >>> part_years(store)
        {2025: 10}
        >>> store.close()
    """
    rows = store.con.execute("SELECT year, months FROM cpi WHERE months < 12 ORDER BY year")
    return {int(year): int(months) for year, months in rows.fetchall()}


def rpp_for(
    con_or_store: duckdb.DuckDBPyConnection | Store,
    cbsa: str,
    year: int,
    component: str = "all_items",
) -> PriceParity:
    """The price parity of CBSA ``cbsa`` in ``year``, or in BEA's latest year when ``year``
    is newer than that; ``.year`` says which year was used, so a caller can say so.

    A year BEA left blank for the area, or one before its series begins, raises
    NoPriceParity rather than borrowing another year's value.

    Example:
        >>> store = Store.open(":memory:")
        >>> _ = store.con.execute("INSERT INTO price_parities VALUES (1, 323, '42660', "
        ...     "'Seattle-Tacoma-Bellevue, WA', false, 1, 'all_items', 2024, 111.133)")
        >>> rpp_for(store, "42660", 2026)
        PriceParity(value=111.133, year=2024)
        >>> value, year_used = rpp_for(store, "42660", 2024)
        >>> store.close()
    """
    if component not in COMPONENTS:
        raise NoPriceParity(f"unknown component {component!r}; known: {', '.join(COMPONENTS)}")
    con = con_or_store.con if isinstance(con_or_store, Store) else con_or_store
    years = dict(
        con.execute(
            "SELECT year, rpp FROM price_parities WHERE cbsa = ? AND component = ?",
            [cbsa, component],
        ).fetchall()
    )
    if not years:
        raise NoPriceParity(_no_area(con, cbsa))
    used = min(year, max(years))
    if used not in years:
        raise NoPriceParity(f"BEA publishes no {component} price parity for CBSA {cbsa} in {year}")
    return PriceParity(float(years[used]), int(used))


# What local prices read beside the records, and the source that stores it.
PRICE_TABLES = (
    ("price_parities", "BEA price parities", "bea_rpp"),
    ("oflc_geography", "OFLC geography (metro names to BEA's codes)", "oflc_geography"),
)


def price_table_lacking(store: Store) -> tuple[str, str] | None:
    """The first table local prices read that the store holds no row of, as (what it is,
    the source to ingest), or None: without either, every record read as "in areas BEA
    does not price", and ``compare`` said BEA publishes no parity of Seattle."""
    for table, what, source in PRICE_TABLES:
        if not scalar(store.con, f"SELECT count(*) FROM {table}"):
            return what, source
    return None


def _no_area(con: duckdb.DuckDBPyConnection, cbsa: str) -> str:
    if not scalar(con, "SELECT count(*) FROM price_parities"):
        return "no BEA price parities are loaded: run `paygrade ingest --all` (source bea_rpp)"
    return f"BEA publishes no price parities for CBSA {cbsa!r} (a 5-digit metro code)"


def metro_prices_sql(component: str = "all_items") -> str:
    """SQL of (metro, year) -> the metro's price parity for that year, with the year used.

    A metro is matched to BEA by its CBSA code (the OFLC geography gives each OEWS
    metro name its code), never by name: names change between delineations. A
    pay year after BEA's latest gets the latest parity, and ``rpp_year`` says so.
    """
    if component not in COMPONENTS:
        raise NoPriceParity(f"unknown component {component!r}; known: {', '.join(COMPONENTS)}")
    return f"""
    WITH metros AS (SELECT DISTINCT area AS cbsa, area_name AS metro FROM oflc_geography),
    parities AS (
        SELECT cbsa, year, rpp FROM price_parities WHERE component = '{component}'
    ),
    latest AS (SELECT cbsa, max(year) AS last FROM parities GROUP BY cbsa),
    wanted AS (SELECT DISTINCT metro, year FROM records WHERE metro IS NOT NULL)
    SELECT w.metro, w.year, m.cbsa, p.rpp, p.year AS rpp_year
    FROM wanted w
    JOIN metros m USING (metro)
    JOIN latest l ON l.cbsa = m.cbsa
    JOIN parities p ON p.cbsa = m.cbsa AND p.year = least(w.year, l.last)
    """


def metro_parities(store: Store, metro: str) -> dict[str, Any] | None:
    """A metro's latest all-items and housing (rents) parities, or None when BEA has none.

    Example:
        >>> metro_parities(store, "Seattle-Tacoma-Bellevue, WA")  # doctest: +SKIP
        {'cbsa': '42660', 'year': 2024, 'all_items': 111.133, 'housing': 153.5}
    """
    rows = store.con.execute(
        """SELECT g.area, p.component, p.year, p.rpp FROM
            (SELECT DISTINCT area, area_name FROM oflc_geography) g
        JOIN price_parities p ON p.cbsa = g.area
        WHERE g.area_name = ? AND p.component IN ('all_items', 'housing')
        QUALIFY p.year = max(p.year) OVER (PARTITION BY p.component)""",
        [metro],
    ).fetchall()
    if not rows:
        return None
    found: dict[str, Any] = {"cbsa": rows[0][0], "year": max(int(r[2]) for r in rows)}
    found.update({component: float(rpp) for _, component, _, rpp in rows})
    return found


# The leading tech metros of the factor table (OEWS names), and one of our choice: Raleigh.
LEADING_METROS = (
    "San Jose-Sunnyvale-Santa Clara, CA",
    "San Francisco-Oakland-Fremont, CA",
    "Seattle-Tacoma-Bellevue, WA",
    "New York-Newark-Jersey City, NY-NJ",
    "Boston-Cambridge-Newton, MA-NH",
    "Austin-Round Rock-San Marcos, TX",
    "Raleigh-Cary, NC",
)


def factor_table(
    store: Store,
    *,
    role: str = "ml_engineer",
    metros: tuple[str, ...] = LEADING_METROS,
    pay_component: str = "base",
) -> dict[str, Any]:
    """``warned_factor_table``'s answer alone."""
    return warned_factor_table(store, role=role, metros=metros, pay_component=pay_component)[0]


# local-prices takes no state filter: its warning of the states' records that name no metro
# names the stats question that counts them ("state=CA,WA counts them" had been stats' own
# words, which local-prices cannot act on), as each face asks it: the API and MCP had
# named the CLI's command, which their users have none of (``stats.metro_left_out``).
STATES_ASKED_ON: Final = {
    "cli": "`paygrade stats --where state={codes}`",
    "api": "`GET /api/v1/stats?where=state:{codes}`",
    "mcp": '`stats` with "where": {{"state": [{listed}]}}',
}
STATES_ASKED = STATES_ASKED_ON["cli"]


def warned_factor_table(
    store: Store,
    *,
    role: str = "ml_engineer",
    metros: tuple[str, ...] = LEADING_METROS,
    pay_component: str = "base",
    face: str = "cli",
) -> tuple[dict[str, Any], list[str]]:
    """Median pay per metro, nominal and at US-average prices, and each metro's rank by both;
    rows by nominal median, highest first. And what ``stats`` warns of the same question,
    as every face says it (the CLI on stderr, the API in ``X-Paygrade-Warning`` headers,
    MCP as texts after the JSON): the records of the metros' states that name no metro
    (the late-2023 filings), which the table leaves out; its years had ended in 2019
    without a word of them. ``face`` ("cli", "api" or "mcp") is whose reader is told how
    to count them (``STATES_ASKED_ON``).

    Only records with a metro can be priced: the H-1B filings (base pay), so the
    default compares base pay. Percentiles come from pay divided record by record.

    Example:
        >>> factor_table(store)["rows"][0]["metro"]  # doctest: +SKIP
        'San Jose-Sunnyvale-Santa Clara, CA'
    """
    from paygrade.filters import KnownValues
    from paygrade.stats import coarsest, stats, warned_stats

    known = KnownValues(store)
    # The leading metros are our choice, not the user's: a store without them (a user's
    # own records) gets their rows with n = 0, not an error about names nobody typed.
    metros = _named_metros(store, known, metros, strict=metros != LEADING_METROS)
    # Only the metros records hold are asked: a list with one no record holds (a metro BEA
    # alone knows, Enid, OK) matches nothing, and had left every metro's row at n = 0.
    held = known.held({"metro": list(metros)})
    asked = held["metro"] if held else list(metros)
    where = {"role": [role], "metro": asked, "pay_component": [pay_component]}
    answer, warnings = warned_stats(store, ["metro"], where, states_asked=STATES_ASKED_ON[face])
    nominal = {g["key"]["metro"]: g for g in answer["groups"]}
    local = stats(store, ["metro"], where, local_prices=True)
    at_prices = {g["key"]["metro"]: g for g in local["groups"]}
    rows = [_factor_row(store, metro, nominal.get(metro), at_prices.get(metro)) for metro in metros]
    judged = _judged(nominal)
    _rank(rows, "p50_nominal", "rank_nominal", judged)
    _rank(rows, "p50_local", "rank_local", judged)
    for row in rows:  # last, after the ranks: every key it joined keeps its place
        row["rounded_to"] = coarsest(nominal.get(row["metro"]), at_prices.get(row["metro"]))
        row["rank_local_note"] = _local_rank_note(row)
    # Read top down by median pay (the list's own order followed housing costs); metros of
    # too few records last, by their median, then those without one in the list's order.
    # (The count taken before: while a list sorts, it reads as empty.)
    unranked = len(rows) + 1
    rows.sort(key=lambda row: (row["rank_nominal"] or unranked, -(row["p50_nominal"] or 0)))
    # The filters as the store holds them: "data scientist" is data_scientist.
    return {"where": answer["where"], "rows": rows, "local_prices": local.get("local_prices"),
            "sources": answer["sources"],
            "flagged_excluded": answer["flagged_excluded"]}, warnings  # fmt: skip


def left_out_notes(left: dict[str, Any] | None) -> list[str]:
    """What pricing at local prices left out or priced at another year, in words: said
    beside every median at US-average prices (``stats --local-prices``, ``compare``,
    ``local-prices``), which had been silent in the last two.

    Example:
        >>> left_out_notes({"no_metro": 1, "no_price_parity": {"A, NY": 7},
        ...     "priced_at_latest_year": 5, "latest_year": 2024})  # doctest: +NORMALIZE_WHITESPACE
        ['left out by local prices: 1 record with no metro, 7 in 1 area BEA does not price
          in their years', "priced at BEA's latest year (2024): 5 records of later years"]
    """
    if not left:
        return []
    parts = []
    if left["no_metro"]:
        parts.append(f"{_records(left['no_metro'])} with no metro")
    parts += unpriced_said(left["no_price_parity"])
    notes = [f"left out by local prices: {', '.join(parts)}"] if parts else []
    if left["priced_at_latest_year"]:
        notes.append(
            f"priced at BEA's latest year ({left['latest_year']}): "
            f"{_records(left['priced_at_latest_year'])} of later years"
        )
    return notes


# Areas BEA never prices, by how OFLC's geography names them: BEA's parities are of the
# metros of the 50 states and DC, so neither BLS's nonmetropolitan areas nor a territory's
# areas have one in any year. Said as "N in <what> (which BEA never prices)".
NEVER_PRICED = (
    (re.compile(r", PR$|^Puerto Rico "), "Puerto Rico"),
    (re.compile(r"^Guam "), "Guam"),
    (re.compile(r"^U\.S\. Virgin Islands "), "the U.S. Virgin Islands"),
    (re.compile(r" nonmetropolitan area$"), "nonmetropolitan area"),
)


def never_priced(area: str) -> str | None:
    """What makes ``area`` one BEA never prices (a territory, or "nonmetropolitan area"),
    else None: a metro BEA prices in other years than its records'.

    Example:
        >>> never_priced("San Juan-Bayamon-Caguas, PR"), never_priced("Guam MSA")
        ('Puerto Rico', 'Guam')
        >>> never_priced("South Arkansas nonmetropolitan area"), never_priced("Twin Falls, ID")
        ('nonmetropolitan area', None)
    """
    return next((what for pattern, what in NEVER_PRICED if pattern.search(area)), None)


def unpriced_said(areas: dict[str, int], verb: bool = False) -> list[str]:
    """The records of ``areas`` (area: records) BEA has no parity for, one part per reason:
    all had been "in areas BEA does not price in their years", nonmetropolitan areas and
    Puerto Rico too, which BEA prices in no year. ``verb``: "3 are in", as a sentence
    of its own says it.

    Example:
        >>> unpriced_said({"San Juan-Bayamon-Caguas, PR": 2, "Twin Falls, ID": 3,
        ...     "South Arkansas nonmetropolitan area": 2, "Southeast Iowa nonmetropolitan area": 1})
        ['3 in 1 area BEA does not price in their years', '3 in 2 nonmetropolitan areas (which \
BEA never prices)', '2 in Puerto Rico (which BEA never prices)']
        >>> unpriced_said({"Ponce, PR": 1}, verb=True)
        ['1 is in Puerto Rico (which BEA never prices)']
    """
    held: dict[str | None, dict[str, int]] = {}
    for area, n in areas.items():
        held.setdefault(never_priced(area), {})[area] = n
    parts = []
    for what, group in sorted(held.items(), key=lambda item: _reason_order(item[0])):
        n, count = sum(group.values()), len(group)
        held_in = f"{n:,}{(' is' if n == 1 else ' are') if verb else ''} in"
        if what is None:
            parts.append(f"{held_in} {count} area{'' if count == 1 else 's'} {NOT_IN_YEARS}")
        elif what == "nonmetropolitan area":
            parts.append(f"{held_in} {count} {what}{'' if count == 1 else 's'} (which {NEVER})")
        else:
            parts.append(f"{held_in} {what} (which {NEVER})")
    return parts


NOT_IN_YEARS = "BEA does not price in their years"
NEVER = "BEA never prices"


def _reason_order(what: str | None) -> int:
    """Metros priced in other years first, then the reasons in ``NEVER_PRICED``'s order
    from the last: nonmetropolitan areas, then the territories."""
    reasons = [None, *reversed([name for _, name in NEVER_PRICED])]
    return reasons.index(what)


def _records(n: int) -> str:
    return f"{n:,} record{'' if n == 1 else 's'}"


def _named_metros(
    store: Store, known: KnownValues, metros: tuple[str, ...], strict: bool = True
) -> tuple[str, ...]:
    """Metros as the store names them ("atlanta" is Atlanta-Sandy Springs-Roswell, GA); one
    that neither the records nor BEA know is an error with the nearest names, not a row
    of nothing (unless not ``strict``: then it is kept as written)."""
    from paygrade.compare import place
    from paygrade.filters import resolve
    from paygrade.normalize.places import NoSuchPlace

    typed, unmatched = resolve({"metro": list(metros)}, known, listed=True)
    # One no record holds is read as compare reads a metro (any case, by its city): BEA's
    # "Enid, OK" written "enid, ok" had been no metro here, and one in compare.
    named: dict[str, str] = {}
    # compare's words for a place it cannot take: a US state's own metros, which a state
    # named here ("Texas") is offered ("give state TX" was advice this command cannot follow).
    said: dict[str, str] = {}
    for u in unmatched:
        try:
            if (found := place(store, metro=str(u.value)).metro) is not None:
                named[str(u.value)] = found
        except NoSuchPlace as exc:
            said[str(u.value)] = str(exc)
        except BadFilter:
            pass
    unknown = [
        u for u in unmatched if metro_parities(store, named.get(str(u.value), str(u.value))) is None
    ]
    if unknown and strict:
        raise BadFilter("; ".join(_why_unknown(u, said) for u in unknown))
    return tuple(dict.fromkeys(named.get(str(m), m) for m in typed["metro"]))


def _why_unknown(u: Unmatched, said: dict[str, str]) -> str:
    """A metro no record or BEA table holds, said as compare says it ("no metro area is
    called 'Atlantis'", a US state's metros with the most records), else as the filters say
    it. "no record has metro 'Atlantis'" had been said here, and the API's 422 named no
    parameter (compare's words lead with it)."""
    return said.get(str(u.value)) or u.sentence()


def _factor_row(
    store: Store, metro: str, nominal: dict[str, Any] | None, local: dict[str, Any] | None
) -> dict[str, Any]:
    parities = metro_parities(store, metro) or {}
    return {
        "metro": metro,
        "rpp_all_items": parities.get("all_items"),
        "rpp_housing": parities.get("housing"),
        "rpp_year": parities.get("year"),
        "n": nominal["n"] if nominal else 0,
        "n_distinct": nominal["n_distinct"] if nominal else 0,
        "years": nominal["years"] if nominal else [],
        "p50_nominal": nominal.get("p50") if nominal else None,
        "p50_nominal_ci": nominal.get("p50_ci") if nominal else None,
        "p50_local": local.get("p50") if local else None,
    }


# Why a metro with a median gets no rank: Raleigh's 8 records had ranked it first at US
# prices, above San Francisco's 185 and San Jose's 195, without a word.
TOO_FEW_TO_RANK = "too few records for its median's 95% interval"
# Why a metro has no median at all: Boise's row of n 0 and blanks had come without a word.
NO_RECORD = "no record of the metro matched"


# Why a metro ranked by nominal pay has no rank at US prices: San Juan (BEA prices no
# metro of Puerto Rico) had ranked 1st nominally, its US-prices rank blank and rank_note null.
NOT_PRICED = "BEA does not price the metro in its records' years"


def _local_rank_note(row: dict[str, Any]) -> str | None:
    """Why a metro ranked by nominal pay has no rank at US prices, else None (a metro
    ranked neither way says why in ``rank_note``): BEA prices no area of its kind (San Juan
    had been said unpriced "in its records' years", as if in others), or its records all
    fell in years BEA has no parity of the metro for. ``left_out_notes`` counts them.

    Example:
        >>> _local_rank_note({"metro": "Twin Falls, ID", "rank_note": None, "rank_local": None})
        "BEA does not price the metro in its records' years"
        >>> _local_rank_note({"metro": "Ponce, PR", "rank_note": None, "rank_local": None})
        'BEA never prices an area of Puerto Rico'
        >>> _local_rank_note({"metro": "Ponce, PR", "rank_note": None, "rank_local": 2})
    """
    if row["rank_note"] is not None or row["rank_local"] is not None:
        return None
    what = never_priced(row["metro"])
    if what is None:
        return NOT_PRICED
    if what == "nonmetropolitan area":
        return f"{NEVER} BLS's nonmetropolitan areas"
    return f"{NEVER} an area of {what}"


def _judged(nominal: dict[str, dict[str, Any]]) -> set[str]:
    """The metros whose median's 95% interval has both ends: published, or withheld of a
    group counting submitted salaries (``verdict_interval``; only the rank it allows is
    shown). Seattle, with eleven submissions among its 66 records, had been unranked as
    "too few records"."""
    from paygrade.stats import verdict_interval

    return {metro for metro, group in nominal.items() if verdict_interval(group)}


def _rank(rows: list[dict[str, Any]], value: str, rank: str, judged: set[str]) -> None:
    """Rank 1 = highest, among the rows with a median whose 95% interval has both ends
    (``judged``; ``rank_note`` says why another is not ranked); rows without the value get
    no rank."""
    from paygrade.stats import MIN_N

    suppressed = f"fewer than {MIN_N} records: no median is published"
    for row in rows:
        if row["p50_nominal"] is not None and row["metro"] in judged:
            row["rank_note"] = None
        elif not row["n"]:
            row["rank_note"] = NO_RECORD
        else:  # Ames' 4 data scientists had been blank, no word why
            row["rank_note"] = TOO_FEW_TO_RANK if row["p50_nominal"] is not None else suppressed
    rankable = (r for r in rows if r[value] is not None and r["rank_note"] is None)
    ranked = sorted(rankable, key=lambda r: -r[value])
    # Equal medians share a rank, the next one after them all ("1, 1, 3"): the order the
    # metros were asked in had decided which of two at $90,000 was first.
    for position, row in enumerate(ranked, start=1):
        tied = position > 1 and row[value] == ranked[position - 2][value]
        row[rank] = ranked[position - 2][rank] if tied else position
    for row in rows:
        row.setdefault(rank, None)
