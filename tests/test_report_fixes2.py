"""The report's company tables are of US jobs as every table but three; a report short of
room says so with status 74; one flagged record is said in the singular; a store with no
reference year prints no "CPI-U(None)"."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paygrade.ingest import ingest_file
from paygrade.report import build_report, render_markdown
from paygrade.report.build import leading_companies, trends
from paygrade.report.render import sources_note
from paygrade.stats import stats
from paygrade.store import Store
from tests.conftest import FIXTURES, files_limited_to

PAYGRADE = Path(sys.executable).parent / "paygrade"

# Hand-written fixture rows (not product data): six of a user's own ML engineers at Google
# in Germany, base pay, in US dollars so that no exchange rate is needed.
FIXTURE_GERMAN_GOOGLE = (
    "year,role,level,title,company,city,state,country,pay_component,amount,currency\n"
    + "".join(
        f"2024,ml_engineer,mid,Machine Learning Engineer,Google,Munich,,DE,base,{amount},USD\n"
        for amount in (90000, 95000, 100000, 105000, 110000, 115000)
    )
)


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The partial fixture's twelve US records (six at Google, total pay) and six German
    Google base rows beside them."""
    folder = tmp_path_factory.mktemp("mixed")
    german = folder / "fixture-german-google.csv"
    german.write_text(FIXTURE_GERMAN_GOOGLE, encoding="utf-8")
    store = Store.open(folder / "own.duckdb")
    ingest_file(store, "csv", FIXTURES / "fixture-canonical-partial.csv")
    ingest_file(store, "csv", german)
    yield store
    store.close()


def test_the_company_tables_are_of_us_jobs_only(mixed_store: Store) -> None:
    # The German rows had been counted into "Google · ml_engineer · base", a US table's row
    # by every other table's rule.
    held = stats(mixed_store, ["country"], {"company": ["Google"], "pay_component": ["base"]})
    assert [(g["key"]["country"], g["n"]) for g in held["groups"]] == [("DE", 6)]
    named, others = leading_companies(mixed_store)["tables"]
    counted = {
        (r["key"]["company"], r["key"]["role"], r["key"]["pay_component"]): r["n"]
        for r in named["rows"]
        if r["n"]
    }
    assert counted == {("Google", "ml_engineer", "total"): 6}
    assert (named["caption"], others["caption"]) == (
        "Leading companies, US",
        "Other companies with enough ML engineer data, US",
    )
    us = stats(
        mixed_store, ["company", "pay_component"], {"company": ["Google"], "country": ["US"]}
    )
    assert [(g["key"]["pay_component"], g["n"]) for g in us["groups"]] == [("total", 6)]
    assert named["sources"] == {"csv": 6}


def test_a_report_short_of_room_says_so_with_status_74(mixed_store: Store, tmp_path: Path) -> None:
    # "error: cannot write the report to ...: File too large", status 1, as if the command
    # had been asked wrong; export and ingest say the machine's refusal with 74.
    db = tmp_path / "store.duckdb"
    mixed_store.con.execute(f"ATTACH '{db}' AS copy")
    mixed_store.con.execute("COPY FROM DATABASE own TO copy")
    mixed_store.con.execute("DETACH copy")
    out = tmp_path / "report"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    done = subprocess.run(
        [str(PAYGRADE), "--db", str(db), "report", "--out", str(out)],
        capture_output=True, text=True, timeout=300, check=False, env=environment,
        preexec_fn=files_limited_to(4 * 1024),
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (
        74,
        f"error: cannot write {out / 'report.html'}: File too large; no report was written\n",
    )
    assert list(out.iterdir()) == []  # no half-written draft left behind


def test_one_flagged_record_is_said_in_the_singular() -> None:
    one = {"sources": {"csv": 11}, "pay_components": ["total"], "flagged_excluded": 1}
    assert sources_note(one) == "Sources: csv (n=11); total pay; 1 flagged record left out."
    two = {**one, "flagged_excluded": 2}
    assert sources_note(two) == "Sources: csv (n=11); total pay; 2 flagged records left out."


def test_trends_never_say_cpi_of_none(tmp_path: Path, data_dir: Path) -> None:
    # A store of CPI-U and no record file knows no reference year: "CPI-U(None)" was said.
    store = Store.open(tmp_path / "cpi-only.duckdb")
    try:
        ingest_file(store, "cpi", data_dir / "cpi-u-annual.csv")
        section: dict[str, Any] = trends(store)
        markdown = render_markdown(build_report(store))
    finally:
        store.close()
    assert not any("None" in line for line in section["text"])
    assert "CPI-U(None)" not in markdown
