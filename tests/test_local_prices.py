"""Local prices: pay divided by the metro's BEA price parity, checked by recomputing it
independently from the files (divide each row first, then take percentiles)."""

from __future__ import annotations

import csv
import json
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from paygrade.compare import compare
from paygrade.formats import stats_notes
from paygrade.parquet import export, open_folder
from paygrade.prices import LEADING_METROS, NoPriceParity, factor_table, never_priced
from paygrade.records import BadFilter
from paygrade.stats import stats
from paygrade.store import Store

from .conftest import real_data_dir
from .test_cli import ok, run, warned_only


def local_prices(*args: str | Path) -> str:
    """``paygrade ARGS``'s table or JSON, as ``ok`` checks it, local-prices' stderr holding
    only what ``stats`` warns of the same question (``warned_only``)."""
    return warned_only(run(*args))


SEATTLE = "Seattle-Tacoma-Bellevue, WA"


@cache
def parities() -> dict[str, dict[int, float]]:
    """CBSA -> year -> all-items parity, read from BEA's file with the csv module."""
    found: dict[str, dict[int, float]] = {}
    with (real_data_dir() / "bea-rpp-msa-2008-2024.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if (row.get("LineCode") or "").strip() != "1":
                continue
            cbsa = row["GeoFIPS"].strip().strip('"').strip()
            found[cbsa] = {
                int(y): float(v)
                for y, v in row.items()
                if y and y.isdigit() and v and v.strip() != "(NA)"
            }
    return found


@cache
def cbsa_of() -> dict[str, str]:
    """OEWS metro name -> its area code, from the OFLC geography file."""
    with (real_data_dir() / "oflc-geography-2025-26.csv").open(encoding="utf-8") as handle:
        return {row["AreaName"]: row["Area"] for row in csv.DictReader(handle)}


def expected(store: Store, where_sql: str, params: list[object]) -> list[float]:
    rows = store.con.execute(
        f"SELECT metro, year, amount_usd FROM records WHERE len(flags) = 0 AND {where_sql}", params
    ).fetchall()
    divided = []
    for metro, year, amount in rows:
        series = parities().get(cbsa_of().get(metro, ""), {})
        if series:
            divided.append(amount / (series[min(year, max(series))] / 100))
    return divided


@pytest.mark.parametrize("metro", [SEATTLE, "Austin-Round Rock-San Marcos, TX"])
def test_percentiles_of_divided_rows(real_store: Store, metro: str) -> None:
    where = {"role": ["data_scientist"], "metro": [metro]}
    (group,) = stats(real_store, [], where, local_prices=True)["groups"]
    amounts = expected(real_store, "role = 'data_scientist' AND metro = ?", [metro])
    assert group["n"] == len(amounts) > 10
    for name, q in (("p10", 10), ("p25", 25), ("p50", 50), ("p75", 75), ("p90", 90)):
        assert group[name] == pytest.approx(np.percentile(amounts, q), abs=0.01), name


def test_records_without_a_price_are_left_out_and_counted(real_store: Store) -> None:
    result = stats(real_store, ["level"], {"role": ["ml_engineer"]}, local_prices=True)
    left = result["local_prices"]
    no_metro = real_store.scalar(
        "SELECT count(*) FROM records WHERE role = 'ml_engineer' AND metro IS NULL "
        "AND len(flags) = 0"
    )
    assert left["no_metro"] == no_metro > 0
    priced = len(expected(real_store, "role = 'ml_engineer' AND metro IS NOT NULL", []))
    unpriced = sum(left["no_price_parity"].values())
    assert sum(g["n"] for g in result["groups"]) == priced
    all_with_metro = real_store.scalar(
        "SELECT count(*) FROM records WHERE role = 'ml_engineer' AND metro IS NOT NULL "
        "AND len(flags) = 0"
    )
    assert priced + unpriced == all_with_metro
    assert all("nonmetropolitan" in name for name in left["no_price_parity"])


def test_nothing_priced_says_the_records_have_no_metro(real_store: Store) -> None:
    # Survey total pay names no metro: it said "no record matches all of these filters
    # together" of 7,369 records that match them.
    where = {"role": ["ml_engineer"], "pay_component": ["total"]}
    result = stats(real_store, ["level"], where, local_prices=True)
    matching = sum(g["n"] for g in stats(real_store, ["level"], where)["groups"])
    assert result["groups"] == [] and result["local_prices"]["no_metro"] == matching > 0
    # The flagged ones are said too: no other line of the answer names them.
    flagged = stats(real_store, ["level"], where)["flagged_excluded"]
    assert result["flagged_excluded"] == flagged > 0
    assert result["no_match"]["message"] == (
        "local prices need a metro BEA prices: of the records matching, "
        f"{matching:,} name no metro (survey records name none); {flagged} more records are "
        "flagged and left out (--include-flagged counts them)"
    )


def test_compare_shows_the_parity_and_medians_at_local_prices(real_store: Store) -> None:
    result = compare(real_store, metro=SEATTLE, role="data_scientist")
    parity = result["price_parity"]
    assert parity["cbsa"] == "42660" and parity["year"] == 2024
    assert parity["all_items"] == parities()["42660"][2024]
    (oews,) = [r for r in result["rows"] if r["source"] == "oews"]
    assert oews["p50_local"] == pytest.approx(oews["p50"] / (parity["all_items"] / 100), abs=0.01)
    (h1b,) = [r for r in result["rows"] if r["source"] == "h1b"]
    amounts = expected(
        real_store, "role = 'data_scientist' AND metro = ? AND source = 'h1b'", [SEATTLE]
    )
    assert h1b["p50_local"] == pytest.approx(np.median(amounts), abs=0.01)


def test_the_factor_table_ranks_both_ways(real_store: Store) -> None:
    table = factor_table(real_store)
    assert sorted(r["metro"] for r in table["rows"]) == sorted(LEADING_METROS)
    # Rows read top down by nominal median: they followed the list, whose order is by rents.
    ranked = [r for r in table["rows"] if r["rank_note"] is None]
    assert [r["rank_nominal"] for r in ranked] == list(range(1, len(ranked) + 1))
    assert table["rows"][: len(ranked)] == ranked
    by_local = sorted(ranked, key=lambda r: -r["p50_local"])
    assert [r["rank_local"] for r in by_local] == list(range(1, len(by_local) + 1))
    for row in ranked:
        assert row["p50_local"] != row["p50_nominal"]


def test_a_metro_whose_median_has_no_interval_is_not_ranked(real_store: Store) -> None:
    # Raleigh's 8 filings ranked it first at US prices, above San Francisco's 185 and San
    # Jose's 195, without a word: its median's 95% interval cannot even be published.
    rows = {r["metro"]: r for r in factor_table(real_store)["rows"]}
    raleigh = rows["Raleigh-Cary, NC"]
    assert raleigh["p50_nominal"] is not None and None in raleigh["p50_nominal_ci"]
    assert raleigh["rank_nominal"] is None and raleigh["rank_local"] is None
    assert raleigh["rank_note"] == "too few records for its median's 95% interval"
    ranked = [r for r in rows.values() if r["rank_local"] is not None]
    assert sorted(r["rank_local"] for r in ranked) == list(range(1, len(ranked) + 1))
    assert all(None not in r["p50_nominal_ci"] for r in ranked)


def test_the_table_shows_each_medians_interval_and_says_who_is_not_ranked(real_db: Path) -> None:
    table = local_prices(
        "--db", real_db, "local-prices", "--metro", SEATTLE, "--metro", "Raleigh-Cary, NC"
    )
    (seattle,) = [ln for ln in table.splitlines() if ln.startswith(" Seattle-Tacoma-Bellevue")]
    interval = factor_table_of(real_db)["p50_nominal_ci"]
    assert f"{interval[0]:,.0f} - {interval[1]:,.0f}" in seattle
    assert "not ranked (-): Raleigh-Cary, NC (n 8): too few records for its median's" in table


def test_a_state_named_as_a_metro_is_offered_its_metros(real_store: Store) -> None:
    # "give state TX" was advice local-prices, which takes metros only, cannot follow.
    with pytest.raises(BadFilter, match="Texas: a US state, not a metro: ask for one of its") as e:
        factor_table(real_store, metros=("Texas",))
    assert "Austin-Round Rock-San Marcos, TX" in str(e.value) and "give state" not in str(e.value)


def factor_table_of(real_db: Path) -> dict[str, Any]:
    out = local_prices("--db", real_db, "local-prices", "--metro", SEATTLE, "--format", "json")
    return dict(json.loads(out)["rows"][0])


def test_the_cli_says_what_it_applied(real_db: Path) -> None:
    out = ok(
        "--db",
        real_db,
        "stats",
        "--where",
        "role=ml_engineer",
        "--local-prices",
        "--format",
        "json",
    )
    result = json.loads(out)
    assert result["local_prices"]["applied"].startswith("pay / (BEA all-items")
    table = local_prices(
        "--db", real_db, "local-prices", "--metro", SEATTLE, "--metro", "Raleigh-Cary, NC"
    )
    assert "Seattle-Tacoma-Bellevue, WA" in table and "Raleigh-Cary, NC" in table
    # The table says the years of pay behind each median (metro filings end in 2019).
    rows = json.loads(
        local_prices("--db", real_db, "local-prices", "--metro", SEATTLE, "--format", "json")
    )
    years = rows["rows"][0]["years"]
    (line,) = [ln for ln in table.splitlines() if ln.startswith(" Seattle-Tacoma-Bellevue, WA")]
    assert f" {years[0]}-{years[-1]} " in line


def test_the_factor_table_names_metros_as_the_store_does(real_store: Store) -> None:
    # `local-prices --metro atlanta` was a row of nothing: n = 0 under the name as typed.
    by_city = factor_table(real_store, metros=("atlanta",))["rows"]
    by_name = factor_table(real_store, metros=("Atlanta-Sandy Springs-Roswell, GA",))["rows"]
    assert by_city == by_name and by_city[0]["metro"] == "Atlanta-Sandy Springs-Roswell, GA"
    with pytest.raises(BadFilter, match="no metro area is called 'Atlantis'"):
        factor_table(real_store, metros=("Atlantis",))


def test_a_metro_no_record_holds_leaves_the_others_their_rows(real_store: Store) -> None:
    # Enid, OK: BEA prices it, no record holds it. Asked beside Seattle, every row had n = 0.
    (alone,) = factor_table(real_store, metros=("seattle",))["rows"]
    rows = factor_table(real_store, metros=("seattle", "Enid, OK"))["rows"]
    assert [r["metro"] for r in rows] == [SEATTLE, "Enid, OK"]
    assert rows[0] == alone and alone["n"] > 5
    assert (rows[1]["n"], rows[1]["p50_nominal"], rows[1]["rpp_all_items"] > 0) == (0, None, True)


def test_metros_of_too_few_records_come_last(real_store: Store) -> None:
    # Sorted with len(rows), which reads 0 while the list sorts: unranked rows tied with
    # rank 1 (software engineers: Seattle, n = 2, between ranks 1 and 2).
    ranks = [r["rank_nominal"] for r in factor_table(real_store, role="software_engineer")["rows"]]
    ranked = [r for r in ranks if r is not None]
    assert None in ranks and ranks == ranked + [None] * (len(ranks) - len(ranked)), ranks


def test_the_factor_table_says_its_filters_as_the_store_holds_them(real_store: Store) -> None:
    # The title said "role data scientist", as typed, over data_scientist's rows.
    table = factor_table(real_store, role="data scientist", metros=("seattle",))
    assert table["where"]["role"] == ["data_scientist"]
    assert table["where"]["metro"] == ["Seattle-Tacoma-Bellevue, WA"]


def test_each_metro_row_has_distinct_n_and_its_nominal_medians_interval(
    real_store: Store,
) -> None:
    table = factor_table(real_store)
    where = {"role": ["ml_engineer"], "metro": list(LEADING_METROS), "pay_component": ["base"]}
    groups = {g["key"]["metro"]: g for g in stats(real_store, ["metro"], where)["groups"]}
    for row in table["rows"]:
        group = groups[row["metro"]]
        assert (row["n_distinct"], row["p50_nominal_ci"]) == (group["n_distinct"], group["p50_ci"])
    assert any(row["n_distinct"] < row["n"] for row in table["rows"])
    assert table["flagged_excluded"] == stats(real_store, [], where)["flagged_excluded"]


def test_a_metro_beas_series_begins_after_is_unpriced_in_that_year_and_said_so(
    real_store: Store,
) -> None:
    # Twin Falls and Kiryas Joel were "areas BEA does not price": BEA prices both, from
    # 2015 and 2016, and the records left out are of 2013.
    result = stats(real_store, ["source"], {}, local_prices=True)
    left = result["local_prices"]["no_price_parity"]
    for metro, first in [("Twin Falls, ID", 2015), ("Kiryas Joel-Poughkeepsie-Newburgh, NY", 2016)]:
        years = real_store.con.execute(
            "SELECT DISTINCT year FROM records WHERE metro = ? AND len(flags) = 0", [metro]
        ).fetchall()
        assert left[metro] > 0 and all(year < first for (year,) in years)
    said = " ".join(stats_notes(result))
    # Only the metros BEA prices in other years: nonmetropolitan areas and Puerto Rico's,
    # which BEA never prices, are said as such (stop 71).
    in_years = [area for area in left if never_priced(area) is None]
    assert f"in {len(in_years)} areas BEA does not price in their years" in said


def test_local_prices_of_a_folder_without_price_parities_say_where_they_are(
    real_store: Store, tmp_path: Path
) -> None:
    # An export's partition folder has no _tables beside it: every record was "in areas
    # BEA does not price", Seattle's and San Jose's among them.
    export(real_store, tmp_path / "out")
    folder = open_folder(tmp_path / "out" / "source=h1b")
    try:
        with pytest.raises(NoPriceParity, match=r"holds no BEA price parities, .* give the export"):
            stats(folder, ["source"], {}, local_prices=True)
        assert stats(folder, ["source"], {})["groups"]  # nominal pay is answered
    finally:
        folder.close()


def test_compare_says_what_its_medians_at_us_prices_left_out(real_store: Store) -> None:
    # Its p50 at US prices left records out (years before BEA's series for the metro) or
    # priced them at another year without a word: the stats table said it, compare not.
    metro = "Kiryas Joel-Poughkeepsie-Newburgh, NY"
    result = compare(real_store, metro=metro, role="other")
    asked = stats(real_store, ["source"], result["where"], local_prices=True)
    assert result["local_prices"] == asked["local_prices"]
    missing = sum(asked["local_prices"]["no_price_parity"].values())
    assert missing > 0
    assert f"left out by local prices: {missing:,} in 1 area BEA does not price in their " \
        "years" in result["notes"]  # fmt: skip


def test_the_factor_table_reads_a_metro_as_compare_does(real_store: Store) -> None:
    # BEA's "Enid, OK" (no record holds it) written in lower case, or Bremerton by its
    # city, was "no record has metro ..." here and read in compare.
    rows = factor_table(real_store, metros=("enid, ok", "bremerton"))["rows"]
    names = [compare(real_store, metro=m, role="ml_engineer")["where"]["metro"][0]
             for m in ("enid, ok", "bremerton")]  # fmt: skip
    assert (
        [r["metro"] for r in rows] == names == ["Enid, OK", "Bremerton-Silverdale-Port Orchard, WA"]
    )
    assert all(r["rpp_all_items"] for r in rows)
    # Written twice, in two cases, it is one row (it was two).
    assert len(factor_table(real_store, metros=("enid, ok", "Enid, OK"))["rows"]) == 1


def test_a_metro_of_too_few_records_says_why_it_has_no_rank(real_store: Store) -> None:
    # Ames' 4 data scientists had a row of blanks and rank_note null, no word why.
    rows = factor_table(real_store, role="data_scientist", metros=("Ames, IA", SEATTLE))["rows"]
    ames = next(row for row in rows if row["metro"] == "Ames, IA")
    assert 0 < ames["n"] < 5 and ames["p50_nominal"] is None
    assert ames["rank_note"] == "fewer than 5 records: no median is published"


def test_the_table_says_each_reason_not_to_rank_with_its_metros(real_db: Path) -> None:
    metros = ("Ames, IA", "Raleigh-Cary, NC", SEATTLE)
    args = [arg for metro in metros for arg in ("--metro", metro)]
    table = local_prices("--db", real_db, "local-prices", "--role", "data_scientist", *args)
    said = " ".join(table.split())
    assert "not ranked (-): Ames, IA (n 4): fewer than 5 records: no median is published" in said


def test_local_prices_without_the_geography_refuse_as_without_parities(
    real_db: Path, tmp_path: Path
) -> None:
    # Metro names meet BEA's codes through OFLC's geography: without it, every record was
    # "in areas BEA does not price", Seattle too (BEA prices it: 111.133 in 2024).
    copy = tmp_path / "no-geography.duckdb"
    copy.write_bytes(real_db.read_bytes())
    with closing(Store.open(copy)) as store:
        store.con.execute("DELETE FROM oflc_geography")
    with closing(Store.open(copy, read_only=True)) as store:
        with pytest.raises(
            NoPriceParity, match=r"holds no OFLC geography .* ingest oflc_geography"
        ):
            stats(store, ["metro"], {"role": ["ml_engineer"]}, local_prices=True)
        with pytest.raises(NoPriceParity, match="holds no OFLC geography"):
            factor_table(store)


@pytest.mark.parametrize("order", [[0, 1, 2, 3], [3, 2, 1, 0]])
def test_equal_medians_share_a_rank_whatever_the_order_asked(order: list[int]) -> None:
    # Madison, WI and Bridgeport, CT, both 90,000 for data scientists, were ranked 1 and 2
    # or 2 and 1 by the order the metros were given in.
    from paygrade.prices import _rank

    hand_written = [  # fixture rows, as factor_table builds them
        {"metro": name, "n": 30, "p50_nominal": median, "p50_nominal_ci": [median - 1, median + 1]}
        for name, median in [("A", 95_000.0), ("B", 90_000.0), ("C", 90_000.0), ("D", 80_000.0)]
    ]
    rows = [hand_written[i] for i in order]
    _rank(rows, "p50_nominal", "rank_nominal", {"A", "B", "C", "D"})
    assert {r["metro"]: r["rank_nominal"] for r in rows} == {"A": 1, "B": 2, "C": 2, "D": 4}
