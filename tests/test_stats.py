"""stats(): every number against numpy and scipy on the same rows, suppression, validation, order.

The stores are built from hand-written canonical CSV fixtures (written into
``tmp_path`` by the tests, generated from a seeded loop) through the real
ingest, in real DuckDB files.
"""

from __future__ import annotations

import csv
import math
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binom, quantile_test

import paygrade.stats
from paygrade.engines import PAY_SUM_UNITS
from paygrade.ingest import ingest_file
from paygrade.records import LEVELS, BadFilter, UnknownField
from paygrade.stats import computed_ranks, median_ci_ranks, stats
from paygrade.store import Store

COLUMNS = ("year", "title", "role", "level", "country", "pay_component", "amount_usd")
PERCENTILES = {"p10": 10, "p25": 25, "p50": 50, "p75": 75, "p90": 90}
# Group sizes around every suppression threshold (5 and 10) and a large one.
LEVEL_SIZES: dict[str | None, int] = {
    "executive": 37,
    "entry": 4,
    None: 200,
    "senior": 9,
    "mid": 5,
    "principal": 11,
    "staff": 10,
}
Row = dict[str, Any]
# The keys of a shown group, in order: the JSON contract.
GROUP_KEYS = [
    "key",
    "n",
    "n_distinct",
    "pay_components",
    "years",
    *PERCENTILES,
    "mean",
    "p50_ci",
    "suppressed",
    "rounded_to",  # 1000 of a group counting submitted salaries, else null: last, additive
]


def fixture_rows() -> list[Row]:
    """Fixture: 276 canonical rows, seeded; every fourth amount is a round figure (ties)."""
    rng = np.random.default_rng(20240601)
    rows = []
    for level, size in LEVEL_SIZES.items():
        for i in range(size):
            amount = int(rng.integers(20_000, 300_000))  # within every plausibility bound
            rows.append(
                {
                    "year": 2023 + i % 2,
                    "title": "Machine Learning Engineer",
                    "role": ("ml_engineer", "data_scientist", "research_scientist")[i % 3],
                    "level": level,
                    "country": ("US", "DE", None, "US", "GB")[i % 5],
                    "pay_component": "base",
                    "amount_usd": round(amount, -4) if i % 4 == 0 else amount,
                }
            )
    return rows


def write_fixture(path: Path, rows: Sequence[Row], columns: Sequence[str] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if row.get(k) is None else row[k] for k in columns})
    return path


def load(store: Store, path: Path, rows: Sequence[Row]) -> None:
    result = ingest_file(store, "csv", write_fixture(path, rows))
    assert (result.rows_accepted, result.rows_rejected) == (len(rows), 0)


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return fixture_rows()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, rows: list[Row]) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("stats")
    opened = Store.open(folder / "stats.duckdb")
    load(opened, folder / "fixture-stats-levels.csv", rows)
    yield opened
    opened.close()


def expected_groups(
    rows: Sequence[Row], by: Sequence[str], keep: Callable[[Row], bool] = lambda r: True
) -> dict[tuple[Any, ...], list[float]]:
    groups: dict[tuple[Any, ...], list[float]] = {}
    for row in rows:
        if keep(row):
            groups.setdefault(tuple(row[f] for f in by), []).append(float(row["amount_usd"]))
    return groups


def assert_matches(group: dict[str, Any], amounts: Sequence[float]) -> None:
    """One group of stats() against numpy (percentiles, mean) and scipy (median CI)."""
    x = np.asarray(amounts, dtype=float)
    assert group["n"] == len(x)
    if len(x) < 5:
        assert group == {
            "key": group["key"],
            "n": len(x),
            "n_distinct": group["n_distinct"],
            "pay_components": group["pay_components"],
            "years": group["years"],
            "suppressed": True,
        }
        return
    assert group["suppressed"] is False
    assert len(group["pay_components"]) == 1
    for name, q in PERCENTILES.items():
        if len(x) < 10 and name in ("p10", "p90"):
            assert group[name] is None
        else:
            assert group[name] == pytest.approx(np.percentile(x, q, method="linear"), abs=0.01)
    assert group["mean"] == pytest.approx(x.mean(), abs=0.01)
    ci = quantile_test(x, q=float(np.median(x)), p=0.5).confidence_interval(0.95)
    if np.isnan(ci.low) or np.isnan(ci.high):
        assert group["p50_ci"] is None
        return
    # A bound that is the value of x(1) or x(n) (ranked so, or tied with them) is never
    # published: no raw minimum or maximum.
    assert median_ci_ranks(len(x)) is not None
    expected = [None if b in (x.min(), x.max()) else b for b in (ci.low, ci.high)]
    assert len(group["p50_ci"]) == 2
    for got, want in zip(group["p50_ci"], expected, strict=True):
        assert got == (None if want is None else pytest.approx(want, abs=0.01))


def assert_all_match(result: dict[str, Any], expected: dict[tuple[Any, ...], list[float]]) -> None:
    by = result["by"]
    got = {tuple(g["key"][f] for f in by): g for g in result["groups"]}
    assert set(got) == set(expected)
    for key, amounts in expected.items():
        assert_matches(got[key], amounts)


def test_one_field_every_statistic_matches_numpy_and_scipy(built: Store, rows: list[Row]) -> None:
    result = stats(built, by=["level"])
    assert sorted(g["n"] for g in result["groups"]) == [4, 5, 9, 10, 11, 37, 200]
    assert_all_match(result, expected_groups(rows, ["level"]))


def test_each_threshold_shows_exactly_what_it_should(built: Store) -> None:
    groups = {g["n"]: g for g in stats(built, by=["level"])["groups"]}
    assert set(groups[4]) == {"key", "n", "n_distinct", "pay_components", "years", "suppressed"}
    assert groups[4]["suppressed"] is True
    for n in (5, 9):
        assert groups[n]["p10"] is None and groups[n]["p90"] is None
        assert groups[n]["p25"] is not None and groups[n]["p75"] is not None
    assert groups[5]["p50_ci"] is None  # scipy has no 95% interval from 5 values either
    assert groups[9]["p50_ci"] is not None
    for n in (10, 11, 37, 200):
        assert None not in (groups[n]["p10"], groups[n]["p90"], groups[n]["p50_ci"])


def test_a_median_interval_never_publishes_the_minimum_or_maximum(tmp_path: Path) -> None:
    # Baidu's 6 ML engineer filings showed "130,000 - 181,668": their lowest and highest pay.
    sizes = {"entry": 6, "mid": 7, "senior": 8, "staff": 9}
    rows = [
        {**fixture_rows()[0], "level": level, "amount_usd": 100_000 + 1_000 * i}
        for level, size in sizes.items()
        for i in range(size)
    ]
    store = Store.open(tmp_path / "extremes.duckdb")
    load(store, tmp_path / "fixture-extremes.csv", rows)
    groups = {g["key"]["level"]: g for g in stats(store, by=["level"])["groups"]}
    store.close()
    for level in ("entry", "mid", "senior"):
        assert groups[level]["p50_ci"] == [None, None]
    assert groups["staff"]["p50_ci"] == [101_000, 107_000]  # x(2) and x(8) of 9


def test_a_median_interval_bound_tied_with_the_minimum_or_maximum_is_not_shown(
    tmp_path: Path,
) -> None:
    # Spokane's 9 filings showed [58,500, 175,000]: x(8) was tied with x(9), one director's
    # 175,000 filed twice, so the group's maximum was published.
    amounts = {
        "staff": [41_000, 58_500, 58_500, 62_000, 95_000, 120_000, 150_000, 175_000, 175_000],
        "principal": [50_000, 50_000, 60_000, 62_000, 95_000, 120_000, 150_000, 160_000, 175_000],
    }
    rows = [
        {**fixture_rows()[0], "level": level, "amount_usd": amount}
        for level, values in amounts.items()
        for amount in values
    ]
    store = Store.open(tmp_path / "ties.duckdb")
    load(store, tmp_path / "fixture-ties.csv", rows)
    groups = {g["key"]["level"]: g for g in stats(store, by=["level"])["groups"]}
    store.close()
    assert groups["staff"]["p50_ci"] == [58_500, None]  # x(2) and x(8) of 9; x(8) = x(9)
    assert groups["principal"]["p50_ci"] == [None, 160_000]  # x(2) = x(1)


def test_the_result_has_the_contract_shape(built: Store) -> None:
    result = stats(built, by=["level"], where={"role": ["ml_engineer"]})
    assert result["by"] == ["level"]
    assert result["where"] == {"role": ["ml_engineer"]}
    shown = next(g for g in result["groups"] if not g["suppressed"])
    assert list(shown) == GROUP_KEYS
    assert result["value"] == "amount_usd"
    assert result["pay_components"] == ["base"]
    assert result["sources"] == {"csv": sum(g["n"] for g in result["groups"])}


def test_no_group_by_is_one_group_of_everything(built: Store, rows: list[Row]) -> None:
    result = stats(built)
    assert [g["key"] for g in result["groups"]] == [{}]
    assert_matches(result["groups"][0], [float(r["amount_usd"]) for r in rows])


def test_two_fields_with_null_keys(built: Store, rows: list[Row]) -> None:
    result = stats(built, by=["level", "country"])
    expected = expected_groups(rows, ["level", "country"])
    assert any(None in key for key in expected) and any(key[0] is None for key in expected)
    assert_all_match(result, expected)


def test_where_values_of_one_field_are_any_of(built: Store, rows: list[Row]) -> None:
    roles = ["ml_engineer", "research_scientist"]
    result = stats(built, by=["level"], where={"role": roles})
    assert result["where"] == {"role": roles}
    assert_all_match(result, expected_groups(rows, ["level"], lambda r: r["role"] in roles))


def test_where_fields_are_anded(built: Store, rows: list[Row]) -> None:
    where = {"role": ["ml_engineer"], "year": ["2024"], "country": ["US", "DE"]}
    result = stats(built, by=["level"], where=where)

    def keep(r: Row) -> bool:
        return r["role"] == "ml_engineer" and r["year"] == 2024 and r["country"] in ("US", "DE")

    expected = expected_groups(rows, ["level"], keep)
    assert sum(map(len, expected.values())) < sum(
        map(len, expected_groups(rows, ["level"], lambda r: r["role"] == "ml_engineer").values())
    )
    assert_all_match(result, expected)


def test_a_filter_on_the_group_by_field(built: Store, rows: list[Row]) -> None:
    result = stats(built, by=["level", "country"], where={"level": ["senior", "executive"]})
    keep = {"senior", "executive"}
    assert_all_match(
        result, expected_groups(rows, ["level", "country"], lambda r: r["level"] in keep)
    )


def test_filter_values_are_data_not_sql(built: Store) -> None:
    # A title: a country's or a state's value is checked to be one first ("no country is
    # called"), a title's is taken as written.
    result = stats(built, by=["level"], where={"title": ["WA' OR '1'='1"]})
    assert result["groups"] == []
    assert stats(built)["groups"][0]["n"] == 276


def test_levels_come_in_ladder_order_unknown_last(built: Store) -> None:
    keys = [g["key"]["level"] for g in stats(built, by=["level"])["groups"]]
    assert keys == [*LEVELS, None]
    assert LEVELS == ("entry", "mid", "senior", "staff", "principal", "executive")


def test_free_text_groups_by_size_then_unknown_last(built: Store, rows: list[Row]) -> None:
    sizes = {k[0]: len(v) for k, v in expected_groups(rows, ["country"]).items() if k[0]}
    assert len(set(sizes.values())) == len(sizes)  # no ties: the order is by size alone
    biggest_first = sorted(sizes, key=lambda country: -sizes[country])
    groups = stats(built, by=["country"])["groups"]
    assert [g["key"]["country"] for g in groups] == [*biggest_first, None]


def test_two_fields_order_by_the_first_then_the_second(built: Store) -> None:
    # Levels in ladder order; within each, the last field's values largest first (ties
    # by name), unknown last: a company's titles within a pay component, by size.
    groups = stats(built, by=["level", "country"])["groups"]
    levels = [g["key"]["level"] for g in groups]
    assert levels == sorted(levels, key=lambda v: (v is None, LEVELS.index(v) if v else 0))
    for level in dict.fromkeys(levels):
        inside = [(g["key"]["country"], g["n"]) for g in groups if g["key"]["level"] == level]
        named = [(country, n) for country, n in inside if country is not None]
        assert named == sorted(named, key=lambda cn: (-cn[1], cn[0]))
        assert all(country is not None for country, _ in inside[: len(named)])
    by_name = stats(built, by=["country", "level"])["groups"]  # a first text field: by name
    countries = [g["key"]["country"] for g in by_name if g["key"]["country"] is not None]
    assert countries == sorted(countries)


def test_distinct_rows_counts_identical_rows_once(tmp_path: Path, store: Store) -> None:
    base = {"year": 2024, "title": "ML Engineer", "role": "ml_engineer", "level": "senior"}
    amounts = [150_000, 150_000, 150_000, 120_000, 120_000, 90_000, 200_000, 175_000, 110_000]
    fixture = [{**base, "pay_component": "base", "amount_usd": a} for a in amounts]
    load(store, tmp_path / "fixture-stats-duplicates.csv", fixture)
    answers = [stats(store, by=["level"], distinct_rows=flag) for flag in (False, True)]
    # Each answer says how it counted: an n of distinct rows had carried no mark of it.
    assert [answer["distinct_rows"] for answer in answers] == [False, True]
    every, distinct = (answer["groups"][0] for answer in answers)
    assert_matches(every, [float(a) for a in amounts])
    assert_matches(distinct, [float(a) for a in sorted(set(amounts))])
    assert (every["n"], distinct["n"]) == (9, 6)


@pytest.mark.parametrize(
    ("by", "where"),
    [
        (["salary"], {}),
        (["amount_usd"], {}),  # a value, not a field to group by
        (["level; DROP TABLE records"], {}),
        (['level" OR 1=1 --'], {}),
        ([], {"foo": ["1"]}),
        ([], {"level) OR (1=1": ["senior"]}),
        (["level", "level"], {}),
    ],
)
def test_bad_fields_are_refused(built: Store, by: list[str], where: dict[str, list[str]]) -> None:
    with pytest.raises(UnknownField) as refused:
        stats(built, by=by, where=where)
    assert "\n" not in str(refused.value)
    assert built.scalar("SELECT count(*) FROM records") == 276


def test_an_unknown_field_names_the_field_and_the_choices(built: Store) -> None:
    with pytest.raises(UnknownField, match=r"unknown field 'salary'; use one of: source, year"):
        stats(built, by=["salary"])


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ({"level": ["wizard"]}, "level 'wizard' is not one of entry, mid"),
        ({"role": ["ml_engineer", "astronaut"]}, "role 'astronaut' is not one of"),
        ({"year": ["abc"]}, "year needs a number, not 'abc'"),
        ({"year": ["2024.5"]}, "year needs a whole number, not '2024.5'"),
        ({"remote": ["half"]}, r"remote needs 0, 50 or 100 \(or in-person, hybrid, remote\)"),
        ({"country": [" "]}, "empty value for country"),
    ],
)
def test_bad_filter_values_are_refused(
    built: Store, where: dict[str, list[str]], message: str
) -> None:
    with pytest.raises(BadFilter, match=message):
        stats(built, by=["level"], where=where)


@pytest.mark.parametrize(
    ("where", "meant"),
    [
        ({"year": ["2023-"]}, "from 2023 on: year>=2023"),
        ({"year": ["2023 .. "]}, "from 2023 on: year>=2023"),
        ({"years_experience": ["5 to"]}, "from 5 on: years_experience>=5"),
    ],
)
def test_a_span_with_no_high_end_names_the_comparison(
    built: Store, where: dict[str, list[str]], meant: str
) -> None:
    # It had said only "year needs a number, not '2023-'", spans and comparisons unnamed.
    with pytest.raises(BadFilter, match=rf"\(a span has both ends; {meant}\)$"):
        stats(built, by=["level"], where=where)


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ({"year": ["-2020"]}, "year needs a number of 0 or more, not '-2020'"),
        ({"year": ["..2020"]}, "year needs a number, not '..2020'"),
        ({"year": [" to 2020"]}, "year needs a number, not 'to 2020'"),
        ({"years_experience": ["-5"]}, "years_experience needs a number of 0 or more, not '-5'"),
    ],
)
def test_a_span_with_no_low_end_names_the_comparison(
    built: Store, where: dict[str, list[str]], said: str
) -> None:
    # "year=-2020" had been read as the year -2020: "no record has year -2020; did you
    # mean 2013 or 2015 or 2016?"; "..2020" a bare "needs a number".
    name, (text,) = next(iter(where.items()))
    up_to = text.strip(" .-to")
    meant = rf"\(a span has both ends; up to {up_to}: {name}<={up_to}\)$"
    with pytest.raises(BadFilter, match=re.escape(said) + " " + meant):
        stats(built, by=["level"], where=where)


def test_numeric_filters_are_typed(built: Store, rows: list[Row]) -> None:
    result = stats(built, by=["level"], where={"year": [" 2023 "]})
    assert_all_match(result, expected_groups(rows, ["level"], lambda r: r["year"] == 2023))


@pytest.mark.parametrize("n", [*range(1, 60), 100, 200, 201, 1000])
def test_median_ci_ranks_are_scipys_order_statistics(n: int) -> None:
    ranks = np.arange(1, n + 1, dtype=float)  # the data are their own ranks
    ci = quantile_test(ranks, q=float(np.median(ranks)), p=0.5).confidence_interval(0.95)
    expected = None if np.isnan(ci.low) else (int(ci.low), int(ci.high))
    assert median_ci_ranks(n) == expected


@settings(max_examples=80, deadline=None)
@given(
    st.integers(min_value=1, max_value=2_000_000),
    st.sampled_from([0.5, 0.8, 0.9, 0.95, 0.99]),
)
def test_median_ci_ranks_match_scipys_binomial_at_any_size(n: int, confidence: float) -> None:
    # median_ci_ranks computes the binomial tails itself (no scipy at run time):
    # the ranks must be scipy's at every n, not just the small ones above.
    tail = (1 - confidence) / 2
    low, high = int(binom.ppf(tail, n, 0.5)) - 1, int(binom.isf(tail, n, 0.5))
    expected = None if low < 0 or high >= n else (low + 1, high + 1)
    assert median_ci_ranks(n, confidence) == expected
    assert computed_ranks(n, confidence) == expected  # where the table answers, too


def test_every_tabled_rank_is_scipys() -> None:
    # Small groups' ranks are read from a table (scripts/median_ci_ranks_table.py):
    # each of its entries must be scipy's, as computed ranks are.
    sizes = np.arange(paygrade.stats.TABLED_BELOW)
    low = binom.ppf(0.025, sizes, 0.5).astype(int) - 1
    high = binom.isf(0.025, sizes, 0.5).astype(int)
    expected = [
        None if lo < 0 or hi >= n else (lo + 1, hi + 1)
        for n, lo, hi in zip(sizes.tolist(), low.tolist(), high.tolist(), strict=True)
    ]
    assert [median_ci_ranks.__wrapped__(n) for n in sizes.tolist()] == expected


def test_the_table_holds_what_the_computation_gives() -> None:
    tabled = [median_ci_ranks.__wrapped__(n) for n in range(paygrade.stats.TABLED_BELOW)]
    assert tabled == [computed_ranks(n) for n in range(paygrade.stats.TABLED_BELOW)]
    # Past the table, and at another confidence, the ranks are computed.
    assert median_ci_ranks.__wrapped__(paygrade.stats.TABLED_BELOW) == computed_ranks(
        paygrade.stats.TABLED_BELOW
    )
    assert median_ci_ranks.__wrapped__(100, 0.9) == computed_ranks(100, 0.9) != (40, 61)


@pytest.mark.parametrize("n", [7, 100, 12_345, 1_000_001])
def test_median_ci_ranks_survive_a_starting_point_past_the_answer(
    n: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The search starts where the normal approximation puts the lower rank; if that ever
    # overshot, the full bisection must give scipy's ranks all the same.
    expected = computed_ranks(n)
    monkeypatch.setattr(paygrade.stats, "_normal_quantile", lambda tail: 0.0)
    assert computed_ranks(n) == expected
    low, high = int(binom.ppf(0.025, n, 0.5)) - 1, int(binom.isf(0.025, n, 0.5))
    assert expected == (None if low < 0 or high >= n else (low + 1, high + 1))


# Several lists of amounts a store, each its own year's group: a store ingested for each
# list (0.7 s of ingest for a few rows, then) had made this the suite's slowest test (46 s).
# A small file's ingest is about 0.2 s since the staged view binds at once (c468503).
# What the property checks is each group's figures; a store and its ingest (~0.25 s of CPU)
# are the cost of an example, whatever its groups. Up to 16 groups (years 2010-2025) an
# example, 30 examples check about as many groups against numpy and scipy as 50 of up to 6
# did (95-180 a run against 145-200, counted over runs) in 30 stores, not 50.
AMOUNT_LISTS = st.lists(
    st.lists(st.integers(min_value=1_000, max_value=5_000_000), min_size=1, max_size=60),
    min_size=1,
    max_size=16,
)


@settings(max_examples=30, deadline=None)
@given(AMOUNT_LISTS)
def test_any_amounts_match_numpy_and_scipy(lists: list[list[int]]) -> None:
    fixture = [
        {"year": 2010 + i, "title": "Data Scientist", "pay_component": "total", "amount_usd": a}
        for i, amounts in enumerate(lists)
        for a in amounts
    ]
    with tempfile.TemporaryDirectory() as folder:
        memory = Store.open(":memory:")
        try:
            load(memory, Path(folder) / "fixture-stats-property.csv", fixture)
            groups = stats(memory, ["year"], include_flagged=True)["groups"]
        finally:
            memory.close()
    assert [g["key"]["year"] for g in groups] == [2010 + i for i in range(len(lists))]
    for group, amounts in zip(groups, lists, strict=True):
        assert_matches(group, [float(a) for a in amounts])


def test_real_dollars_use_cpi_and_leave_out_years_without_it(
    tmp_path: Path, store: Store, data_dir: Path
) -> None:
    ingest_file(store, "cpi", data_dir / "cpi-u-annual.csv")
    cpi = dict(store.con.execute("SELECT year, cpi FROM cpi").fetchall())
    lines = ["year,title,pay_component,amount_usd"]
    nominal = {2019: [90_000 + 1_000 * i for i in range(12)], 2024: [100_000] * 6}
    for year, amounts in nominal.items():
        lines += [f"{year},Data Scientist,base,{a}" for a in amounts]
    lines.append(f"{max(cpi) + 1},Data Scientist,base,500000")  # no CPI for that year yet
    path = tmp_path / "fixture-stats-real.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest_file(store, "csv", path)

    result = stats(store, ["year"], value="amount_usd_real")

    assert result["value"] == "amount_usd_real"
    assert [g["key"]["year"] for g in result["groups"]] == [2019, 2024]  # ascending years
    real_2019 = [a * cpi[2024] / cpi[2019] for a in nominal[2019]]
    assert_matches(result["groups"][0], real_2019)
    assert result["groups"][1]["p50"] == 100_000  # 2024 is the reference year
    assert sum(g["n"] for g in result["groups"]) == 18  # the year without CPI is left out
    assert sum(g["n"] for g in stats(store, ["year"])["groups"]) == 19


def test_only_amounts_can_be_summarized(built: Store) -> None:
    with pytest.raises(UnknownField, match="cannot summarize 'year'"):
        stats(built, ["level"], value="year")


def test_a_limit_keeps_the_groups_with_most_records_in_display_order(real_store: Store) -> None:
    # Grouped by two fields, groups are listed by name: the first 15 were Google's titles
    # from A to R, its 777 "Software Engineer" filings cut from its profile.
    by, where = ["pay_component", "title"], {"company": ["Google"]}
    unlimited = stats(real_store, by, where, min_n=5)
    every = unlimited["groups"]
    limited = stats(real_store, by, where, min_n=5, limit=15)
    largest = sorted(every, key=lambda g: -g["n"])[:15]
    assert {g["key"]["title"] for g in limited["groups"]} == {g["key"]["title"] for g in largest}
    assert "Software Engineer" in {g["key"]["title"] for g in limited["groups"]}
    assert limited["groups"] == [g for g in every if g in limited["groups"]]  # display order
    assert limited["groups_omitted"] == unlimited["groups_omitted"] + len(every) - 15


def test_a_title_written_in_capitals_and_not_is_one_group_in_its_commonest_spelling(
    real_store: Store,
) -> None:
    # The filings of 2015-2019 are in capitals: "DATA SCIENTIST" and "Data Scientist" were
    # two groups of one title, on `stats --by title` and on every company page.
    where = {"role": ["data_scientist"], "pay_component": ["base"]}
    groups = stats(real_store, ["title"], where)["groups"]
    titles = [g["key"]["title"] for g in groups]
    assert len({t.lower() for t in titles}) == len(titles)
    spellings = dict(
        real_store.con.execute(
            "SELECT title, count(*) FROM records WHERE lower(title) = 'data scientist' "
            "AND role = 'data_scientist' AND pay_component = 'base' "
            "AND amount_usd IS NOT NULL AND coalesce(len(flags), 0) = 0 GROUP BY title"
        ).fetchall()
    )
    assert len(spellings) > 1  # the real store writes it more than one way
    (merged,) = [g for g in groups if g["key"]["title"].lower() == "data scientist"]
    assert merged["key"]["title"] == max(spellings, key=lambda s: (spellings[s], s))
    assert merged["n"] == sum(spellings.values())


def test_a_mean_exactly_between_two_cents_is_rounded_half_to_even_every_time(
    tmp_path: Path,
) -> None:
    # Fixture: six pays whose mean is exactly $87,277.365 (a real metro's mean was). Added
    # as doubles, in whatever order threads finish, it came out .36 or .37 from run to run;
    # added exactly, it is the tie, and half to even gives .36.
    rows = [
        {
            "year": 2024,
            "title": "ML Engineer",
            "role": "ml_engineer",
            "level": "senior",
            "country": "US",
            "pay_component": "base",
            "amount_usd": pay,
        }
        for pay in (87277.36, 87277.37) * 3
    ]
    store = Store.open(tmp_path / "ties.duckdb")
    try:
        load(store, tmp_path / "fixture-ties.csv", rows)
        means = {stats(store, ["level"])["groups"][0]["mean"] for _ in range(5)}
        store.con.execute("DELETE FROM record_cells")  # the same from the records themselves
        means.add(stats(store, ["level"])["groups"][0]["mean"])
    finally:
        store.close()
    # Summed as doubles over the two cells (3 x .36, 3 x .37) the mean is the double
    # nearest 87277.365, just above it: published .37.
    assert means == {87277.36}


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=5_000_000), st.floats(min_value=0.0, max_value=4.0))
def test_tail_sums_in_numpy_are_the_python_loops_to_the_last_bit(n: int, below: float) -> None:
    # A process that has NumPy (a large answer's steps came as arrays) sums large groups'
    # binomial tails in it: the ranks must not depend on which the process had.
    k = max(0, min((n - 1) // 2, n // 2 - round(below * math.sqrt(n))))
    term = paygrade.stats._half_pmf(k, n)
    in_python = paygrade.stats._tail_sum(term, k, n)
    assert paygrade.stats._tail_sum_arrays(np, term, k, n) == in_python


def test_ranks_of_large_groups_are_the_same_with_numpy_or_without(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sizes = [2_999, 3_000, 12_345, 334_111, 3_339_108]
    with_numpy = [computed_ranks(n) for n in sizes]
    monkeypatch.setitem(sys.modules, "numpy", None)  # as a process that never imported it
    assert [computed_ranks(n) for n in sizes] == with_numpy
    assert with_numpy[-1] == (
        int(binom.ppf(0.025, 3_339_108, 0.5)),
        int(binom.isf(0.025, 3_339_108, 0.5)) + 1,
    )


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**8),
    st.integers(min_value=-(10**18), max_value=10**20),
    st.booleans(),
)
def test_a_mean_in_whole_integers_is_the_decimal_one(n: int, pay_sum: int, tie: bool) -> None:
    # The mean of a DuckDB answer is rounded in integers; Spark's sums come as Decimal and
    # are rounded as Decimals: every cent, ties to even included, must agree.
    per_cent = n * PAY_SUM_UNITS // 100  # even: half of it is a whole unit
    if tie:  # exactly half a cent from two cents
        pay_sum = pay_sum // per_cent * per_cent + per_cent // 2
    assert paygrade.stats._mean(pay_sum, n) == paygrade.stats._mean(Decimal(pay_sum), n)


@pytest.mark.parametrize("by", [["company"], ["metro", "level"]])
def test_no_median_interval_of_the_real_store_publishes_a_minimum_or_maximum(
    real_store: Store, by: list[str]
) -> None:
    # The rule over every group of the real data, not the rows pinned above: with ties
    # (copies, one employer's rate) 336 company groups had shown one.
    keys = ", ".join(by)
    extremes = {
        tuple(row[:-2]): set(row[-2:])
        for row in real_store.con.execute(
            f"SELECT {keys}, min(amount_usd), max(amount_usd) FROM records "
            f"WHERE coalesce(len(flags), 0) = 0 GROUP BY ALL"
        ).fetchall()
    }
    shown = [g for g in stats(real_store, by)["groups"] if g.get("p50_ci")]
    assert len(shown) > 100
    for group in shown:
        published = {bound for bound in group["p50_ci"] if bound is not None}
        assert not published & extremes[tuple(group["key"][f] for f in by)], group
