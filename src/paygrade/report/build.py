"""The report as data: sections of figures from ``stats``, ``compare``, ``factor_table`` and
``ladder``.

Every table row carries n; every table carries the sources behind it and the pay
component it measures (base and total never share a column). A group with too
few records to publish stays in the table, marked suppressed. No raw maximum is
ever computed: the top of the market is p90 and p99 (p99 only from 100 records).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from paygrade.charts import compare_chart, spans, stats_chart, years_cell
from paygrade.compare import compare, occupations
from paygrade.engines import PRIVATE_MIN
from paygrade.filters import KnownValues
from paygrade.formats import blank_cells_said, counted
from paygrade.holdings import MEASURES, Held, caveats
from paygrade.normalize.rule_tables import names
from paygrade.prices import NoCPI, part_years
from paygrade.quality import loaded_sources
from paygrade.records import FLAGGED_MEANS, PRIVATE_SQL, and_list
from paygrade.report.career import career_path as career_section
from paygrade.report.holdings import origins_said, records_said
from paygrade.report.location import location_tables, oews_caveat, risen_since
from paygrade.report.management import limit_said, management_table
from paygrade.stats import CI_SUPPRESSED, MIN_N, coarse, stats, warned_stats
from paygrade.store import Store

log = logging.getLogger(__name__)
TITLE = "ML Engineer Salaries by Experience Level and Leading Companies"
ROLE = "ml_engineer"
LEADING = ("Amazon", "Apple", "Google", "Meta", "Microsoft")
# At companies, the roles shown: employers' filings call ML engineers scientists as often.
COMPANY_ROLES = (ROLE, "research_scientist")
MIN_N_P99 = 100  # p99 of fewer records is close to a single person's pay
PERCENTILES = ("p10", "p25", "p50", "p75", "p90")
# The country of the filings; survey answers from elsewhere are shown on their own.
US = "US"
ABROAD_ROWS = 12  # countries shown outside the US, most records first
FACTORS = (
    ("industry", "Industry"),
    ("company_size", "Company size"),
    ("education", "Education"),
    ("specialization", "Specialization"),
    ("remote", "Remote work (% of time)"),
)


def stats_table(
    store: Store, caption: str, by: Sequence[str], where: dict[str, list[Any]], **options: Any
) -> dict[str, Any]:
    """One ``stats`` call as a report table: a row per group with n and percentiles, and
    as its first notes the warnings the CLI, API and MCP give with the same answer
    (``warned_stats``): real dollars' trends had left out 2026's records without a word.

    Example:
        >>> stats_table(store, "By level", ["level"], {"role": ["ml_engineer"]})  # doctest: +SKIP
        {'caption': 'By level', 'rows': [{'group': 'entry', 'n': 415, ...}], ...}
    """
    result, warnings = warned_stats(store, by, where, **options)
    rows = [_row(group, by) for group in result["groups"]]
    return {
        "caption": caption,
        "by": list(by),
        "where": result["where"],
        "rows": rows,
        "sources": result["sources"],
        "pay_components": result["pay_components"],
        "value": result["value"],
        "flagged_excluded": result["flagged_excluded"],
        "notes": warnings,
        "result": result,
    }


def held_table(
    store: Store, caption: str, by: Sequence[str], where: dict[str, list[Any]]
) -> dict[str, Any]:
    """``stats_table`` of the values of ``where`` (our choice, not a user's) the store
    holds: ``stats`` refuses a whole list for one value no record holds, and a store without
    Apple had shown every leading company as "no records", Google's six among them.
    With none held, a table of no rows."""
    asked = KnownValues(store).held(where)
    if asked is not None:
        return stats_table(store, caption, by, asked)
    return empty_table(caption, by, where)


def empty_table(caption: str, by: Sequence[str], where: dict[str, Any]) -> dict[str, Any]:
    """A report table of no rows (drawn as "No group to show")."""
    return {"caption": caption, "by": list(by), "where": where, "rows": [], "sources": {},
            "pay_components": [], "value": "amount_usd", "flagged_excluded": 0,
            "notes": [], "result": None}  # fmt: skip


def _row(group: dict[str, Any], by: Sequence[str]) -> dict[str, Any]:
    label = " · ".join("unknown" if group["key"][f] is None else str(group["key"][f]) for f in by)
    row: dict[str, Any] = {"group": label or "all", "key": group["key"], "n": group["n"],
                           "n_distinct": group.get("n_distinct")}  # fmt: skip
    # The years behind a row: filings end in 2023 and surveys run to 2025, so a base and a
    # total row side by side are of different years.
    if "year" not in by:  # a row of one year says it already
        row["years"] = years_cell(group["years"])
    row["suppressed"] = group["suppressed"]
    row.update({p: group.get(p) for p in PERCENTILES})
    row["p50_ci"] = group.get("p50_ci")  # the median's 95% interval (order statistics)
    row["rounded_to"] = group.get("rounded_to")  # said beneath the table (``rounding_said``)
    return row


def _pay(component: str, **where: Any) -> dict[str, list[Any]]:
    return {"role": [ROLE], "pay_component": [component], **{k: [v] for k, v in where.items()}}


def every_company_and_role(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The leading companies' rows with a row of n = 0 for each company and role no record
    names, in company then role order: a role left out read as forgotten, not as none.

    Example:
        >>> [(r["group"], r["n"]) for r in every_company_and_role([])][:2]
        [('Amazon · ml_engineer', 0), ('Amazon · research_scientist', 0)]
    """
    out = []
    for company in LEADING:
        for role in COMPANY_ROLES:
            held = [r for r in rows if (r["key"]["company"], r["key"]["role"]) == (company, role)]
            out += held or [{"group": f"{company} · {role}", "n": 0, "suppressed": True,
                             "key": {"company": company, "role": role, "pay_component": None},
                             "note": "no records"}]  # fmt: skip
    return out


def overview(store: Store) -> dict[str, Any]:
    table = stats_table(store, "All ML engineer records, US", ["pay_component"],
                        {"role": [ROLE], "country": [US]})  # fmt: skip
    tables = [table, *outside_us(store)]
    return {"id": "overview", "title": "Overview", "text": overview_said(Held.of(store)),
            "tables": tables}  # fmt: skip


def overview_said(held: Held) -> list[str]:
    """What the report is made of and why its tables are of US jobs, naming only the
    sources the store holds.

    Example:
        >>> overview_said(Held(frozenset({"aijobs"})))[0][:70]
        'Annual pay of machine learning engineers from public surveys (total pa'
        >>> "H-1B" in " ".join(overview_said(Held(frozenset({"aijobs"}))))
        False
    """
    beside = ", with BLS OEWS wage estimates beside them" if held.has("oews") else ""
    made_of = (
        f"Annual pay of machine learning engineers from {records_said(held)}{beside}. Figures "
        f"are percentiles with their number of records n; groups of fewer than {MIN_N} records "
        "are suppressed."
    )
    us = "Tables whose caption ends in US are US jobs" + _as_filings(held)
    if held.has("survey"):
        us += (": the surveys' answers from other countries pay far less, and mixed in, a year "
               "or a factor with more of them looked like lower pay. They are shown on their "
               "own, by country.")  # fmt: skip
    else:
        us += "; records of other countries are shown on their own, by country."
    if held.has("so_survey"):
        us += (" The industry and education tables are the exception: their Stack Overflow "
               "respondents name no country.")  # fmt: skip
    return [made_of, us]


def _as_filings(held: Held) -> str:
    return ", as the filings are" if held.has("filing") else ""


def outside_us(store: Store) -> list[dict[str, Any]]:
    """Total pay of ML engineers outside the US, the countries with most records first
    (none when no record names another country)."""
    where = _pay("total")
    held = stats(store, ["country"], where)["groups"]
    countries = [g["key"]["country"] for g in held if g["key"]["country"] not in (None, US)]
    if not countries:
        return []
    where["country"] = countries
    limit = rows_to_tie([g["n"] for g in held if g["key"]["country"] in countries], ABROAD_ROWS)
    table = stats_table(store, "Outside the US: total pay by country", ["country"], where,
                        min_n=MIN_N, limit=limit)  # fmt: skip
    named = names("countries.csv")
    for row in table["rows"]:  # "CA" alone reads as California
        code = row["key"]["country"]
        row["group"] = f"{named.get(code, code)} ({code})"
    if left := table["result"]["groups_omitted"]:
        more = counted(left, "more country", "more countries")  # "1 more countries" at one
        each = "each of fewer records, are" if left > 1 else "of fewer records, is"
        table["notes"].append(f"{more}, {each} not shown")
        # The sources behind the countries shown: the sentence had counted all 54 (745
        # records) under 12 rows of 622.
        shown = [row["key"]["country"] for row in table["rows"]]
        behind = stats(store, [], {**where, "country": shown})
        table["sources"], table["flagged_excluded"] = behind["sources"], behind["flagged_excluded"]
    return [table]


def rows_to_tie(counts: Sequence[int], rows: int) -> int:
    """How many of the largest ``counts`` a table of about ``rows`` rows shows: those tied
    with the last one too. Cut at a tie, one of two countries of 9 records was shown and
    the other counted among "more countries, each of fewer records".

    Example:
        >>> rows_to_tie([20, 9, 9, 5], 2), rows_to_tie([20, 9, 8], 2), rows_to_tie([3], 2)
        (3, 2, 1)
    """
    largest = sorted(counts, reverse=True)
    if len(largest) <= rows:
        return len(largest)
    return sum(1 for n in largest if n >= largest[rows - 1])


def by_level(store: Store) -> dict[str, Any]:
    tables = [
        stats_table(store, f"By experience level, {c} pay, US", ["level"], _pay(c, country="US"))
        for c in ("total", "base")
    ]
    held = Held.of(store)
    surveys = held.has("survey")
    text = [
        f"Levels come from titles{' and survey answers' if surveys else ''}; unknown levels are "
        f"shown as such. Both tables are US jobs{_as_filings(held)}"
        + (": the tenth of the survey's answers that come from other countries are paid far "
           "less, and would pull the low percentiles down." if surveys else ".")
    ]  # fmt: skip
    charts = [stats_chart(tables[0]["result"], title="ML engineer total pay by level, US")]
    return {"id": "levels", "title": "Pay by experience level", "text": text, "tables": tables,
            "charts": charts}  # fmt: skip


def leading_companies(store: Store) -> dict[str, Any]:
    """The five leading companies always (suppressed when thin), ML engineers and research
    scientists each role its own row (``COMPANY_ROLES``); then other companies with enough
    ML engineer records (research scientists elsewhere are mostly universities' postdocs)."""
    # US jobs, as every table but the overview's, industry's and education's: a user's
    # German Google rows had been counted into "Google · ml_engineer · base".
    where = {"role": [ROLE], "country": [US]}
    by = ["company", "role", "pay_component"]
    named = held_table(store, "Leading companies, US", by,
                       {"role": list(COMPANY_ROLES), "company": list(LEADING),
                        "country": [US]})  # fmt: skip
    others = stats_table(store, "Other companies with enough ML engineer data, US", by,
                         where, min_n=MIN_N * 4, limit=12)  # fmt: skip
    others["rows"] = [r for r in others["rows"] if r["key"]["company"] not in (None, *LEADING)]
    shown = sorted({r["key"]["company"] for r in others["rows"]})
    # The sources and pay components behind the rows shown, not behind every ML engineer
    # record (the surveys' total pay names no company: "base and total" was wrong here).
    behind = stats(store, [], {**where, "company": shown}) if shown else None
    others["sources"] = behind["sources"] if behind else {}
    others["pay_components"] = behind["pay_components"] if behind else []
    others["flagged_excluded"] = behind["flagged_excluded"] if behind else 0
    missing = [c for c in LEADING if c not in {r["key"]["company"] for r in named["rows"]}]
    named["rows"] = every_company_and_role(named["rows"])
    counted = [row for table in (named, others) for row in table["rows"] if row["n"]]
    pay = sorted({row["key"]["pay_component"] for row in counted})
    behind_rows = Held(frozenset(named["sources"]) | frozenset(others["sources"]))
    text = [companies_said(Held.of(store), behind_rows, pay)]
    if missing:
        text.append(f"No ML engineer or research scientist records name {', '.join(missing)}.")
    return {"id": "companies", "title": "At leading companies", "text": text,
            "tables": [named, others]}  # fmt: skip


def companies_said(held: Held, shown: Held, pay: Sequence[str]) -> str:
    """What pay the rows are, of the records ``shown`` behind them (``pay``: their pay
    components), and why two roles, the filings named only when held. Said of the store, it
    had told of "total pay (surveys)" rows over rows of H-1B base pay alone.

    Example:
        >>> h1b = Held(frozenset({"h1b"}))
        >>> companies_said(Held(frozenset({"h1b", "aijobs"})), h1b, ["base"]).split(". ")[0]
        'Every row is base pay, from H-1B filings: the surveys name no company'
        >>> companies_said(Held(frozenset({"csv"})), Held(frozenset({"csv"})), ["base", "total"])
        'Base pay and total pay are separate rows, never mixed. At the leading companies, \
ML engineers and research scientists are both shown, each role its own row.'
    """
    said = "Base pay and total pay are separate rows, never mixed."
    if len(pay) == 1:
        said = f"Every row is {pay[0]} pay, from {origins_said(shown)}"
        said += ": the surveys name no company." if held.has("survey") and not shown.has(
            "survey") else "."  # fmt: skip
    if held.has("filing"):
        return said + (
            " Many employers file the people who build their models as applied or research"
            " scientists (Amazon's Applied Scientist, Google's Research Scientist) or as"
            " software engineers: at the leading companies, ML engineers and research"
            " scientists are both shown, each role its own row."
        )
    return said + (" At the leading companies, ML engineers and research scientists are both"
                   " shown, each role its own row.")  # fmt: skip


# Who stands in for ML engineers on a factor their records never name (the aijobs survey
# asks no industry or education): the Stack Overflow survey's data scientists and machine
# learning specialists, its one ML answer.
NEAREST = {"role": ["data_scientist"], "source": ["so_survey"], "pay_component": ["total"]}
NEAREST_NAME = "data scientists and ML specialists, Stack Overflow survey 2023"


def factors(store: Store) -> dict[str, Any]:
    """Location (nominal, at local prices, and beside BLS OEWS per metro), then each other
    factor of pay: ML engineers' total pay, or where their records never name the factor,
    the nearest population that does (``NEAREST``), said so."""
    tables = location_tables(store, ROLE)
    stood_in = []
    held = Held.of(store)
    for field, title in FACTORS:
        table = stats_table(store, f"{title}, US", [field], _pay("total", country=US))
        if all(row["key"][field] is None for row in table["rows"]):
            stood_in.append(title.lower())
            if held.has("so_survey"):
                table = stats_table(store, f"{title} ({NEAREST_NAME})", [field], NEAREST)
            else:  # none stands in: no rows (its one "unknown" row was every record)
                table = empty_table(table["caption"], [field], table["where"])
        tables.append(table)
    tables.append(management_table(store, _row))
    text = [_location_said(tables), *_oews_said(tables, held), _others_said(tables, held),
            limit_said(tables[-1]["sources"], held.has("so_survey"))]  # fmt: skip
    if stood_in and any(t["rows"] for t in tables if NEAREST_NAME in t["caption"]):
        text.append(
            f"No ML engineer record names its {' or '.join(stood_in)}: those tables show "
            "instead the Stack Overflow survey's 2023 respondents who work as 'Data scientist "
            "or machine learning specialist', a different and smaller population."
        )
    elif stood_in:
        text.append(f"No record names its {' or '.join(stood_in)}: those tables are empty.")
    return {"id": "factors", "title": "Factors", "text": text, "tables": tables}


def _oews_said(tables: list[dict[str, Any]], held: Held) -> list[str]:
    """The caveat of the metro tables beside BLS OEWS, where there are some."""
    beside = held.has("oews") and any(t["by"] == ["source"] for t in tables)
    return [oews_caveat(list(occupations(ROLE)), held.has("filing"))] if beside else []


def _others_said(tables: list[dict[str, Any]], held: Held) -> str:
    """Whose pay the factors but location use ("the other factors" only beside a
    location table with rows)."""
    located = any(t["rows"] for t in tables if t["by"] in (["metro"], ["source"]))
    whose = "the surveys'" if held.has("survey") else "the records'"
    return f"The {'other ' if located else ''}factors use {whose} total pay of US jobs."


def _location_said(tables: list[dict[str, Any]]) -> str:
    """What the location tables hold, of the store they were made of: the sources of the
    records with a metro (H-1B filings in the mirrored data; a user's own, submissions),
    and the metro tables beside BLS OEWS only where there are some."""
    held = [name for t in tables if t["by"] == ["metro"]  # the prices table (BEA's parities)
            for name, n in t["sources"].items() if n is not None]  # fmt: skip
    said = "Each factor alone. Location uses the base pay of the records that name a metro"
    said += f" ({', '.join(held)})" if held else ": no record names one"
    if any(t["by"] == ["source"] for t in tables):  # a leading metro's records beside OEWS
        said += "; each leading metro then shows its records beside BLS OEWS for the same area"
    return said + "."


def sources_side_by_side(store: Store) -> dict[str, Any]:
    result = compare(store, role=ROLE, country="US")
    rows = [_compare_row(r) for r in result["rows"]]
    # The measures with a row here: OFLC's levels are per metro, none for the US, and the
    # title had named them ("... vs. BLS OEWS vs. OFLC") over a table without them.
    shown = {r["source"] for r in result["rows"]} | {r.get("kind") for r in result["rows"]}
    held = Held.of(store)
    measures = [
        (caption, title, pay)
        for name, caption, title, pay in MEASURES
        if held.has(name) and ROW_SOURCE.get(name, name) in shown
    ]
    # 2015-2019 filings beside OEWS of 2025 had stood here without the metro tables' words
    # that the gap is partly years of pay rises; said of records of years before OEWS's.
    oews = [r for r in result["rows"] if r["source"] == "oews"]
    records = records_before(result["rows"], max((r["year"] for r in oews), default=None))
    table = {"caption": _compared_caption(measures),
             "by": ["source"], "rows": rows, "sources": {r["group"]: r["n"] for r in rows},
             "pay_components": sorted({r["pay_component"] for r in rows}),
             "value": "amount_usd", "flagged_excluded": result["flagged_excluded"],
             "notes": risen_since(records, oews, None)}  # fmt: skip
    # compare's notes name only the measures the store holds (``paygrade.holdings``).
    text = ["Each row is its own measure of pay; they are never averaged together.",
            *(sentence(note) for note in result["notes"])]  # fmt: skip
    titles = [title for _, title, _ in measures]
    title = " vs. ".join(titles) if len(titles) > 1 else "Sources side by side"
    return {"id": "sources-compared", "title": title, "text": text,
            "tables": [table], "charts": [compare_chart(result)]}  # fmt: skip


def records_before(rows: list[dict[str, Any]], year: int | None) -> list[dict[str, Any]]:
    """The rows of a ``compare`` result counting records, all of years before ``year``
    (OEWS's): their medians read low beside OEWS partly for the years of pay rises between.

    Example:
        >>> rows = [{"source": "h1b", "n": 9, "years": [2019]},
        ...         {"source": "aijobs", "n": 9, "years": [2020, 2025]}]
        >>> [r["source"] for r in records_before(rows, 2025)], records_before(rows, None)
        (['h1b'], [])
    """
    if year is None:
        return []
    return [r for r in rows if r.get("n") and r.get("years") and max(r["years"]) < year]


# A measure's rows by their source, where it is not the measure's name.
ROW_SOURCE = {"oflc_wage_levels": "oflc"}


def _compared_caption(measures: list[tuple[str, str, str]]) -> str:
    """The side-by-side table's caption, of the measures held.

    Example:
        >>> _compared_caption([("surveys", "Surveys", "total")])
        'United States: surveys'
    """
    names = [caption for caption, _, _ in measures]
    return f"United States: {and_list(names)}" + (" side by side" if len(names) > 1 else "")


def _compare_row(row: dict[str, Any]) -> dict[str, Any]:
    label = f"{row['source']} ({row.get('kind')}, {row.get('pay_component')} pay)"
    if row["source"] == "oews":
        label = f"BLS OEWS {row['occupation']} {row['occupation_title']} ({row['year']})"
    out = {
        "group": label,
        "key": {"source": row["source"]},
        "n": row.get("n"),
        "n_distinct": row.get("n_distinct"),
        "p50_ci": row.get("p50_ci"),
        "pay_component": row.get("pay_component"),
        # Records' pay years; a published estimate's reference month.
        "years": f"May {row['year']}" if row["source"] == "oews" else years_cell(row["years"]),
        "suppressed": bool(row.get("suppressed")),
        "rounded_to": row.get("rounded_to"),
    }
    levels = row.get("levels") or {}
    out.update({p: row.get(p, levels.get(p)) for p in PERCENTILES})  # fmt: skip
    return out


def career_path(store: Store) -> dict[str, Any]:
    """The ladder's levels, their pay and the promotion steps, from ``paygrade.ladder``."""
    return career_section(store, ROLE)


def top_of_market(store: Store) -> dict[str, Any]:
    """p90 from ``stats`` and p99 (from 100 records) per pay component, US jobs; never a
    maximum."""
    table = stats_table(store, "Top of market, US", ["pay_component"],
                        {"role": [ROLE], "country": [US]})  # fmt: skip
    p99 = _p99(store)
    for row in table["rows"]:
        n, value = p99.get(row["key"]["pay_component"], (0, None))
        # As the group's other percentiles: to the cent, or of a group counting submitted
        # salaries to its step ("$283,442" had stood beside its p90 of "$210,000").
        step = row["rounded_to"]
        row["p99"] = (coarse(value, step) if step else value) if n >= MIN_N_P99 else None
    text = ["p90 and p99 show how high pay goes. A raw maximum is never shown: it is one "
            "person's pay (identifying them) and is more often an error than a fact. "
            f"p99 needs at least {MIN_N_P99} records."]  # fmt: skip
    return {"id": "top", "title": "Top of market", "text": text, "tables": [table]}


def _p99(store: Store) -> dict[str, tuple[int, float]]:
    # The records stats counts for the same rows: submitted salaries only where a pay
    # component holds PRIVATE_MIN of them (one submission moved the p99 by $1,558).
    rows = store.con.execute(
        f"""WITH kept AS (
            SELECT pay_component, amount_usd, source IN {PRIVATE_SQL} AS private
            FROM records
            WHERE role = ? AND country = ? AND amount_usd IS NOT NULL
              AND (flags IS NULL OR len(flags) = 0)),
        counted AS (
            SELECT *, count(*) FILTER (WHERE private) OVER (PARTITION BY pay_component) AS held
            FROM kept)
        SELECT pay_component, count(*), quantile_cont(amount_usd, 0.99) FROM counted
        WHERE NOT private OR held >= ?
        GROUP BY pay_component""",
        [ROLE, US, PRIVATE_MIN],
    ).fetchall()
    return {r[0]: (int(r[1]), round(float(r[2]), 2)) for r in rows}


def trends(store: Store) -> dict[str, Any]:
    # US jobs: with every country, a year of more answers from abroad read as a fall in pay.
    try:
        tables = [stats_table(store, f"By year, {c} pay in real dollars, US", ["year"],
                              _pay(c, country=US), value="amount_usd_real")
                  for c in ("total", "base")]  # fmt: skip
        year = tables[0]["result"].get("reference_year")
        # No record file says its reference year (a store of none): "CPI-U(None)" had been
        # printed; the sentence is left out rather than name a year not known.
        text = [f"Real dollars: nominal pay x CPI-U({year}) / CPI-U(pay year)"
                f"{part_years_said(store, tables)}."] if year else []  # fmt: skip
    except NoCPI as exc:  # a store of one source: its years in nominal dollars, said so
        tables = [stats_table(store, f"By year, {c} pay in nominal dollars, US", ["year"],
                              _pay(c, country=US))
                  for c in ("total", "base")]  # fmt: skip
        text = [f"Not in real dollars: {exc}. Nominal pay of different years is not "
                "comparable: prices rose between them."]  # fmt: skip
    for table in tables:
        table["notes"] += year_warnings(table)
    return {"id": "trends", "title": "Trends by year", "text": text, "tables": tables}


def part_years_said(store: Store, tables: list[dict[str, Any]]) -> str:
    """Which years shown have a CPI-U of part of the year (its months), said after the
    formula: 2025's figures were priced with the average of its first 10 months, unsaid."""
    shown = {row["key"]["year"] for table in tables for row in table["rows"]}
    part = {y: months for y, months in part_years(store).items() if y in shown}
    said = [f"{y}'s that of its first {months} months" for y, months in part.items()]
    return f"; a year's CPI-U is its annual average, {and_list(said)}" if said else ""


FEW_IN_A_YEAR = 50  # a year of fewer records moves with a handful of answers


def year_warnings(table: dict[str, Any]) -> list[str]:
    """A by-year table's warnings: years of few records, and years with none between the
    first and last (the table skips them; a reader would take the rows as consecutive).

    Example:
        >>> year_warnings({"pay_components": ["base"], "rows": [
        ...     {"key": {"year": 2019}, "n": 378}, {"key": {"year": 2023}, "n": 7}]})
        ['few records in 2023 (n=7): its figures can move with a handful of records', \
'no base pay records for 2020-2022: the table skips those years']
    """
    years = {r["key"]["year"]: r["n"] for r in table["rows"] if r["key"]["year"] is not None}
    notes = []
    few = [f"{y} (n={n:,})" for y, n in sorted(years.items()) if n < FEW_IN_A_YEAR]
    if few:
        their = "its" if len(few) == 1 else "their"
        notes.append(f"few records in {' and '.join(few)}: {their} figures can move with a "
                     "handful of records")  # fmt: skip
    gaps = sorted(set(range(min(years, default=0), max(years, default=0))) - set(years))
    if gaps:
        pay = " and ".join(table["pay_components"])
        notes.append(f"no {pay} pay records for {', '.join(spans(gaps))}: the table skips "
                     f"{'that year' if len(gaps) == 1 else 'those years'}")  # fmt: skip
    return notes


def sentence(note: str) -> str:
    """A library note (lower case, no stop) as a sentence of the report's text.

    Example:
        >>> sentence("surveys report total pay")
        'Surveys report total pay.'
    """
    return note[:1].upper() + note[1:] + ("" if note.endswith(".") else ".")


def methodology(store: Store) -> dict[str, Any]:
    held = Held.of(store)
    repeat = " (the surveys repeat many)" if held.has("survey") else ""
    # Copies across sources are filings (cross_copies): a store of none has only the first kind.
    flagged = FLAGGED_MEANS if held.has("filing") else "an implausible figure"
    said = [
        "Percentiles are exact (linear interpolation); no mean is reported. Distinct n counts "
        f"identical rows of one file once{repeat}"
        # As its cells say it (``render.cell``): it had said "blank", which no cell is.
        f"; the median's 95% CI comes from order statistics: {CI_SUPPRESSED} where too few "
        "records give one or its ends would be the group's smallest and largest pay (never "
        "published), not shown at one such end, withheld of a group counting submitted "
        f"salaries (its ends are two of their pay). Groups of fewer than {MIN_N} records show "
        f"only n; p10 and p90 need 10 records. Flagged records ({flagged}) are left out, "
        "each table saying how many.",
        "Surveys report total pay." if held.has("survey") else "",
        "H-1B filings report the base wage an employer attests; an H-1B filing is intent to "
        "hire, not a hire." if held.has("filing") else "",
        "BLS OEWS has no ML engineer occupation: software developers and computer and "
        "information research scientists are its neighbours." if held.has("oews") else "",
        "The whole methodology is in paygrade's documentation (docs/methodology.md in its "
        "source) and, in brief, on the Sources page of its web app.",
    ]  # fmt: skip
    text = [" ".join(part for part in said if part)]
    return {"id": "methodology", "title": "Methodology", "text": text, "tables": []}


def sources_and_licences(store: Store) -> dict[str, Any]:
    rows = [{"group": f"{r['source']}: {r['file']}", "key": {"source": r["source"]},
             "n": r["rows_accepted"], "licence": r["licence"],
             "sha256": (r["sha256"] or "not told")[:12]}
            for r in loaded_sources(store)]  # fmt: skip
    table = {"caption": "Files behind this report", "by": ["source"], "rows": rows,
             "sources": {}, "sources_said": "the files in this table", "pay_components": [],
             "value": "amount_usd"}  # fmt: skip
    return {"id": "sources", "title": "Sources and licences", "text": [], "tables": [table]}


# The reference files a table draws on, by the name its sources give them (records' files
# are named by their own source): the price parities find a metro's BEA code by its name in
# OFLC's geography, as a row of a metro's state(s) finds them.
DRAWN_ON: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("BLS OEWS", ("oews",)),
    ("BEA RPP", ("bea_rpp", "oflc_geography")),
)


def files_drawn_on(table: dict[str, Any]) -> frozenset[str]:
    """The sources whose files a table of figures draws on: its records' sources, the
    published estimates it names, CPI-U where its figures are in real dollars, OFLC's
    geography where a row counts a metro's states.

    Example:
        >>> sorted(files_drawn_on({"sources": {"h1b": 8, "BEA RPP": None},
        ...     "rows": [{"key": {"state": ["NC"]}, "p50_real": 1.0}]}))
        ['bea_rpp', 'cpi', 'h1b', 'oflc_geography']
    """
    named = records_behind(table)
    labels = {label for label, _ in DRAWN_ON if any(n.startswith(label) for n in named)}
    drawn = {file for label, files in DRAWN_ON if label in labels for file in files}
    labelled = {n for n in named if any(n.startswith(label) for label in labels)}
    if table.get("value") == "amount_usd_real" or any(
        r.get("p50_real") is not None for r in table["rows"]
    ):
        drawn.add("cpi")
    if any("state" in r.get("key", {}) for r in table["rows"]):
        drawn.add("oflc_geography")
    return frozenset((named - labelled) | drawn)


def keep_files_behind(sections: list[dict[str, Any]]) -> None:
    """Leave in the files table only the files some table draws on, and say which the store
    holds besides (it had listed every file loaded, h1b_2013 and bls_national among them,
    under "Files behind this report")."""
    tables = [t for s in sections for t in s["tables"] if "sources_said" not in t]
    drawn = frozenset().union(*(files_drawn_on(t) for t in tables))
    for files in (t for s in sections for t in s["tables"] if "sources_said" in t):
        unused = [row for row in files["rows"] if row["key"]["source"] not in drawn]
        files["rows"] = [row for row in files["rows"] if row["key"]["source"] in drawn]
        if unused:
            named = and_list(row["group"] for row in unused)
            files.setdefault("notes", []).append(
                f"the store holds besides, drawn on by no table here: {named}"
            )


SECTIONS: tuple[Callable[[Store], dict[str, Any]], ...] = (
    overview, by_level, leading_companies, factors, sources_side_by_side,
    career_path, top_of_market, trends, methodology, sources_and_licences,
)  # fmt: skip


def said_beneath(table: dict[str, Any]) -> None:
    """What every table of figures says beneath it, after its own notes: which rows are
    rounded to a step, then the caveats of the kinds of record behind it (the files table,
    of no figure, says neither)."""
    if "sources_said" in table:
        return
    said = [
        *estimates_said(table["rows"]),
        *blanks_said(table["rows"]),
        *rounding_said(table["rows"]),
        *caveats(Held(records_behind(table))),
    ]
    if said:
        table["notes"] = [*table.get("notes", []), *said]


# The columns only records have, by their headers: a published estimate's cells are blank.
RECORDS_ONLY = (
    ("n", "n"),
    ("n_distinct", "distinct n"),
    ("p50_ci", "median 95% CI"),
    ("p50_real", "median, CPI-adjusted"),
)


def estimates_said(rows: list[dict[str, Any]]) -> list[str]:
    """Why a published estimate's row (BLS OEWS: n None) has blank counts and interval, and
    a records row a blank employment: the cells had been blank with no word beneath.

    Example:
        >>> print(*estimates_said([{"n": None, "employment": 5}, {"n": 8, "p50_ci": None}]))
        the BLS OEWS rows are published estimates of no records: their "n" and "median 95% \
CI" are blank OEWS employment is the workers BLS estimates, blank of records rows
        >>> estimates_said([{"n": 8}])
        []
    """
    if not any("n" in row and row["n"] is None for row in rows):
        return []
    present = {key for row in rows for key in row}
    blank = [f'"{label}"' for key, label in RECORDS_ONLY if key in present]
    said = [f"the BLS OEWS rows are published estimates of no records: their {and_list(blank)} "
            f"{'are' if len(blank) > 1 else 'is'} blank"]  # fmt: skip
    if any(row.get("employment") is not None for row in rows):
        said.append("OEWS employment is the workers BLS estimates, blank of records rows")
    return said


# A row's median interval cells, each with the n it goes with: a step has one per level.
INTERVALS = (("p50_ci", "n"), ("p50_ci_from", "n_from"), ("p50_ci_to", "n_to"))


def blanks_said(rows: list[dict[str, Any]]) -> list[str]:
    """Why a table's cells of records are blank or no two figures, in the words ``stats``
    says them beneath its table (``formats.blank_cells_said``): a blank p10 and p90 and a
    median interval "not shown" at an end had been said only in the methodology. Rows of
    published estimates (BLS OEWS: no n) have no interval to say.

    Example:
        >>> eight = {"n": 8, "suppressed": False, "p10": None, "p50_ci": [None, 2.0]}
        >>> [note.split(":")[0] for note in blanks_said([eight, {"n": None, "p10": None}])]
        ['blank p10 and p90', 'median 95% CI "not shown" at an end (both ends']
        >>> blanks_said([{"n": 3, "suppressed": True}, {"n_from": 9, "p50_ci_from": [1.0, 2.0]}])
        []
    """
    groups = []
    for row in (row for row in rows if not row.get("suppressed")):
        for ci, n in INTERVALS:
            if ci in row and row.get(n) is not None:
                tails = {"p10": row["p10"]} if ci == "p50_ci" and "p10" in row else {}
                groups.append({"n": row[n], "p50_ci": row[ci], **tails})
    return blank_cells_said(groups)


def records_behind(table: dict[str, Any]) -> frozenset[str]:
    """The sources a table counts: its sources' names and its rows' own (the side-by-side
    table names its sources by row, "aijobs (survey, total pay)").

    Example:
        >>> sorted(records_behind({"sources": {"h1b": 3}, "rows": [{"key": {"source": "oews"}}]}))
        ['h1b', 'oews']
    """
    named = {row.get("key", {}).get("source") for row in table["rows"]}
    return frozenset(table["sources"]) | {name for name in named if name}


def rounding_said(rows: list[dict[str, Any]]) -> list[str]:
    """That a table's rows counting submitted salaries have figures to a step (their
    ``rounded_to``), naming them unless every row is one: docs/methodology.md promised it
    beneath the tables, and none of the report's said it.

    Example:
        >>> print(*rounding_said([{"group": "base", "rounded_to": 1000}, {"group": "x"}]))
        the row base: figures to the nearest $1,000, as its group counts submitted salaries \
(exact figures of two groups one submission apart would give one's pay)
        >>> rounding_said([{"group": "x", "rounded_to": None}])
        []
    """
    rounded = [row for row in rows if row.get("rounded_to")]
    if not rounded:
        return []
    step = max(row["rounded_to"] for row in rounded)
    named = list(dict.fromkeys(row["group"] for row in rounded))  # a label per component
    whose = f"the row{'s' if len(named) > 1 else ''} {and_list(named)}"
    if len(rounded) == len(rows):
        whose = "every row" if len(rows) > 1 else "the row"
    its = "its group counts" if len(rounded) == 1 else "their groups count"
    return [f"{whose}: figures to the nearest ${step:,}, as {its} submitted salaries (exact "
            "figures of two groups one submission apart would give one's pay)"]  # fmt: skip


def build_report(store: Store) -> dict[str, Any]:
    """Every section of the report as plain data, and how long building it took.

    Example:
        >>> [s["id"] for s in build_report(store)["sections"]][:2]  # doctest: +SKIP
        ['overview', 'levels']
    """
    started = time.perf_counter()
    sections = [section(store) for section in SECTIONS]
    keep_files_behind(sections)
    for table in (table for section in sections for table in section["tables"]):
        said_beneath(table)
    seconds = round(time.perf_counter() - started, 2)
    log.info("report built in %.2f s", seconds)
    return {
        "title": TITLE,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "role": ROLE,
        "sections": sections,
        "seconds": seconds,
    }
