"""The records listing takes ``distinct_rows`` as the statistics do: Explore's figure of Meta
counted 1,895 records with it and its records link listed 2,144 (every copy of identical
rows), since ``evidence.records`` had no such option. Library, CLI and MCP over the real
store; the API and the pages are in tests/web/test_records_distinct_fixes.py."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from paygrade.evidence import MAX_PER_PAGE, records
from paygrade.stats import stats
from paygrade.store import Store
from tests import test_mcp
from tests.test_cli import ok
from tests.test_mcp import piped, tool_call

# test_mcp's fixture, here by name: a published copy of the real store.
mcp_db = test_mcp.mcp_db

META = {"company": ["Meta"]}
# US aijobs records: some flagged implausible are copies of identical rows (35 of 68).
FLAGGED_COPIES = {"source": ["aijobs"], "country": ["US"]}


def counted_once(store: Store, where: dict[str, list[Any]]) -> int:
    """The n statistics give the records of ``where`` with identical rows counted once."""
    (group,) = stats(store, [], where, distinct_rows=True)["groups"]
    return int(group["n"])


def every_row(store: Store, where: dict[str, list[Any]], **options: Any) -> list[dict[str, Any]]:
    """Every listed row, page after page until one is empty."""
    rows: list[dict[str, Any]] = []
    page = 1
    while listed := records(store, where, page=page, per_page=MAX_PER_PAGE, **options)["rows"]:
        rows += listed
        page += 1
    return rows


def test_a_listing_with_distinct_rows_totals_the_figures_n(real_store: Store) -> None:
    n = counted_once(real_store, META)
    listing = records(real_store, META, distinct_rows=True)
    assert listing["total"] == n
    assert listing["pages"] == math.ceil(n / listing["per_page"])
    # Without it every copy is listed, as before: more records than the figure counts.
    assert records(real_store, META)["total"] > n


def test_its_pages_list_the_first_of_identical_rows_only(real_store: Store) -> None:
    rows = every_row(real_store, META, distinct_rows=True)
    assert len(rows) == counted_once(real_store, META)
    assert {row["dup_rank"] for row in rows} == {1}
    # Each listed once (file, row, pay component): the order is still total.
    assert len({(r["file"], r["source_row"], r["pay_component"]) for r in rows}) == len(rows)
    copies = [row for row in every_row(real_store, META) if row["dup_rank"] > 1]
    assert copies and len(rows) + len(copies) == records(real_store, META)["total"]


def test_the_flagged_left_out_are_counted_as_the_statistics_count_them(
    real_store: Store,
) -> None:
    answer = stats(real_store, [], FLAGGED_COPIES, distinct_rows=True)
    listing = records(real_store, FLAGGED_COPIES, distinct_rows=True)
    assert listing["flagged_excluded"] == answer["flagged_excluded"]
    assert listing["flagged_excluded"] < records(real_store, FLAGGED_COPIES)["flagged_excluded"]
    flagged = records(real_store, FLAGGED_COPIES, distinct_rows=True, include_flagged=True)
    assert flagged["total"] == listing["total"] + listing["flagged_excluded"]
    assert flagged["flagged_excluded"] == 0


def test_paygrade_records_takes_distinct_rows(real_db: Path) -> None:
    asked = ("--db", real_db, "--where", "company=Meta", "--format", "json")
    figure = json.loads(ok("--db", real_db, "stats", *asked[2:], "--distinct-rows"))
    (group,) = figure["groups"]
    listed = json.loads(ok("--db", real_db, "records", *asked[2:], "--distinct-rows"))
    assert listed["total"] == group["n"]
    every = json.loads(ok("--db", real_db, "records", *asked[2:]))
    assert every["total"] > group["n"]
    # The table's title counts the same records.
    table = ok("--db", real_db, "records", "--where", "company=Meta", "--distinct-rows")
    assert f"of {group['n']:,}, newest first" in table


def test_the_mcp_records_tool_takes_distinct_rows(mcp_db: Path) -> None:
    done = piped(
        mcp_db,
        tool_call(2, "stats", {"where": META, "distinct_rows": True}),
        tool_call(3, "records", {"where": META, "distinct_rows": True}),
        tool_call(4, "records", {"where": META}),
    )
    assert done.returncode == 0, done.stderr
    said = {a["id"]: a["result"] for a in map(json.loads, done.stdout.splitlines()) if a["id"]}
    assert not any(said[i].get("isError") for i in (2, 3, 4)), said
    answers = {i: said[i]["structuredContent"] for i in (2, 3, 4)}
    (group,) = answers[2]["groups"]
    assert answers[3]["total"] == group["n"]
    assert answers[4]["total"] > group["n"]


def test_every_groups_records_link_totals_its_n_over_the_whole_store(real_store: Store) -> None:
    # Not Meta's figure alone: each public source and pay component of the real store, the
    # flagged records left out and counted, its statistic with distinct rows and its
    # listing with them count the same records (one definition of a first copy).
    for include_flagged in (False, True):
        result = stats(real_store, ["source", "pay_component"], distinct_rows=True,
                       include_flagged=include_flagged)  # fmt: skip
        assert len(result["groups"]) == 5  # aijobs, so_survey (total), three H-1B (base)
        for group in result["groups"]:
            where = {field: [value] for field, value in group["key"].items()}
            listed = records(real_store, where, distinct_rows=True, include_flagged=include_flagged)
            assert listed["total"] == group["n"], (where, include_flagged)
