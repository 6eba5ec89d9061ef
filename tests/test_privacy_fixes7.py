"""A group counting submitted salaries publishes its mean and percentiles coarser
(``stats.PRIVATE_STEP``), and says so in ``rounded_to``.

An audit of 2026-12-06: thirteen submissions at one new company, all mid level, twelve
alike and the thirteenth differing in one field, gave a company profile whose by-level
group (n = 13) and by-title or by-year group (n = 12) differ by that one submission; from
their exact means, 13 * mean13 - 12 * mean12 was its pay within a dollar (130,000.91 for
130,001), in one answer of the library, the API, the page and MCP alike. Their percentiles,
solved as equations, gave it to the cent where its rank is one a percentile reads: at rank 11
of 13 (140,001 in Seattle, WA), the 13's p75 is x(10), the 12's p90 = 0.1 x(10) + 0.9 x(11) gives
x(11), and the 13's p90 = 0.2 o + 0.8 x(11) gives o.

The submissions here are hand-written test fixtures (companies "Quuxlytics Fixture ...",
not data), approved into a scratch store of their own, with a few hand-written public
fixture rows beside them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest

from paygrade.companies import company_profile
from paygrade.config import Settings
from paygrade.formats import render_stats
from paygrade.ingest import ingest_file
from paygrade.stats import stats
from paygrade.store import Store
from paygrade.store.snapshot import publish
from paygrade.submissions import approve, submit
from tests.test_stats import GROUP_KEYS
from tests.web.conftest import Server

# The twelve alike, and the odd one's field, its pay and the profile table it is left out of.
FIXTURE_BASES = [110_000 + 3_137 * i for i in range(12)]
FIXTURE_ODD = {
    "Quuxlytics Fixture Title": ({"title": "Principal Quux Wrangler"}, 130_001, "by_title"),
    "Quuxlytics Fixture Year": ({"year": 2023}, 150_001, "by_year"),
}
# The odd one at rank 11 of 13 (138,233 < 140,001 < 141,370), whose percentiles gave its pay.
FIXTURE_RANK_11 = {
    "Quuxlytics Fixture State": ({"city": "Seattle", "state": "WA"}, 140_001, "by_state"),
}
FIXTURE_SUBMISSION: dict[str, Any] = {
    "title": "Data Scientist",
    "level": "mid",
    "years_experience": 4,
    "city": "Atlanta",
    "state": "GA",
    "country": "US",
    "bonus": 0,
    "stock_per_year": 0,
    "year": 2024,
}
# Public records (a hand-written CSV) at one of the companies, another level: their group
# counts no submission and keeps its exact mean, to the cent.
PUBLIC_FIXTURE = "year,title,company,level,pay_component,amount_usd\n" + "".join(
    f"2024,Research Scientist,Quuxlytics Fixture Title,senior,base,{pay}\n"
    for pay in (150_000.01, 152_000.02, 154_000.03, 156_000.04, 158_000.05, 160_000.07)
)
# The step docs/methodology.md gives (``stats.PRIVATE_STEP``), and so the bound: of
# 13 and 12 records, the pay from the two means is off by at most (13 + 12) half steps.
PRIVATE_STEP = 1_000
BOUND = (13 + 12) * PRIVATE_STEP / 2
# From percentiles at rank 11, each off by up to half a step: x(11) by up to
# (500 + 0.1 * 500) / 0.9, the pay by up to 5 * 500 + 4 * that, $4,944.44.
RANK_11_BOUND = 5 * PRIVATE_STEP / 2 + 4 * (PRIVATE_STEP / 2) * 1.1 / 0.9


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_db(tmp_path_factory.mktemp("privacy-fixes7"))


def build_fixture_db(folder: Path, first: tuple[tuple[str, Path], ...] = ()) -> Path:
    """The fixture submissions and public rows in a store in ``folder``; ``first``: files
    (source, path) ingested before them, such as the places a metro's figures need."""
    db = folder / "store.duckdb"
    (folder / "fixture-public-quuxlytics.csv").write_text(PUBLIC_FIXTURE, encoding="utf-8")
    with closing(Store.open(db)) as writing:
        for source, path in first:
            ingest_file(writing, source, path)
        ingest_file(writing, "csv", folder / "fixture-public-quuxlytics.csv")
    settings = Settings(db=db, submissions_per_hour=1_000)
    ids = []
    for company, (odd, pay, _) in {**FIXTURE_ODD, **FIXTURE_RANK_11}.items():
        alike = {**FIXTURE_SUBMISSION, "company": company}
        for i, base in enumerate(FIXTURE_BASES):
            ids.append(submit(settings, {**alike, "base": base}, client=f"{company}{i}")["id"])
        ids.append(submit(settings, {**alike, **odd, "base": pay}, client=company)["id"])
    # Approved in one opening of the store and published once: opening, publishing and
    # closing it per submission (``approve_and_publish``) was a third of these ~40
    # approvals' time, and no test here reads a copy published between two of them.
    with closing(Store.open(db)) as writing:
        for number in ids:
            approve(writing, settings, number)
        publish(writing)
    return db


@pytest.fixture(scope="module")
def fixture_store(fixture_db: Path) -> Iterator[Store]:
    with closing(Store.open(fixture_db, read_only=True)) as opened:
        yield opened


def _base_group(profile: dict[str, Any], table: str, n: int) -> dict[str, Any]:
    (group,) = [
        g for g in profile[table]["groups"] if g["key"]["pay_component"] == "base" and g["n"] == n
    ]
    return group


def _differenced(profile: dict[str, Any], table: str) -> float:
    """The odd submission's pay as the two groups' means give it: 13 * mean13 - 12 * mean12."""
    return (
        13 * _base_group(profile, "by_level", 13)["mean"]
        - 12 * _base_group(profile, table, 12)["mean"]
    )


@pytest.mark.parametrize("company", list(FIXTURE_ODD))
def test_two_means_one_submission_apart_no_longer_give_its_pay(
    fixture_store: Store, company: str
) -> None:
    # Exact means had given 130,000.91 and 150,000.95: the pays to the cent.
    _, pay, table = FIXTURE_ODD[company]
    profile = company_profile(fixture_store, company)
    found = _differenced(profile, table)
    assert 1 < abs(found - pay) <= BOUND, found
    for key, n in (("by_level", 13), (table, 12)):
        assert _base_group(profile, key, n)["mean"] % PRIVATE_STEP == 0


def test_a_group_of_public_records_alone_keeps_its_exact_mean(fixture_store: Store) -> None:
    where = {"company": ["Quuxlytics Fixture Title"], "pay_component": ["base"]}
    groups = {g["key"]["level"]: g for g in stats(fixture_store, ["level"], where)["groups"]}
    assert groups["senior"]["mean"] == 155_000.04  # 930,000.22 / 6, to the cent
    assert groups["mid"]["mean"] == 127_000.0  # its submissions': 1,657,043 / 13 = 127,464.85


def test_the_api_of_a_real_server_gives_the_means_coarser(fixture_db: Path) -> None:
    server = Server(fixture_db)
    try:
        company, (_, pay, table) = "Quuxlytics Fixture Year", FIXTURE_ODD["Quuxlytics Fixture Year"]
        got = httpx.get(f"{server.url}/api/v1/companies/{company}", timeout=60)
        assert got.status_code == 200, got.text
        found = _differenced(got.json(), table)
        assert 1 < abs(found - pay) <= BOUND, found
        asked = f"where=company:{company}&where=pay_component:base&by=level"
        csv = httpx.get(f"{server.url}/api/v1/stats.csv?{asked}", timeout=60)
        said = csv.headers.get_list("X-Paygrade-Warning")
        assert any("mean and percentiles to the nearest $1,000" in s for s in said), said
        group = _base_group(got.json(), "by_level", 13)
        assert group["rounded_to"] == PRIVATE_STEP and group["p50"] % PRIVATE_STEP == 0
        # The pages say it in their notes: a company's, and Explore's of such a group alone.
        page = httpx.get(f"{server.url}/companies/{company}", timeout=60).text
        assert 'data-testid="stats-rounded">Mean and percentiles to the nearest $1,000' in page
        public = "where=company:Quuxlytics Fixture Title&where=level:senior&by=pay_component"
        assert 'data-testid="stats-rounded"' not in _explored(server.url, public)
        private = "where=company:Quuxlytics Fixture Title&where=level:mid&by=pay_component"
        assert 'data-testid="stats-rounded"' in _explored(server.url, private)
    finally:
        server.stop()


def _explored(url: str, asked: str) -> str:
    got = httpx.get(f"{url}/explore?{asked}", timeout=60)
    assert got.status_code == 200 and 'data-testid="stats-table"' in got.text, got.text[:500]
    return got.text


def _solved_at_rank_11(profile: dict[str, Any], table: str) -> float:
    """The odd pay from the pair's percentiles, its rank 11 of 13 supposed (as an asker
    trying each rank would): x(10), then x(11), then the pay."""
    thirteen, twelve = _base_group(profile, "by_level", 13), _base_group(profile, table, 12)
    tenth = thirteen["p75"]
    eleventh = (twelve["p90"] - 0.1 * tenth) / 0.9
    return float(5 * thirteen["p90"] - 4 * eleventh)


def test_percentiles_of_two_groups_one_submission_apart_no_longer_give_its_pay(
    fixture_store: Store,
) -> None:
    # Exact percentiles had given 140,001 to the cent.
    company, (_, pay, table) = next(iter(FIXTURE_RANK_11.items()))
    profile = company_profile(fixture_store, company)
    found = _solved_at_rank_11(profile, table)
    assert 1 < abs(found - pay) <= RANK_11_BOUND, found
    for key, n in (("by_level", 13), (table, 12)):
        group = _base_group(profile, key, n)
        assert all(group[p] % PRIVATE_STEP == 0 for p in ("p10", "p25", "p50", "p75", "p90"))


def test_rounded_to_says_which_groups_are_coarse(fixture_store: Store) -> None:
    where = {"company": ["Quuxlytics Fixture Title"], "pay_component": ["base"]}
    groups = {g["key"]["level"]: g for g in stats(fixture_store, ["level"], where)["groups"]}
    assert list(groups["mid"]) == list(groups["senior"]) == GROUP_KEYS
    assert groups["mid"]["rounded_to"] == PRIVATE_STEP
    assert groups["mid"]["p25"] == 119_000.0  # x(4) of its 13: 119,411
    # Public records alone: exact, to the cent (p25 of the six: 152,500.0225).
    assert groups["senior"]["rounded_to"] is None
    assert groups["senior"]["p25"] == 152_500.02


def test_the_table_says_the_percentiles_are_to_the_nearest_thousand(fixture_store: Store) -> None:
    where = {"company": ["Quuxlytics Fixture Title"], "pay_component": ["base"]}
    table = render_stats(stats(fixture_store, ["level"], where), "table")
    assert "mean and percentiles to the nearest $1,000 of a group counting" in table
