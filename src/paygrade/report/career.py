"""The report's career path, straight from ``paygrade.ladder`` (one source of truth): each
level's typical years and company levels, its pay per component, and the promotion steps.
"""

from __future__ import annotations

from typing import Any

from paygrade.charts import years_cell
from paygrade.filters import KnownValues
from paygrade.ladder import (
    COMPONENTS,
    MAPPING_NOTE,
    NOT_ENOUGH,
    WITHIN_NOISE,
    falls_said,
    ladder,
    steps_falling,
)
from paygrade.records import LEVELS
from paygrade.stats import stats
from paygrade.store import Store

PERCENTILES = ("p10", "p25", "p50", "p75", "p90")
COUNTRY = "US"  # the levels section's country: the ladder and its steps match it


def typical_years(years: list[int | None]) -> str:
    """A level's typical years of experience as the report prints them.

    Example:
        >>> typical_years([0, 2]), typical_years([12, None])
        ('0-2', '12+')
    """
    low, high = years
    return f"{low}+" if high is None else f"{low}-{high}"


def _level_row(level: dict[str, Any], component: str) -> dict[str, Any]:
    cell = level["pay"][component]
    row: dict[str, Any] = {
        "group": f"{level['level']} · {component}",
        "key": {"level": level["level"], "pay_component": component},
        "n": cell["n"],
        "n_distinct": cell["n_distinct"],
        "pay_component": component,
        "typical_years": typical_years(level["years"]),
        "suppressed": "p50" not in cell,  # ladder's "not enough data"
    }
    figures = {p: cell.get(p) for p in (*PERCENTILES, "p50_ci", "rounded_to")}
    return row | figures


def _sources(path: dict[str, Any], cells: list[tuple[str, str]]) -> dict[str, int]:
    """Records per source behind the given (level, pay component) cells of the ladder."""
    pay = {level["level"]: level["pay"] for level in path["levels"]}
    sources: dict[str, int] = {}
    for level, component in cells:
        for source, n in pay[level][component].get("sources", {}).items():
            sources[source] = sources.get(source, 0) + n
    return sources


def levels_table(path: dict[str, Any]) -> dict[str, Any]:
    """Each ladder level's pay, a row per pay component (base and total never mixed)."""
    rows = [_level_row(level, c) for level in path["levels"] for c in COMPONENTS]
    sources = _sources(path, [(r["key"]["level"], r["key"]["pay_component"]) for r in rows])
    return {"caption": "Level ladder: pay by level, US", "by": ["level", "pay_component"],
            "rows": rows, "sources": sources, "pay_components": list(COMPONENTS),
            "value": "amount_usd"}  # fmt: skip


def _step_row(step: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "group": f"{step['from']} → {step['to']}",
        "key": {"from": step["from"], "to": step["to"]},
        "n_from": step.get("n_from"),
        "n_to": step.get("n_to"),
        "n_distinct_from": step.get("n_distinct_from"),
        "n_distinct_to": step.get("n_distinct_to"),
        "suppressed": "note" in step,
    }
    if step.get("years"):  # the years both levels are compared over (the ladder's own),
        # in its label: a column of them made the table wider than a desktop screen.
        row["group"] += f" ({years_cell(step['years'])})"
    if "note" in step:  # ladder's "not enough data": too few records at one of the levels
        thin = step["note"] == NOT_ENOUGH  # else it says why (no year in common)
        row["note"] = f"{step['note']} at one of the levels" if thin else step["note"]
    keys = ("pay_component", "median_from", "median_to", "p50_ci_from", "p50_ci_to", "increase",
            "increase_pct", "rounded_to")  # fmt: skip
    return row | {k: step.get(k) for k in keys}


def steps_table(path: dict[str, Any], sources: dict[str, int]) -> dict[str, Any]:
    """Each promotion step up the individual-contributor path, as ``ladder`` computes it,
    with the records per source it compares (``compared_sources``)."""
    steps = [s for s in path["promotion_steps"] if "note" not in s]
    rows = [_step_row(step) for step in path["promotion_steps"]]
    notes = [
        f"{step['from']} → {step['to']} is within noise: {WITHIN_NOISE}, so the step may be chance"
        for step in steps
        if step.get("within_noise")
    ]
    notes += [falls_said(step) for step in steps_falling(path)]  # a fall beyond noise: why
    return {"caption": "Promotion steps: change in median pay, US", "by": ["from", "to"],
            "rows": rows, "sources": sources, "pay_components": sorted(
                {r["pay_component"] for r in rows if r["pay_component"]}),
            "value": "amount_usd", "notes": notes}  # fmt: skip


def compared_cells(path: dict[str, Any]) -> dict[tuple[str, str], list[int]]:
    """The records the promotion steps compare, each level's once, over every year its steps
    compare (a level's every year had been counted behind a step of one year; and staff,
    the higher level of a step over 2018 and 2023 and the lower of one over 2023, had its
    30 records of 2023 counted twice): (level, pay component) -> years.

    Example:
        >>> step = lambda low, high, years: {"from": low, "to": high, "pay_component": "base",
        ...     "years": years}
        >>> compared_cells({"promotion_steps": [step("senior", "staff", [2018, 2023]),
        ...     step("staff", "principal", [2023])]})[("staff", "base")]
        [2018, 2023]
    """
    cells: dict[tuple[str, str], set[int]] = {}
    for step in path["promotion_steps"]:
        for end in ("from", "to") if "note" not in step else ():
            cells.setdefault((step[end], step["pay_component"]), set()).update(step["years"])
    return {cell: sorted(years) for cell, years in cells.items()}


def compared_questions(path: dict[str, Any], asked: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """The filters of each level's records the promotion steps compare (disjoint)."""
    return [
        {**asked, "level": [level], "pay_component": [component], "year": years}
        for (level, component), years in compared_cells(path).items()
    ]


def compared_sources(store: Store, questions: list[dict[str, list[Any]]]) -> dict[str, int]:
    """Records per source answering ``questions`` (disjoint filters), as ``stats`` counts
    them, each asked of the values the store holds."""
    known, sources = KnownValues(store), dict[str, int]()
    for where in questions:
        if (held := known.held(where)) is not None:
            for source, n in stats(store, [], held)["sources"].items():
                sources[source] = sources.get(source, 0) + int(n)
    return sources


def flagged_left_out(store: Store, questions: list[dict[str, list[Any]]]) -> int:
    """How many flagged records the answers to ``questions`` (disjoint filters) left out,
    each asked of the text values the store holds (``KnownValues.held``): ``stats``
    refuses a list for one value no record holds, and a store without staff records had
    said its level table left none out."""
    known = KnownValues(store)
    asked = [held for where in questions if (held := known.held(where)) is not None]
    return sum(int(stats(store, [], where)["flagged_excluded"]) for where in asked)


def _mapping(levels: list[dict[str, Any]]) -> str:
    parts = []
    for level in levels:
        companies = ", ".join(
            f"{company} {'/'.join(names)}" for company, names in level["company_levels"].items()
        )
        years = typical_years(level["years"])
        parts.append(f"{level['level']} ({years} years{'; ' + companies if companies else ''})")
    return "Levels, typical years and company levels: " + "; ".join(parts) + "."


def career_path(store: Store, role: str) -> dict[str, Any]:
    """The ladder section: levels with their pay and the promotion steps between them, US
    jobs only as the levels section is (worldwide, the survey's tenth from other countries
    pulled each level's pay down and the steps with it).

    Example:
        >>> [t["caption"] for t in career_path(store, "ml_engineer")["tables"]]  # doctest: +SKIP
        ['Level ladder: pay by level, US', 'Promotion steps: change in median pay, US']
    """
    path = ladder(store, role=role, country=COUNTRY)
    text = [
        _mapping(path["levels"]),
        MAPPING_NOTE,
        "A promotion step is the change in median pay from one level to the next, in the "
        "first pay component (total, else base) with enough records at both levels, over "
        "the years both levels have records, 5 or more of each (nominal USD: pay growing "
        "over the years is not read as a promotion); n is "
        "each level's count of records. Records are different people at each level, not "
        "the same people over time: the steps compare levels, they do not follow careers. "
        "US jobs only, as in the levels section.",
    ]
    asked = {"role": [role], "country": [COUNTRY]}
    compared = compared_questions(path, asked)
    tables = [levels_table(path), steps_table(path, compared_sources(store, compared))]
    tables[0]["flagged_excluded"] = flagged_left_out(store, [{**asked, "level": list(LEVELS)}])
    tables[1]["flagged_excluded"] = flagged_left_out(store, compared)
    return {"id": "career", "title": "Career path", "text": text, "tables": tables}
