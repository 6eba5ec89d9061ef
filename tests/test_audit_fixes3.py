"""Gaps an audit found, met as a user on each face:
- an area code given as a metro ("42660", as compare's JSON writes it) was "no record has
  metro '42660'" alone to stats' filter, local-prices and offer, where compare names the
  code's metro: each says it now as compare does, in the library's one sentence;
- local-prices left out the late-2023 filings of its metros' states (they name no metro)
  without the word stats says of the same question, on every face and in the report;
- the report's methodology said the median's interval is "blank" where its cells say
  "suppressed" and "not shown";
- local-prices said its parities were of the "latest year", never which.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp import Client

from paygrade.prices import STATES_ASKED, STATES_ASKED_ON, factor_table
from paygrade.report import build_report
from paygrade.report.render import cell
from paygrade.stats import warned_stats
from paygrade.store import Store
from tests.conftest import run_each
from tests.test_cli import assert_one_error_line
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures

Talk = Callable[[Client], Any]


# ------------------------------------------------- a metro given by its area code


@pytest.fixture(scope="module")
def coded(web_db: Path) -> tuple[str, str]:
    """Seattle's area code as compare's own JSON writes it, and the metro compare names."""
    asked = ("--db", web_db, "compare", "--role", "ml_engineer", "--metro", "Seattle")
    (done,) = run_each((*asked, "--format", "json"))
    answer = json.loads(done.stdout)
    return answer["area"].lstrip("0"), answer["where"]["metro"][0]


def said_of(code: str, metro: str) -> str:
    """What compare says of the code (tests/test_audit_fixes2.py), which the others say."""
    return f"metros are asked by name; {code} is the area code of {metro}"


def test_each_command_taking_a_metro_names_the_metro_of_an_area_code(
    web_db: Path, coded: tuple[str, str]
) -> None:
    code, metro = coded
    stats, prices, offer, compared = run_each(
        ("--db", web_db, "stats", "--where", f"metro={code}", "--format", "json"),
        ("--db", web_db, "local-prices", "--metro", code),
        ("--db", web_db, "offer", "--base", "200000", "--role", "ml_engineer", "--metro", code),
        ("--db", web_db, "compare", "--role", "ml_engineer", "--metro", code),
    )
    said = said_of(code, metro)
    assert said in compared.stderr
    # Each had said "no record has metro '42660'" alone.
    assert json.loads(stats.stdout)["no_match"]["unmatched"][0]["why"] == said
    assert stats.returncode == 1 and said in stats.stderr
    # local-prices says it in compare's words: it takes a metro BEA alone prices.
    assert_one_error_line(prices, 1, f"no metro area is called {code!r}: {said}")
    assert_one_error_line(offer, 1, f"no record has metro {code!r} ({said})")


def test_a_code_of_no_area_says_so(web_db: Path) -> None:
    (done,) = run_each(("--db", web_db, "stats", "--where", "metro=99999"))
    assert done.returncode == 1
    assert "(metros are asked by name, and no area has that code)" in done.stdout + done.stderr


def test_the_api_and_pages_name_the_metro_of_an_area_code(
    app: TestClient, coded: tuple[str, str]
) -> None:
    code, metro = coded
    said = said_of(code, metro)
    stats = app.get("/api/v1/stats", params={"where": f"metro:{code}"}).json()
    assert stats["no_match"]["message"] == f"no record has metro {code!r} ({said})"
    page = app.get("/explore", params={"where": f"metro:{code}", "format": "json"})
    assert said in json.dumps(page.json())
    prices = app.get("/api/v1/local-prices", params={"metro": code})
    assert (prices.status_code, prices.json()["detail"]) == (
        422,
        f"no metro area is called {code!r}: {said}",
    )
    offer = {"offers": [{"base": 200000, "role": "ml_engineer", "metro": code}]}
    evaluated = app.post("/api/v1/offers/evaluate", json=offer)
    assert evaluated.status_code == 422 and said in evaluated.json()["detail"]
    query = {"base": "200000", "role": "ml_engineer", "metro": code, "format": "json"}
    offers_page = app.get("/offers", params=query)
    assert offers_page.status_code == 422 and said in offers_page.json()["detail"]


def test_the_mcp_tools_name_the_metro_of_an_area_code(
    talking: Callable[[Talk], Any],  # noqa: F811
    coded: tuple[str, str],
) -> None:
    code, metro = coded
    said = said_of(code, metro)

    async def talk(client: Client) -> Any:
        return await client.call_tool("stats", {"where": {"metro": [code]}})

    stats = talking(talk).structured_content
    assert stats["no_match"]["unmatched"][0]["why"] == said
    prices, offer = tool_errors(
        talking,
        ("local_prices", {"metros": [code]}),
        ("offer", {"base": 200000, "role": "ml_engineer", "metro": code}),
    )
    assert said in prices and said in offer


# ------------------------------------------------- local-prices: what stats warns of it


@pytest.fixture
def stats_warned(real_store: Store) -> list[str]:
    """What stats warns of local-prices' own question (its answer's filters, by metro), the
    states named as the stats question that counts them (local-prices takes no state=;
    tests/test_report_words_fixes.py)."""
    where = factor_table(real_store)["where"]
    return warned_stats(real_store, ["metro"], where, states_asked=STATES_ASKED)[1]


def test_local_prices_says_what_stats_warns_of_the_same_question(
    real_db: Path, stats_warned: list[str]
) -> None:
    # The late-2023 filings of the metros' states name no metro: stats says so of them.
    assert any("that name no metro" in said for said in stats_warned)
    table, as_json = run_each(
        ("--db", real_db, "local-prices"), ("--db", real_db, "local-prices", "--format", "json")
    )
    for done in (table, as_json):
        assert done.returncode == 0
        # Had said nothing: the table's years ended in 2019 without a word of them.
        assert done.stderr.splitlines() == [f"warning: {said}" for said in stats_warned]


def test_the_api_mcp_and_report_say_what_stats_warns_of_local_prices(
    app: TestClient,
    talking: Callable[[Talk], Any],  # noqa: F811
    real_store: Store,
    stats_warned: list[str],
) -> None:
    # The API and MCP name the stats question as their own reader asks it, where they had
    # named `paygrade stats` (tests/test_faces_fixes71.py).
    where = factor_table(real_store)["where"]

    def warned(face: str) -> list[str]:
        asked = STATES_ASKED_ON[face]
        return warned_stats(real_store, ["metro"], where, states_asked=asked)[1]

    api = app.get("/api/v1/local-prices")
    assert api.status_code == 200
    assert api.headers.get_list("X-Paygrade-Warning") == warned("api")

    async def talk(client: Client) -> Any:
        return await client.call_tool("local_prices", {})

    called = talking(talk)
    assert [text.text for text in called.content[1:]] == [f"warning: {w}" for w in warned("mcp")]
    report = build_report(real_store)
    tables = [t for section in report["sections"] for t in section["tables"]]
    location = next(t for t in tables if t["caption"].startswith("Location"))
    assert location["notes"][: len(stats_warned)] == stats_warned


# ------------------------------------------------- the report's words for its interval cells


def test_the_reports_methodology_says_what_its_interval_cells_say(real_store: Store) -> None:
    report = build_report(real_store)
    tables = [t for section in report["sections"] for t in section["tables"]]
    cells = {cell(row, "p50_ci") for table in tables for row in table["rows"] if "p50_ci" in row}
    # Cells of the real store's report that are no interval of two dollar ends.
    said = {part for c in cells for part in c.split("-") if part and not part.startswith("$")}
    assert said == {"suppressed (min/max)", "not shown"}
    (methodology,) = (s for s in report["sections"] if s["id"] == "methodology")
    text = " ".join(methodology["text"])
    # Had said the interval "is blank where too few records give one": no cell is.
    assert "blank" not in text
    for word in said:
        assert f"{word} " in text, word


# ------------------------------------------------- local-prices names its parities' year


def test_local_prices_names_the_year_of_the_parities_it_shows(real_db: Path) -> None:
    as_json, table = run_each(
        ("--db", real_db, "local-prices", "--format", "json"), ("--db", real_db, "local-prices")
    )
    years = {row["rpp_year"] for row in json.loads(as_json.stdout)["rows"]}
    (year,) = years
    # Had been "latest year", which year unsaid; the report says "of 2024".
    said = f"RPP: BEA all-items regional price parity of {year} (US = 100); rents: housing."
    assert said in " ".join(table.stdout.split())


def test_an_export_given_an_area_code_says_metros_are_asked_by_name(real_export: Path) -> None:
    # An export holds no OEWS table: the code's metro had been sought there, and the
    # question failed ("Table with name oews does not exist").
    (done,) = run_each(("stats", "--from-parquet", real_export, "--where", "metro=42660"))
    said = "no record has metro '42660' (metros are asked by name)"
    assert (done.returncode, done.stderr) == (1, "")
    assert said in done.stdout
