"""Figures the docs give of the real data are what paygrade finds in it: each had gone stale
after the store was rebuilt under new level rules (3160c57) or grew, and said another figure.
Each is read out of the doc's own sentence, so a doc that drifts again fails here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb

from paygrade.normalize.titles import classify_title
from paygrade.stats import stats
from paygrade.store import Store
from tests.test_cli import run

ROOT = Path(__file__).resolve().parent.parent


def doc(name: str) -> str:
    return " ".join((ROOT / name).read_text(encoding="utf-8").split())  # lines unwrapped


def number(text: str) -> int:
    return int(text.replace(",", ""))


def test_the_readmes_json_example_is_a_real_run(real_db: Path) -> None:
    done = run("--db", real_db, "stats", "--by", "level", "--where", "role=ml_engineer",
               "--format", "json")  # fmt: skip
    answer = json.loads(done.stdout)
    senior = next(g for g in answer["groups"] if g["key"] == {"level": "senior"})
    said = re.search(r'"level": "senior"}, "n": (\d+), "n_distinct": (\d+)', doc("README.md"))
    assert said is not None
    # It said 5355 and 2298: one Apple "MACHINE LEARNING ENG 3" is mid since ICT3 is.
    assert (number(said[1]), number(said[2])) == (senior["n"], senior["n_distinct"])
    sources = re.search(r'"sources": \{([^}]*)\}', doc("README.md"))
    assert sources is not None and re.findall(r'"(\w+)"', sources[1]) == [*answer["sources"]]


def test_the_cli_doc_counts_the_groups_by_company(real_store: Store) -> None:
    groups = len(stats(real_store, ["company"])["groups"])
    cli = doc("docs/cli.md")
    # The MCP section said 28,000 where the stats section said 26,997.
    counts = re.findall(r"every group: ([\d,]+) by company|by company the store has ([\d,]+)", cli)
    assert sorted(number(a or b) for a, b in counts) == [groups, groups]


LADDER_LEVELS = """SELECT x.company, x.company_level, x.level, x.title,
       json_extract_string(r.payload, '$.SOC_CODE') FROM records x
    JOIN raw_rows r USING (ingest_id, source_row)
    WHERE x.source LIKE 'h1b%' AND x.company_level IS NOT NULL"""


def test_the_filings_whose_level_comes_from_a_ladder(real_store: Store) -> None:
    rows = real_store.con.execute(LADDER_LEVELS).fetchall()
    ladder = [row for row in rows if row[2] != classify_title(row[3], "general", row[4]).level]
    apple = [row for row in ladder if row[0] == "Apple"]
    text = doc("docs/methodology.md")
    said = re.search(r"never disagree: (\d+) filings' levels come from their company's", text)
    # It said 57: Apple's 7 (6 ICT3 senior -> mid, one ICT5 of no level -> staff) had come.
    assert said is not None and number(said[1]) == len(ladder)
    ict3 = sum(row[1] == "ICT3" and row[2] == "mid" for row in apple)
    assert f"Apple's {ict3} ICT3 filings" in text and len(apple) == ict3 + 1


def test_the_h1b_2024_managers_of_today(real_store: Store) -> None:
    where = {"source": ["h1b_2024"], "role": ["manager"]}
    (group,) = stats(real_store, [], where)["groups"]
    said = re.search(r"([\d,]+) today, median \$([\d,]+), after the later rules",
                     doc("docs/methodology.md"))  # fmt: skip
    # It said 3,595 "now", median $170,000, beside 3,538 later in the same doc.
    assert said is not None and (number(said[1]), number(said[2])) == (group["n"], group["p50"])


def test_the_filings_over_four_times_the_prevailing_wage(data_dir: Path) -> None:
    parquet = data_dir / "h1b-lca-fy2024q1-fulltime.parquet"
    # A connection of its own: duckdb.sql's default one is the worker's, which another
    # test may have left with a result unread (CI: "connection has an unfinished result").
    with duckdb.connect() as con:
        same, over = con.execute(
            f"""SELECT count(*) FILTER (WHERE WAGE_UNIT_OF_PAY = PW_UNIT_OF_PAY), count(*)
            FROM '{parquet}' WHERE CAST(WAGE_RATIO AS DOUBLE) > 4"""
        ).fetchall()[0]
    said = re.search(r"(\d+) of the (\d+) filings over 4x", doc("docs/sources.md"))
    assert said is not None and (number(said[1]), number(said[2])) == (same, over)  # was 73 of 74


EXTREMES = """WITH r AS (SELECT * FROM records WHERE coalesce(len(flags), 0) = 0),
    ends AS (SELECT company, max(amount_usd) AS hi, min(amount_usd) AS lo FROM r GROUP BY 1)
    SELECT e.company, e.hi, e.lo,
           count(*) FILTER (WHERE r.amount_usd = e.hi AND r.dup_rank = 1),
           count(*) FILTER (WHERE r.amount_usd = e.lo AND r.dup_rank = 1)
    FROM ends e JOIN r USING (company) GROUP BY ALL"""


def test_the_companies_whose_p90_is_one_rows_largest_pay(real_store: Store) -> None:
    ends = {row[0]: row[1:] for row in real_store.con.execute(EXTREMES).fetchall()}
    groups = [g for g in stats(real_store, ["company"])["groups"] if g["n"] >= 10]
    groups = [g for g in groups if g["key"]["company"] is not None]
    top = bottom = 0
    for group in groups:
        largest, smallest, largest_rows, smallest_rows = ends[group["key"]["company"]]
        top += group["p90"] == largest and largest_rows == 1
        bottom += group["p10"] == smallest and smallest_rows == 1
    said = re.search(r"store (\d+) of the ([\d,]+) companies with 10 or more records have a p90"
                     r" at a largest pay that one distinct row holds, and (\d+) a p10",
                     doc("docs/methodology.md"))  # fmt: skip
    # It said 49 of 1,826 and 45.
    assert said is not None
    assert (number(said[1]), number(said[2]), number(said[3])) == (top, len(groups), bottom)


def test_the_h1b_2024_executives_of_today(real_store: Store) -> None:
    where = {"source": ["h1b_2024"], "level": ["executive"]}
    (group,) = stats(real_store, [], where)["groups"]
    said = re.findall(r"executive level held [\d,]+ records, ([\d,]+ now|[\d,]+ after it and "
                      r"[\d,]+ today)", doc("docs/methodology.md"))  # fmt: skip
    # Two rules' notes each said its count was the level's "now": 1,045 and 818, where the
    # real store holds 813 since the later rules; the older figure is what the rule left.
    assert said and [number(s.split()[-2]) for s in said] == [group["n"]] * len(said)


def test_the_companies_min_n_message_quoted_is_the_real_stores(real_db: Path) -> None:
    done = run("--db", real_db, "companies", "--min-n", "100000")
    said = done.stderr.strip()
    # cli.md quoted "the most is 1,375" (Google's records, not the most any company has).
    assert done.returncode == 0 and said.startswith("no company has 100,000 records or more")
    assert f'"{said}"' in doc("docs/cli.md")


def test_the_explore_cut_table_quote_counts_every_company_by_metro(real_store: Store) -> None:
    groups = len(stats(real_store, ["company", "metro"])["groups"])
    said = re.search(r"every company by metro, `by=company,metro&limit=100000`: \"Showing the "
                     r"first 1,000 of ([\d,]+) groups", doc("docs/web.md"))  # fmt: skip
    # web.md said 33,128 (its commit's count) where the real store's Explore page says 33,129.
    assert said is not None and number(said[1]) == groups


def test_the_scale_docs_json_size_of_us_metros_by_level(real_db: Path) -> None:
    done = run("--db", real_db, "stats", "--by", "metro,level", "--where", "country=US",
               "--format", "json")  # fmt: skip
    said = re.search(r"([\d,]+) bytes on the real store", doc("docs/scale.md"))
    # scale.md said 298,898 bytes (2026-12-06) where the real store's answer is 3 bytes longer.
    assert done.returncode == 0 and said is not None
    assert number(said[1]) == len(done.stdout.encode("utf-8"))
