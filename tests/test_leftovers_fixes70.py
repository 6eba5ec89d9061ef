"""Gaps an audit left: San Juan (a metro BEA does not price) ranked 1st by nominal pay with a
blank rank at US prices and ``rank_note`` null, and Amazon's ladder in DE said "no
ml_engineer record names Amazon in DE" without saying its records are all of the US."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mcp import Client

from paygrade.ladder import ladder
from paygrade.stats import stats
from paygrade.store import Store
from tests.conftest import run_each
from tests.test_mcp import in_session

SAN_JUAN = "San Juan-Bayamon-Caguas, PR"
UNPRICED = ("local-prices", "--metro", "San Juan", "--metro", "Austin", "--role", "other")
WIDE = {"COLUMNS": "200"}  # every column of the table shown


def _row(answer: dict[str, Any], metro: str) -> dict[str, Any]:
    return next(row for row in answer["rows"] if row["metro"] == metro)


def test_a_metro_ranked_by_nominal_pay_that_bea_does_not_price_says_why_on_each_face(
    real_db: Path, web_db: Path
) -> None:
    (as_json,) = run_each(["--db", real_db, *UNPRICED, "--format", "json"])
    assert as_json.returncode == 0, as_json.stderr
    answer = json.loads(as_json.stdout)
    san_juan = _row(answer, SAN_JUAN)
    assert san_juan["rank_nominal"] is not None and san_juan["rpp_all_items"] is None
    assert san_juan["rank_local"] is None and san_juan["rank_note"] is None
    assert san_juan.get("rank_local_note") == "BEA never prices an area of Puerto Rico"
    austin = next(row for row in answer["rows"] if row["metro"] != SAN_JUAN)
    assert austin["rank_local"] is not None and austin["rank_local_note"] is None
    # The table: its US-prices rank "-", named under it as the nominal ones are.
    (wide,) = run_each(["--db", real_db, *UNPRICED], env=WIDE)
    line = next(line for line in wide.stdout.splitlines() if line.strip().startswith(SAN_JUAN))
    assert line.split()[-1] == "-", line
    said = f"not ranked at US prices (-): {SAN_JUAN} (n {san_juan['n']:,}): "
    assert said + san_juan["rank_local_note"] in wide.stdout

    async def talk(client: Client) -> Any:
        metros = ["San Juan", "Austin"]
        return await client.call_tool("local_prices", {"metros": metros, "role": "other"})

    called = in_session(web_db, talk)
    assert not called.is_error
    assert _row(called.structured_content, SAN_JUAN) == san_juan


def test_a_companys_ladder_in_a_country_of_none_of_its_records_says_where_they_are(
    real_store: Store, real_db: Path
) -> None:
    result = ladder(real_store, company="Amazon", country="DE")
    assert result["roles_held"] == {}  # the case: no record of Amazon of any role in DE
    groups = stats(real_store, ["country"], {"company": ["Amazon"]})["groups"]
    held = {g["key"]["country"]: g["n"] for g in sorted(groups, key=lambda g: -g["n"])}
    assert result.get("company_countries_held") == held
    assert list(held) == ["US"]  # the case asked about: all of Amazon's are of the US
    said = f"Amazon's records are all of US ({held['US']:,})"
    options = ["--company", "Amazon", "--country", "DE"]
    table, as_json = run_each(
        ["--db", real_db, "ladder", *options],
        ["--db", real_db, "ladder", *options, "--format", "json"],
    )
    assert f"note: no ml_engineer record names Amazon in DE; {said}" in table.stdout
    assert f"warning: no ml_engineer record names Amazon in DE; {said}" in as_json.stderr
    # A company with records of the country says nothing of where its others are.
    assert "company_countries_held" not in ladder(real_store, company="Amazon", country="US")
