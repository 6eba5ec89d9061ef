"""Wording gaps an audit found between the CLI and the report, met as a user:
- a median's 95% CI whose ends would be the group's smallest and largest pay was
  "suppressed (min/max)" in the CLI's tables and "suppressed" alone in the report, the
  word of its groups of fewer than 5 records;
- the report's "Files behind this report" listed every file loaded, those no table draws
  on too (h1b_2013, bls_national);
- local-prices warned of its states' records that name no metro in stats' words,
  "state=CA,... counts them", a filter local-prices does not take.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from paygrade.quality import loaded_sources
from paygrade.report import build_report
from paygrade.store import Store
from tests.conftest import run_each

WIDE = {"COLUMNS": "220"}  # every column of local-prices' table shown
RALEIGH = "Raleigh-Cary, NC"


@pytest.fixture(scope="module")
def report_md(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The report as `paygrade report --out DIR` writes it of the real store."""
    out = tmp_path_factory.mktemp("report")
    (done,) = run_each(("--db", real_db, "report", "--out", out))
    assert done.returncode == 0, done.stderr
    return (out / "report.md").read_text(encoding="utf-8")


def md_table(markdown: str, caption: str) -> tuple[list[str], list[list[str]]]:
    """The column labels and the cells of each row (its group first) of the Markdown table
    under ``caption``."""
    lines = markdown.split(f"**{caption}**", 1)[1].strip().splitlines()
    cells = [[c.strip() for c in line.strip("|").split(" | ")] for line in lines[:1]]
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells.append([c.strip() for c in line.strip("|").split(" | ")])
    return cells[0], cells[1:]


# ------------------------------------------------- one word for an interval at min and max


def test_the_report_says_the_clis_word_of_an_interval_at_the_min_and_max(
    real_db: Path, report_md: str
) -> None:
    (prices,) = run_each(("--db", real_db, "local-prices"), env=WIDE)
    assert prices.returncode == 0, prices.stderr
    (cli_row,) = [line for line in prices.stdout.splitlines() if line.lstrip().startswith(RALEIGH)]
    # Raleigh's 8 filings: the interval's ends are ranks 1 and 8, never published.
    word = "suppressed (min/max)"
    assert word in cli_row
    caption = next(
        line.strip("*") for line in report_md.splitlines() if line.startswith("**Location:")
    )
    labels, rows = md_table(report_md, caption)
    (report_row,) = [row for row in rows if row[0] == RALEIGH]
    assert report_row[labels.index("median 95% CI")] == word
    # The group of too few records keeps its own words, told apart from the interval's.
    assert "suppressed (n < 5)" in report_md and "| suppressed |" not in report_md
    methodology = report_md.split("## Methodology", 1)[1]
    assert f"{word} where too few records" in methodology


# ------------------------------------------------- the files the report's tables draw on

# A reference file by how a table names it: among its sources, or in its caption.
NAMED_AS = {"oews": "BLS OEWS", "bea_rpp": "BEA RPP", "cpi": "real dollars"}


def _tables(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for s in report["sections"] for t in s["tables"] if s["id"] != "sources"]


def _draws_on(source: str, tables: list[dict[str, Any]]) -> bool:
    """Whether a table of the report names ``source`` among its sources or rows, or the
    reference file by its label (OFLC's geography: where BEA's parities are found by metro
    name, or a row counts a metro's states)."""
    for table in tables:
        said = [*table["sources"], table["caption"]]
        said += [str(row.get("key", {}).get("source")) for row in table["rows"]]
        if source in said:
            return True
        if source in NAMED_AS and any(NAMED_AS[source] in s for s in said):
            return True
        states = any("state" in row.get("key", {}) for row in table["rows"])
        if source == "oflc_geography" and (states or "BEA RPP" in table["sources"]):
            return True
    return False


def test_the_files_behind_the_report_are_those_its_tables_draw_on(
    real_store: Store, report_md: str
) -> None:
    tables = _tables(build_report(real_store))
    _, files = md_table(report_md, "Files behind this report")
    listed = {row[0].split(":")[0] for row in files}
    loaded = {row["source"] for row in loaded_sources(real_store)}
    drawn = {source for source in loaded if _draws_on(source, tables)}
    assert listed == drawn
    # The real store holds files no table counts: had been listed all the same.
    besides = loaded - drawn
    assert {"h1b_2013", "bls_national"} <= besides
    note = report_md.split("**Files behind this report**", 1)[1].split("\n## ", 1)[0]
    assert all(f"{source}: " in note.split("drawn on by no table")[1] for source in besides)


def test_the_cli_doc_names_the_real_stores_files_no_table_draws_on(report_md: str) -> None:
    note = report_md.split("**Files behind this report**", 1)[1].split("\n## ", 1)[0]
    besides = re.findall(r"(\w+): ", note.split("drawn on by no table here:")[1])
    cli = " ".join((Path(__file__).parent.parent / "docs" / "cli.md").read_text().split())
    said = re.search(r'"drawn on by no table here": ([\w, ]+) of the real store', cli)
    # cli.md named h1b_2013 and bls_national alone; the report names oflc_wage_levels too.
    assert said is not None and set(re.findall(r"\w+", said[1])) - {"and"} == set(besides)


# ------------------------------------------------- local-prices names the stats that counts them


def test_local_prices_names_the_stats_question_that_counts_its_states_records(
    real_db: Path,
) -> None:
    prices, stats = run_each(
        ("--db", real_db, "local-prices"),
        ("--db", real_db, "stats", "--where", f"metro={RALEIGH}", "--where", "role=ml_engineer"),
    )
    (warned,) = [line for line in prices.stderr.splitlines() if "that name no metro" in line]
    # local-prices takes no state= filter: it had said stats' own "state=... counts them".
    asked = re.search(r"`paygrade (stats --where state=([A-Z,]+))` counts them", warned)
    assert asked is not None, warned
    left = int(re.search(r"left out: ([\d,]+) records", warned)[1].replace(",", ""))  # type: ignore[index]
    # stats' own words are unchanged for stats.
    assert "): state=NC counts them, a wider place than the metro" in stats.stderr
    # What it names runs, and counts them (of local-prices' role and pay).
    command = asked[1].split()
    (counted,) = run_each(
        ("--db", real_db, *command, "--where", "role=ml_engineer", "--where",
         "pay_component=base", "--where", "source=h1b_2024", "--format", "json"),
    )  # fmt: skip
    assert counted.returncode == 0, counted.stderr
    (group,) = json.loads(counted.stdout)["groups"]
    assert group["n"] >= left
