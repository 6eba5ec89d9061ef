"""The report: every section and figure agrees with ``stats`` on the same store; its structure
is pinned; the HTML is self-contained and opens in headless Chromium; it builds in time."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paygrade.charts import spans as runs
from paygrade.charts import years_cell
from paygrade.cli import main
from paygrade.compare import compare
from paygrade.ladder import ladder
from paygrade.prices import LEADING_METROS, NoPriceParity, factor_table
from paygrade.records import CannotWrite
from paygrade.report import build_report, render_html, render_markdown
from paygrade.report.build import LEADING, MIN_N_P99, NEAREST
from paygrade.report.career import steps_table
from paygrade.report.location import metro_table
from paygrade.report.render import write_report
from paygrade.stats import stats
from paygrade.store import Store
from tests.conftest import FIXTURES

# Each metro table's caption says the years of each side (filings of years past, OEWS now).
METRO_YEARS = {
    metro: f" (records of {years}, 2023 in their years' dollars; BLS OEWS of May 2025)"
    # Boston has no filing of 2016, Austin none of 2018: their spans had hidden it.
    for metro, years in zip(LEADING_METROS, ["2015-2019", "2015-2019", "2016-2019", "2015-2019",
                                             "2015, 2017-2019", "2016-2017, 2019", "2018-2019"],
                            strict=True)
}  # fmt: skip
# The report's structure: section id -> table captions, in order.
STRUCTURE = {
    "overview": ["All ML engineer records, US", "Outside the US: total pay by country"],
    "levels": ["By experience level, total pay, US", "By experience level, base pay, US"],
    "companies": ["Leading companies, US", "Other companies with enough ML engineer data, US"],
    "factors": [
        "Location: median base pay, nominal and at US-average prices",
        *(
            f"{metro}: records and BLS OEWS side by side{METRO_YEARS[metro]}"
            for metro in LEADING_METROS
        ),
        # The surveys behind ML engineers' total pay ask no industry or education.
        "Industry (data scientists and ML specialists, Stack Overflow survey 2023)",
        "Company size, US",
        "Education (data scientists and ML specialists, Stack Overflow survey 2023)",
        "Specialization, US",
        "Remote work (% of time), US",
        "Management track vs. individual contributors",
    ],
    # OFLC's levels are per metro: none for the US, so not named over its table.
    "sources-compared": ["United States: surveys, H-1B filings and BLS OEWS side by side"],
    "career": ["Level ladder: pay by level, US", "Promotion steps: change in median pay, US"],
    "top": ["Top of market, US"],
    "trends": ["By year, total pay in real dollars, US", "By year, base pay in real dollars, US"],
    "methodology": [],
    "sources": ["Files behind this report"],
}


@pytest.fixture(scope="module")
def report(real_db: Path) -> Iterator[dict[str, Any]]:
    store = Store.open(real_db, read_only=True)
    yield build_report(store)
    store.close()


def _section(report: dict[str, Any], id_: str) -> dict[str, Any]:
    return next(s for s in report["sections"] if s["id"] == id_)


def _keys(obj: Any) -> Iterator[str]:
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield str(key)
            yield from _keys(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _keys(value)


def test_structure_snapshot(report: dict[str, Any]) -> None:
    shown = {s["id"]: [t["caption"] for t in s["tables"]] for s in report["sections"]}
    assert shown == STRUCTURE
    for section in report["sections"]:
        for table in section["tables"]:
            counted = ("n" in row or {"n_from", "n_to"} <= set(row) for row in table["rows"])
            assert all(counted) and all("group" in row for row in table["rows"])


@pytest.mark.parametrize("component", ["total", "base"])
def test_levels_agree_with_stats(report: dict[str, Any], real_store: Store, component: str) -> None:
    where = {"role": ["ml_engineer"], "pay_component": [component], "country": ["US"]}
    expected = stats(real_store, ["level"], where)["groups"]
    (table,) = [t for t in _section(report, "levels")["tables"] if component in t["caption"]]
    assert [(r["key"], r["n"], r["p50"], r["p90"]) for r in table["rows"]] == [
        (g["key"], g["n"], g.get("p50"), g.get("p90")) for g in expected
    ]


def test_leading_companies_agree_with_stats_and_suppressed_cells_say_so(
    report: dict[str, Any], real_store: Store
) -> None:
    # Amazon files its ML engineers as Applied Scientists: both roles, each its own row.
    where = {"role": ["ml_engineer", "research_scientist"], "company": list(LEADING)}
    expected = stats(real_store, ["company", "role", "pay_component"], where)["groups"]
    assert {"Amazon", "Microsoft"} <= {g["key"]["company"] for g in expected}
    table = _section(report, "companies")["tables"][0]
    assert [(r["key"], r["n"], r["p50"]) for r in table["rows"] if r["n"]] == [
        (g["key"], g["n"], g.get("p50")) for g in expected
    ]
    page = render_markdown(report)
    for row in table["rows"]:
        if row["suppressed"]:
            assert row.get("p50") is None
            said = "suppressed (n < 5)" if row["n"] else "no records"
            assert f"| {row['group']} | {row['n']} | {said} |" in page


def test_overview_and_top_of_market(report: dict[str, Any], real_store: Store) -> None:
    expected = stats(real_store, ["pay_component"], {"role": ["ml_engineer"], "country": ["US"]})
    overview = _section(report, "overview")["tables"][0]
    assert overview["sources"] == expected["sources"]
    assert [r["n"] for r in overview["rows"]] == [g["n"] for g in expected["groups"]]
    for row in _section(report, "top")["tables"][0]["rows"]:
        assert row["p90"] is not None
        assert (row["p99"] is not None) == (row["n"] >= MIN_N_P99)
    assert not [k for k in _keys(report["sections"]) if "max" in k.lower()]  # never a maximum


def test_each_row_says_the_years_behind_it(report: dict[str, Any], real_store: Store) -> None:
    # Base pay (filings, to 2023) and total pay (surveys, to 2025) sat side by side with no
    # word of their years.
    where = {"role": ["ml_engineer"], "country": ["US"]}
    expected = stats(real_store, ["pay_component"], where)["groups"]
    overview = _section(report, "overview")["tables"][0]
    spans = [", ".join(runs(sorted(g["years"]))) for g in expected]  # a gap said, not spanned
    assert [r["years"] for r in overview["rows"]] == spans
    assert spans[0] != spans[1]  # the point: the two components' years differ
    markdown = render_markdown(report)
    assert "| n | distinct n | years | p10 |" in markdown
    assert f"| base | {expected[0]['n']:,} | {expected[0]['n_distinct']:,} | {spans[0]} |" in (
        markdown
    )
    # Sources side by side: each its years (records) or its reference month (OEWS).
    compared = _section(report, "sources-compared")["tables"][0]["rows"]
    assert all(r["years"] for r in compared)
    assert {r["years"] for r in compared if r["key"]["source"] == "oews"} <= {
        f"May {y}" for y in range(2020, 2031)
    }
    # A table by year says no years beside each year.
    trends = _section(report, "trends")["tables"]
    assert trends and all("years" not in r for t in trends for r in t["rows"])
    # The metros' medians too: their filings end years before the newest records.
    prices = next(t for t in _section(report, "factors")["tables"] if "Location" in t["caption"])
    by_metro = {r["metro"]: r for r in factor_table(real_store, role="ml_engineer")["rows"]}
    boston = next(r for r in prices["rows"] if r["group"].startswith("Boston"))
    assert boston["years"] == "2015, 2017-2019"  # no filing of 2016: "2015-2019" hid it
    for row in prices["rows"]:
        years = by_metro[row["group"]]["years"]
        assert row["years"] == ", ".join(runs(sorted(set(years))))


def test_trends_are_real_dollars(report: dict[str, Any], real_store: Store) -> None:
    table = _section(report, "trends")["tables"][0]
    where = {"role": ["ml_engineer"], "pay_component": ["total"], "country": ["US"]}
    expected = stats(real_store, ["year"], where, value="amount_usd_real")["groups"]
    assert table["value"] == "amount_usd_real"
    assert [(r["key"], r["p50"]) for r in table["rows"]] == [
        (g["key"], g.get("p50")) for g in expected
    ]


def test_survey_tables_are_us_jobs_and_other_countries_stand_apart(
    report: dict[str, Any], real_store: Store
) -> None:
    # Every country together, the total pay "trend" fell from 2023 to 2021 because 2021's
    # answers came mostly from abroad (70%), not because pay fell.
    def ns(table: dict[str, Any]) -> dict[Any, int]:
        return {tuple(r["key"].values()): r["n"] for r in table["rows"]}

    total = {"role": ["ml_engineer"], "pay_component": ["total"]}
    us = stats(real_store, ["year"], {**total, "country": ["US"]}, value="amount_usd_real")
    trend = _section(report, "trends")["tables"][0]
    assert ns(trend) == {(g["key"]["year"],): g["n"] for g in us["groups"]}
    everywhere = stats(real_store, ["year"], total, value="amount_usd_real")["groups"]
    assert ns(trend) != {(g["key"]["year"],): g["n"] for g in everywhere}  # the point
    for caption in ("Company size, US", "Specialization, US", "Remote work (% of time), US"):
        (table,) = [t for t in _section(report, "factors")["tables"] if t["caption"] == caption]
        assert table["where"]["country"] == ["US"]
    # The answers from abroad: their own table, by country, named, largest first.
    abroad = _section(report, "overview")["tables"][1]
    by_country = stats(real_store, ["country"], total)["groups"]
    held = {g["key"]["country"]: g["n"] for g in by_country if g["key"]["country"] != "US"}
    assert [r["n"] for r in abroad["rows"]] == sorted(held.values(), reverse=True)[:12]
    assert "US" not in {r["key"]["country"] for r in abroad["rows"]}
    assert abroad["rows"][0]["group"] == "Canada (CA)"  # not "CA", which reads as California
    assert sum(r["n"] for r in abroad["rows"]) < sum(held.values())
    assert f"{len(held) - 12} more countries" in render_markdown(report)


def test_html_is_self_contained(report: dict[str, Any]) -> None:
    page = render_html(report)
    assert page.count("<svg") == 2 and "<style>" in page
    for forbidden in ("<script", "<link", "src=", "@import", "url("):
        assert forbidden not in page
    for section_id in STRUCTURE:
        assert f'id="{section_id}"' in page


def test_html_opens_in_headless_chromium(report: dict[str, Any], tmp_path: Path) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (scripts/test.sh installs it)")
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    errors: list[str] = []
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=chromium)
        page = browser.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(path.as_uri())
        assert page.locator("h2").count() == len(STRUCTURE)
        assert page.locator("svg").count() >= 2
        browser.close()
    assert errors == []


def test_build_time_is_logged(real_store: Store, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="paygrade.report.build"):
        built = build_report(real_store)
    assert built["seconds"] >= 0  # the time itself is measured by benchmarks/report.py
    assert any("report built in" in r.getMessage() for r in caplog.records)


def test_cli_writes_both_files(real_db: Path, tmp_path: Path) -> None:
    assert main(["--db", str(real_db), "report", "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "report.html").read_text("utf-8").startswith("<!doctype html>")
    assert "# ML Engineer Salaries" in (tmp_path / "out" / "report.md").read_text("utf-8")


def test_cli_says_plainly_where_the_report_cannot_be_written(
    real_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("mine")
    out = tmp_path / "a-file" / "report"
    assert main(["--db", str(real_db), "report", "--out", str(out)]) == 1
    # It was "internal error (NotADirectoryError)".
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"error: cannot write the report to {out}: {tmp_path / 'a-file'} is a file, not a folder"
    )
    assert (tmp_path / "a-file").read_text() == "mine"


def test_a_write_the_system_refuses_after_the_check_is_74(
    report: dict[str, Any], immutable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check before the build passed (os.access, which a network folder's server may
    # overrule), then the write itself was refused ("Operation not permitted") and said as
    # the report's own error, status 1; a full disk there was already 74.
    monkeypatch.setattr("paygrade.report.render.unwritable", lambda out: None)
    with pytest.raises(CannotWrite) as refused:
        write_report(report, immutable / "report")
    assert str(refused.value) == (
        f"cannot write {immutable / 'report'}: Operation not permitted; no report was written"
    )
    assert not (immutable / "report").exists()  # CannotWrite: the CLI says it with 74


def test_a_report_file_that_cannot_be_replaced_is_named_and_nothing_is_written(
    real_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A folder named report.md: report.html was written, and the error named the folder.
    (tmp_path / "report.md").mkdir()
    assert main(["--db", str(real_db), "report", "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"error: cannot write the report to {tmp_path}: {tmp_path / 'report.md'} is no file"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_cli_refuses_an_out_that_is_not_a_folder_before_building(
    real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --out /dev/null built the report, then said "/dev/null: File exists".
    assert main(["--db", str(real_db), "report", "--out", "/dev/null"]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == (
        "",
        "error: cannot write the report to /dev/null: /dev/null is not a folder\n",
    )


@pytest.mark.parametrize("field", ["industry", "education"])
def test_a_factor_ml_engineers_never_name_shows_the_nearest_population_said_so(
    report: dict[str, Any], real_store: Store, field: str
) -> None:
    # The tables were one row, "unknown 7,369": nothing to learn from.
    ml = stats(real_store, [field], {"role": ["ml_engineer"], "pay_component": ["total"]})
    assert [g["key"][field] for g in ml["groups"]] == [None]
    section = _section(report, "factors")
    (table,) = [t for t in section["tables"] if t["by"] == [field]]
    expected = stats(real_store, [field], NEAREST)
    assert [(r["key"], r["n"], r["p50"]) for r in table["rows"]] == [
        (g["key"], g["n"], g.get("p50")) for g in expected["groups"]
    ]
    assert len([r for r in table["rows"] if r["key"][field] is not None]) > 2
    assert table["sources"] == {"so_survey": expected["sources"]["so_survey"]}
    assert any("No ML engineer record names its" in line for line in section["text"])


def test_other_companies_name_only_their_own_sources(
    report: dict[str, Any], real_store: Store
) -> None:
    table = _section(report, "companies")["tables"][1]
    names = sorted({r["key"]["company"] for r in table["rows"]})
    assert names and not set(names) & set(LEADING)
    expected = stats(real_store, [], {"role": ["ml_engineer"], "company": names})
    assert table["sources"] == expected["sources"]
    # ... and only their pay components: the surveys' total pay names no company.
    assert table["pay_components"] == expected["pay_components"]
    # ... and the flagged records of those companies, not of every ML engineer record.
    assert table["flagged_excluded"] == expected["flagged_excluded"]
    assert table["pay_components"] == sorted({r["key"]["pay_component"] for r in table["rows"]})
    assert all(r["n"] >= 20 for r in table["rows"])


def _metro_tables(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    tables = _section(report, "factors")["tables"]
    return {t["where"]["metro"][0]: t for t in tables if "records and BLS OEWS" in t["caption"]}


@pytest.mark.parametrize("metro", LEADING_METROS)
def test_each_leading_metro_shows_records_beside_oews(
    report: dict[str, Any], real_store: Store, metro: str
) -> None:
    table = _metro_tables(report)[metro]
    where = {"role": ["ml_engineer"], "metro": [metro]}
    expected = stats(real_store, ["source", "pay_component"], where)["groups"]
    records = [r for r in table["rows"] if r["key"]["source"] != "oews"]
    in_metro = [r for r in records if "state" not in r["key"]]
    assert [(r["key"]["source"], r["pay_component"], r["n"], r["p25"], r["p50"], r["p75"])
            for r in in_metro] == [
        (g["key"]["source"], g["key"]["pay_component"], g["n"], g.get("p25"), g.get("p50"),
         g.get("p75")) for g in expected
    ]  # fmt: skip
    # The late-2023 filings name no metro: their row is of the metro's state(s), said so.
    (state_row,) = [r for r in records if "state" in r["key"]]
    states = metro.rpartition(", ")[2].split("-")
    wider = stats(real_store, ["pay_component"], {"role": ["ml_engineer"], "state": states,
                                                  "source": ["h1b_2024"]})["groups"]  # fmt: skip
    assert state_row["key"] == {"source": "h1b_2024", "state": states}
    assert (state_row["n"], state_row["p50"]) == (wider[0]["n"], wider[0].get("p50"))
    assert state_row["group"].endswith(f"(filing, all of {'/'.join(states)})")
    published = [r for r in compare(real_store, role="ml_engineer", metro=metro)["rows"]
                 if r["source"] == "oews"]  # fmt: skip
    oews = [r for r in table["rows"] if r["key"]["source"] == "oews"]
    assert published and [
        (r["key"]["occupation"], r["key"]["area"], r["years"], r["p10"], r["p50"], r["p90"])
        for r in oews
    ] == [
        (r["occupation"], r["area"], f"May {r['year']}", r["p10"], r["p50"], r["p90"])
        for r in published
    ]
    assert all(r["n"] is None and "all levels" in r["group"] for r in oews)
    assert table["sources"] == {
        **{g["key"]["source"]: g["n"] for g in expected},
        "h1b_2024": state_row["n"],
        f"BLS OEWS May {published[0]['year']} area {published[0]['area']}": None,
    }


def test_oews_per_metro_is_labelled_a_different_population(report: dict[str, Any]) -> None:
    text = " ".join(_section(report, "factors")["text"])
    assert "different population" in text and "all experience levels" in text
    markdown = render_markdown(report)
    for metro in LEADING_METROS:
        assert f"**{metro}: records and BLS OEWS side by side{METRO_YEARS[metro]}**" in markdown
    assert "| BLS OEWS 15-1252 Software Developers, all levels |  |  | base | May " in markdown


def test_a_metro_with_few_or_no_records_says_so(real_store: Store) -> None:
    # Provo has 4 ML engineer filings in the real data, Abilene none; both have OEWS figures.
    few = metro_table(real_store, "ml_engineer", "Provo-Orem-Lehi, UT")
    none = metro_table(real_store, "ml_engineer", "Abilene, TX")
    for table, n in ((few, 4), (none, 0)):
        (records,) = [r for r in table["rows"] if r["key"]["source"] != "oews" and
                      "state" not in r["key"]]  # fmt: skip
        assert records["suppressed"] and records["n"] == n and records.get("p50") is None
        shown = render_markdown({"title": "t", "generated_at": "", "sections": [
            {"title": "s", "text": [], "tables": [table]}]})  # fmt: skip
        assert f"| {records['group']} | {n} | suppressed (n < 5) |" in shown
        assert any(r["key"]["source"] == "oews" and r["p50"] for r in table["rows"])


def test_career_path_is_the_ladder(report: dict[str, Any], real_store: Store) -> None:
    # US jobs, as the levels section: the ladder was worldwide, unsaid.
    path = ladder(real_store, role="ml_engineer", country="US")
    levels, steps = _section(report, "career")["tables"]
    shown = {(r["key"]["level"], r["key"]["pay_component"]): r for r in levels["rows"]}
    for level in path["levels"]:
        for component, cell in level["pay"].items():
            row = shown[(level["level"], component)]
            assert (row["n"], row["p50"], row["suppressed"]) == (
                cell["n"],
                cell.get("p50"),
                "p50" not in cell,
            )
            assert row["typical_years"].startswith(str(level["years"][0]))
    assert [(r["key"]["from"], r["key"]["to"], r["pay_component"], r["increase"],
             r["increase_pct"], r["n_from"], r["n_to"]) for r in steps["rows"]] == [
        (s["from"], s["to"], s.get("pay_component"), s.get("increase"), s.get("increase_pct"),
         s.get("n_from"), s.get("n_to")) for s in path["promotion_steps"]
    ]  # fmt: skip
    # The sources line counts the records the steps compare, each level's once over every
    # year its steps compare: test_offrep_fixes7 checks it against stats (keyed by a step's
    # years, staff's 30 records of 2023 had been counted in both of its steps).
    # and the ladder's pay is stats' pay on the same store
    expected = stats(real_store, ["level", "pay_component"],
                     {"role": ["ml_engineer"], "country": ["US"]})  # fmt: skip
    assert levels["sources"]["aijobs"] < stats(real_store, [], {"role": ["ml_engineer"]})[
        "sources"]["aijobs"]  # fmt: skip
    assert "US jobs only, as in the levels section." in _section(report, "career")["text"][-1]
    # Its steps compare levels over the years both have records, as the ladder's, and say so.
    assert "over the years both levels have records" in _section(report, "career")["text"][-1]
    assert "ML engineer total pay by level, US" in render_html(report)
    assert "Tables whose caption ends in US" in _section(report, "overview")["text"][-1]
    for group in expected["groups"]:
        key = (group["key"]["level"], group["key"]["pay_component"])
        if key in shown:
            assert (shown[key]["n"], shown[key]["p50"]) == (group["n"], group.get("p50"))


def test_a_step_without_enough_data_says_so() -> None:
    # A hand-written ladder answer: one step with medians, one where a level is too thin.
    pay = {"total": {"n": 9, "p50": 100.0, "sources": {"aijobs": 9}}, "base": {"n": 0}}
    path = {
        "levels": [{"level": "entry", "pay": pay}, {"level": "mid", "pay": pay}],
        "promotion_steps": [
            {"from": "entry", "to": "mid", "pay_component": "total", "median_from": 100.0,
             "median_to": 100.0, "increase": 0.0, "increase_pct": 0.0, "n_from": 9, "n_to": 9,
             "n_distinct_from": 8, "n_distinct_to": 7, "p50_ci_from": [90.0, 110.0],
             "p50_ci_to": [None, None],
             "years": [2024], "sources_from": {"aijobs": 9}, "sources_to": {"aijobs": 9}},
            {"from": "mid", "to": "senior", "note": "not enough data"},
            {"from": "senior", "to": "staff",
             "note": "not enough data: no year has records of both levels"},
        ],
    }  # fmt: skip
    table = steps_table(path, {"aijobs": 18})
    shown = render_markdown({"title": "t", "generated_at": "", "sections": [
        {"title": "s", "text": [], "tables": [table]}]})  # fmt: skip
    medians = "| total | $100 | $100 | $90-$110 | suppressed (min/max) | +$0 | +0.0% |"
    assert f"| entry → mid (2024) | 9 | 9 | 8 | 7 {medians}" in shown
    assert "| mid → senior |  | not enough data at one of the levels |" in shown
    assert "| senior → staff |  | not enough data: no year has records of both levels |" in shown


def test_a_store_of_a_users_own_few_records_still_gets_its_report(tmp_path: Path) -> None:
    # A store holding only an imported file stopped at "no metro area is called 'San
    # Jose-...'" (the report's own choice of metros), and drew empty tables as grids.
    from paygrade.ingest import ingest_file

    store = Store.open(tmp_path / "own.duckdb")
    try:
        ingest_file(store, "csv", FIXTURES / "fixture-canonical-small.csv")
        built = build_report(store)
        # Local prices need BEA's parities, which this store has not: said, not every
        # record counted "in areas BEA does not price"; the report leaves that table out.
        with pytest.raises(NoPriceParity, match="holds no BEA price parities"):
            factor_table(store)
    finally:
        store.close()
    captions = [t["caption"] for s in built["sections"] for t in s["tables"]]
    assert not any(c.startswith("Location: median base pay") for c in captions)
    markdown = render_markdown(built)
    assert "**Other companies with enough ML engineer data, US**: No group to show." in markdown
    assert "|  |\n|---|" not in markdown
    assert "No group to show." in render_html(built)


def test_management_track_compares_like_with_like(
    report: dict[str, Any], real_store: Store
) -> None:
    # Its "manager" row was every manager of any field and country (Stack Overflow
    # developers among them) beside ML engineers: it read as "ML management pays less".
    table = _section(report, "factors")["tables"][-1]
    assert table["caption"] == "Management track vs. individual contributors"
    like = {"pay_component": ["total"], "country": ["US"]}
    engineers, ml_managers, managers = table["rows"]
    # Individual contributors: executive-level ML engineers left out (test_report_fixes9).
    levels = ["entry", "mid", "senior", "staff", "principal"]
    expected = stats(real_store, [], {"role": ["ml_engineer"], "level": levels, **like})
    assert (engineers["n"], engineers["p50"]) == (expected["groups"][0]["n"],
                                                  expected["groups"][0]["p50"])  # fmt: skip
    assert engineers["group"] == "ML engineers (individual contributors), US"
    titles = ["Director of Machine Learning", "Head of AI", "Machine Learning Manager",
              "Head of Machine Learning"]  # fmt: skip
    assert ml_managers["group"] == f"managers of ML or AI work, US (titles: {', '.join(titles)})"
    expected = stats(real_store, [], {"role": ["manager"], "title": titles, **like})["groups"][0]
    assert (ml_managers["n"], ml_managers["p50"]) == (expected["n"], expected["p50"])
    assert managers["group"].startswith("managers, any field, US (titles: Manager 2,")
    expected = stats(real_store, [], {"role": ["manager"], **like})
    assert (managers["n"], managers["p50"]) == (expected["groups"][0]["n"],
                                                expected["groups"][0]["p50"])  # fmt: skip
    assert set(table["sources"]) == {"aijobs"}  # no Stack Overflow rows (they name no country)
    text = " ".join(_section(report, "factors")["text"])
    assert "its gap from ML engineers is not the pay of managing ML work" in text


def test_a_metros_old_filings_beside_oews_say_their_years_and_real_dollars(
    report: dict[str, Any], real_store: Store
) -> None:
    # "SF ML engineers $140,000 vs software developers $186,640" set 2015-2019 nominal pay
    # beside May 2025 with no word of the years between.
    metro = "San Francisco-Oakland-Fremont, CA"
    table = _metro_tables(report)[metro]
    assert (
        "records of 2015-2019, 2023 in their years' dollars; BLS OEWS of May 2025"
        in (table["caption"])
    )
    (filings,) = [r for r in table["rows"] if r["key"] == {"source": "h1b"}]
    where = {"role": ["ml_engineer"], "metro": [metro], "source": ["h1b"]}
    real = stats(real_store, [], where, value="amount_usd_real")
    assert filings["p50_real"] == real["groups"][0]["p50"] > filings["p50"]
    assert all("p50_real" not in r for r in table["rows"] if r["key"]["source"] == "oews")
    markdown = render_markdown(report)
    assert "| median | median 95% CI | median, CPI-adjusted | p75 |" in markdown
    assert (
        "Pay has risen since the records' years: a records median below OEWS is partly years"
        " of pay rises, not ML engineers earning less; 'median, CPI-adjusted' is each records"
        f" median in {real['reference_year']} dollars (CPI-U)."
    ) in markdown


def test_location_table_says_how_its_median_at_us_prices_is_made(
    report: dict[str, Any], real_store: Store
) -> None:
    # 132,184 / 1.10423 is 119,707, the table shows $115,473: each record is divided by its
    # own year's parity. `paygrade local-prices` says so; the report dropped it.
    table = next(t for t in _section(report, "factors")["tables"] if "Location" in t["caption"])
    years = {r["rpp_year"] for r in factor_table(real_store, role="ml_engineer")["rows"]}
    assert years == {2024}
    said = render_markdown(report)
    # Then what stats warns of the same question (tests/test_audit_fixes3.py).
    assert "Sources: h1b (n=584), BEA RPP (published estimate); base pay. Left out: " in said
    assert (
        "Price parity: BEA all-items "
        "regional price parity of 2024 (US = 100). Each record is divided by its own year's "
        "parity before the median is taken, so the median at US prices is not the nominal "
        "median divided by the parity shown."
    ) in said
    assert table["notes"]


def test_medians_carry_distinct_n_their_95_ci_and_the_flagged_left_out(
    report: dict[str, Any], real_store: Store
) -> None:
    # README promises distinct n and a 95% CI for every median; the tables had neither,
    # nor a count of flagged records left out.
    where = {"role": ["ml_engineer"], "pay_component": ["total"], "country": ["US"]}
    expected = stats(real_store, ["level"], where)
    (table,) = [t for t in _section(report, "levels")["tables"] if "total" in t["caption"]]
    assert [(r["n_distinct"], r["p50_ci"]) for r in table["rows"]] == [
        (g["n_distinct"], g.get("p50_ci")) for g in expected["groups"]
    ]
    senior = next(g for g in expected["groups"] if g["key"]["level"] == "senior")
    low, high = senior["p50_ci"]
    assert senior["n_distinct"] < senior["n"] and low <= senior["p50"] <= high
    markdown = render_markdown(report)
    assert "| n | distinct n | years | p10 | p25 | median | median 95% CI | p75 | p90 |" in markdown
    assert (
        f"| senior | {senior['n']:,} | {senior['n_distinct']:,} | {years_cell(senior['years'])} "
        f"| ${senior['p10']:,.0f} | ${senior['p25']:,.0f} | ${senior['p50']:,.0f} "
        f"| ${low:,.0f}-${high:,.0f} |"
    ) in markdown
    assert expected["flagged_excluded"] > 0
    assert (
        f"Sources: aijobs (n={expected['sources']['aijobs']:,}); total pay; "
        f"{expected['flagged_excluded']:,} flagged records left out."
    ) in markdown
    # The ladder's levels and each metro's records rows too.
    levels = _section(report, "career")["tables"][0]["rows"]
    assert all(r["p50_ci"] for r in levels if r["n"] >= 10)
    metro = _metro_tables(report)["Seattle-Tacoma-Bellevue, WA"]
    assert all(r["n_distinct"] for r in metro["rows"] if r["key"]["source"] == "h1b")


def test_the_small_things_a_reader_trips_on(report: dict[str, Any]) -> None:
    markdown = render_markdown(report)
    # Every leading company x role asked is a row; Amazon's and Microsoft's ML engineers
    # (no filing calls them so) were silently absent while Google's 2 showed as suppressed.
    table = _section(report, "companies")["tables"][0]
    pairs = [(r["key"]["company"], r["key"]["role"]) for r in table["rows"]]
    roles = ("ml_engineer", "research_scientist")
    assert list(dict.fromkeys(pairs)) == [(c, r) for c in LEADING for r in roles]
    assert "| Amazon · ml_engineer | 0 | no records |" in markdown
    assert "| Microsoft · ml_engineer | 0 | no records |" in markdown
    # The last section ended "Sources: see below." with nothing below.
    assert "see below" not in markdown
    # (then the files the store holds besides, which no table draws on)
    assert (
        markdown.split("\n## ")[-1]
        .rstrip()
        .splitlines()[-1]
        .startswith("Sources: the files in this table.")
    )
    # A table of no record counted says so, not "the files listed above".
    assert "the files listed above" not in markdown
    # The US side-by-side notes are sentences.
    text = _section(report, "sources-compared")["text"]
    assert text[1].startswith("Surveys report total pay; H-1B filings") and text[1].endswith(".")
    # Employers file H-1Bs, not ML engineers.
    factors = " ".join(_section(report, "factors")["text"])
    assert "own filings" not in factors
    assert "Records rows are the H-1B filings employers made for ML engineer jobs" in factors
    # Trends warn of thin years and say which years have no filings.
    assert "Few records in 2020 (n=4) and 2021 (n=10): their figures can move" in markdown
    assert "No base pay records for 2020-2022: the table skips those years." in markdown


def _shows_records_medians(row: dict[str, Any]) -> bool:
    return row.get("n") is not None and ("p50" in row or "median_from" in row)


def test_every_table_of_records_medians_has_distinct_n_and_intervals(
    report: dict[str, Any],
) -> None:
    # docs/cli.md: "where it shows medians the distinct n and the median's 95% CI". The
    # level ladder had no distinct n; the steps, the location table and the sources side
    # by side had neither.
    lacking = [
        (table["caption"], row["group"])
        for section in report["sections"]
        for table in section["tables"]
        for row in table["rows"]
        if _shows_records_medians(row) and not row.get("suppressed")
        and not ({"n_distinct", "p50_ci"} <= set(row)
                 or {"n_distinct_from", "n_distinct_to", "p50_ci_from", "p50_ci_to"} <= set(row))
    ]  # fmt: skip
    assert lacking == []
    markdown = render_markdown(report)
    steps = _section(report, "career")["tables"][1]["rows"]
    first = steps[0]
    low, high = first["p50_ci_from"]
    assert f"| {first['n_distinct_from']:,} | {first['n_distinct_to']:,} |" in markdown
    assert f"| ${low:,.0f}-${high:,.0f} |" in markdown


def _flagged(store: Store, where: str, params: list[Any]) -> int:
    return int(
        store.scalar(f"SELECT count(*) FROM records WHERE len(flags) > 0 AND {where}", params)
    )


def test_the_management_ladder_and_sources_tables_say_the_flagged_records_left_out(
    report: dict[str, Any], real_store: Store
) -> None:
    # Said for every other table: the management track (7 flagged records) and the level
    # ladder (6) had been silent about theirs.
    management = _section(report, "factors")["tables"][-1]
    expected = _flagged(
        real_store,
        "role IN ('ml_engineer', 'manager') AND pay_component = 'total' AND country = 'US'",
        [],
    )
    assert expected > 0 and management["flagged_excluded"] == expected
    levels = _section(report, "career")["tables"][0]
    expected = _flagged(
        real_store, "role = 'ml_engineer' AND country = 'US' AND level IS NOT NULL", []
    )
    assert expected > 0 and levels["flagged_excluded"] == expected
    (side_by_side,) = _section(report, "sources-compared")["tables"]
    # OFLC's levels are per metro, none for the US: the title had named them anyway.
    assert _section(report, "sources-compared")["title"] == "Surveys vs. H-1B vs. BLS OEWS"
    expected = _flagged(real_store, "role = 'ml_engineer' AND country = 'US'", [])
    assert side_by_side["flagged_excluded"] == expected
    markdown = render_markdown(report)
    assert f"total pay; {management['flagged_excluded']:,} flagged records left out." in markdown


@pytest.fixture(scope="module")
def partial_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Any]]:
    """A store of a user's own twelve records (hand-written fixture rows, not product
    data): six at Google, none at the other leading companies, no staff level, no CPI."""
    from paygrade.ingest import ingest_file

    store = Store.open(tmp_path_factory.mktemp("partial") / "own.duckdb")
    ingest_file(store, "csv", FIXTURES / "fixture-canonical-partial.csv")
    yield store, build_report(store)
    store.close()


def test_a_leading_company_the_store_holds_is_counted_beside_those_it_lacks(
    partial_report: tuple[Store, Any],
) -> None:
    store, built = partial_report
    # A store without Apple (or any one leading company) had every row "0 / no records",
    # Google's six among them: stats refuses a list for one value no record holds.
    companies = _section(built, "companies")
    rows = {(r["key"]["company"], r["key"]["role"]): r["n"] for r in companies["tables"][0]["rows"]}
    held = stats(store, ["company"], {"role": ["ml_engineer"], "company": ["Google"]})
    assert rows[("Google", "ml_engineer")] == held["groups"][0]["n"] == 6
    assert rows[("Amazon", "ml_engineer")] == 0
    said = [t for t in companies["text"] if t.startswith("No ML engineer or research")]
    assert said == [
        "No ML engineer or research scientist records name Amazon, Apple, Meta, Microsoft."
    ]


def test_the_level_table_counts_its_flagged_records_of_the_levels_held(
    partial_report: tuple[Store, Any],
) -> None:
    store, built = partial_report
    # Staff, principal and executive are not held: the count asked of every level had been
    # refused and said as none left out.
    levels = _section(built, "career")["tables"][0]
    asked = {"role": ["ml_engineer"], "country": ["US"], "level": ["entry", "mid"]}
    assert levels["flagged_excluded"] == stats(store, [], asked)["flagged_excluded"] == 1


def test_every_markdown_table_row_has_its_headers_cells(
    partial_report: tuple[Store, Any],
) -> None:
    # A table of n = 0 placeholders alone had its note as a cell beyond the header.
    lines = render_markdown(partial_report[1]).splitlines()
    tables = 0
    for i, line in enumerate(lines):
        if line.startswith("|---"):
            tables += 1
            width = lines[i - 1].count("|")
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert lines[j].count("|") == width, (lines[i - 1], lines[j])
                j += 1
    assert tables >= 5


def test_trends_without_cpi_are_nominal_and_say_so(partial_report: tuple[Store, Any]) -> None:
    from paygrade.prices import NoCPI

    store, built = partial_report
    trends = _section(built, "trends")
    # It printed "CPI-U(2024)" above tables of no row, and "CPI-U(None)" with no records.
    assert [t["caption"] for t in trends["tables"]] == [
        "By year, total pay in nominal dollars, US",
        "By year, base pay in nominal dollars, US",
    ]
    assert trends["tables"][0]["rows"][0]["n"] == 11  # the twelfth is flagged
    assert "real dollars need CPI-U" in trends["text"][0] and "None" not in trends["text"][0]
    with pytest.raises(NoCPI, match=r"run `paygrade ingest cpi`"):
        stats(store, ["year"], {}, value="amount_usd_real")


def test_the_factor_text_says_only_what_the_store_holds(partial_report: tuple[Store, Any]) -> None:
    text = " ".join(_section(partial_report[1], "factors")["text"])
    # It said "H-1B base pay, the only records with a metro", metros beside BLS OEWS and
    # the Stack Overflow survey standing in, of a store holding none of them.
    assert (
        "Location uses the base pay of the records that name a metro: no record names one." in text
    )
    assert "H-1B" not in text.split("BLS OEWS rows")[0]
    assert "Stack Overflow survey's 2023 respondents" not in text
    assert "No record names its industry or company size" in text
    assert "beside BLS OEWS for the same area" not in text


def test_the_location_table_names_the_sources_of_its_records(real_db: Path, tmp_path: Path) -> None:
    from paygrade.ingest import ingest_file

    shutil.copy(real_db, tmp_path / "store.duckdb")
    own = tmp_path / "own.csv"
    # Hand-written fixture rows (not product data): three of a user's own in Seattle.
    own.write_text(
        "year,role,level,title,company,city,state,country,pay_component,amount,currency\n"
        + "".join(
            f"2024,ml_engineer,mid,Machine Learning Engineer,Acme,Seattle,WA,US,base,{a},USD\n"
            for a in (150000, 160000, 170000)
        )
    )
    store = Store.open(tmp_path / "store.duckdb")
    try:
        ingest_file(store, "csv", own)
        table = _section(build_report(store), "factors")["tables"][0]
        asked = {"role": ["ml_engineer"], "metro": list(LEADING_METROS), "pay_component": ["base"]}
        held = stats(store, [], asked)["sources"]
    finally:
        store.close()
    # Every record was credited to "h1b filings and BEA RPP", the user's own three too.
    assert held["csv"] == 3
    assert table["sources"] == {**held, "BEA RPP": None}


def test_each_promotion_step_says_the_years_it_compares(report: dict[str, Any]) -> None:
    path_steps = _section(report, "career")["tables"][1]["rows"]
    compared = [r for r in path_steps if not r["suppressed"]]
    # The steps compare the years both levels hold (senior -> staff: 2023 alone), which
    # the level table above them does not say: its medians differ from the step's.
    assert compared and all(re.search(r" \(\d{4}(-\d{4})?(, .+)?\)$", r["group"]) for r in compared)
    steps = render_markdown(report).split("**Promotion steps")[1]
    # 2023 alone: 2018 holds one staff record (Apple's "MACHINE LEARNING ENG 5", its ICT5),
    # too few to compare that year's senior ones against.
    assert "| senior → staff (2023) |" in steps


def test_a_report_tables_corner_is_an_empty_cell_not_an_empty_header() -> None:
    # axe: "empty-table-header": an empty <th> is a header naming nothing.
    from paygrade.report.render import html_table

    rows = [{"group": "senior", "n": 12}]
    drawn = html_table({"caption": "Pay", "rows": rows, "sources": {}, "pay_components": []})
    assert '<thead><tr><td></td><th scope="col">n</th></tr></thead>' in drawn
