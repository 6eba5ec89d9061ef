"""The career ladder: the reviewed tables, title resolution, pay by level, steps and paths."""

from __future__ import annotations

from typing import Any

import pytest

from paygrade.ladder import (
    IC_PATH,
    NO_SHARED_YEAR,
    NOT_ENOUGH,
    UnmappedCompany,
    company_levels,
    few_of_role,
    ladder,
    ladder_levels,
    level_mapping,
    projected_path,
    promotion_steps,
    resolve_level,
)
from paygrade.normalize.company_levels import level_written
from paygrade.records import LEVELS, PaygradeError
from paygrade.stats import MIN_N, stats
from paygrade.store import Store


def test_ladder_rows_cover_every_level_in_order() -> None:
    rows = ladder_levels()
    assert [r["level"] for r in rows] == list(LEVELS)
    assert all(r["scope"] and r["responsibilities"] and r["skills"] for r in rows)
    assert [r["years"] for r in rows[:3]] == [[0, 2], [2, 5], [5, 8]]


@pytest.mark.parametrize(
    ("company", "codes"),
    [
        ("Google", {"L3": "entry", "L4": "mid", "L5": "senior", "L6": "staff", "L8": "principal"}),
        # DOMAIN.md's distinguished row: the nearest generic level is principal.
        ("Google", {"L9": "principal", "L10": "principal"}),
        ("Amazon", {"L10": "principal"}),
        ("Meta", {"E3": "entry", "E5": "senior", "E6": "staff", "E9": "principal"}),
        ("Amazon", {"L4": "entry", "L5": "mid", "L6": "senior", "L7": "staff", "L8": "principal"}),
        ("Apple", {"ICT2": "entry", "ICT3": "mid", "ICT4": "senior", "ICT6": "principal"}),
        ("Microsoft", {"59": "entry", "62": "mid", "63": "senior", "67": "staff"}),
    ],
)
def test_company_levels_are_pinned(company: str, codes: dict[str, str]) -> None:
    table = {(c.company, c.company_level): c.level for c in company_levels()}
    assert {code: table[(company, code)] for code in codes} == codes


@pytest.mark.parametrize(
    ("title", "company", "level", "company_level"),
    [
        ("Applied Scientist II", "Amazon", "mid", "L5"),
        ("Applied Scientist III", "AMAZON.COM SERVICES LLC", "senior", "L6"),
        ("Applied Scientist I", "Amazon", "entry", "L4"),
        ("Senior Principal Engineer", "Amazon", "principal", "L8"),
        ("Principal Engineer", "Amazon", "staff", "L7"),
        ("E5", "Meta", "senior", "E5"),
        ("E5", "Facebook", "senior", "E5"),
        ("ICT4", None, "senior", "ICT4"),
        ("Senior SDE", "Microsoft", "senior", "63"),
        ("63", "Microsoft", "senior", "63"),
        ("Machine Learning Engineer (4)", None, "senior", None),
        ("L5", None, None, None),  # Google's L5 is senior, Amazon's mid: needs the company
        ("SDE II", None, "mid", None),  # Amazon and Microsoft agree on the level
        ("63", None, None, None),  # a bare number means nothing without the company
        ("Distinguished Engineer", "Google", "principal", "L9"),
        ("Google Fellow", "Google", "principal", "L10"),
        ("Distinguished Scientist", "Amazon", "principal", "L10"),
        ("Distinguished Engineer", "Microsoft", "principal", "70"),
        # Google, Amazon and Microsoft agree; the title alone names no level of its own.
        ("Distinguished Engineer", None, "principal", None),
        ("Principal SDE", None, "staff", None),  # Amazon's L7 and Microsoft's 65 agree
    ],
)
def test_titles_resolve_through_the_mapping(
    title: str, company: str | None, level: str | None, company_level: str | None
) -> None:
    resolved = resolve_level(title, company)
    assert (resolved["level"], resolved["company_level"]) == (level, company_level)


@pytest.mark.parametrize(("written", "company"), [("L9", "Google"), ("L10", "Amazon")])
def test_a_distinguished_level_is_a_level_the_path_starts_from(written: str, company: str) -> None:
    # The ladder's and the estimate's --level: these had been "no level 'L9'".
    assert level_written(written, company) == ("principal", company)


def test_an_unmapped_company_is_named_with_the_mapped_ones() -> None:
    with pytest.raises(UnmappedCompany, match="mapped companies: Amazon, Apple, Google"):
        level_mapping("Initech")


@pytest.mark.parametrize(("asked", "meant"), [("Gogle", "Google"), ("metaa", "Meta")])
def test_a_misspelt_mapped_company_is_pointed_at(asked: str, meant: str) -> None:
    with pytest.raises(UnmappedCompany, match=rf"\(did you mean {meant}\?\); mapped companies"):
        level_mapping(asked)


def test_a_company_spelt_like_none_gets_no_guess() -> None:
    with pytest.raises(UnmappedCompany) as raised:
        level_mapping("Initech")
    assert "did you mean" not in str(raised.value)


def _pay(**medians: float | None) -> dict[str, dict[str, Any]]:
    """Hand-written ladder cells (as ``ladder`` makes them): a median gives 50 records."""
    return {
        level: {
            "total": {"n": 50, "n_distinct": 40, "p25": m * 0.9, "p50": m, "p75": m * 1.1}
            if (m := medians.get(level))
            else {"n": 2, "n_distinct": 2, "note": NOT_ENOUGH},
            "base": {"n": 0, "n_distinct": 0, "note": NOT_ENOUGH},
        }
        for level in LEVELS
    }


def test_promotion_steps_never_guess() -> None:
    steps = promotion_steps(_pay(entry=100_000, mid=125_000, senior=175_000))
    assert [s["from"] for s in steps] == list(IC_PATH[:-1])
    assert (steps[0]["increase"], steps[0]["increase_pct"], steps[0]["n_to"]) == (25_000, 25.0, 50)
    assert steps[1]["increase_pct"] == 40.0
    assert steps[2] == {"from": "senior", "to": "staff", "note": NOT_ENOUGH}


def test_projected_path_from_years_or_level() -> None:
    pay = _pay(entry=100_000, mid=125_000, senior=175_000)
    path = projected_path(pay, years=1)
    assert [p["level"] for p in path] == list(IC_PATH)
    assert [p["years_from_now"] for p in path[:3]] == [0, 1, 4]
    assert path[2]["pay"] == pytest.approx(
        {"pay_component": "total", "n": 50, "n_distinct": 40, "p25": 157_500, "p50": 175_000,
         "p75": 192_500, "rounded_to": None}
    )  # fmt: skip
    assert path[3]["pay"] == {"n": 2, "n_distinct": 2, "note": NOT_ENOUGH}
    assert [p["level"] for p in projected_path(pay, level="staff")] == ["staff", "principal"]
    # A level alone counts from its typical start: every step ahead was "now".
    assert [p["years_from_now"] for p in projected_path(pay, level="senior")] == [0, 3, 7]
    # One JSON type: "now" was the integer 0 beside 3.0 and 7.0.
    assert {type(p["years_from_now"]) for p in projected_path(pay, level="senior")} == {float}
    with pytest.raises(PaygradeError):
        projected_path(pay)


def test_a_path_starts_from_a_level_as_written_or_the_companys_own(real_store: Store) -> None:
    # `ladder --company Google --level L5` said "the path starts from one of: entry, ...".
    google = ladder(real_store, company="Google", level="L5")
    assert google["path"][0]["level"] == "senior"
    assert google["level_read"] == {"written": "L5", "company": "Google", "level": "senior"}
    assert ladder(real_store, level="SE")["path"][0]["level"] == "senior"
    assert "level_read" not in ladder(real_store, level="SE")
    with pytest.raises(PaygradeError, match="or one of Google's levels"):
        ladder(real_store, company="Google", level="L99")
    # A typo was told only the levels, not that it was unknown, nor what it was near.
    with pytest.raises(PaygradeError, match=r"^no level 'senor' \(did you mean senior\?\): the"):
        ladder(real_store, level="senor")


def test_ladder_on_the_real_store(real_store: Store) -> None:
    result = ladder(real_store, years=3)
    assert "approximate" in result["mapping_note"]
    senior = result["levels"][2]
    assert senior["company_levels"]["Meta"] == ["E5"]
    total = senior["pay"]["total"]
    assert total["n"] >= 5 and total["p25"] <= total["p50"] <= total["p75"]
    assert total["sources"] and total["years"]
    for level in result["levels"]:
        for cell in level["pay"].values():
            assert ("p50" in cell) != (cell.get("note") == NOT_ENOUGH)
            assert "p50" not in cell or cell["n"] >= 5
    assert result["path"][0]["level"] == "mid"
    assert "management_track" in result


def test_ladder_for_one_company(real_store: Store) -> None:
    result = ladder(real_store, company="meta")
    assert result["company"] == "Meta"
    assert result["levels"][0]["company_levels"] == {"Meta": ["E3"]}


def test_pay_by_company_level_uses_the_kept_company_level(real_store: Store) -> None:
    result = ladder(real_store, company="AMAZON.COM SERVICES LLC")
    rows = {row["company_level"]: row for row in result["company_level_pay"]}
    assert list(rows) == ["L4", "L5", "L6", "L7", "L8", "L10"]
    assert [rows[c]["level"] for c in ("L4", "L5", "L6")] == ["entry", "mid", "senior"]
    direct = stats(real_store, ["pay_component"], {"company": ["Amazon"], "company_level": ["L5"]})
    base = {g["key"]["pay_component"]: g["n"] for g in direct["groups"]}["base"]
    assert base >= 5 and rows["L5"]["pay"]["base"]["n"] == base
    both = sum(cell["n"] for cell in rows["L5"]["pay"].values())
    assert "p50" in rows["L5"]["pay"]["base"] and sum(rows["L5"]["roles"].values()) == both
    for row in rows.values():  # suppressed cells say so, with their n
        for cell in row["pay"].values():
            assert ("p50" in cell) != (cell.get("note") == NOT_ENOUGH)
    assert "company_level_pay" not in ladder(real_store)


def test_every_record_naming_a_company_level_has_the_level_its_ladder_maps_it_to(
    real_store: Store,
) -> None:
    # Amazon's "Principal SDE" filings (L7, staff on the reviewed ladder) had the title
    # word's principal, and Microsoft's principal (65) the same: the ladder counted them
    # in the principal row, labelled L8 and 68-70, and its staff row had none of them.
    # Every record of the real store with a company level is a filing, which gives no
    # level of its own, so each has exactly its ladder's level, whichever company.
    mapped = {(c.company, c.company_level): c.level for c in company_levels()}
    rows = real_store.con.execute(
        """SELECT DISTINCT company, company_level, level FROM records
        WHERE company_level IS NOT NULL"""
    ).fetchall()
    assert {company for company, _, _ in rows} >= {"Amazon", "Google", "Microsoft"}
    assert [row for row in rows if mapped.get(row[:2]) != row[2]] == []


def test_the_staff_row_at_amazon_holds_its_l7_filings(real_store: Store) -> None:
    result = ladder(real_store, company="Amazon", role="software_engineer")
    row = {r["level"]: r for r in result["levels"]}
    staff = row["staff"]["pay"]["base"]
    direct = stats(
        real_store,
        ["pay_component"],
        {"company": ["Amazon"], "company_level": ["L7"], "role": ["software_engineer"]},
    )
    assert staff["n"] == {g["key"]["pay_component"]: g["n"] for g in direct["groups"]}["base"]
    assert staff["n"] >= 20 and row["principal"]["pay"]["base"]["n"] == 0


def test_company_level_steps_and_the_path_priced_by_company_levels(real_store: Store) -> None:
    result = ladder(real_store, company="Amazon", years=3)
    own = {row["company_level"]: row["pay"] for row in result["company_level_pay"]}
    first = result["company_level_steps"][0]
    assert (first["from"], first["to"]) == ("L4", "L5")
    component = first["pay_component"]
    # Over the years both levels have 5 or more records (2015 held too few of L4).
    assert first["years"] == [2016, 2017, 2018, 2019, 2023]
    over = {"company": ["Amazon"], "pay_component": [component], "year": first["years"]}
    for level, end in (("L4", "from"), ("L5", "to")):
        cell = stats(real_store, [], {**over, "company_level": [level]})["groups"][0]
        assert (first[f"median_{end}"], first[f"n_{end}"]) == (cell["p50"], cell["n"])
    # Amazon files ML engineers under SDE titles: the role's own mid-level cell is empty,
    # so the path prices mid by L5 (every role), and says so; an empty level stays empty.
    assert "p50" not in result["levels"][1]["pay"]["base"]
    mid, senior = result["path"][0], result["path"][1]
    assert mid["pay"]["company_level"] == "L5"
    assert mid["pay"]["p50"] == own["L5"][mid["pay"]["pay_component"]]["p50"]
    assert senior["pay"]["company_level"] == "L6"
    # Staff is L7, its filings "Principal Software Development Engineer" (it was unpriced:
    # the ladder knew only "Principal SDE").
    staff = result["path"][2]["pay"]
    assert staff["company_level"] == "L7" and staff["p50"] == own["L7"]["base"]["p50"]
    assert own["L7"]["base"]["n"] >= 27
    assert "company_level_steps" not in ladder(real_store)


def test_a_level_the_role_prices_keeps_its_own_pay_over_the_company_level() -> None:
    pay = _pay(entry=100_000, mid=125_000, senior=175_000)
    company = [
        {"company_level": "X5", "level": "mid", "track": "ic", "pay": _pay(mid=999_000)["mid"]},
        {"company_level": "M7", "level": "staff", "track": "management", "pay": pay["senior"]},
        {"company_level": "X7", "level": "staff", "track": "ic", "pay": _pay(staff=3e5)["staff"]},
    ]
    path = projected_path(pay, level="mid", company_pay=company)
    assert path[0]["pay"]["p50"] == 125_000 and "company_level" not in path[0]["pay"]
    assert path[2]["pay"]["p50"] == 300_000 and path[2]["pay"]["company_level"] == "X7"


def test_a_step_whose_medians_intervals_overlap_is_within_noise(real_store: Store) -> None:
    # staff -> principal (30 vs 8 base records) read as a 16.6% pay cut, without a word.
    result = ladder(real_store)
    flags = []
    for step in result["promotion_steps"]:
        if "note" in step:
            continue
        component = step["pay_component"]
        low, high = (
            stats(real_store, [], {"role": ["ml_engineer"], "level": [level],
                                   "pay_component": [component]})["groups"][0]["p50_ci"]
            for level in (step["from"], step["to"])
        )  # fmt: skip
        # No interval, or one whose bounds are withheld (n = 6-8: they would be the raw
        # minimum and maximum), cannot tell a step from noise.
        unknown = [ci for ci in (low, high) if not ci or None in ci]
        overlap = bool(unknown) or (low[0] <= high[1] and high[0] <= low[1])
        assert step["within_noise"] == overlap, step
        flags.append(overlap)
    assert True in flags and False in flags  # the real ladder has both kinds


def test_a_company_without_the_role_names_the_roles_its_records_hold(real_store: Store) -> None:
    # Amazon files its ML engineers as applied scientists and software engineers: the
    # ladder was "not enough data" at every level, without a word on what to ask instead.
    result = ladder(real_store, company="Amazon")
    held = result["roles_held"]
    assert "ml_engineer" not in held and "research_scientist" in held
    assert list(held.values()) == sorted(held.values(), reverse=True)
    by_role = stats(real_store, ["role"], {"company": ["Amazon"]})["groups"]
    assert held == {g["key"]["role"]: g["n"] for g in by_role if g["key"]["role"]}
    assert "roles_held" not in ladder(real_store, company="Amazon", role="research_scientist")
    assert "roles_held" not in ladder(real_store)  # no company: the whole data
    # Meta's 395 research scientist filings are many, none of a level: said so (it said
    # "only 395 ... too few for any level").
    meta = ladder(real_store, company="Meta", role="research_scientist")
    asked = stats(real_store, [], {"company": ["Meta"], "role": ["research_scientist"]})
    n = asked["groups"][0]["n"]
    assert few_of_role(meta) == (
        f"{n:,} research_scientist records name Meta, none with a level (their titles name none)"
    )
    assert few_of_role(result) == "no ml_engineer record names Amazon"


def test_the_ladder_says_whose_pay_it_shows(real_store: Store) -> None:
    # The CLI and JSON said nothing of the countries mixed (aijobs is worldwide); every
    # Amazon record is a US filing, yet the page warned "in every country".
    assert ladder(real_store)["population"].startswith("in every country (pay differs widely")
    assert ladder(real_store, country="germany")["population"] == "in DE"
    countries = stats(real_store, ["country"], {"company": ["Amazon"]})["groups"]
    assert [g["key"]["country"] for g in countries] == ["US"]
    amazon = ladder(real_store, company="Amazon")
    assert amazon["population"] == "in US (every record of Amazon is of US)"
    assert amazon["country"] is None  # the filter asked stays as asked


def test_every_count_the_ladder_shows_has_its_distinct_rows(real_store: Store) -> None:
    # About half the survey rows are copies: n alone (entry 415) overstated the evidence.
    result = ladder(real_store, company="Amazon", years=3)
    direct = stats(real_store, ["level", "pay_component"], {"role": ["ml_engineer"]})
    entry = next(g for g in direct["groups"] if g["key"] == {"level": "entry",
                                                            "pay_component": "total"})  # fmt: skip
    plain = ladder(real_store)
    assert plain["levels"][0]["pay"]["total"]["n_distinct"] == entry["n_distinct"] < entry["n"]
    cells = [c for row in result["levels"] for c in row["pay"].values()]
    cells += [c for cells in result["management_track"]["pay"].values() for c in cells.values()]
    assert all("n_distinct" in cell for cell in cells)
    step = result["company_level_steps"][0]
    assert step["n_distinct_from"] <= step["n_from"] and step["n_distinct_to"] <= step["n_to"]
    assert all("n_distinct" in step["pay"] for step in result["path"])


def test_a_country_no_record_is_of_is_refused_with_the_filters_words(real_store: Store) -> None:
    # "AQ" (Antarctica) is a country: the ladder was a full table of "n=0" captioned "in AQ".
    with pytest.raises(PaygradeError, match=r"^no record has country 'AQ'$"):
        ladder(real_store, country="AQ")
    with pytest.raises(PaygradeError, match="no country is called 'Narnia'"):
        ladder(real_store, country="Narnia")


def test_a_promotion_step_compares_the_years_both_levels_have(real_store: Store) -> None:
    # Amazon's L6 -> L7 read +27.8%: L6 filings of 2015-2023 against L7 filings of 2023
    # only; over 2023, the one year both have, L6's median is $198,400 (+24.5%).
    result = ladder(real_store, company="Amazon")
    own = {row["company_level"]: row["pay"]["base"] for row in result["company_level_pay"]}
    assert own["L7"]["years"] == [2023] and len(own["L6"]["years"]) > 1
    step = next(s for s in result["company_level_steps"] if s["from"] == "L6")
    assert step["years"] == [2023]
    same_year = stats(
        real_store,
        [],
        {"company": ["Amazon"], "company_level": ["L6"], "pay_component": ["base"], "year": [2023]},
    )["groups"][0]
    assert (step["median_from"], step["n_from"]) == (same_year["p50"], same_year["n"])
    assert step["median_from"] != own["L6"]["p50"] and step["median_to"] == own["L7"]["p50"]
    assert step["increase_pct"] == round(100 * (own["L7"]["p50"] / same_year["p50"] - 1), 1)
    assert "years both have records" in result["steps_note"]
    # Levels with 5 or more records in each of the same years are compared as they are.
    us = ladder(real_store, role="data_scientist", country="US")
    pay = {level["level"]: level["pay"]["total"] for level in us["levels"]}
    first = us["promotion_steps"][1]  # mid -> senior: both of every year 2020-2025
    assert first["years"] == pay["mid"]["years"] == [2020, 2021, 2022, 2023, 2024, 2025]
    assert first["median_from"] == pay["mid"]["p50"]
    # Each step names the records it compares, per source, over those years: L6's every
    # year had been counted behind a step of 2023 alone.
    for each in result["company_level_steps"]:
        if "note" not in each:
            assert sum(each["sources_from"].values()) == each["n_from"]
            assert sum(each["sources_to"].values()) == each["n_to"]
    assert set(step["sources_from"]) == {"h1b_2024"}  # L6 over 2023: the late-2023 filings


def test_a_step_with_no_year_in_common_is_not_priced() -> None:
    # Hand-written cells: entry's records are of 2020, mid's of 2024.
    cell = {"n": 9, "p50": 1.0, "p50_ci": None}
    pay = {"entry": {"total": {**cell, "years": [2020]}, "base": {"n": 0}},
           "mid": {"total": {**cell, "p50": 2.0, "years": [2024]}, "base": {"n": 0}}}  # fmt: skip
    asked: list[Any] = []
    step = promotion_steps(pay, ["entry", "mid"], lambda *a: asked.append(a) or ({}, {}))[0]
    assert step == {"from": "entry", "to": "mid", "note": f"{NOT_ENOUGH}: {NO_SHARED_YEAR}"}
    assert asked == []


def test_each_step_gives_both_medians_intervals(real_store: Store) -> None:
    result = ladder(real_store, country="US")
    pay = {level["level"]: level["pay"] for level in result["levels"]}
    steps = [s for s in result["promotion_steps"] if "note" not in s]
    assert steps
    for step in steps:
        low, high = pay[step["from"]][step["pay_component"]], pay[step["to"]][step["pay_component"]]
        if set(low["years"]) == set(high["years"]):  # else both are re-asked over shared years
            assert (step["p50_ci_from"], step["p50_ci_to"]) == (low["p50_ci"], high["p50_ci"])
        lo, hi = step["p50_ci_from"]
        assert lo <= step["median_from"] <= hi


def test_the_role_is_said_as_the_data_names_it(real_store: Store) -> None:
    # "--role MLE" titled the ladder "MLE" and its JSON said "role": "MLE", though the
    # figures were ml_engineer's (stats says "role in ml_engineer").
    result = ladder(real_store, role="MLE", country="US")
    assert result["role"] == "ml_engineer"
    assert result["levels"] == ladder(real_store, role="ml_engineer", country="US")["levels"]


def test_a_step_compares_only_years_holding_enough_records_of_both_levels(
    real_store: Store,
) -> None:
    # US data scientists' senior -> staff read +25.1% (134,411 -> 168,154) over 2018-2019
    # and 2023: one staff record in each of 2018 and 2019 pulled those years' 910 senior
    # filings in against 38 staff ones of 2023. Over 2023 alone it is 150,000 -> 168,154.
    result = ladder(real_store, role="data_scientist", country="US")
    step = next(s for s in result["promotion_steps"] if s["from"] == "senior")
    assert step["years"] == [2023]
    same_year = stats(
        real_store,
        ["level"],
        {"role": ["data_scientist"], "country": ["US"], "level": ["senior", "staff"],
         "pay_component": ["base"], "year": [2023]},
    )["groups"]  # fmt: skip
    medians = {g["key"]["level"]: g["p50"] for g in same_year}
    assert (step["median_from"], step["median_to"]) == (medians["senior"], medians["staff"])
    assert "5 or more of each" in result["steps_note"]


@pytest.mark.parametrize("country", [None, "US"])
def test_every_step_of_the_real_store_compares_years_holding_enough_of_both_levels(
    real_store: Store, country: str | None
) -> None:
    # The property behind the data scientists' step above, over every role of the real
    # store: each year a step compares holds stats' MIN_N records of each of its levels.
    roles = [r for (r,) in real_store.con.execute("SELECT DISTINCT role FROM records").fetchall()]
    compared = 0
    for role in roles:
        result = ladder(real_store, role=role, country=country)
        where = {"role": [role], **({"country": [country]} if country else {})}
        for step in (s for s in result["promotion_steps"] if "note" not in s):
            asked = {**where, "level": [step["from"], step["to"]],
                     "pay_component": [step["pay_component"]], "year": step["years"]}  # fmt: skip
            held = {tuple(g["key"].values()): g["n"]
                    for g in stats(real_store, ["level", "year"], asked)["groups"]}  # fmt: skip
            for year in step["years"]:
                assert held.get((step["from"], year), 0) >= MIN_N, (role, step)
                assert held.get((step["to"], year), 0) >= MIN_N, (role, step)
            compared += 1
    assert compared >= 4  # the property was tested on steps, not on none
