"""The report: every section and figure agrees with ``stats`` on the same store; its structure
is pinned; the HTML is self-contained and opens in headless Chromium; it builds in time."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paygrade.cli import main
from paygrade.report import build_report, render_html, render_markdown
from paygrade.report.build import LEADING, MIN_N_P99
from paygrade.stats import stats
from paygrade.store import Store

# The report's structure: section id -> table captions, in order.
STRUCTURE = {
    "overview": ["All ML engineer records"],
    "levels": ["By experience level, total pay", "By experience level, base pay"],
    "companies": ["Leading companies", "Other companies with enough data"],
    "factors": [
        "Location: median base pay, nominal and at US-average prices",
        "Industry",
        "Company size",
        "Education",
        "Specialization",
        "Remote work (% of time)",
        "Management track vs. individual contributors",
    ],
    "sources-compared": ["United States: surveys, H-1B filings, BLS OEWS and OFLC side by side"],
    "career": ["Level ladder, total pay"],
    "top": ["Top of market"],
    "trends": ["By year, total pay in real dollars", "By year, base pay in real dollars"],
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
            assert all("n" in row and "group" in row for row in table["rows"])


@pytest.mark.parametrize("component", ["total", "base"])
def test_levels_agree_with_stats(report: dict[str, Any], real_store: Store, component: str) -> None:
    where = {"role": ["ml_engineer"], "pay_component": [component]}
    expected = stats(real_store, ["level"], where)["groups"]
    (table,) = [t for t in _section(report, "levels")["tables"] if component in t["caption"]]
    assert [(r["key"], r["n"], r["p50"], r["p90"]) for r in table["rows"]] == [
        (g["key"], g["n"], g.get("p50"), g.get("p90")) for g in expected
    ]


def test_leading_companies_agree_with_stats_and_suppressed_cells_say_so(
    report: dict[str, Any], real_store: Store
) -> None:
    where = {"role": ["ml_engineer"], "company": list(LEADING)}
    expected = stats(real_store, ["company", "pay_component"], where)["groups"]
    table = _section(report, "companies")["tables"][0]
    assert [(r["key"], r["n"], r["p50"]) for r in table["rows"]] == [
        (g["key"], g["n"], g.get("p50")) for g in expected
    ]
    page = render_markdown(report)
    for row in table["rows"]:
        if row["suppressed"]:
            assert row["p50"] is None
            assert f"| {row['group']} | {row['n']} | suppressed (n < 5) |" in page


def test_overview_and_top_of_market(report: dict[str, Any], real_store: Store) -> None:
    expected = stats(real_store, ["pay_component"], {"role": ["ml_engineer"]})
    overview = _section(report, "overview")["tables"][0]
    assert overview["sources"] == expected["sources"]
    assert [r["n"] for r in overview["rows"]] == [g["n"] for g in expected["groups"]]
    for row in _section(report, "top")["tables"][0]["rows"]:
        assert row["p90"] is not None
        assert (row["p99"] is not None) == (row["n"] >= MIN_N_P99)
    assert not [k for k in _keys(report["sections"]) if "max" in k.lower()]  # never a maximum


def test_trends_are_real_dollars(report: dict[str, Any], real_store: Store) -> None:
    table = _section(report, "trends")["tables"][0]
    where = {"role": ["ml_engineer"], "pay_component": ["total"]}
    expected = stats(real_store, ["year"], where, value="amount_usd_real")["groups"]
    assert table["value"] == "amount_usd_real"
    assert [(r["key"], r["p50"]) for r in table["rows"]] == [
        (g["key"], g.get("p50")) for g in expected
    ]


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


def test_built_within_a_minute_and_logged(
    real_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="paygrade.report.build"):
        built = build_report(real_store)
    assert built["seconds"] < 60
    assert any("report built in" in r.getMessage() for r in caplog.records)


def test_cli_writes_both_files(real_db: Path, tmp_path: Path) -> None:
    assert main(["--db", str(real_db), "report", "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "report.html").read_text("utf-8").startswith("<!doctype html>")
    assert "# ML Engineer Salaries" in (tmp_path / "out" / "report.md").read_text("utf-8")


def test_other_companies_name_only_their_own_sources(
    report: dict[str, Any], real_store: Store
) -> None:
    table = _section(report, "companies")["tables"][1]
    names = sorted({r["key"]["company"] for r in table["rows"]})
    assert names and not set(names) & set(LEADING)
    expected = stats(real_store, [], {"role": ["ml_engineer"], "company": names})["sources"]
    assert table["sources"] == expected
    assert all(r["n"] >= 20 for r in table["rows"])
