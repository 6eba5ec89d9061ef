"""A group counting submitted salaries publishes its mean coarser (``stats.PRIVATE_MEAN_STEP``).

An audit of 2026-12-06: thirteen submissions at one new company, all mid level, twelve
alike and the thirteenth differing in one field, gave a company profile whose by-level
group (n = 13) and by-title or by-year group (n = 12) differ by that one submission; from
their exact means, 13 * mean13 - 12 * mean12 was its pay within a dollar (130,000.91 for
130,001), in one answer of the library, the API, the page and MCP alike.

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
from paygrade.submissions import approve_and_publish, submit
from tests.web.conftest import Server

# The twelve alike, and the odd one's field, its pay and the profile table it is left out of.
FIXTURE_BASES = [110_000 + 3_137 * i for i in range(12)]
FIXTURE_ODD = {
    "Quuxlytics Fixture Title": ({"title": "Principal Quux Wrangler"}, 130_001, "by_title"),
    "Quuxlytics Fixture Year": ({"year": 2023}, 150_001, "by_year"),
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
# The step docs/methodology.md gives (``stats.PRIVATE_MEAN_STEP``), and so the bound: of
# 13 and 12 records, the pay from the two means is off by at most (13 + 12) half steps.
PRIVATE_MEAN_STEP = 1_000
BOUND = (13 + 12) * PRIVATE_MEAN_STEP / 2


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("privacy-fixes7")
    db = folder / "store.duckdb"
    (folder / "fixture-public-quuxlytics.csv").write_text(PUBLIC_FIXTURE, encoding="utf-8")
    with closing(Store.open(db)) as writing:
        ingest_file(writing, "csv", folder / "fixture-public-quuxlytics.csv")
    settings = Settings(db=db, submissions_per_hour=1_000)
    ids = []
    for company, (odd, pay, _) in FIXTURE_ODD.items():
        alike = {**FIXTURE_SUBMISSION, "company": company}
        for i, base in enumerate(FIXTURE_BASES):
            ids.append(submit(settings, {**alike, "base": base}, client=f"{company}{i}")["id"])
        ids.append(submit(settings, {**alike, **odd, "base": pay}, client=company)["id"])
    for number in ids:
        approve_and_publish(settings, number, wait=5.0)
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
        assert _base_group(profile, key, n)["mean"] % PRIVATE_MEAN_STEP == 0


def test_a_group_of_public_records_alone_keeps_its_exact_mean(fixture_store: Store) -> None:
    where = {"company": ["Quuxlytics Fixture Title"], "pay_component": ["base"]}
    groups = {g["key"]["level"]: g for g in stats(fixture_store, ["level"], where)["groups"]}
    assert groups["senior"]["mean"] == 155_000.04  # 930,000.22 / 6, to the cent
    assert groups["mid"]["mean"] == 127_000.0  # its submissions': 1,657,043 / 13 = 127,464.85


def test_the_table_says_the_mean_is_to_the_nearest_thousand(fixture_store: Store) -> None:
    where = {"company": ["Quuxlytics Fixture Title"], "pay_component": ["base"]}
    table = render_stats(stats(fixture_store, ["level"], where), "table")
    assert "mean to the nearest $1,000 of a group counting submitted salaries" in table


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
        assert any("mean to the nearest $1,000" in s for s in said), said
    finally:
        server.stop()
