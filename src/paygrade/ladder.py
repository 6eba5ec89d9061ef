"""The career ladder: generic levels with what they mean, how companies' levels map onto
them, pay by level from the data, the promotion step and a projected path.

The ladder text (``rules/ladder.csv``) and the company mapping
(``rules/company_levels.csv``) are reviewed data. The mapping is approximate:
scope at one level differs between companies, so every answer says so.

Pay comes from ``stats`` only: percentiles with n, sources and years, per pay
component (base and total pay are never mixed). A suppressed cell says "not
enough data"; nothing is interpolated or guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise
from typing import Any

# The mapping lives with normalization (ingest keeps each record's company level);
# re-exported here, where people look for it.
from paygrade.filters import KnownValues, as_typed, check_lengths, resolve, vocabulary_value
from paygrade.normalize.company_levels import CompanyLevel as CompanyLevel
from paygrade.normalize.company_levels import UnmappedCompany as UnmappedCompany
from paygrade.normalize.company_levels import company_level_refused, level_written, own_levels
from paygrade.normalize.company_levels import company_levels as company_levels
from paygrade.normalize.company_levels import mapped_company as mapped_company
from paygrade.normalize.company_levels import resolve_level as resolve_level
from paygrade.normalize.places import country_meant
from paygrade.normalize.rule_tables import read_rules
from paygrade.normalize.vocab_typed import naming_a_word
from paygrade.records import (
    LEVELS,
    MAX_YEARS_EXPERIENCE,
    YEARS_OUT_OF_RANGE,
    BadFilter,
    PaygradeError,
    out_of_range,
)
from paygrade.stats import (
    MIN_N,
    Group,
    coarsest,
    keeping_withheld,
    no_match,
    stats,
    verdict_interval,
)
from paygrade.store import Store

MAPPING_NOTE = (
    "Level mappings across companies are approximate and contested: scope, bar and pay at "
    "one level differ between companies (and within one over time)."
)
NOT_ENOUGH = "not enough data"
# A year a step compares holds a median's worth (stats' MIN_N) of both levels: one staff
# record of 2018 had pulled 2018's 407 senior ones into data scientists' senior -> staff.
NO_SHARED_YEAR = f"no year has {MIN_N} or more records of both levels"
COMPONENTS = ("total", "base")
EVERY_COUNTRY = (
    "in every country (pay differs widely between countries: choose one to compare like with like)"
)
STEPS_NOTE = (
    "Each promotion step compares the two levels' medians over the years both have records "
    f"({MIN_N} or more of each; nominal USD), so pay growing over the years is not read as a "
    "promotion."
)
# The two cells of a step's levels over the years given: (low, high, component, years).
Reprice = Callable[[str, str, str, list[int]], tuple[dict[str, Any], dict[str, Any]]]


@cache
def ladder_levels() -> tuple[dict[str, Any], ...]:
    """The generic levels, entry to executive, with typical years, scope, responsibilities
    and skills.

    Example:
        >>> [row["level"] for row in ladder_levels()][:3]
        ['entry', 'mid', 'senior']
    """
    rows = []
    for row in read_rules("ladder.csv"):
        years = [int(row["min_years"]), int(row["max_years"]) if row["max_years"] else None]
        rows.append({**row, "years": years})
        for key in ("min_years", "max_years"):
            del rows[-1][key]
    return tuple(rows)


def level_mapping(company: str | None = None) -> dict[str, dict[str, list[str]]]:
    """Generic level -> company -> that company's levels (approximate).

    Example:
        >>> level_mapping("Amazon")["entry"]
        {'Amazon': ['L4']}
    """
    # Refused as every filter refuses it: "Google\x00" had been read as Google here alone.
    name = mapped_company(as_typed("company", company)) if company else None
    mapping: dict[str, dict[str, list[str]]] = {level: {} for level in LEVELS}
    for row in company_levels():
        if name is None or row.company == name:
            mapping[row.level].setdefault(row.company, []).append(row.company_level)
    return mapping


class LevelCell(Group):
    """A level's pay cell: its published keys and, never a key (no JSON, page or table
    carries it), ``year_n``: its records per year, which a step's years are chosen by."""

    year_n: dict[int, int] | None = None


def _cell(
    group: dict[str, Any] | None, sources: dict[str, int], yearly: dict[int, int]
) -> dict[str, Any]:
    """One level's pay of one component: percentiles with n, sources and years, or n and
    "not enough data"; its records per year kept unpublished, for the steps' years."""
    if group is None:
        return {"n": 0, "n_distinct": 0, "note": NOT_ENOUGH}
    counts = {"n": group["n"], "n_distinct": group["n_distinct"]}
    cell = {**counts, "years": group["years"], "sources": sources}
    if group["suppressed"]:
        return {**cell, "note": NOT_ENOUGH}
    figures = {k: group[k] for k in ("p10", "p25", "p50", "p75", "p90", "p50_ci")}
    # Said, as stats says it: a cell counting submitted salaries is to the nearest $1,000,
    # and 129,000.0 looked exact.
    figures["rounded_to"] = group.get("rounded_to")
    published = keeping_withheld(group, {**cell, **figures})  # for ``within_noise`` alone
    kept = LevelCell(published)
    kept.withheld_ci, kept.year_n = published.withheld_ci, yearly
    return kept


def _pay_cells(
    store: Store, field: str, keys: Sequence[str], where: dict[str, list[Any]]
) -> dict[str, dict[str, Any]]:
    """Each value of ``field`` -> pay component -> percentiles with n, sources and years."""
    by = [field, "pay_component"]
    groups = {tuple(g["key"].values()): g for g in stats(store, by, where)["groups"]}
    per_source = _counts_by(store, [*by, "source"], where)
    per_year = _counts_by(store, [*by, "year"], where)
    return {
        key: {
            c: _cell(groups.get((key, c)), per_source.get((key, c), {}), per_year.get((key, c), {}))
            for c in COMPONENTS
        }
        for key in keys
    }


def _counts_by(
    store: Store, by: list[str], where: dict[str, list[Any]]
) -> dict[tuple[Any, ...], dict[Any, int]]:
    """(value, pay component) -> the last field of ``by`` -> n, in ``stats``' order."""
    counts: dict[tuple[Any, ...], dict[Any, int]] = {}
    for group in stats(store, by, where)["groups"]:
        key, component, last = group["key"].values()
        counts.setdefault((key, component), {})[last] = group["n"]
    return counts


def pay_by_level(store: Store, where: dict[str, list[Any]]) -> dict[str, dict[str, Any]]:
    """Level -> pay component -> percentiles with n, sources and years (from ``stats``).

    Example:
        >>> pay_by_level(store, {"role": ["ml_engineer"]})["senior"]["total"]["n"]  # doctest: +SKIP
        5177
    """
    return _pay_cells(store, "level", LEVELS, where)


def few_of_role(result: dict[str, Any]) -> str:
    """Why a company's ladder for a role has no level with enough records (a ``ladder``
    result with ``roles_held``): none of the role, too few, or few with a level.

    Example:
        >>> few_of_role({"role": "research_scientist", "company": "Meta", "country": None,
        ...     "roles_held": {"research_scientist": 395}, "levels": [{"pay": {"base": {"n": 0}}}]})
        '395 research_scientist records name Meta, none with a level (their titles name none)'
        >>> print(few_of_role({"role": "software_engineer", "company": "Meta", "country": None,
        ...     "roles_held": {"software_engineer": 600}, "levels": [{"pay": {"base": {"n": 1}}}]}))
        ... # doctest: +NORMALIZE_WHITESPACE
        600 software_engineer records name Meta, 1 with a level, too few for any one
        (the other 599's titles name none)
    """
    asked = result["roles_held"].get(result["role"], 0)
    where = result["company"] + (f" in {result['country']}" if result["country"] else "")
    # Records of a level, each pay component's: most filings' titles name no level.
    leveled = sum(
        pay.get("n", 0) for row in result.get("levels", []) for pay in row["pay"].values()
    )
    if not asked:
        return f"no {result['role']} record names {where}" + _company_elsewhere(result)
    name = f"{asked:,} {result['role']} record{' names' if asked == 1 else 's name'}"
    if leveled < asked:
        if not leveled:
            titles = "its title names" if asked == 1 else "their titles name"
            return f"{name} {where}, none with a level ({titles} none)"
        # The others' titles name no level: "1 with a level (their titles name none)" had
        # said of the 600 what is true of 599.
        rest = asked - leveled
        titles = "the other one's title names" if rest == 1 else f"the other {rest:,}'s titles name"
        return f"{name} {where}, {leveled:,} with a level, too few for any one ({titles} none)"
    return f"only {name} {where}, too few for any level"


def _company_elsewhere(result: dict[str, Any]) -> str:
    """Where a company's records are, when none of any role is of the country asked (a
    ``ladder`` result with ``company_countries_held``): "no ml_engineer record names Amazon
    in DE" had not said that all of Amazon's are of the US.

    Example:
        >>> _company_elsewhere({"company": "Amazon", "company_countries_held": {"US": 9000}})
        "; Amazon's records are all of US (9,000)"
        >>> _company_elsewhere({"company": "Meta", "company_countries_held": {"US": 9, "GB": 3}})
        "; Meta's records are of US (9), GB (3)"
        >>> _company_elsewhere({"company": "Meta"})
        ''
    """
    held = result.get("company_countries_held")
    if not held:
        return ""
    named = ", ".join(f"{code} ({n:,})" for code, n in list(held.items())[:COUNTRIES_NAMED])
    more = len(held) - COUNTRIES_NAMED
    named += f" and {more} more {'country' if more == 1 else 'countries'}" if more > 0 else ""
    return f"; {result['company']}'s records are {'all ' if len(held) == 1 else ''}of {named}"


def held_by(store: Store, field: str, where: dict[str, list[Any]]) -> dict[str, int]:
    """Records per value of ``field`` under the same filters but ``field``'s, most first:
    where to ask instead when the ladder asked has no data. Of ``role`` for a company with
    no level of enough records (Amazon files its ML engineers as applied scientists and
    software engineers); of ``country`` for a country with no record of the role (New
    Zealand's 32 records are of no ML engineer: every level had said "not enough data")."""
    others = {name: values for name, values in where.items() if name != field}
    ranked = sorted(stats(store, [field], others)["groups"], key=lambda g: -g["n"])
    return {g["key"][field]: g["n"] for g in ranked if g["key"][field] is not None}


# The countries an empty country's note names, most records first (the report's overview
# names as many): the store holds 86.
COUNTRIES_NAMED = 12


def none_in_country(result: dict[str, Any], ask: str | None = "--country") -> str:
    """Why a country's ladder is empty: no record of the role is of it; the countries whose
    records hold the role instead (a ``ladder`` result with ``countries_held``); ``ask``:
    how the caller asks for another country (the API's and MCP's ``country``; the page's
    form has its field).

    Example:
        >>> none_in_country({"role": "ml_engineer", "country": "NZ",
        ...     "countries_held": {"US": 9000, "GB": 300}})
        'no ml_engineer record is of NZ; they are of US (9,000), GB (300): ask with --country'
    """
    held = result["countries_held"]
    named = ", ".join(f"{code} ({n:,})" for code, n in list(held.items())[:COUNTRIES_NAMED])
    more = len(held) - COUNTRIES_NAMED
    named += f" and {more} more {'country' if more == 1 else 'countries'}" if more > 0 else ""
    said = f"no {result['role']} record is of {result['country']}"
    if not held:
        return said
    return f"{said}; they are of {named}" + (f": ask with {ask}" if ask else "")


def pay_by_company_level(
    store: Store, company: str, country: str | None = None
) -> list[dict[str, Any]]:
    """A mapped company's own levels, lowest first, each with its generic level and its pay
    from records whose title names that level (the ``company_level`` kept at ingest).

    Every role at the company counts: its levels are shared by engineers and scientists,
    and titles that name a level are mostly theirs; the roles are listed with their n.

    Example:
        >>> pay_by_company_level(store, "Amazon")[1]["company_level"]  # doctest: +SKIP
        'L5'
    """
    rows = [row for row in company_levels() if row.company == mapped_company(company)]
    where: dict[str, list[Any]] = {"company": [rows[0].company]}
    if country:
        where["country"] = [country]
    codes = [row.company_level for row in rows]
    pay = _pay_cells(store, "company_level", codes, where)
    roles: dict[str, dict[str, int]] = {}
    for group in stats(store, ["company_level", "role"], where)["groups"]:
        code, role = group["key"].values()
        roles.setdefault(code, {})[role] = group["n"]
    return [
        {
            "company_level": row.company_level,
            "level": row.level,
            "track": row.track,
            "roles": roles.get(row.company_level, {}),
            "pay": pay[row.company_level],
        }
        for row in rows
    ]


IC_PATH = ("entry", "mid", "senior", "staff", "principal")


def promotion_steps(
    pay: dict[str, dict[str, Any]],
    path: Sequence[str] = IC_PATH,
    reprice: Reprice | None = None,
) -> list[dict[str, Any]]:
    """Each step up ``path`` (the generic individual-contributor levels, or a company's
    own): the difference of the two levels' medians in one pay component (total before
    base), with both n, over the years both levels have records (``years``): Amazon's L7
    filings are of 2023 only, its L6 of 2015-2023, and their medians differed by pay's
    growth over those years too. ``reprice`` gives the two cells over the shared years when
    they are not every year of both (without it the cells are taken as of one period).
    "Not enough data" where either level is missing. ``within_noise`` says the two medians'
    95% intervals overlap (or one has none): such a step, up or down, may be chance.

    Example:
        >>> cell = lambda p50: {"total": {"n": 9, "p50": p50}, "base": {"n": 0}}
        >>> pay = {"entry": cell(100.0), "mid": cell(130.0), "senior": {"total": {"n": 2},
        ...     "base": {"n": 0}}, "staff": cell(1.0), "principal": cell(1.0)}
        >>> promotion_steps(pay)[0]["increase_pct"], promotion_steps(pay)[1]["note"]
        (30.0, 'not enough data')
    """
    return [_step(pay[low], pay[high], low, high, reprice) for low, high in pairwise(path)]


def _step(
    low_pay: dict[str, Any], high_pay: dict[str, Any], low: str, high: str, reprice: Reprice | None
) -> dict[str, Any]:
    """One step: the first pay component with a median at both levels over their shared
    years, else why there is none."""
    step: dict[str, Any] = {"from": low, "to": high}
    note = NOT_ENOUGH
    for component in COMPONENTS:
        before, after = low_pay[component], high_pay[component]
        if "p50" not in before or "p50" not in after:
            continue
        every = set(before.get("years", [])) | set(after.get("years", []))
        years, shared = sorted(every), _years_held(before) & _years_held(after)
        if shared != every and reprice is not None:
            years = sorted(shared)
            if not years:
                note = f"{NOT_ENOUGH}: {NO_SHARED_YEAR}"
                continue
            before, after = reprice(low, high, component, years)
            if "p50" not in before or "p50" not in after:
                note = f"{NOT_ENOUGH} in the years both levels have records"
                continue
        difference = {**step, "pay_component": component, **_difference(before, after)}
        return {**difference, "years": years, "rounded_to": coarsest(before, after)}
    return {**step, "note": note}


def _years_held(cell: dict[str, Any]) -> set[int]:
    """The years a step may compare ``cell`` over: those with ``MIN_N`` or more of its
    records (its ``year_n``), else, a cell without counts, every year it has records.

    Example:
        >>> cell = LevelCell(years=[2018, 2023]); cell.year_n = {2018: 1, 2023: 38}
        >>> _years_held(cell), _years_held({"years": [2018, 2023]})
        ({2023}, {2018, 2023})
    """
    counts = getattr(cell, "year_n", None)
    if counts is None:
        return set(cell.get("years", []))
    return {year for year, n in counts.items() if n >= MIN_N}


def _difference(low: dict[str, Any], high: dict[str, Any]) -> dict[str, Any]:
    """Two cells' medians, their difference, both n and the records per source behind them
    (over the years compared). A step down with the intervals apart is ``falls_beyond_noise``
    (``TITLES_MIX_GRADES`` says why such a step appears)."""
    before, after = low["p50"], high["p50"]
    noise = _overlap(low, high)
    return {
        "median_from": before,
        "median_to": after,
        "increase": round(after - before, 2),
        "increase_pct": round(100 * (after - before) / before, 1),
        "n_from": low["n"],
        "n_to": high["n"],
        "n_distinct_from": low.get("n_distinct"),
        "n_distinct_to": high.get("n_distinct"),
        "p50_ci_from": low.get("p50_ci"),
        "p50_ci_to": high.get("p50_ci"),
        "within_noise": noise,
        "falls_beyond_noise": after < before and not noise,
        "sources_from": low.get("sources", {}),
        "sources_to": high.get("sources", {}),
    }


def _repricer(store: Store, field: str, where: dict[str, list[Any]]) -> Reprice:
    """Two values of ``field`` (levels), one pay component, over the years given."""

    def reprice(
        low: str, high: str, component: str, years: list[int]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        asked = {**where, field: [low, high], "pay_component": [component], "year": years}
        cells = _pay_cells(store, field, [low, high], asked)  # the levels' own cells, re-asked
        return cells[low][component], cells[high][component]

    return reprice


# What a step "within noise" means, as every skin says it: a level of a few records has no
# published interval (its ends would be a raw minimum or maximum), which is noise too. A
# level counting submitted salaries has one, withheld (``verdict_interval``): judged by it,
# never printed; "too few records" had been said of 4,756 for eleven submissions among them.
WITHIN_NOISE = (
    "the two levels' median 95% intervals overlap, or one level has too few records for one"
)


# Why a level's median can fall firmly below the one under it: a level is read from job
# titles, and one title is a different grade at different employers. Fidelity files its
# grade above Senior as "Principal Software Engineer" (159 of 734 US software engineers'
# principal filings, median $132,413): staff -> principal read -21.3%, intervals apart.
TITLES_MIX_GRADES = (
    "levels are read from job titles, and one title means different grades at different "
    "employers (one employer's Principal is the grade above its Senior, another's above "
    "its Staff), so the level mixes grades: the step is not what a promotion pays"
)


def below_level_under(under: str) -> str:
    """How a median under that of the level below is said, by the ladder and the estimator.

    Example:
        >>> below_level_under("staff")
        'is below that of staff, the level under it'
    """
    return f"is below that of {under}, the level under it"


def falls_said(step: dict[str, Any]) -> str:
    """What a step down beyond noise (``falls_beyond_noise``) says, as every skin says it.

    Example:
        >>> print(falls_said({"from": "staff", "to": "principal"}))  # doctest: +ELLIPSIS
        principal's median is below that of staff, the level under it, beyond noise: levels ...
    """
    under = below_level_under(step["from"])
    return f"{step['to']}'s median {under}, beyond noise: {TITLES_MIX_GRADES}"


def steps_falling(result: dict[str, Any]) -> list[dict[str, Any]]:
    """A ladder's steps (generic and the company's) whose median falls beyond noise."""
    steps = [*result["promotion_steps"], *result.get("company_level_steps", [])]
    return [step for step in steps if step.get("falls_beyond_noise")]


def _overlap(low: dict[str, Any], high: dict[str, Any]) -> bool:
    """Whether two cells' median intervals overlap (a withheld one too); a cell without
    one is noise too.

    Example:
        >>> three = {"p50_ci": [3, 4]}
        >>> _overlap({"p50_ci": [1, 3]}, {"p50_ci": [2, 4]}), _overlap({"p50_ci": [1, 2]}, three)
        (True, False)
        >>> _overlap({"p50_ci": None}, three), _overlap({"p50_ci": [None, None]}, three)
        (True, True)
    """
    a, b = verdict_interval(low), verdict_interval(high)
    return not a or not b or (a[0] <= b[1] and b[0] <= a[1])


def level_for_years(years: float) -> str:
    """The individual-contributor level typical for years of experience.

    Example:
        >>> level_for_years(1), level_for_years(3), level_for_years(6.5)
        ('entry', 'mid', 'senior')
    """
    chosen = "entry"
    for row in ladder_levels():
        if row["level"] in IC_PATH and years >= row["years"][0]:
            chosen = row["level"]
    return chosen


def current_level(
    written: str | None, company: str | None
) -> tuple[str | None, dict[str, str] | None]:
    """The generic level a path starts from: a level as the filters read it ("SE",
    "Senior"), else the company's own level it maps to ("L5" at Google; approximate, so
    it is said: the second value), else the error naming both kinds.

    Example:
        >>> current_level("SE", None), current_level("E5", "Meta")
        (('senior', None), ('senior', {'written': 'E5', 'company': 'Meta', 'level': 'senior'}))
    """
    if written is None:
        return None, None
    # Said back as read, not as padded: " L6 " had been "path from  L6  at Amazon".
    written = written.strip()
    read = level_written(written, company)
    if read is not None:
        level, own = read
        return level, None if own is None else {"written": written, "company": own, "level": level}
    raise PaygradeError(_level_refused(written, company))


def _level_refused(written: str, company: str | None) -> str:
    """Why a path cannot start from a level: another company's level ("L6" without a
    company) is said to be one, whose and what to give instead; else the levels it may
    be, a company's named (the refusal had promised "one of Meta's levels", naming none).

    Example:
        >>> _level_refused("L99", "meta")  # doctest: +NORMALIZE_WHITESPACE
        "no level 'L99': the path starts from one of: entry, mid, senior, staff, principal,
         or one of Meta's levels: E3, E4, E5, E6, E7, E8, E9"
    """
    from paygrade.normalize.places import suggest

    own = [company] if company else []
    if said := company_level_refused(written, own, "company", IC_PATH):
        return said
    name = mapped_company(company) if company else None
    hint = f", or one of {name}'s levels: {own_levels(name)}" if name else ""
    # The nearest spelled, else every level a word of it names ("Senior Principal").
    near = suggest(written, {lv: [lv] for lv in IC_PATH}) or naming_a_word(written, IC_PATH)
    meant = f" (did you mean {' or '.join(near)}?)" if near else ""
    return f"no level {written!r}{meant}: the path starts from one of: {', '.join(IC_PATH)}{hint}"


def projected_path(
    pay: dict[str, dict[str, Any]],
    level: str | None = None,
    years: float | None = None,
    company_pay: Sequence[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    """From the current level up the individual-contributor path: typical years at each
    level, years until then (from ``years``, else from the typical years at the start of
    ``level``), and the p25-p75 range of pay there (with n), never guessed.

    With a company's own levels (``pay_by_company_level``), a level the role's records
    at the company cannot price takes the pay of the company level it maps to (every
    role; ``company_level`` says which): Amazon files most ML engineers as "Software
    Development Engineer II", so its L5 prices a mid-level ML engineer there.

    Example:
        >>> path = projected_path({l: {c: {"n": 0, "n_distinct": 0} for c in COMPONENTS}
        ...     for l in IC_PATH},
        ...     years=3)
        >>> [(p["level"], p["years_from_now"]) for p in path][:2]
        [('mid', 0.0), ('senior', 2.0)]
        >>> path = projected_path({l: {c: {"n": 0, "n_distinct": 0} for c in COMPONENTS}
        ...     for l in IC_PATH},
        ...     level="senior")
        >>> [(p["level"], p["years_from_now"]) for p in path]
        [('senior', 0.0), ('staff', 3.0), ('principal', 7.0)]
    """
    if level is None and years is None:
        raise PaygradeError("give a current level or years of experience")
    start = level if level is not None else level_for_years(float(years or 0))
    if start not in IC_PATH:
        # Led by the parameter, as every check of a value is, so the API's 422 names
        # ``level`` in ``errors`` (``level=executive`` had come without them).
        raise PaygradeError(
            f"level {start!r} is not on the path: it starts from one of: {', '.join(IC_PATH)}"
        )
    typical = {row["level"]: row["years"] for row in ladder_levels()}
    # Given a level alone, the typical years at its start (every later step was "now");
    # so too given years past a higher level's start (mid at 10 years: senior and staff
    # had been "now", levels not held). ``years_past`` says so.
    past = years is None or years_past(start, years) is not None
    current = float(typical[start][0]) if past else float(years or 0)
    steps = IC_PATH[IC_PATH.index(start) :]
    cells = [(pay[step], _company_cells(company_pay, step)) for step in steps]
    component = _path_component(cells)
    path = []
    for step, (own, fallbacks) in zip(steps, cells, strict=True):
        path.append(
            {
                "level": step,
                "typical_years": typical[step],
                "years_from_now": 0.0 if step == start else years_ahead(typical[step][0], current),
                "pay": _range(own, fallbacks, component),
            }
        )
    _say_component_changes(path, component)
    return path


def years_past(level: str, years: float | None) -> str | None:
    """What a path says when the ``years`` given are past the typical start of a level
    above the ``level`` held: it counts from the held level's typical start instead, as
    given the level alone; None when they are not.

    Example:
        >>> years_past("mid", 10)
        "10 years is past the typical start of senior (5 years) and staff (8 years), levels \
above mid: the path counts from mid's typical start (2 years), as given the level alone"
        >>> years_past("mid", 4.5), years_past("senior", None)
        (None, None)
    """
    if years is None or level not in IC_PATH:
        return None
    typical = {row["level"]: row["years"][0] for row in ladder_levels()}
    above = IC_PATH[IC_PATH.index(level) + 1 :]
    passed = [f"{step} ({_years(typical[step])})" for step in above if typical[step] <= years]
    if not passed:
        return None
    return (
        f"{_years(years)} is past the typical start of {' and '.join(passed)}, levels above "
        f"{level}: the path counts from {level}'s typical start ({_years(typical[level])}), as "
        "given the level alone"
    )


def _years(number: float) -> str:
    return f"{number:g} year" + ("" if number == 1 else "s")


def years_ahead(start: float, current: float) -> float:
    """Years until a later level's typical start, to a tenth: 2 - 1.1 had been said as
    0.8999999999999999. A level not yet reached is at least 0.1 ahead: 8 - 7.99 rounds to
    0.0, which reads as "now", beside the level held now.

    Example:
        >>> years_ahead(2, 1.1), years_ahead(8, 7.99), years_ahead(12, 7.99), years_ahead(5, 9)
        (0.9, 0.1, 4.0, 0.0)
    """
    ahead = max(0.0, start - current)
    return max(round(ahead, 1), 0.1) if ahead > 0 else 0.0


def _path_component(cells: Sequence[tuple[dict[str, Any], list[dict[str, Any]]]]) -> str:
    """The one pay component a path is priced in: of those that price its current level,
    the one that prices most of its levels (the current level's own on a tie). Each level
    had taken total pay, else base, so a path read "senior: total pay 150,000-247,500",
    then "staff: base pay 185,922-228,750"; and the most levels alone had priced US entry
    ML engineers (no base figure) in total pay, the path after them in base."""
    first: str = _range(*cells[0]).get("pay_component", COMPONENTS[0])
    order = [first, *(c for c in COMPONENTS if c != first)]
    held = [c for c in order if _prices(cells[0], c)] or order
    return max(held, key=lambda c: sum(_prices(cell, c) for cell in cells))


def _prices(cell: tuple[dict[str, Any], list[dict[str, Any]]], component: str) -> bool:
    """Whether ``component`` prices a level (its own cell or a company level's)."""
    return _range(*cell, component).get("pay_component") == component


def component_fallback(component: str) -> str:
    """What a path says at a level its one pay component could not price (priced in the
    other; the JSON's ``pay_component_changed`` names the path's), on every skin.

    Example:
        >>> component_fallback("total")
        'the path is total pay elsewhere: too few records of it at this level here'
    """
    return f"the path is {component} pay elsewhere: too few records of it at this level here"


def _say_component_changes(path: list[dict[str, Any]], component: str) -> None:
    """Mark each level priced in another component than the path's (the path's could not
    price it): ``pay_component_changed`` names the path's. Only such a level is marked:
    the level after a current level priced in the other had been, "total pay before this
    level, too few records of it here", beside 1,452 total-pay records of it."""
    for step in path:
        priced = step["pay"].get("pay_component")
        if priced is not None and priced != component:
            step["pay"]["pay_component_changed"] = component


def _company_cells(company_pay: Sequence[dict[str, Any]], level: str) -> list[dict[str, Any]]:
    """The pay of the company's individual-contributor levels that map to ``level``."""
    return [
        {"company_level": row["company_level"], **row["pay"]}
        for row in company_pay
        if row["level"] == level and row["track"] == "ic"
    ]


def _range(
    cells: dict[str, Any], fallbacks: Sequence[dict[str, Any]] = (), first: str = COMPONENTS[0]
) -> dict[str, Any]:
    """The p25-p75 range of the first pay component with a median (``first``, then the
    other), else of the first fallback's (a company level, named), else n and "not enough
    data"."""
    for component in sorted(COMPONENTS, key=lambda c: c != first):
        cell = cells[component]
        if "p50" in cell:
            keys = ("n", "n_distinct", "p25", "p50", "p75", "rounded_to")
            return {"pay_component": component, **{k: cell.get(k) for k in keys}}
    for fallback in fallbacks:
        found = _range(fallback, first=first)
        if "p50" in found:
            return {**found, "company_level": fallback["company_level"]}
    most = max(COMPONENTS, key=lambda c: cells[c]["n"])
    return {"n": cells[most]["n"], "n_distinct": cells[most].get("n_distinct"), "note": NOT_ENOUGH}


def check_years(years: float | None, typed: str | None = None) -> None:
    """Refuse years of experience outside 0 to 60 as an input (the CLI's status 1, as
    ``offer`` and ``estimate`` refuse theirs; typer's own check had made it status 2).
    ``typed``: the years as typed (the page's text), echoed so, as the API echoes them.

    Example:
        >>> check_years(61.0)
        Traceback (most recent call last):
        paygrade.records.PaygradeError: years of experience are 0 to 60, not 61
        >>> check_years(61.0, " 61.0")
        Traceback (most recent call last):
        paygrade.records.PaygradeError: years of experience are 0 to 60, not 61.0
    """
    if years is not None and not 0 <= years <= MAX_YEARS_EXPERIENCE:
        raise PaygradeError(out_of_range(YEARS_OUT_OF_RANGE, years if typed is None else typed))


def ladder(
    store: Store,
    role: str = "ml_engineer",
    company: str | None = None,
    country: str | None = None,
    *,
    level: str | None = None,
    years: float | None = None,
) -> dict[str, Any]:
    """The ladder for a role: each level's meaning, its company levels and its pay, the
    promotion steps, the management track's pay where the data has it, and (given a
    current ``level`` or ``years``) a projected path. The JSON of
    ``paygrade ladder --format json``.

    Example:
        >>> ladder(store, company="Meta")["levels"][2]["company_levels"]  # doctest: +SKIP
        {'Meta': ['E5']}
    """
    # A 300-character company is said so, as MCP and the API say it, not as no mapping.
    check_lengths(role=role, company=company, country=country, level=level)
    role = vocabulary_value("role", role)  # "MLE" is ml_engineer, as said back
    check_years(years)
    # Read as every filter reads it: a name with a control character is refused.
    company = as_typed("company", company) if company else company
    mapping = level_mapping(company)
    where: dict[str, list[Any]] = {"role": [role]}
    if company:
        where["company"] = [mapped_company(company)]
    if country:
        country = country_meant(country, regions_too=True)  # "germany" is DE; "Narnia" none
        where["country"] = [country]
        _check_held(store, {"country": [country]})  # "AQ" is a country, of no record
    pay = pay_by_level(store, where)
    levels = [
        {**row, "company_levels": mapping[row["level"]], "pay": pay[row["level"]]}
        for row in ladder_levels()
    ]
    result: dict[str, Any] = {
        "role": role,
        "company": mapped_company(company) if company else None,
        "country": country,
        "population": population(store, where),
        "mapping_note": MAPPING_NOTE,
        "levels": levels,
        "promotion_steps": promotion_steps(pay, reprice=_repricer(store, "level", where)),
        "steps_note": STEPS_NOTE,
    }
    if company and not any("p50" in c for cells in pay.values() for c in cells.values()):
        result["roles_held"] = held_by(store, "role", where)
        if country and not result["roles_held"]:  # none of the company's is of the country
            company_only = {"company": where["company"]}
            result["company_countries_held"] = held_by(store, "country", company_only)
    elif country and not any(c["n"] for cells in pay.values() for c in cells.values()):
        held = held_by(store, "country", where)
        if country not in held:  # none of the role (else: none with a level, said as n 0)
            result["countries_held"] = held
    company_pay = pay_by_company_level(store, company, country) if company else []
    if company:
        result |= _company_steps(store, company_pay, where)
    if level is not None or years is not None:
        start, read = current_level(level, company)
        result["path"] = projected_path(pay, start, years, company_pay)
        if start is not None and (said := years_past(start, years)) is not None:
            result["path_note"] = said
        if read is not None:
            result["level_read"] = read
    if falling := steps_falling(result):  # a step down beyond noise: said why, not hidden
        result["falls_note"] = [falls_said(step) for step in falling]
    if role != "manager":
        management = pay_by_level(store, {**where, "role": ["manager"]})
        result["management_track"] = {"role": "manager", "pay": management}
    return result


def _company_steps(
    store: Store, company_pay: list[dict[str, Any]], where: dict[str, list[Any]]
) -> dict[str, Any]:
    """A company's own levels' pay and the steps between its individual-contributor ones
    (every role: its levels are shared)."""
    own = [row for row in company_pay if row["track"] == "ic"]
    every_role = {name: values for name, values in where.items() if name != "role"}
    steps = promotion_steps(
        {row["company_level"]: row["pay"] for row in own},
        [row["company_level"] for row in own],
        _repricer(store, "company_level", every_role),
    )
    return {"company_level_pay": company_pay, "company_level_steps": steps}


def rounded_figures(result: dict[str, Any]) -> list[dict[str, Any]]:
    """A ladder's cells, steps and path levels whose figures are coarse (``rounded_to``: of
    a group counting submitted salaries), for a table or page to say so.

    Example:
        >>> cell = {"n": 13, "p50": 129000.0, "rounded_to": 1000}
        >>> rounded_figures({"levels": [{"pay": {"total": cell, "base": {"n": 0}}}],
        ...     "promotion_steps": [{"note": NOT_ENOUGH}]}) == [cell]
        True
    """
    levels = [*result["levels"], *result.get("company_level_pay", [])]
    cells = [cell for row in levels for cell in row["pay"].values()]
    cells += [c for level in result.get("management_track", {}).get("pay", {}).values()
              for c in level.values()]  # fmt: skip
    cells += [step["pay"] for step in result.get("path", [])]
    steps = [*result["promotion_steps"], *result.get("company_level_steps", [])]
    return [c for c in [*cells, *steps] if c.get("rounded_to")]


def _check_held(store: Store, where: dict[str, list[Any]]) -> None:
    """Refuse a filter value no record holds, as every query says it (the filters' words)."""
    _, unmatched = resolve(where, KnownValues(store))
    if unmatched:
        raise BadFilter(no_match(where, unmatched)["message"])


def population(store: Store, where: dict[str, list[Any]]) -> str:
    """Whose pay the ladder shows: the country asked, else the one country every record
    of the company is of (Amazon's are US filings), else every country, with the warning
    that pay differs widely between them.

    Example:
        >>> population(store, {"role": ["ml_engineer"], "company": ["Amazon"]})  # doctest: +SKIP
        'in US (every record of Amazon is of US)'
    """
    if "country" in where:
        return f"in {where['country'][0]}"
    # The company's records of every role: the company levels' pay counts them all.
    behind = {name: values for name, values in where.items() if name != "role"}
    countries = [g["key"]["country"] for g in stats(store, ["country"], behind)["groups"]]
    if "company" in behind and len(countries) == 1 and countries[0] is not None:
        return f"in {countries[0]} (every record of {behind['company'][0]} is of {countries[0]})"
    return EVERY_COUNTRY
