"""What the report says about its figures, from a journalist's audit (2026-12-07): every
number was right, but rounded figures carried no note (and p99 stood exact beside a rounded
p90), the H-1B and survey caveats were said once in Methodology, Raleigh's 8 records stood
unranked without a word, the leading companies' prose told of survey rows it had none of,
the side-by-side chart's rows had no years, executives counted as individual contributors,
and 2025's CPI of 10 months was unsaid.

The audit's recipe: a copy of the real store with eleven hand-written fixture submissions
approved into it (staff ML engineers in Seattle, 2024: a test's values, not data).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from paygrade.charts import compare_chart
from paygrade.compare import compare
from paygrade.config import Settings
from paygrade.report import build_report, render_markdown
from paygrade.stats import stats
from paygrade.store import Store
from paygrade.submissions import approve, submit

SEATTLE = "Seattle-Tacoma-Bellevue, WA"
# The audit's eleven submissions (fixture values): base 200,000 + i x 7,919.
FIXTURE_SUBMISSIONS = [
    {"title": "Staff Machine Learning Engineer", "country": "US", "metro": SEATTLE,
     "base": 200_000 + i * 7_919, "bonus": 10_000, "stock_per_year": 50_000, "year": 2024,
     "level": "staff", "years_experience": 10}
    for i in range(1, 12)
]  # fmt: skip
ROUNDED = "figures to the nearest $1,000, as"
# The words /sources says them in (paygrade.holdings.CAVEATS).
FILINGS = (
    "H-1B filings: an offered wage, intent to hire, not a hire; one person can appear in "
    "several filings"
)
NO_CASE_STATUS = (
    "The 2015-2019 H-1B file (h1b): no case status, so its filings are not limited to "
    "certified ones"
)
SURVEYS = "Survey salaries: self-reported by those who chose to answer, unverified and not a"


@pytest.fixture(scope="module")
def audited(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    db = tmp_path_factory.mktemp("report-fixes9") / "store.duckdb"
    shutil.copyfile(real_db, db)
    settings = Settings(db=db, submissions_per_hour=100)
    ids = [submit(settings, s, client=f"audit{i}")["id"] for i, s in enumerate(FIXTURE_SUBMISSIONS)]
    with closing(Store.open(db)) as writing:
        for number in ids:
            approve(writing, settings, number)
    with closing(Store.open(db, read_only=True)) as opened:
        yield opened


@pytest.fixture(scope="module")
def report(audited: Store) -> dict[str, Any]:
    return build_report(audited)


def _section(report: dict[str, Any], id_: str) -> dict[str, Any]:
    return next(s for s in report["sections"] if s["id"] == id_)


def _table(report: dict[str, Any], caption: str) -> dict[str, Any]:
    tables = (t for s in report["sections"] for t in s["tables"])
    return next(t for t in tables if t["caption"].startswith(caption))


def _beneath(report: dict[str, Any], caption: str) -> str:
    """The sentence under a table as report.md prints it."""
    md = render_markdown(report)
    return md.split(f"**{caption}")[1].split("\n\n")[2]


def test_rounded_figures_are_said_beneath_their_tables_and_p99_is_rounded_too(
    report: dict[str, Any],
) -> None:
    top = _table(report, "Top of market, US")
    # Each pay component counts eleven submissions: p90 to the $1,000, p99 had been $283,442.
    assert all(row["p99"] is not None and row["p99"] % 1_000 == 0 for row in top["rows"])
    assert all(row.get("rounded_to") == 1_000 for row in top["rows"])
    assert f"Every row: {ROUNDED} their groups count submitted salaries" in _beneath(
        report, "Top of market, US"
    )
    # A table of some rounded rows names them.
    said = _beneath(report, "By experience level, total pay, US")
    assert f"The row staff: {ROUNDED} its group counts submitted salaries" in said
    location = _beneath(report, "Location: median base pay")
    assert f"The row {SEATTLE}: {ROUNDED}" in location


def test_each_table_resting_on_filings_or_surveys_carries_their_caveats(
    report: dict[str, Any],
) -> None:
    companies = _beneath(report, "Leading companies, US")
    assert FILINGS in companies and NO_CASE_STATUS in companies and SURVEYS not in companies
    abroad = _beneath(report, "Outside the US: total pay by country")
    assert SURVEYS in abroad and FILINGS not in abroad
    compared = _beneath(report, "United States: surveys, H-1B filings and BLS OEWS")
    assert all(caveat in compared for caveat in (FILINGS, NO_CASE_STATUS, SURVEYS))
    # h1b_2024 alone (certified filings): no word of h1b's missing case status.
    steps = _beneath(report, "Promotion steps")
    assert FILINGS in steps and NO_CASE_STATUS not in steps
    # Once per table, and none under the files table (of no figure).
    assert companies.count(FILINGS) == 1
    assert FILINGS not in _beneath(report, "Files behind this report")


def test_the_location_table_says_which_metros_are_not_ranked(report: dict[str, Any]) -> None:
    said = _beneath(report, "Location: median base pay")
    # As `paygrade local-prices` says it: Raleigh's 8 records had shown the highest median
    # at US prices without a word.
    assert (
        "Not ranked (shown last), nominal or at US prices: Raleigh-Cary, NC (n=8): too few "
        "records for its median's 95% interval"
    ) in said
    (raleigh,) = [r for r in _table(report, "Location")["rows"] if r["group"] == "Raleigh-Cary, NC"]
    assert raleigh["rank_local"] is None and raleigh["rank_note"]


def test_the_leading_companies_text_says_what_its_rows_are(report: dict[str, Any]) -> None:
    text = _section(report, "companies")["text"][0]
    # Every row is H-1B base pay (the surveys name no company): "total pay (surveys)" was said.
    assert text.startswith("Every row is base pay, from H-1B filings: the surveys name no company.")
    assert "total pay" not in text


def test_the_side_by_side_charts_rows_say_their_years(audited: Store) -> None:
    spec = compare_chart(compare(audited, role="ml_engineer", country="US"))
    labels = spec["encoding"]["y"]["scale"]["domain"]
    # "h1b filings · base (n=752)" of 2015-2019 had stood beside 2025's OEWS.
    assert "h1b filings, 2015-2019 · base (n=752)" in labels
    assert "h1b_2024 filings, 2023 · base (n=448)" in labels


def test_the_individual_contributors_leave_executives_out_and_say_so(
    report: dict[str, Any], audited: Store
) -> None:
    table = _table(report, "Management track vs. individual contributors")
    engineers = table["rows"][0]
    assert engineers["group"] == "ML engineers (individual contributors), US"
    like = {"role": ["ml_engineer"], "pay_component": ["total"], "country": ["US"]}
    levels = ["entry", "mid", "senior", "staff", "principal"]
    expected = stats(audited, [], {**like, "level": levels})["groups"][0]
    assert (engineers["n"], engineers["p50"]) == (expected["n"], expected["p50"])
    executives = stats(audited, [], {**like, "level": ["executive"]})["groups"][0]["n"]
    assert executives == 78
    assert (
        f"The individual contributors' row leaves out {executives} ML engineer records of "
        "executive level or of none"
    ) in _beneath(report, "Management track")


def test_the_trends_say_a_years_cpi_of_part_of_it(report: dict[str, Any]) -> None:
    (formula,) = _section(report, "trends")["text"]
    assert formula == (
        "Real dollars: nominal pay x CPI-U(2024) / CPI-U(pay year); a year's CPI-U is its "
        "annual average, 2025's that of its first 10 months."
    )
