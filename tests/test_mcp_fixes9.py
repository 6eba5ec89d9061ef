"""`paygrade mcp` mends, from an audit as an assistant uses the tools (a real `paygrade mcp`
process on a published copy of the real store, as tests/test_mcp.py drives it), and the
library calls behind them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from paygrade.companies import companies
from paygrade.estimate.profile import BadProfile, check_profile
from paygrade.filters import not_taken
from paygrade.stats import warned_stats
from paygrade.store import Store
from tests import test_mcp
from tests.test_cli import run
from tests.test_mcp import tool_errors

# test_mcp's fixtures, here by name: a published copy of the real store, one session on it.
mcp_db = test_mcp.mcp_db
talking = test_mcp.talking


@pytest.mark.parametrize(
    "where",
    [{"metro": ["LA"]}, {"metro": ["CA"]}, {"metro": ["Gotham, NY"], "role": ["ml_engineer"]}],
    ids=["louisiana", "california", "a-metro-of-no-record"],
)
def test_a_metro_no_record_names_says_no_records_of_a_state_left_out(
    real_store: Store, where: dict[str, list[Any]]
) -> None:
    # "LA" had been read as Louisiana's name: "left out: 289 records of LA that name no
    # metro ...: state=LA counts them", beside "no record has metro 'LA'; did you mean ...".
    result, warnings = warned_stats(real_store, [], where)

    assert result["no_match"]["unmatched"][0]["value"] == where["metro"][0]
    assert warnings == []


def test_the_command_says_no_state_left_out_of_a_metro_no_record_names(real_db: Path) -> None:
    done = run("--db", real_db, "stats", "--where", "metro=LA", "--format", "json")

    assert done.returncode == 1
    assert "no record has metro 'LA'" in done.stderr
    assert "left out" not in done.stderr


def test_a_whole_number_argument_given_another_kind_is_said_as_what_it_is(
    talking: Any,
) -> None:
    # Each had been "cliff_months: must be a whole number, got 6" (got abc, True, [6]).
    said = tool_errors(
        talking,
        *(("offer", {"base": 185000, "cliff_months": v}) for v in ("6", "abc", True, [6], 6.5)),
    )

    assert said == [
        "offer: cliff_months: input should be a number, not text: '6'",
        "offer: cliff_months: input should be a number, not text: 'abc'",
        "offer: cliff_months: input should be a number, not true or false",
        "offer: cliff_months: input should be a number, not an array",
        "offer: cliff_months: must be a whole number, got 6.5",  # a fraction, as before
    ]


def test_arguments_a_tool_does_not_take_are_refused_in_a_line_cut_short(talking: Any) -> None:
    # 100,000 unknown names had come back whole (988,998 characters), a name of 100,000
    # letters too (100,112 characters).
    many, long = tool_errors(
        talking, ("stats", {f"a{i}": 1 for i in range(100_000)}), ("stats", {"x" * 100_000: 1})
    )

    assert many.startswith("stats takes no argument 'a0', 'a1', ")
    assert "'a7', ... 100000 in all; it takes by, where, " in many and "'a8'" not in many
    assert long.startswith("stats takes no argument 'xxxxxxxxxx")
    assert "...(100,000 characters)..." in long
    assert max(len(many), len(long)) < 300


def test_a_field_among_many_unknown_names_is_still_pointed_to_where() -> None:
    said = not_taken("stats", "argument", [*(f"a{i}" for i in range(20)), "role"], ["where"])

    assert said.endswith("... 21 in all; it takes where")
    pointed = not_taken(
        "stats", "argument", [*(f"a{i}" for i in range(20)), "role"], ["where"], lambda f: f
    )
    assert "(a record's field: role)" in pointed


def test_a_companies_list_cut_to_its_limit_says_so(mcp_db: Path, talking: Any) -> None:
    # The first 100 of 510 had come back alone, read as every company there is.
    where = {"role": ["ml_engineer"]}

    async def talk(client: Client) -> Any:
        return [
            await client.call_tool("companies", {"where": where}),
            await client.call_tool("companies", {"where": where, "limit": 100_000}),
        ]

    cut, whole = talking(talk)
    store = Store.open(mcp_db, read_only=True)
    try:
        every = len(companies(store, where=where))
    finally:
        store.close()
    assert every > 100
    assert len(cut.structured_content["result"]) == 100  # the list is as it was
    assert [c.text for c in cut.content[1:]] == [
        f"warning: showing 100 of {every:,} companies, those with most records: "
        "raise limit for more"
    ]
    assert len(whole.structured_content["result"]) == every and len(whole.content) == 1


BAY_AREA = "San Francisco-Oakland-Fremont, CA and San Jose-Sunnyvale-Santa Clara, CA"


def test_estimate_refuses_a_region_naming_its_metros_as_compare_does(talking: Any) -> None:
    # "Bay Area is a region, not a metro: give the metro" had named none.
    profile = {"role": "ml_engineer", "metro": "Bay Area"}
    (said, compared) = tool_errors(
        talking,
        ("estimate", {"profile": profile, "pay_component": "base"}),
        ("compare", {"role": "ml_engineer", "metro": "Bay Area"}),
    )

    assert said == f"estimate: the Bay Area is {BAY_AREA}: give one of them as the metro"
    assert compared == f"compare: the Bay Area is {BAY_AREA}: compare one of them"
    with pytest.raises(BadProfile, match=r"^Europe is a region, not a country: give the country$"):
        check_profile({"country": "europe"})
