"""Values with commas in filters, on every face (held over the real store):

* `paygrade stats --where "metro=Fayette County, WA"` was read as "Fayette County" and
  "WA" (eleven states' areas offered, then "no record has metro 'WA' (a US state ...)");
  "Fayette County, Washington" as the county and Washington, DC's metro. A place written
  with its US state is now one value, the county's refusal said as compare says it.
* MCP's ``where`` took ``"ml_engineer,data_scientist"`` as one role ("is not one of ...")
  and ``"Seattle, WA,Austin, TX"`` as one metro, with no word that a list is wanted; such a
  value is now refused with its items, as ``by``'s "metro,level" is. A real metro's name
  is never parted; compare, which takes one metro, says "'Seattle, WA,Austin, TX' is 2
  metros" where it had offered Seattle's alone.
* A refusal naming a county's eleven areas ran to 580 characters on one line of an
  80-column terminal; it is folded to the width as the table's notes are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.cli import main
from paygrade.compare import place
from paygrade.filters import KnownValues, parse_where, resolve
from paygrade.normalize.places import NoSuchPlace
from paygrade.records import BadFilter
from paygrade.store import Store
from tests import test_mcp

mcp_db = test_mcp.mcp_db
talking = test_mcp.talking

FAYETTE = "Fayette County, WA"  # Washington holds no Fayette County; eleven states do
COUNTY_SAID = "WA has no county called 'Fayette County'; AL, GA, "
SEATTLE = "Seattle-Tacoma-Bellevue, WA"
AUSTIN = "Austin-Round Rock-San Marcos, TX"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (FAYETTE, [FAYETTE]),
        ("Fayette County, Washington", ["Fayette County, Washington"]),  # not DC's metro
        ("Foo, WA", ["Foo, WA"]),  # had been "Foo" and "WA" refused as a state
        (f"King County, WA,{FAYETTE}", ["King County, WA", FAYETTE]),
        ("Seattle, WA,Austin, TX", ["Seattle, WA", "Austin, TX"]),
        ("Seattle,LA", ["Seattle", "LA"]),  # LA: Los Angeles by its initials, offered so
        ("Toronto, Canada", ["Toronto", "Canada"]),  # a country: said as one, apart
    ],
)
def test_a_place_with_its_state_is_one_value(
    real_store: Store, written: str, read: list[str]
) -> None:
    assert parse_where([f"metro={written}"], KnownValues(real_store)) == {"metro": read}


def test_stats_cli_says_the_county_refusal_as_one_value(
    real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = ["--db", str(real_db), "stats", "--by", "level", "--where", f"metro={FAYETTE}"]
    assert main(asked) == 1
    said = " ".join(capsys.readouterr().out.split())
    assert f"no record has metro '{FAYETTE}'; did you mean " in said
    assert COUNTY_SAID in said and said.endswith("e.g. 'Fayette County, AL')")
    assert "no record has metro 'WA'" not in said  # had been refused as a state too


def test_the_api_says_the_county_refusal_as_the_cli_does(
    app: TestClient, real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for metro in (FAYETTE, "Fayette"):
        got = app.get("/api/v1/stats", params={"where": f"metro:{metro}"})
        assert got.status_code == 200, got.text
        assert main(
            ["--db", str(real_db), "stats", "--where", f"metro={metro}", "--format", "json"]
        )
        told = json.loads(capsys.readouterr().out)["no_match"]
        assert got.json()["no_match"] == told
        assert [u["value"] for u in told["unmatched"]] == [metro]


def test_a_county_s_areas_are_folded_to_the_terminal(
    real_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = ["--db", str(real_db), "stats", "--where", "metro=Fayette"]
    monkeypatch.setenv("COLUMNS", "80")
    assert main(asked) == 1
    lines = capsys.readouterr().out.splitlines()
    # Had been one line of ~580 characters.
    assert len(lines) > 3 and max(map(len, lines)) <= 80, lines
    assert all(line.startswith("  ") for line in lines[1:])
    assert "Lexington-Fayette, KY" in " ".join(" ".join(lines).split())
    monkeypatch.delenv("COLUMNS")  # no terminal under pytest's capture
    assert main(asked) == 1
    assert len(capsys.readouterr().out.splitlines()) == 1  # piped: whole


@pytest.mark.parametrize(
    ("name", "joined", "items"),
    [
        ("role", "ml_engineer,data_scientist", ["ml_engineer", "data_scientist"]),
        ("level", "senior, staff", ["senior", "staff"]),
        ("metro", "Seattle, WA,Austin, TX", ["Seattle, WA", "Austin, TX"]),
        ("metro", f"{SEATTLE},austin", [SEATTLE, "austin"]),
        ("company", "Google,Meta", ["Google", "Meta"]),
        ("year", "2023,2024", ["2023", "2024"]),
    ],
)
def test_a_list_joined_in_one_value_is_refused_with_its_items(
    real_store: Store, name: str, joined: str, items: list[str]
) -> None:
    with pytest.raises(BadFilter) as refused:
        resolve({name: [joined]}, KnownValues(real_store), listed=True)
    wanted = f"{name} {joined!r} is {len(items)} values: give each as its own item, "
    assert str(refused.value) == wanted + json.dumps(items)


@pytest.mark.parametrize(
    "value", [SEATTLE, "Seattle, WA", "Meta Platforms, Inc.", FAYETTE, "ml_engineer,astronaut"]
)
def test_one_value_with_a_comma_is_never_parted(real_store: Store, value: str) -> None:
    name = "company" if "Inc." in value else "role" if "_" in value else "metro"
    try:
        resolve({name: [value]}, KnownValues(real_store), listed=True)
    except BadFilter as exc:
        assert "values: give each" not in str(exc)


def test_a_store_holding_no_metro_parts_no_metros_name(tmp_path: Path) -> None:
    # With no metro held to read the parts against, each part of "New York-Newark-Jersey
    # City, NY-NJ" was taken for held and the name refused as 2 values: the report asks
    # its leading metros of every store, and a store of surveys alone lost its report.
    store = Store.open(tmp_path / "fixture-no-metros.duckdb")
    try:
        named = "New York-Newark-Jersey City, NY-NJ"
        resolved, _ = resolve({"metro": [named]}, KnownValues(store), listed=True)
        assert resolved["metro"] == [named]
    finally:
        store.close()


def test_a_question_of_one_value_is_not_told_to_give_items(
    real_store: Store, real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An offer takes one metro: "give each as its own item" would be advice it cannot follow.
    joined = "Seattle, WA,Austin, TX"
    _, (unmatched,) = resolve({"metro": [joined]}, KnownValues(real_store))
    assert unmatched.value == joined and unmatched.suggestions == [SEATTLE]
    asked = ["--db", str(real_db), "offer", "--base", "150000", "--role", "ml_engineer"]
    assert main([*asked, "--metro", joined]) == 1
    assert capsys.readouterr().err.startswith(f"error: no record has metro '{joined}'; ")


def test_mcp_where_says_a_joined_list_is_wanted_as_items(talking: Any) -> None:
    async def talk(client: Any) -> list[Any]:
        asked = [
            {"role": ["ml_engineer,data_scientist"]},
            {"metro": ["Seattle, WA,Austin, TX"]},
            {"metro": [SEATTLE, AUSTIN]},
            {"metro": [FAYETTE]},
        ]
        return [await client.call_tool("stats", {"where": where}) for where in asked]

    role, metros, apart, county = talking(talk)
    assert role.is_error and metros.is_error
    said = role.content[0].text
    # Had been "role 'ml_engineer,data_scientist' is not one of ml_engineer, ...".
    assert said == (
        "stats: role 'ml_engineer,data_scientist' is 2 values: give each as its own item, "
        '["ml_engineer", "data_scientist"]'
    )
    assert metros.content[0].text.endswith('its own item, ["Seattle, WA", "Austin, TX"]')
    assert not apart.is_error
    assert json.loads(apart.content[0].text)["where"] == {"metro": [SEATTLE, AUSTIN]}
    assert COUNTY_SAID in json.loads(county.content[0].text)["no_match"]["message"]


def test_compare_says_metros_joined_in_one_are_several(
    real_store: Store, real_db: Path, app: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    joined = "Seattle, WA,Austin, TX"
    with pytest.raises(NoSuchPlace) as refused:
        place(real_store, metro=joined)
    said = f'\'{joined}\' is 2 metros, ["Seattle, WA", "Austin, TX"]: compare takes one'
    # Had been "no metro area is called 'Seattle, WA,Austin, TX'; did you mean Seattle's?".
    assert str(refused.value) == said and refused.value.suggestions == [SEATTLE, AUSTIN]
    assert main(["--db", str(real_db), "compare", "--role", "ml_engineer", "--metro", joined]) == 1
    assert capsys.readouterr().err == f"error: {said}\n"
    answer = app.get("/api/v1/compare", params={"role": "ml_engineer", "metro": joined})
    assert (answer.status_code, answer.json()["detail"]) == (422, said)
    assert place(real_store, metro="Seattle, WA").metro == SEATTLE  # one metro, as before
