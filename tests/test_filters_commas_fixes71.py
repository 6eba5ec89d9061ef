"""Values with commas in filters, on every face (held over the real store):

* `paygrade stats --where "metro=Fayette County, WA"` was read as "Fayette County" and
  "WA" (eleven states' areas offered, then "no record has metro 'WA' (a US state ...)");
  "Fayette County, Washington" as the county and Washington, DC's metro. A place written
  with its US state is now one value, the county's refusal said as compare says it.
* A refusal naming a county's eleven areas ran to 580 characters on one line of an
  80-column terminal; it is folded to the width as the table's notes are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.cli import main
from paygrade.filters import KnownValues, parse_where
from paygrade.store import Store

FAYETTE = "Fayette County, WA"  # Washington holds no Fayette County; eleven states do
COUNTY_SAID = "WA has no county called 'Fayette County'; AL, GA, "


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
