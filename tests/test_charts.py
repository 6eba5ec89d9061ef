"""charts: Vega-Lite specs that compile, draw, and carry exactly the library's numbers."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
import vl_convert

from paygrade.charts import (
    LEGEND,
    MAX_GROUPS,
    PERCENTILES,
    compare_chart,
    group_label,
    oflc_points,
    pay_label,
    result_pay_label,
    stats_chart,
    years_span,
)
from paygrade.compare import compare
from paygrade.stats import MIN_N, stats
from paygrade.store import Store

SAN_JOSE = "San Jose-Sunnyvale-Santa Clara, CA"


def compiles(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec compiled to Vega (fails on a spec Vega-Lite rejects) and drawn to SVG."""
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5")
    json.dumps(spec, allow_nan=False)  # plain JSON: no NaN, no objects
    compiled: dict[str, Any] = vl_convert.vegalite_to_vega(spec)
    assert vl_convert.vegalite_to_svg(spec).startswith("<svg")
    return compiled


def layer(spec: dict[str, Any], mark: str) -> dict[str, Any]:
    return next(item for item in spec["layer"] if item["mark"]["type"] == mark)


@pytest.mark.parametrize(
    ("by", "where"),
    [
        (["level"], {"role": ["ml_engineer"], "pay_component": ["total"]}),
        (["level"], {"role": ["ml_engineer"], "pay_component": ["base"]}),  # a suppressed group
        (["pay_component", "level"], {"company": ["Google"]}),
        ([], {"role": ["data_scientist"]}),
    ],
)
def test_stats_chart_values_are_the_stats_numbers(
    real_store: Store, by: list[str], where: dict[str, list[str]]
) -> None:
    result = stats(real_store, by, where)
    spec = stats_chart(result)
    compiles(spec)
    rows = spec["data"]["values"]
    assert len(rows) == len(result["groups"])
    assert spec["encoding"]["y"]["scale"]["domain"] == [row["label"] for row in rows]
    for row, group in zip(rows, result["groups"], strict=True):
        assert row["n"] == group["n"] and f"(n={group['n']:,})" in row["label"]
        assert row["label"].startswith(group_label(group["key"]))
        if group["suppressed"]:
            assert row["note"] == f"suppressed (n < {MIN_N})"
            assert all(row[p] is None for p in PERCENTILES)
        else:
            # Whole dollars, as the table beside it shows them (a half to the even one).
            assert [row[p] for p in PERCENTILES] == [
                None if group[p] is None else round(group[p]) for p in PERCENTILES
            ]


def test_suppressed_groups_draw_only_their_note(real_store: Store) -> None:
    result = stats(real_store, ["level"], {"role": ["ml_engineer"], "pay_component": ["base"]})
    assert any(g["suppressed"] for g in result["groups"])
    spec = stats_chart(result)
    text = layer(spec, "text")
    assert text["transform"] == [{"filter": "datum.suppressed"}]
    assert text["encoding"]["text"] == {"field": "note"}
    for mark in ("bar", "tick"):  # bands and medians need values a suppressed row lacks
        assert "isValid" in layer(spec, mark)["transform"][0]["filter"]


def test_base_total_and_years_are_labelled(real_store: Store) -> None:
    total = stats(real_store, ["level"], {"role": ["ml_engineer"], "pay_component": ["total"]})
    spec = stats_chart(total)
    assert layer(spec, "bar")["encoding"]["x"]["title"] == "Annual total pay (USD)"
    years = sorted({y for g in total["groups"] for y in g["years"]})
    assert spec["title"]["subtitle"][0].startswith(f"years covered: {years[0]}-{years[-1]}")
    mixed = stats(real_store, ["level"], {"role": ["ml_engineer"]})
    assert "base and total mixed" in layer(stats_chart(mixed), "bar")["encoding"]["x"]["title"]
    split = stats(real_store, ["pay_component"], {"role": ["ml_engineer"]})
    assert result_pay_label(split).endswith("base or total, as each row says")
    local = stats(real_store, ["level"], {"metro": [SAN_JOSE]}, local_prices=True)
    assert result_pay_label(local).endswith(", at US-average prices")
    real = stats(real_store, ["level"], {"role": ["ml_engineer"]}, value="amount_usd_real")
    assert "dollars" in layer(stats_chart(real), "bar")["encoding"]["x"]["title"]


def test_many_groups_are_cut_and_said_so(real_store: Store) -> None:
    result = stats(real_store, ["company"], {"pay_component": ["base"]}, limit=MAX_GROUPS + 5)
    spec = stats_chart(result)
    assert len(spec["data"]["values"]) == MAX_GROUPS
    assert spec["title"]["subtitle"][-1] == f"first {MAX_GROUPS} of {MAX_GROUPS + 5} groups shown"


def test_a_narrow_chart_wraps_and_stays_narrow(real_store: Store) -> None:
    result = stats(real_store, ["metro", "level"], {"role": ["ml_engineer"]}, limit=8)
    wide, narrow = stats_chart(result), stats_chart(result, width=230)
    assert narrow["width"] == 230 and len(narrow["title"]["text"]) > 1
    assert all(len(line) <= 48 for line in narrow["title"]["subtitle"])
    limits = [spec["encoding"]["y"]["axis"]["labelLimit"] for spec in (narrow, wide)]
    assert limits[0] < limits[1]
    compiles(narrow)
    assert _svg_width(vl_convert.vegalite_to_svg(narrow)) < 420  # fits a 375 px phone scaled


def test_a_narrow_charts_rows_stay_told_apart(real_store: Store) -> None:
    # Cut at the end, Amazon's "Software Development Engineer I", "II" and "III" were three
    # rows of "base · Software Developm…", San Francisco's levels five of "San Francisco-Oa…".
    result = stats(
        real_store, ["pay_component", "title"], {"company": ["Amazon"]}, min_n=5, limit=15
    )
    svg = vl_convert.vegalite_to_svg(stats_chart(result, width=230))
    names = [
        re.sub(r"<[^>]+>", " ", text).split("(n=")[0].strip()
        for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
        if "(n=" in text
    ]
    assert len(names) == 15 and len(set(names)) == 15
    assert all(len(name) <= 21 and not name.startswith("base ·") for name in names)
    wide = [row["label"] for row in stats_chart(result)["data"]["values"]]
    assert all(label.startswith("base · ") for label in wide)  # the wide chart says all


def _svg_width(svg: str) -> float:
    head = svg.split(">", 1)[0]
    return float(head.split(' width="', 1)[1].split('"', 1)[0])


def test_a_result_of_nothing_still_draws() -> None:
    nothing = {"by": ["level"], "where": {"company": ["Nobody"]}, "groups": [],
               "value": "amount_usd", "pay_components": [], "sources": {}}  # fmt: skip
    spec = stats_chart(nothing)
    compiles(spec)
    assert spec["data"]["values"] == [] and "years covered: none" in spec["title"]["subtitle"][0]


def test_compare_chart_has_a_row_per_source(real_store: Store) -> None:
    result = compare(real_store, role="data_scientist", metro=SAN_JOSE)
    spec = compare_chart(result)
    compiles(spec)
    rows = spec["data"]["values"]
    banded = [r for r in result["rows"] if r["source"] != "oflc"]
    assert [r["source"] for r in rows] == [r["source"] for r in banded]
    for row, source in zip(rows, banded, strict=True):
        assert [row[p] for p in PERCENTILES] == [source.get(p) for p in PERCENTILES]
        assert f"· {source['pay_component']}" in row["label"]
    points = oflc_points(result)
    oflc = [r for r in result["rows"] if r["source"] == "oflc"]
    assert [p["wage"] for p in points] == [w for r in oflc for w in r["levels"].values()]
    domain = spec["encoding"]["y"]["scale"]["domain"]
    assert len(domain) == len(rows) + len(oflc) and len(set(domain)) == len(domain)


def test_the_oflc_key_is_said_only_beside_oflc_points(real_store: Store) -> None:
    with_points = compare(real_store, role="data_scientist", metro=SAN_JOSE)
    assert oflc_points(with_points)
    assert "OFLC: points at wage levels I-IV" in compare_chart(with_points)["title"]["subtitle"][1]
    # Germany: records and nothing of OFLC's (US metros only); a store without OFLC's wage
    # levels draws the same. The key had told of points the chart never drew.
    abroad = compare(real_store, role="ml_engineer", country="DE")
    assert abroad["rows"] and not oflc_points(abroad)
    subtitle = compare_chart(abroad)["title"]["subtitle"]
    assert subtitle[1] == LEGEND and not any("OFLC" in line for line in subtitle)


def _row_labels(svg: str) -> list[list[str]]:
    """The y axis labels of an SVG chart, each as its lines (right-aligned text left of 0)."""
    found = re.findall(
        r'<text text-anchor="end" transform="translate\(-\d[^"]*"[^>]*>(.*?)</text>', svg
    )
    return [re.findall(r"<tspan[^>]*>(.*?)</tspan>", text) or [text] for text in found]


@pytest.mark.parametrize("width", [230, 520])
def test_a_row_label_cut_short_keeps_its_n_and_caveat(real_store: Store, width: int) -> None:
    # At 390 px "San Jose-Sunnyvale-Sa..." lost its n and "h1b_2024 filings · base (..." its
    # "(n=33, all of WA)": the label was cut at its end, where the n and the caveat are.
    by_metro = stats(real_store, ["metro"], {"company": ["Google"]}, limit=6)
    side = compare(real_store, role="data_scientist", metro=SAN_JOSE)
    for spec, breaks in ((stats_chart(by_metro, width=width), " ("),
                         (compare_chart(side, width=width), " · ")):  # fmt: skip
        compiles(spec)
        domain = spec["encoding"]["y"]["scale"]["domain"]
        shown = _row_labels(vl_convert.vegalite_to_svg(spec))
        assert len(shown) == len(domain)
        assert any(len(lines) == 2 for lines in shown) or width > 400  # a phone's: two lines
        for label, lines in zip(domain, shown, strict=True):
            tail = label[label.rindex(breaks) + len(breaks.rstrip("(")) :]
            assert html.unescape(lines[-1]).endswith(tail), (label, lines)
            assert html.unescape(lines[0]).rstrip("…") in label
    assert any(
        "all of CA)" in label for label in compare_chart(side)["encoding"]["y"]["scale"]["domain"]
    )


def test_pay_label_never_hides_a_mix() -> None:
    assert pay_label(["base"]) == "Annual base pay (USD)"
    assert pay_label(["base", "total"]).startswith("Annual pay, base and total mixed")


def _years_read_back(said: str) -> set[int]:
    """The years a ``years_span`` of at most RUNS_SHOWN runs names."""
    years: set[int] = set()
    for run in said.split(", "):
        first, _, last = run.partition("-")
        years |= set(range(int(first), int(last or first) + 1))
    return years


def test_every_groups_years_said_as_runs_are_its_years(real_store: Store) -> None:
    # A span hid gaps ("2015-2019" for Boston, which has no filing of 2016): over every
    # metro, company and title group of the real store, the runs name exactly its years.
    for by in ("metro", "company", "title"):
        for group in stats(real_store, [by])["groups"]:
            if not group["years"]:
                continue
            said, held = years_span(group["years"]), set(group["years"])
            if "(" in said:  # more than RUNS_SHOWN runs: the span and how many years
                first, last = min(held), max(held)
                assert said == f"{first}-{last} ({len(held)} of {last - first + 1} years)"
            else:
                assert _years_read_back(said) == held, (by, group["key"], said)


def test_a_chart_rounds_a_half_dollar_as_its_table_does() -> None:
    from paygrade.charts import band_rows
    from paygrade.web.render import money

    # Hand-written group (not product data). The chart's format took Netflix's median
    # 162,572.5 up to $162,573, beside a table of $162,572.
    group = {"key": {"company": "x"}, "n": 20, "n_distinct": 20, "pay_components": ["base"],
             "suppressed": False, "p10": 100000.5, "p25": 120001.5, "p50": 162572.5,
             "p75": 180000.0, "p90": 212950.5}  # fmt: skip
    (row,) = band_rows({"groups": [group]})
    for p in PERCENTILES:
        assert money(row[p]) == money(group[p]), p
    assert (row["p50"], row["p90"]) == (162572, 212950)
