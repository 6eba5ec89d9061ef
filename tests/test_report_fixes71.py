"""Stop 71's fixes to the report and its charts, each with what it had printed."""

from __future__ import annotations

import html
import re
from pathlib import Path

import vl_convert

from paygrade.charts import STEP, compare_chart, stats_chart
from paygrade.compare import compare
from paygrade.ingest import ingest_file
from paygrade.report.build import outside_us, sources_side_by_side
from paygrade.report.render import row_cells, sources_note
from paygrade.stats import stats
from paygrade.store import Store

SAN_JOSE = "San Jose-Sunnyvale-Santa Clara, CA"


def _row_labels(svg: str) -> list[list[str]]:
    """The y axis labels of an SVG chart, each as its lines (right-aligned text left of 0)."""
    found = re.findall(
        r'<text text-anchor="end" transform="translate\(-\d[^"]*"[^>]*>(.*?)</text>', svg
    )
    return [
        [html.unescape(line) for line in re.findall(r"<tspan[^>]*>(.*?)</tspan>", text) or [text]]
        for text in found
    ]


def test_a_long_row_name_wraps_whole_on_a_wide_chart(real_store: Store) -> None:
    # The report's side-by-side chart read "BLS OEWS 15-1221 Computer and Information
    # Resear…": the name cut at its room's end, whole only in the tooltip and the table.
    spec = compare_chart(compare(real_store, role="ml_engineer", metro=SAN_JOSE))
    domain = spec["encoding"]["y"]["scale"]["domain"]
    shown = _row_labels(vl_convert.vegalite_to_svg(spec))
    assert len(shown) == len(domain)
    assert any("Computer and Information Research Scientists" in label for label in domain)
    for label, lines in zip(domain, shown, strict=True):
        assert not any(line.endswith("…") for line in lines), lines
        if len(lines) > 1:  # the name's lines, then the pay and n or year
            name, _, tail = label.rpartition(" · ")
            assert " ".join(lines[:-1]) == name and lines[-1] == tail, (label, lines)
        else:
            assert lines == [label]
    # A row of three lines gets the height of three: no label runs into its neighbour's.
    most = max(len(lines) for lines in shown)
    assert most == 3 and spec["height"]["step"] >= 11 * most > STEP


def test_a_phones_chart_still_cuts_a_long_name(real_store: Store) -> None:
    spec = compare_chart(compare(real_store, role="ml_engineer", metro=SAN_JOSE), width=230)
    shown = _row_labels(vl_convert.vegalite_to_svg(spec))
    assert all(len(lines) <= 2 for lines in shown) and spec["height"]["step"] == STEP


def test_a_chart_says_a_small_group_as_its_table_does(real_store: Store) -> None:
    # The chart said "suppressed (n=1)" where the table beside it said "suppressed (n < 5)".
    result = stats(real_store, ["level"], {"role": ["ml_engineer"], "pay_component": ["base"]})
    small = [g for g in result["groups"] if g["suppressed"]]
    assert small and any(g["n"] not in (0, 5) for g in small)
    tables = [row_cells(group, [("n", "n"), ("p50", "median")])[1] for group in small]
    notes = [row["note"] for row in stats_chart(result)["data"]["values"] if row["suppressed"]]
    assert notes == tables == ["suppressed (n < 5)"] * len(small)
    assert "suppressed (n=" not in vl_convert.vegalite_to_svg(stats_chart(result))


def _aijobs_tie(folder: Path) -> Path:
    """An aijobs file: 11 countries of 8 ML engineers each, then two of 6 (tied at the 12th
    row of the report's table of countries), one of 5, and US rows the table leaves out."""
    counts = {code: 8 for code in ("CA", "GB", "DE", "FR", "ES", "IT", "NL", "SE", "NO", "DK",
                                   "FI")} | {"PL": 6, "PT": 6, "BE": 5, "US": 5}  # fmt: skip
    lines = [AIJOBS_HEADER]
    for code, n in counts.items():
        for i in range(n):
            pay = 60_000 + 1_000 * i
            lines.append(f"2024,SE,FT,Machine Learning Engineer,{pay},USD,{pay},{code},0,{code},M")
    path = folder / "fixture-aijobs-tie.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


AIJOBS_HEADER = (
    "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
    "salary_in_usd,employee_residence,remote_ratio,company_location,company_size"
)


def test_the_countries_cut_never_falls_within_a_tie(store: Store, tmp_path: Path) -> None:
    # With Poland and Portugal both of 6 records at the 12th row, one was shown and the
    # other counted in "2 more countries, each of fewer records": not fewer, as many.
    ingest_file(store, "aijobs", _aijobs_tie(tmp_path))
    (table,) = outside_us(store)
    shown = {row["key"]["country"]: row["n"] for row in table["rows"]}
    assert len(shown) == 13 and shown["PL"] == shown["PT"] == 6
    assert table["result"]["groups_omitted"] == 1  # Belgium's 5, fewer than any shown
    assert "1 more country, of fewer records, is not shown" in table["notes"]


def test_the_us_side_by_side_table_says_pay_has_risen_since_the_records_years(
    real_store: Store,
) -> None:
    # h1b's 2015-2019 median ($120,100) stood beside OEWS of May 2025 ($135,980) without the
    # words every metro's table has: the gap is partly years of pay rises.
    (table,) = sources_side_by_side(real_store)["tables"]
    filings = next(row for row in table["rows"] if row["key"]["source"] == "h1b")
    oews = [row for row in table["rows"] if row["key"]["source"] == "oews"]
    assert oews and filings["years"] == "2015-2019" and oews[0]["years"] == "May 2025"
    said = sources_note(table)
    assert "Pay has risen since the records' years: a records median below OEWS is partly " \
        "years of pay rises, not ML engineers earning less." in said  # fmt: skip


def test_the_web_tables_say_a_small_group_as_their_charts_do(web_db: Path) -> None:
    # The home page's table said "suppressed (n=4 is below 5)" over the chart's words for
    # the same group; both now say the report's "suppressed (n < 5)".
    from fastapi.testclient import TestClient

    from paygrade.config import Settings
    from paygrade.web import create_app

    settings = Settings(db=web_db, admin_token="a" * 32)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        page = client.get("/").text
        asked = {"by": "level", "where": ["role:ml_engineer", "pay_component:base"]}
        chart = client.get("/charts/stats.svg", params=asked).text
    assert 'class="note">suppressed (n &lt; 5)</td>' in page and "is below 5" not in page
    assert "suppressed (n &lt; 5)" in chart
