"""Local prices as an ML engineer comparing metros asks them (audit 70): what an answer at
US-average prices leaves out is said on every face, in words that hold.

* `stats --local-prices --where metro=Austin...` had said nothing of the 23 late-2023
  filings of TX that name no metro, which the same question in nominal dollars names
  (the answer's years ended in 2019 without a word; ``local_prices.no_metro`` was 0).
* `compare --metro Seattle` left the WA row's "at US prices" blank without a word.
* A question whose records are all in an area BEA does not price said "0 name no metro".
"""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.cli import main
from paygrade.compare import compare
from paygrade.config import Settings
from paygrade.stats import stats, warned_stats
from paygrade.store import Store
from paygrade.web import create_app

AUSTIN = "Austin-Round Rock-San Marcos, TX"
SEATTLE = "Seattle-Tacoma-Bellevue, WA"
ASKED = {"metro": [AUSTIN], "role": ["ml_engineer"]}


def _nominal_warnings(store: Store, where: dict[str, list[Any]]) -> list[str]:
    return warned_stats(store, ["metro"], where)[1]


def test_at_local_prices_a_metro_still_says_its_states_records_that_name_no_metro(
    real_store: Store,
) -> None:
    (nominal,) = _nominal_warnings(real_store, ASKED)
    assert "records of TX that name no metro" in nominal  # the filings are there to be said
    result, warnings = warned_stats(real_store, ["metro"], ASKED, local_prices=True)

    # The same count and words, and that the wider place counts them, not at local prices.
    assert warnings == [f"{nominal}, though not at local prices (which need a metro)"]
    # They never reach local prices' own count: the metro filter left them out first.
    assert result["local_prices"]["no_metro"] == 0


def test_the_command_and_the_api_say_it_alike(
    real_db: Path, web_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with closing(Store.open(real_db, read_only=True)) as store:
        (said,) = warned_stats(store, ["metro"], ASKED, local_prices=True)[1]
    wheres = ["--where", f"metro={AUSTIN}", "--where", "role=ml_engineer"]
    assert main(["--db", str(real_db), "stats", "--by", "metro", "--local-prices", *wheres]) == 0
    assert f"warning: {said}\n" in capsys.readouterr().err

    query = f"by=metro&where=metro:{AUSTIN}&where=role:ml_engineer&local_prices=true"
    with TestClient(create_app(Settings(db=web_db))) as client:
        answer = client.get(f"/api/v1/stats?{query}")
    assert answer.status_code == 200
    assert answer.headers.get_list("X-Paygrade-Warning") == [said]


def test_the_mcp_tool_says_it_after_its_json(real_db: Path, web_db: Path) -> None:
    from tests.test_mcp import in_session

    with closing(Store.open(real_db, read_only=True)) as store:
        (said,) = warned_stats(store, ["metro"], ASKED, local_prices=True)[1]

    async def talk(client: Any) -> Any:
        where = {"metro": [AUSTIN], "role": ["ml_engineer"]}
        return await client.call_tool(
            "stats", {"by": ["metro"], "where": where, "local_prices": True}
        )

    called = in_session(web_db, talk)
    assert not called.is_error
    assert [c.text for c in called.content[1:]] == [f"warning: {said}"]
    assert json.loads(called.content[0].text)["local_prices"]["no_metro"] == 0


def test_compare_says_why_a_states_row_has_no_figure_at_us_prices(real_store: Store) -> None:
    result = compare(real_store, metro=SEATTLE, role="ml_engineer")
    (state_row,) = [row for row in result["rows"] if row.get("state")]
    assert state_row["n"] and state_row["p50"] is not None and state_row["p50_local"] is None

    said = f"{state_row['source']}'s row has no median at US-average prices: BEA prices metros"
    assert [n for n in result["notes"] if n.startswith(said)] == [
        f"{said}, and its records name none"
    ]
    # Without local prices there is no blank to explain.
    nominal = compare(real_store, metro=SEATTLE, role="ml_engineer", local_prices=False)
    assert not [n for n in nominal["notes"] if n.startswith(said)]


def test_nothing_priced_says_only_the_reasons_it_holds(real_store: Store) -> None:
    # An OEWS nonmetropolitan area (BEA prices none) of a role with records there.
    left = stats(real_store, ["metro", "role"], {}, local_prices=True)["local_prices"]
    area = max(
        (m for m in left["no_price_parity"] if m.endswith("nonmetropolitan area")),
        key=left["no_price_parity"].get,
    )
    held = stats(real_store, ["role"], {"metro": [area]})["groups"]
    role = max(held, key=lambda g: g["n"])["key"]["role"]
    where = {"metro": [area], "role": [role]}
    n = sum(g["n"] for g in stats(real_store, [], where)["groups"])
    assert n > 1

    result = stats(real_store, [], where, local_prices=True)

    assert result["groups"] == [] and result["local_prices"]["no_metro"] == 0
    assert result["no_match"]["message"] == (
        f"local prices need a metro BEA prices: of the records matching, {n:,} are in 1 "
        "nonmetropolitan area (which BEA never prices)"  # stop 71: each reason truly
    )
