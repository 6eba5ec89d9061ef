"""The report's location factor: median pay per leading metro at local prices, then for each
metro the records beside BLS OEWS for the same area (from ``compare``).

The two are different populations and stay in separate, labelled rows: the records
are H-1B filings employers made for ML engineers (the base wage an employer attests, intent to hire,
some years); OEWS is every employed worker of a neighbouring occupation in the area
(there is no ML engineer occupation), all experience levels, base wages with
incentive pay but no bonus or equity, from one employer survey year.
"""

from __future__ import annotations

from typing import Any

from paygrade.charts import years_cell
from paygrade.compare import compare
from paygrade.prices import LEADING_METROS, NoCPI, NoPriceParity, warned_factor_table
from paygrade.stats import MIN_N, warned_stats
from paygrade.store import Store

PERCENTILES = ("p10", "p25", "p50", "p75", "p90")


def oews_caveat(occupations: list[str], filings: bool = True) -> str:
    """Why the OEWS rows and the records rows are different populations (DOMAIN.md);
    ``filings``: whether the store holds H-1B filings (a store without them had been told
    its records rows were filings)."""
    records = (
        "the H-1B filings employers made for ML engineer jobs"
        if filings
        else "the ML engineer records that name a metro"
    )
    return (
        "BLS OEWS rows are a different population from the records: every employed worker "
        f"in the occupation and area (there is no ML engineer occupation: {', '.join(occupations)}"
        " are its neighbours), all experience levels, base wages including incentive pay but "
        f"not bonuses or equity, from one survey year. Records rows are {records}, "
        f"percentiles over n records; fewer than {MIN_N} records are suppressed. The rows are "
        "shown side by side, never averaged."
    )


def prices_table(store: Store, role: str) -> dict[str, Any]:
    """Median base pay per leading metro, nominal and at US-average prices (BEA RPP)."""
    location, warnings = warned_factor_table(store, role=role)
    rows = [{"group": r["metro"], "key": {"metro": r["metro"]}, "n": r["n"],
             "n_distinct": r["n_distinct"],
             "years": years_cell(r["years"]),  # a metro's filings may end years before the rest
             "suppressed": r["p50_nominal"] is None, "p50": r["p50_nominal"],
             "p50_ci": r["p50_nominal_ci"],
             "p50_local_prices": r["p50_local"], "rpp": r["rpp_all_items"],
             "rank_nominal": r["rank_nominal"], "rank_local": r["rank_local"],
             "rank_note": r["rank_note"], "rounded_to": r["rounded_to"],
             "rank_local_note": r["rank_local_note"]}
            for r in location["rows"]]  # fmt: skip
    return {"caption": "Location: median base pay, nominal and at US-average prices",
            # The records' own sources (a user's, submissions), then the parities'.
            "by": ["metro"], "rows": rows, "sources": {**location["sources"], "BEA RPP": None},
            "pay_components": ["base"],
            "flagged_excluded": location["flagged_excluded"],
            "value": "amount_usd",
            # First what stats warns of the same question, as every table of the report.
            "notes": [*warnings, parity_note(location["rows"]),
                      *unranked_said(location["rows"])]}  # fmt: skip


def unranked_said(rows: list[dict[str, Any]]) -> list[str]:
    """The metros ``paygrade local-prices`` leaves unranked and why (each reason once, its
    metros named), as it says it under its table: Raleigh's 8 records had shown the highest
    median at US prices here without a word, and a metro BEA does not price (its
    ``rank_local_note``) a blank median at US prices.

    Example:
        >>> unranked_said([{"metro": "Raleigh-Cary, NC", "n": 8, "rank_note": "too few"},
        ...                {"metro": "Ponce, PR", "n": 9, "rank_local_note": "BEA never"}])
        ['not ranked (shown last), nominal or at US prices: Raleigh-Cary, NC (n=8): too few', \
'no median at US prices, not ranked at them: Ponce, PR (n=9): BEA never']
    """
    said = []
    for key, unranked in UNRANKED_SAID:
        for note in dict.fromkeys(row[key] for row in rows if row.get(key)):
            metros = [f"{r['metro']} (n={r['n']:,})" for r in rows if r.get(key) == note]
            said.append(f"{unranked}: {', '.join(metros)}: {note}")
    return said


# Each reason a metro is not ranked, and how the notes under the table begin for it.
UNRANKED_SAID = (
    ("rank_note", "not ranked (shown last), nominal or at US prices"),
    ("rank_local_note", "no median at US prices, not ranked at them"),
)


def parity_note(rows: list[dict[str, Any]]) -> str:
    """What the price parity column is, and why the median at US prices is not the median
    divided by it (``paygrade local-prices`` says the same under its table).

    Example:
        >>> parity_note([{"rpp_year": 2024}])[:52]
        'price parity: BEA all-items regional price parity of'
    """
    years = sorted({r["rpp_year"] for r in rows if r.get("rpp_year")})
    latest = f" of {', '.join(map(str, years))}" if years else ""
    return (
        f"price parity: BEA all-items regional price parity{latest} (US = 100). Each record "
        "is divided by its own year's parity before the median is taken, so the median at US "
        "prices is not the nominal median divided by the parity shown"
    )


def metro_table(store: Store, role: str, metro: str) -> dict[str, Any]:
    """One metro's records (per source and pay component) and its BLS OEWS percentiles.

    Example:
        >>> table = metro_table(store, "ml_engineer", "Raleigh-Cary, NC")  # doctest: +SKIP
        >>> table["rows"][1]["group"], table["rows"][1]["years"]  # doctest: +SKIP
        ('BLS OEWS 15-1252 Software Developers, all levels', 'May 2025')
    """
    result = compare(store, role=role, metro=metro, local_prices=False)  # prices: see above
    records = [_record_row(r) for r in result["rows"] if r["kind"] not in _PUBLISHED]
    year, warnings = _in_real_dollars(store, records, result["where"])
    if all("state" in r["key"] for r in records):  # say so, whatever its state holds
        records.insert(0, {"group": "ML engineer records: none in this metro",
                           "key": {"source": None}, "n": 0, "suppressed": True})  # fmt: skip
    oews = [_oews_row(r) for r in result["rows"] if r["source"] == "oews"]
    sources: dict[str, int | None] = {r["key"]["source"]: r["n"] for r in records if r["n"]}
    sources |= {f"BLS OEWS {r['years']} area {result['area']}": None for r in oews}
    # Not compare's "no records match this role and place": the row "records: none in this
    # metro" says it, and it had stood under a row of the metro's state's filings (254).
    missing = [n for n in result["notes"] if n.startswith("no BLS OEWS")]
    held = [y for r in result["rows"] if r["kind"] not in _PUBLISHED for y in r.get("years") or []]
    caption = f"{metro}: records and BLS OEWS side by side" + _years_said(held, oews)
    return {"caption": caption, "by": ["source"],
            "where": result["where"], "rows": records + oews, "sources": sources,
            "pay_components": sorted({str(r["pay_component"]) for r in records + oews
                                      if r.get("pay_component")}),
            "value": "amount_usd", "flagged_excluded": result["flagged_excluded"],
            "notes": [*warnings, *risen_since(records, oews, year), *missing]}  # fmt: skip


def _years_said(years: list[int], oews: list[dict[str, Any]]) -> str:
    """The caption's years of each side (``years``: the records rows' years): filings of
    years past beside OEWS of this year read as "ML engineers earn less" when the gap is
    years of pay rises."""
    published = sorted({r["years"] for r in oews})
    said = []
    if years:
        said.append(f"records of {years_cell(years)} in their years' dollars")
    if published:
        said.append(f"BLS OEWS of {', '.join(published)}")
    return f" ({'; '.join(said)})" if said else ""


def risen_since(
    records: list[dict[str, Any]], oews: list[dict[str, Any]], year: int | None
) -> list[str]:
    """Why a records median of past years reads low beside OEWS's latest (none without
    both): said under every table setting them side by side, the report's US table too;
    ``year``: the reference year of a "median, CPI-adjusted" column, when it has one.

    Example:
        >>> risen_since([{"n": 9}], [{"n": None}], None)[0][:40]
        "pay has risen since the records' years: "
        >>> risen_since([{"n": 0}], [{"n": None}], 2024)
        []
    """
    # The row saying a metro has no records is none: it had brought this sentence to
    # tables of no records at all.
    if not any(r["n"] for r in records) or not oews:
        return []
    return [
        "pay has risen since the records' years: a records median below OEWS is partly "
        "years of pay rises, not ML engineers earning less"
        + (f"; 'median, CPI-adjusted' is each records median in {year} dollars (CPI-U)"
           if year else "")
    ]  # fmt: skip


def _in_real_dollars(
    store: Store, records: list[dict[str, Any]], where: dict[str, list[Any]]
) -> tuple[int | None, list[str]]:
    """Each shown records row's median in CPI reference-year dollars (``p50_real``), so a
    2015-2019 median can be read beside a recent OEWS figure; the reference year, and what
    stats warns of those medians (records of years CPI-U does not reach, left out: they
    had been left out of a row's median without a word)."""
    year, warnings = None, []
    for row in records:
        if row["suppressed"] or row["key"]["source"] is None:
            continue
        place = {"state": row["key"]["state"]} if "state" in row["key"] else where
        asked = {**place, "role": where["role"], "source": [row["key"]["source"]],
                 "pay_component": [row["pay_component"]]}  # fmt: skip
        try:
            result, said = warned_stats(store, [], asked, value="amount_usd_real")
        except NoCPI:  # a store without CPI-U: the medians as they are, none in real dollars
            return None, []
        year = result.get("reference_year")
        row["p50_real"] = result["groups"][0].get("p50") if result["groups"] else None
        warnings += [f"{row['group']}, CPI-adjusted median: {w}" for w in said]
    return year, warnings


_PUBLISHED = ("official", "prevailing_wage")


def _record_row(row: dict[str, Any]) -> dict[str, Any]:
    # A file naming no metro gives its records of the metro's state(s): a wider place.
    wider = f", all of {'/'.join(row['state'])}" if row.get("state") else ""
    out: dict[str, Any] = {
        "group": f"ML engineer records: {row['source']} ({row['kind']}{wider})",
        "key": {"source": row["source"], **({"state": row["state"]} if wider else {})},
        "n": row["n"],
        "n_distinct": row.get("n_distinct"),
        "pay_component": row["pay_component"],
        "years": years_cell(row["years"]),
        "suppressed": row["suppressed"],
        "p50_ci": row.get("p50_ci"),
        "rounded_to": row.get("rounded_to"),
    }
    return out | {p: row.get(p) for p in PERCENTILES}


def _oews_row(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "group": f"BLS OEWS {row['occupation']} {row['occupation_title']}, all levels",
        "key": {"source": "oews", "occupation": row["occupation"], "area": row["area"]},
        "n": None,  # a published estimate, not a count of records
        "pay_component": row["pay_component"],
        "years": f"May {row['year']}",
        "suppressed": False,
        "top_coded": row["top_coded"],
        "employment": None if row["employment"] is None else int(row["employment"]),
    }
    return out | {p: row.get(p) for p in PERCENTILES}


def location_tables(store: Store, role: str) -> list[dict[str, Any]]:
    """The prices table, then a records-beside-OEWS table per leading metro the store
    knows (a store of a user's own records may hold none of them, nor OEWS)."""
    from paygrade.normalize.places import NoSuchPlace

    try:
        tables = [prices_table(store, role)]
    except NoPriceParity:  # a store of a user's own records, without BEA's parities
        tables = []
    for metro in LEADING_METROS:
        try:
            tables.append(metro_table(store, role, metro))
        except NoSuchPlace:
            continue
    return tables
