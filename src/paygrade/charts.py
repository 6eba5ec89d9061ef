"""Library results -> Vega-Lite specs (plain dicts), shared by the web pages and the report.

Pure functions: no I/O, no web or template imports. A spec carries its data
inline, so rendering it (to SVG with ``vl_convert``, or in a browser) needs
nothing else. The numbers in a spec are the library's numbers, unrounded.

Two charts:

* :func:`stats_chart`, a percentile band per group of a ``stats`` result:
  a thin bar from p10 to p90, a thick bar from p25 to p75, a tick at the
  median, n in the label. Suppressed groups keep their row but draw nothing
  except the words "suppressed (n < 5)", as its table says it. Base and total pay are named on the
  axis (and said to be mixed when they are); the years covered are in the
  subtitle.
* :func:`compare_chart`, a row per source of a ``compare`` result: the records'
  and BLS OEWS percentile bands, and OFLC's four wage levels as points.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from paygrade.stats import SUPPRESSED

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
WIDTH = 520  # pixels of the plot; labels come on top
NARROW = 400  # a plot narrower than this is for a phone: short labels, wrapped titles
STEP = 28  # pixels per row
MAX_GROUPS = 40  # more rows than this make a chart nobody can read: the table has them all
PERCENTILES = ("p10", "p25", "p50", "p75", "p90")
# Colours with at least 3:1 contrast against white (WCAG non-text contrast).
OUTER, INNER, MEDIAN, NOTE = "#5b7fa6", "#1f4e79", "#b34700", "#444444"
MONEY = "$,.0f"
LEGEND = "thin bar: p10 to p90 · thick bar: p25 to p75 · tick: median"
OFLC_LEVELS = ("I", "II", "III", "IV")
LABEL_LIMIT = {True: 130, False: 260}  # pixels of a row label, narrow chart or not
LINE = 11  # pixels of a label's line
CHAR_PIXELS = 6  # about a character of a 10 px sans-serif label, to tell a label too long
# Where a long row label breaks onto two lines: the second holds the n, the year and any
# caveat ("(n=33, all of WA)"), which a label cut at its end lost first. A stats label
# ends "(n=...)"; a compare label "· base (n=...)", its pay component kept with its n.
STATS_BREAK, COMPARE_BREAK = " (", " · "


def group_label(key: Mapping[str, Any]) -> str:
    """A group's key as one label: its values joined by " · ", unknown values said so.

    Example:
        >>> group_label({"metro": "Seattle-Tacoma-Bellevue, WA", "level": None})
        'Seattle-Tacoma-Bellevue, WA · (unknown)'
        >>> group_label({})
        'all records'
    """
    if not key:
        return "all records"
    return " · ".join("(unknown)" if v is None else str(v) for v in key.values())


# More runs of years than this are said as one span with how many years it holds.
RUNS_SHOWN = 3


def years_span(years: Iterable[int], *, prose: bool = False) -> str:
    """The years covered, as runs: a gap is said, not spanned over ("2015-2023" read as
    nine years of filings where there were six).

    Example:
        >>> years_span([2021, 2019, 2020]), years_span([2023]), years_span([])
        ('2019-2021', '2023', 'none')
        >>> years_span([2015, 2016, 2017, 2018, 2019, 2023]), years_span([2015, 2017, 2018])
        ('2015-2019, 2023', '2015, 2017-2018')
        >>> years_span([2013, 2015, 2017, 2019, 2021])
        '2013-2021 (5 of 9 years)'

    ``prose``: the last run after "and", for a sentence's parentheses that hold commas
    of their own ("(2015-2019 and 2023, n=1,200)").

        >>> years_span([2015, 2016, 2023], prose=True)
        '2015-2016 and 2023'
    """
    held = sorted(set(years))
    if not held:
        return "none"
    runs = spans(held)
    if prose and 1 < len(runs) <= RUNS_SHOWN:
        return f"{', '.join(runs[:-1])} and {runs[-1]}"
    if len(runs) <= RUNS_SHOWN:
        return ", ".join(runs)
    return f"{held[0]}-{held[-1]} ({len(held)} of {held[-1] - held[0] + 1} years)"


def spans(years: list[int]) -> list[str]:
    """Sorted years as runs.

    Example:
        >>> spans([2016, 2020, 2021, 2022])
        ['2016', '2020-2022']
    """
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return [str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]


def years_cell(years: Sequence[int] | None) -> str:
    """A row's pay years as a table cell shows them: runs (``years_span``); none, blank
    (the CLI's stats table and the report).

    Example:
        >>> years_cell([2016, 2017, 2019]), years_cell([2023]), years_cell([])
        ('2016-2017, 2019', '2023', '')
    """
    return years_span(years) if years else ""


def pay_label(components: Sequence[str], value: str = "amount_usd", year: int | None = None) -> str:
    """What the dollars are: base or total pay (or both, said to be mixed), nominal or real.

    Example:
        >>> pay_label(["total"])
        'Annual total pay (USD)'
        >>> pay_label(["base", "total"], "amount_usd_real", 2024)
        'Annual pay, base and total mixed (USD in 2024 dollars)'
    """
    dollars = f"USD in {year} dollars" if value == "amount_usd_real" else "USD"
    if list(components) in (["base"], ["total"]):
        return f"Annual {components[0]} pay ({dollars})"
    if not components:
        return f"Annual pay ({dollars})"
    return f"Annual pay, base and total mixed ({dollars})"


def result_pay_label(result: Mapping[str, Any]) -> str:
    """What a stats result's dollars are; rows grouped by pay component are each one kind.

    Example:
        >>> result_pay_label({"by": ["pay_component", "level"], "value": "amount_usd",
        ...     "pay_components": ["base", "total"]})
        'Annual pay (USD): base or total, as each row says'
    """
    components = result.get("pay_components", [])
    value, year = result.get("value", "amount_usd"), result.get("reference_year")
    if "pay_component" in result.get("by", []) and len(components) > 1:
        label = pay_label([], value, year) + ": base or total, as each row says"
    else:
        label = pay_label(components, value, year)
    # Divided by each metro's price parity: say so wherever the dollars are named.
    return label + (", at US-average prices" if result.get("local_prices") else "")


def band_rows(result: Mapping[str, Any], max_groups: int = MAX_GROUPS) -> list[dict[str, Any]]:
    """One chart row per stats group (the first ``max_groups``): label, n and percentiles.

    Example:
        >>> rows = band_rows({"groups": [{"key": {"level": "staff"}, "n": 3,
        ...     "n_distinct": 3, "pay_components": ["total"], "suppressed": True}]})
        >>> rows[0]["label"], rows[0]["note"], rows[0]["p50"]
        ('staff (n=3)', 'suppressed (n < 5)', None)
    """
    rows = []
    for group in list(result["groups"])[:max_groups]:
        n = int(group["n"])
        rows.append(
            {
                "label": f"{group_label(group['key'])} (n={n:,})",
                "n": n,
                "n_distinct": group.get("n_distinct"),
                "pay": " + ".join(group.get("pay_components", [])),
                "suppressed": bool(group["suppressed"]),
                "note": SUPPRESSED if group["suppressed"] else "",
                # In whole dollars as the table beside it rounds them (a half to the even
                # one): the chart's format took 162,572.5 up, $1 from the table's $162,572.
                **{name: _dollars(group.get(name)) for name in PERCENTILES},
            }
        )
    return rows


def _cut_between(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows whose names are too long for a narrow chart's label, cut in the middle: cut at
    the end (the axis's way), Amazon's "Software Development Engineer I", "II" and "III"
    were three rows of "base · Software Developm…", San Francisco's levels five of
    "San Francisco-Oakland-Fr…"; a part every row shares is left out. Unchanged when the
    cut names would not all differ; the whole label stays the tooltip's.

    Example:
        >>> rows = [{"label": f"base · Software Development Engineer {r} (n=9)"}
        ...         for r in ("I", "II")]
        >>> [row["label"] for row in _cut_between(rows)]
        ['Software D…Engineer I (n=9)', 'Software D…ngineer II (n=9)']
    """
    room = LABEL_LIMIT[True] // CHAR_PIXELS - 1  # characters of the name's line, and "…"
    named = [row["label"].rpartition(" (") for row in rows]
    parts = [name.split(" · ") for name, _, _ in named]
    # A part every row shares ("base", when the axis says base pay) takes room and tells none.
    widths, shared = {len(part) for part in parts}, set()
    if len(rows) > 1 and len(widths) == 1:
        shared = {i for i in range(widths.pop()) if len({part[i] for part in parts}) == 1}
    cut = []
    for row, (_, _, n), part in zip(rows, named, parts, strict=True):
        name = " · ".join(p for i, p in enumerate(part) if i not in shared) or " · ".join(part)
        if len(name) > room:
            name = f"{name[: room // 2]}…{name[len(name) - (room - room // 2) :]}"
        cut.append({**row, "label": f"{name} ({n}", "name": row["label"]})
    if len({row["label"] for row in cut}) < len(rows):
        return rows
    return cut


def _dollars(value: float | None) -> float | None:
    """A figure in whole dollars, rounded as Python formats it (``f"{v:,.0f}"``).

    Example:
        >>> _dollars(162572.5), _dollars(212950.5), _dollars(None)
        (162572.0, 212950.0, None)
    """
    return None if value is None else float(round(value))


def _tooltip(extra: Sequence[dict[str, Any]] = ()) -> list[dict[str, Any]]:
    money = [{"field": p, "type": "quantitative", "format": MONEY} for p in PERCENTILES]
    return [{"field": "label", "type": "nominal"}, *extra, *money]


def _bands(
    axis_title: str, tooltip: list[dict[str, Any]], width: int = WIDTH, empty: bool = False
) -> list[dict[str, Any]]:
    """The three layers of a percentile band over rows with p10..p90 (missing ones draw
    nothing); ``empty``: no row, so no span for a screen reader to be told."""
    x: dict[str, Any] = {"type": "quantitative", "title": axis_title, "scale": {"zero": False}}
    # With no row, Vega's own label spans no value ("values from $NaNundefined to
    # $NaNundefined") and it ignores an axis's description: the axis is left unsaid, the
    # subtitle says why.
    x["axis"] = {"format": "$~s", "labelFlush": False, "tickCount": max(3, width // 60)}
    if empty:
        x["axis"]["aria"] = False
    # What a screen reader says of each mark: Vega's own description gave the x2 end raw
    # ("p90: 304198.4") beside the x end in SI ("$54.8333k").
    said = {"description": {"field": "said", "type": "nominal"}}
    return [
        {
            "mark": {"type": "bar", "size": 4, "color": OUTER},
            "transform": [{"filter": "isValid(datum.p10) && isValid(datum.p90)"},
                          _said("p10 to p90", "p10", "p90")],
            "encoding": {"x": {"field": "p10", **x}, "x2": {"field": "p90"}, "tooltip": tooltip,
                         **said},
        },
        {
            "mark": {"type": "bar", "size": 14, "color": INNER},
            "transform": [{"filter": "isValid(datum.p25) && isValid(datum.p75)"},
                          _said("p25 to p75", "p25", "p75")],
            "encoding": {"x": {"field": "p25", **x}, "x2": {"field": "p75"}, "tooltip": tooltip,
                         **said},
        },
        {
            "mark": {"type": "tick", "thickness": 3, "size": 22, "color": MEDIAN},
            "transform": [{"filter": "isValid(datum.p50)"}, _said("median", "p50")],
            "encoding": {"x": {"field": "p50", **x}, "tooltip": tooltip, **said},
        },
    ]  # fmt: skip


def _said(what: str, *fields: str) -> dict[str, str]:
    """A transform computing ``said``: a mark's label, what it spans and its dollars.

    Example:
        >>> _said("median", "p50")["calculate"]
        "datum.label + ': median ' + format(datum.p50, '$,.0f')"
    """
    amounts = " + ' to ' + ".join(f"format(datum.{f}, '{MONEY}')" for f in fields)
    return {"calculate": f"datum.label + ': {what} ' + {amounts}", "as": "said"}


def _suppressed_notes() -> dict[str, Any]:
    # At a fixed pixel position: a suppressed group has no value to stand at.
    return {
        "mark": {"type": "text", "align": "left", "dx": 4, "fontStyle": "italic", "color": NOTE},
        "transform": [{"filter": "datum.suppressed"}],
        "encoding": {"x": {"value": 0}, "text": {"field": "note"}},
    }


def label_lines(limit: int, breaks_at: str) -> str:
    """A Vega expression for a row label's lines: one when it fits in ``limit`` pixels, else
    two, broken at the last ``breaks_at``; the first line, the name, is what is cut short.

    Example:
        >>> label_lines(130, " (").split(" ? ")[0]  # when it stays one line
        'length(datum.value) <= 21 || lastindexof(datum.value, " (") <= 0'
    """
    at = f"lastindexof(datum.value, {json.dumps(breaks_at)})"
    second = f"{at} + {len(breaks_at.rstrip('('))}"  # the second line keeps its "("
    return (
        f"length(datum.value) <= {limit // CHAR_PIXELS} || {at} <= 0 ? datum.value"
        f" : [substring(datum.value, 0, {at}), substring(datum.value, {second})]"
    )


def wrapped_labels(labels: Iterable[str], limit: int, breaks_at: str) -> dict[str, list[str]]:
    """The lines of each label whose name is too long for ``limit`` pixels: the name wrapped
    at its spaces and hyphens, then the part after the last ``breaks_at`` (n, year, caveat).
    Cut at the room's end, "BLS OEWS 15-1221 Computer and Information Research Scientists"
    read "Computer and Information Resear…", its whole name only in the tooltip and table.

    Example:
        >>> wrapped_labels(["BLS OEWS 15-1221 Computer and Information Research Scientists"
        ...                 " · base (2025)", "h1b filings · base (n=9)"], 260, " · ")
        {'BLS OEWS 15-1221 Computer and Information Research Scientists · base (2025)': \
['BLS OEWS 15-1221 Computer and Information', 'Research Scientists', 'base (2025)']}
    """
    room = limit // CHAR_PIXELS
    lines = {}
    for label in labels:
        at = label.rfind(breaks_at)
        name, tail = (
            (label[:at], label[at + len(breaks_at.rstrip("(")) :]) if at > 0 else (label, "")
        )
        if len(name) > room:
            lines[label] = textwrap.wrap(name, room) + ([tail] if tail else [])
    return lines


def _label_expr(labels: list[str], limit: int, breaks_at: str) -> tuple[str, int]:
    """The axis's label expression and the row step it needs: a label too long for one
    line of name is looked up wrapped, rows made taller where one takes three lines."""
    expr = label_lines(limit, breaks_at)
    wrapped = wrapped_labels(labels, limit, breaks_at)
    if not wrapped:
        return expr, STEP
    most = max(len(lines) for lines in wrapped.values())
    return f"{json.dumps(wrapped)}[datum.value] || ({expr})", max(STEP, LINE * most + 6)


def _frame(
    title: str, subtitle: list[str], labels: list[str], width: int, breaks_at: str = STATS_BREAK
) -> dict[str, Any]:
    """What every chart shares: schema, title, size, and the rows in the order given.

    A long title wraps; a narrow chart also puts each part of the subtitle on a
    line of its own, so the image is no wider than the plot asked for. A row label
    too long for its room goes on two lines, its n (or year) and caveat on the second.
    """
    narrow = width < NARROW
    lines = textwrap.wrap(title, 40 if narrow else 90)  # a long filter list: more lines
    if narrow:
        parts = [part for line in subtitle for part in line.split(" · ")]
        subtitle = [piece for part in parts for piece in textwrap.wrap(part, 48)]
    limit = LABEL_LIMIT[narrow]
    # A phone's chart has no room for a name on lines of its own: cut, whole in the tooltip.
    label_expr, step = (
        (label_lines(limit, breaks_at), STEP) if narrow else _label_expr(labels, limit, breaks_at)
    )
    return {
        "$schema": SCHEMA,
        "title": {"text": lines, "subtitle": subtitle, "anchor": "start"},
        "width": width,
        "height": {"step": step},
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "title": None,
                "sort": None,
                "scale": {"domain": labels},
                "axis": {
                    "labelLimit": limit,
                    "labelExpr": label_expr,
                    "labelLineHeight": LINE,
                    # No row: "a discrete scale with 0 values" tells nothing; the subtitle says why.
                    "aria": bool(labels),
                },
            }
        },
        "config": {"font": "sans-serif", "view": {"stroke": None}},
    }


def stats_title(result: Mapping[str, Any]) -> str:
    """A title saying what was grouped and filtered.

    Example:
        >>> stats_title({"by": ["level"], "where": {"role": ["ml_engineer"]}})
        'Pay by level (role: ml_engineer)'
    """
    by = " and ".join(result["by"]) or "all records"
    where = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in result["where"].items())
    return f"Pay by {by}" + (f" ({where})" if where else "")


def stats_subtitle(result: Mapping[str, Any], shown: int) -> list[str]:
    """Years covered, sources with their n, what the marks mean, and what was left out.

    Example:
        >>> stats_subtitle({"groups": [{"years": [2020, 2024]}], "sources": {"aijobs": 12}}, 1)[0]
        'years covered: 2020, 2024 · sources: aijobs 12'
    """
    years = years_span(y for g in result["groups"] for y in g.get("years", []))
    sources = ", ".join(f"{name} {n:,}" for name, n in result.get("sources", {}).items())
    lines = [f"years covered: {years} · sources: {sources or 'none'}", LEGEND]
    if len(result["groups"]) > shown:
        lines.append(f"first {shown} of {len(result['groups'])} groups shown")
    return lines


def stats_chart(
    result: Mapping[str, Any],
    *,
    title: str | None = None,
    max_groups: int = MAX_GROUPS,
    width: int = WIDTH,
) -> dict[str, Any]:
    """A percentile band chart of a ``stats`` result, one row per group.

    Example:
        >>> result = {"by": ["level"], "where": {}, "value": "amount_usd",
        ...     "pay_components": ["total"], "sources": {"aijobs": 12}, "groups": [
        ...     {"key": {"level": "senior"}, "n": 12, "n_distinct": 12, "years": [2024],
        ...      "pay_components": ["total"], "suppressed": False, "p10": 1.0, "p25": 2.0,
        ...      "p50": 3.0, "p75": 4.0, "p90": 5.0}]}
        >>> spec = stats_chart(result)
        >>> spec["data"]["values"][0]["p50"], spec["layer"][0]["encoding"]["x"]["title"]
        (3.0, 'Annual total pay (USD)')
    """
    rows = band_rows(result, max_groups)
    if width < NARROW:
        rows = _cut_between(rows)
    axis = result_pay_label(result)
    subtitle = stats_subtitle(result, len(rows)) + ([_nothing_shown(result)] if not rows else [])
    spec = _frame(title or stats_title(result), subtitle, [row["label"] for row in rows], width)
    tooltip = _tooltip([{"field": "n", "type": "quantitative", "format": ","}])
    if rows and "name" in rows[0]:  # the whole label, where the axis shows it cut
        tooltip[0] = {"field": "name", "type": "nominal", "title": "label"}
    spec["data"] = {"values": rows}
    spec["layer"] = [*_bands(axis, tooltip, width, empty=not rows), _suppressed_notes()]
    return spec


def _nothing_shown(result: Mapping[str, Any]) -> str:
    """Why a stats chart has no row, in the page's words ("No records match." and why).

    Example:
        >>> _nothing_shown({"no_match": {"message": "no record has company 'X'"}})
        "No records match. no record has company 'X'"
        >>> _nothing_shown({"groups": []})
        'No records match.'
    """
    message = result.get("no_match", {}).get("message")
    return f"No records match. {message}" if message else "No records match."


def compare_label(row: Mapping[str, Any], years: bool = False) -> str:
    """A compare row's label: source, what it measures, base or total, and n or year;
    ``years``: a records row's pay years too (the chart's rows, which have no years
    column: 2015-2019 filings had stood beside 2025's OEWS unsaid).

    Example:
        >>> compare_label({"source": "h1b", "kind": "filing", "pay_component": "base", "n": 194})
        'h1b filings · base (n=194)'
        >>> compare_label({"source": "h1b_2024", "kind": "filing", "pay_component": "base",
        ...     "n": 90, "state": ["WA"]})
        'h1b_2024 filings · base (n=90, all of WA)'
        >>> compare_label({"source": "h1b", "kind": "filing", "pay_component": "base", "n": 194,
        ...     "years": [2015, 2016, 2019]}, years=True)
        'h1b filings, 2015-2016, 2019 · base (n=194)'
        >>> compare_label({"source": "oews", "occupation": "15-1252",
        ...     "occupation_title": "Software Developers", "year": 2025})
        'BLS OEWS 15-1252 Software Developers · base (2025)'
    """
    if row["source"] == "oews":
        return f"BLS OEWS {row['occupation']} {row['occupation_title']} · base ({row['year']})"
    if row["source"] == "oflc":
        return f"OFLC wage levels {row['occupation']} · base ({row['period']})"
    kind = {"filing": "filings", "survey": "survey"}.get(row["kind"], row["kind"])
    wider = f", all of {'/'.join(row['state'])}" if row.get("state") else ""
    held = f", {years_span(row['years'])}" if years and row.get("years") else ""
    # The years on the first line: a phone's chart cuts a second line's end (its n).
    return f"{row['source']} {kind}{held} · {row['pay_component']} (n={row['n']:,}{wider})"


def compare_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Band rows for the records' and OEWS rows of a ``compare`` result, in its order.

    Example:
        >>> row = {"source": "h1b", "kind": "filing", "pay_component": "base", "n": 3,
        ...        "suppressed": True}
        >>> compare_rows({"rows": [row]})[0]["note"]
        'suppressed (n < 5)'
    """
    rows = []
    for row in result["rows"]:
        if row["source"] == "oflc":
            continue
        suppressed = bool(row.get("suppressed"))
        rows.append(
            {
                "label": compare_label(row, years=True),
                "source": row["source"],
                "pay": row["pay_component"],
                "suppressed": suppressed,
                "note": SUPPRESSED if suppressed else "",
                **{name: row.get(name) for name in PERCENTILES},
            }
        )
    return rows


def oflc_points(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One point per OFLC wage level (I-IV) of each OFLC row of a ``compare`` result.

    Example:
        >>> row = {"source": "oflc", "occupation": "15-1252", "period": "2025-07/2026-06",
        ...        "levels": {"I": 1.0, "II": 2.0, "III": None, "IV": 4.0}}
        >>> [p["level"] for p in oflc_points({"rows": [row]})]
        ['I', 'II', 'IV']
    """
    return [
        {"label": compare_label(row), "level": level, "wage": row["levels"][level]}
        for row in result["rows"]
        if row["source"] == "oflc"
        for level in OFLC_LEVELS
        if row["levels"].get(level) is not None
    ]


def _oflc_layers(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    x = {"field": "wage", "type": "quantitative", "title": "Annual pay (USD)"}
    tooltip = [
        {"field": "label", "type": "nominal"},
        {"field": "level", "type": "nominal", "title": "OFLC level"},
        {"field": "wage", "type": "quantitative", "format": MONEY},
    ]
    return [
        {
            "data": {"values": points},
            "mark": {"type": "point", "filled": True, "size": 60, "color": MEDIAN},
            "encoding": {"x": x, "tooltip": tooltip},
        },
        {
            "data": {"values": points},
            "mark": {"type": "text", "dy": -11, "fontSize": 10, "color": NOTE},
            "encoding": {"x": x, "text": {"field": "level"}},
        },
    ]


def compare_chart(
    result: Mapping[str, Any], *, title: str | None = None, width: int = WIDTH
) -> dict[str, Any]:
    """Records, BLS OEWS and OFLC side by side for one place and role, a row per source.

    Example:
        >>> result = {"where": {"role": ["ml_engineer"], "metro": ["X"]}, "rows": [
        ...     {"source": "oflc", "kind": "prevailing_wage", "pay_component": "base",
        ...      "occupation": "15-1252", "period": "2025-07/2026-06",
        ...      "levels": {"I": 1.0, "II": 2.0, "III": 3.0, "IV": 4.0}}]}
        >>> [p["wage"] for p in compare_chart(result)["layer"][-2]["data"]["values"]]
        [1.0, 2.0, 3.0, 4.0]
    """
    rows, points = compare_rows(result), oflc_points(result)
    labels = [row["label"] for row in rows] + list(dict.fromkeys(p["label"] for p in points))
    where = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in result["where"].items())
    # The points' key only where there are points: a store without OFLC's wage levels (or
    # a place it has none for) had been told of points the chart never drew.
    key = f"{LEGEND} · OFLC: points at wage levels I-IV" if points else LEGEND
    subtitle = [
        "each row its own measure: never average them; base and total pay named per row",
        key,
    ]
    if not labels:  # no records row and no official figure: said, not an axis of no values
        subtitle.append("No records or official figures match.")
    title = title or f"Sources side by side ({where})"
    spec = _frame(title, subtitle, labels, width, COMPARE_BREAK)
    spec["data"] = {"values": rows}
    axis = "Annual pay (USD)"
    bands = _bands(axis, _tooltip(), width, empty=not labels)
    spec["layer"] = [*bands, _suppressed_notes(), *_oflc_layers(points)]
    return spec
