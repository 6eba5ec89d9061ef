"""Submitted salaries in aggregates: counted where enough of them are, never given away.

A copy of the real store with hand-written fixture submissions approved into it (the
fixture values are a test's, named as such: company "Fixture Zyx Audit"). The attacks
are the ones an audit of 2026-12-04 made work: a small group's percentiles, a mean with
and without them, a listing by every field.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from paygrade.companies import companies
from paygrade.config import Settings
from paygrade.engines import PRIVATE_MIN
from paygrade.evidence import records
from paygrade.offers import _peer_pay
from paygrade.stats import stats
from paygrade.store import Store
from paygrade.submissions import approve, submit
from tests.test_engines import _ibis_on_duckdb
from tests.test_submissions import GOOD

COMPANY = "Fixture Zyx Audit"
SEATTLE = "Seattle-Tacoma-Bellevue, WA"
PUBLIC = ["aijobs", "h1b", "h1b_2013", "h1b_2024", "so_survey"]


def fixture_submission(base: int, **fields: Any) -> dict[str, Any]:
    return {**GOOD, "company": COMPANY, "base": base, "bonus": 0, "stock_per_year": 0, **fields}


@pytest.fixture(scope="module")
def store(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The real store with three fixture submissions at one company, senior in Seattle,
    and five more at another level (mid): a group of 6 records, one of 10."""
    db = tmp_path_factory.mktemp("privacy") / "store.duckdb"
    shutil.copyfile(real_db, db)
    settings = Settings(db=db, submissions_per_hour=100)
    senior = [333_333, 345_678, 444_444]
    mid = [150_001, 160_002, 170_003, 180_004, 190_005]
    for i, base in enumerate(senior):
        submit(settings, fixture_submission(base), client=f"s{i}")
    for i, base in enumerate(mid):
        submit(settings, fixture_submission(base, level="mid", years_experience=3), client=f"m{i}")
    with closing(Store.open(db)) as writing:
        for number in range(1, len(senior) + len(mid) + 1):
            approve(writing, settings, number)
    opened = Store.open(db, read_only=True)
    yield opened
    opened.close()


def test_three_submissions_make_no_group_however_asked(store: Store) -> None:
    # Counted as records they were a group of six (a base and a total record each) whose
    # p25, median and p75 gave every one's pay (345,678 was the median).
    where = {"company": [COMPANY], "level": ["senior"]}
    for flagged in (False, True):
        answer = stats(store, [], where, include_flagged=flagged)
        assert answer["groups"] == [] and answer["sources"] == {}
    # Listed by every field, one row each (n = 1), they said who submitted what.
    every = ["company", "title", "metro", "level", "years_experience", "year"]
    listed = stats(store, every, {"source": ["submission"]})["groups"]
    assert [g["key"]["level"] for g in listed] == ["mid"]  # the five, and they alone
    assert listed[0]["n"] == 2 * 5


def test_a_mean_with_and_without_them_is_the_same(store: Store) -> None:
    # Boise's mean with one submission, less its mean without, was that submission's pay.
    where = {"metro": [SEATTLE], "pay_component": ["base"], "level": ["senior"]}
    with_all = stats(store, ["metro"], where)["groups"][0]
    public = stats(store, ["metro"], {**where, "source": PUBLIC})["groups"][0]
    assert with_all["n"] > 100 and (with_all["n"], with_all["mean"]) == (
        public["n"],
        public["mean"],
    )


def test_enough_submissions_in_a_group_count(store: Store) -> None:
    # Five submitters, ten records: the group is theirs to be counted in, as any other.
    counted = stats(store, ["level"], {"company": [COMPANY]})
    (mid,) = counted["groups"]
    assert (mid["key"], mid["n"]) == ({"level": "mid"}, PRIVATE_MIN)
    assert counted["sources"] == {"submission": PRIVATE_MIN}
    # A group narrowed to one component holds five of their records: below the line.
    assert (
        stats(store, ["level"], {"company": [COMPANY], "pay_component": ["base"]})["groups"] == []
    )


def test_a_company_and_an_offer_keep_a_few_submissions_out(store: Store) -> None:
    # The companies list named the submitters' employer as typed with their count; an
    # offer's peers held the three, so its percentile stepped across each one's pay.
    listed = {c["company"]: c for c in companies(store, search="fixture zyx")}
    # Eight submissions at the company (16 records): counted, as `stats --by company` does;
    # the names they typed are not shown.
    by_company = stats(store, ["company"], {"company": [COMPANY]})["groups"]
    assert listed[COMPANY]["n"] == by_company[0]["n"] == 16
    assert listed[COMPANY]["raw_names"] == []
    peers, _ = _peer_pay(store, {"company": [COMPANY], "level": ["senior"]})
    assert peers == []
    mid, _ = _peer_pay(store, {"company": [COMPANY], "level": ["mid"]})
    assert len(mid) == PRIVATE_MIN


def test_the_records_listing_tells_their_count_only_where_a_group_would_count_them(
    store: Store,
) -> None:
    # "also matching: 2 submission records" told whether one person had submitted.
    assert records(store, {"company": [COMPANY]})["not_listed"] == {"submission": 16}
    assert records(store, {"company": [COMPANY], "level": ["senior"]})["not_listed"] == {}


@pytest.mark.parametrize(
    ("by", "where"),
    [
        (["level"], {"company": [COMPANY]}),
        (["company", "level"], {"metro": [SEATTLE]}),
        (["title"], {"source": ["submission"]}),
        ([], {"metro": [SEATTLE], "level": ["senior"]}),
    ],
)
def test_both_renderings_keep_the_same_submissions(
    store: Store, by: list[str], where: dict[str, list[Any]]
) -> None:
    # The rule lives in the plan: Spark's rendering (Ibis) keeps what DuckDB's keeps.
    assert stats(store, by, where) == stats(store, by, where, engine=_ibis_on_duckdb(store))
