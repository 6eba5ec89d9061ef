"""An offer's market position compares like with like first: its annualized total against
total pay at the narrowest place with 5 peers of it, and against base pay only where no
place has 5 of total pay. The metro's base pay had come first: 8 H-1B filings of 2016-2018
in the San Jose metro put the offer at percentile 100, 4,747 US peers' total pay unread."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.ingest import ingest_file
from paygrade.offers import Profile, market_position
from paygrade.store import Store
from paygrade.web.app import create_app
from tests.test_cli import ok

SAN_JOSE = "San Jose-Sunnyvale-Santa Clara, CA"
SEATTLE = "Seattle-Tacoma-Bellevue, WA"
AUSTIN = "Austin-Round Rock-San Marcos, TX"
BOSTON = "Boston-Cambridge-Newton, MA-NH"
# The audit's offer: $180,000 base, 15% bonus, $400,000 over Amazon's schedule, $50,000 sign-on.
AUDIT_OFFER = {"base": 180_000, "bonus_pct": 15, "equity": 400_000, "vesting": "amazon",
               "sign_on": 50_000, "role": "ml_engineer", "level": "senior"}  # fmt: skip
AUDIT_ARGS = [f"--{name.replace('_', '-')}={value}" for name, value in AUDIT_OFFER.items()] + [
    f"--metro={SAN_JOSE}"
]
# What the metro held, passed over: base pay alone, of years the offer is not of.
PASSED_OVER = (
    "the metro has 8 peers of base pay alone (h1b, 2016-2018): compared with the country's "
    "total pay"
)


def _assert_total_pay_of_the_country(market: dict[str, Any]) -> None:
    """The audit's San Jose offer, as every skin answers it on the real data."""
    assert (market["pay_component"], market["peers"]) == ("total", {"country": "US"})
    assert market["n"] >= 1_000 and max(market["years"]) >= 2024
    assert "dated" not in market  # the filings of 2016-2018 are not the peers
    assert market["widened"] == PASSED_OVER
    assert market["fallbacks"] == [
        f"metro {SAN_JOSE}: 0 peer record(s) of total pay, fewer than 5; 8 peers of base pay "
        "alone (h1b, 2016-2018)"
    ]


def test_the_cli_sets_an_offer_among_the_countrys_total_pay_not_the_metros_filings(
    real_db: Path,
) -> None:
    # It said "percentile": 100.0, "n": 8, "pay_component": "base", peers of 2016-2018.
    market = json.loads(ok("--db", real_db, "offer", *AUDIT_ARGS, "--format", "json"))["market"]
    _assert_total_pay_of_the_country(market)
    assert market["percentile"] < 100
    table = ok("--db", real_db, "offer", *AUDIT_ARGS)
    assert (
        f"note: {market['widened']}" in table and f"tried first: {market['fallbacks'][0]}" in table
    )


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=web_db)), raise_server_exceptions=False) as opened:
        yield opened


def test_the_api_sets_an_offer_among_the_countrys_total_pay_not_the_metros_filings(
    client: TestClient,
) -> None:
    offer = {**AUDIT_OFFER, "metro": SAN_JOSE}
    got = client.post("/api/v1/offers/evaluate", json={"offers": [offer]})
    assert got.status_code == 200, got.text
    _assert_total_pay_of_the_country(got.json()["offers"][0]["market"])


def _peers(
    store: Store, tmp_path: Path, rows: list[tuple[str, str, float, str]], year: int = 2024
) -> None:
    """Hand-written test peers, senior ML engineers in the US: (metro, pay_component, usd,
    years of experience or "")."""
    lines = ["year,title,role,level,years_experience,metro,country,pay_component,amount_usd"]
    lines += [
        f'{year},ML Engineer,ml_engineer,senior,{years},"{metro}",US,{component},{usd}'
        for metro, component, usd, years in rows
    ]
    path = tmp_path / f"test-peers-{year}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ingest_file(store, "csv", path).rows_accepted == len(rows)


def test_total_pay_at_the_narrowest_place_that_has_it_then_the_country(
    store: Store, tmp_path: Path
) -> None:
    seattle = [(SEATTLE, c, 100_000.0 * k, "") for k in range(1, 6) for c in ("total", "base")]
    boston = [(BOSTON, "total", 900_000.0, "")] * 5
    austin = [(AUSTIN, "base", 50_000.0, "")] * 6
    _peers(store, tmp_path, seattle + boston + austin)
    # The metro's 5 total-pay peers win over the country's 10 (and over its own base pay).
    held = market_position(store, 350_000, Profile("ml_engineer", "senior", SEATTLE))
    assert (held["pay_component"], held["n"], held["peers"]) == ("total", 5, {"metro": SEATTLE})
    assert (held["percentile"], held["fallbacks"]) == (60.0, []) and "widened" not in held
    # Austin's 6 filings of base pay alone are passed over for the country's total pay: the
    # old rule had set the offer's total against them, at percentile 100.
    austin_ = market_position(store, 350_000, Profile("ml_engineer", "senior", "austin"))
    assert (austin_["pay_component"], austin_["n"]) == ("total", 10)
    assert (austin_["peers"], austin_["percentile"]) == ({"country": "US"}, 30.0)
    assert austin_["widened"] == (
        "the metro has 6 peers of base pay alone (csv, 2024): compared with the country's total pay"
    )
    assert austin_["fallbacks"] == [
        f"metro {AUSTIN}: 0 peer record(s) of total pay, fewer than 5; 6 peers of base pay "
        "alone (csv, 2024)"
    ]
    assert "note" not in austin_  # not base-only


def test_total_pay_of_any_years_comes_before_base_pay_within_a_year_of_experience(
    store: Store, tmp_path: Path
) -> None:
    # Like for like outranks the years band: the metro's base pay of peers with 6 years had
    # been compared with first (percentile 100), its total pay of peers of any years unread.
    base = [(SEATTLE, "base", 100_000.0, "6")] * 5
    total = [(SEATTLE, "total", 200_000.0 * k, "") for k in range(1, 6)]
    _peers(store, tmp_path, base + total)
    market = market_position(store, 500_000, Profile("ml_engineer", "senior", SEATTLE, years=6))
    assert (market["pay_component"], market["n"], market["percentile"]) == ("total", 5, 40.0)
    assert market["peers"] == {"metro": SEATTLE} and "widened" not in market
    assert "peers of any years" in market["widened_years"]
    assert market["fallbacks"][0] == (
        f"metro {SEATTLE}, years_experience 5-7: 0 peer record(s) of total pay, fewer than 5; "
        "5 peers of base pay alone (csv, 2024)"
    )


def test_base_pay_only_where_no_place_has_total_pay_and_said_dated(tmp_path: Path) -> None:
    # Moved here from the real data (test_cli_offers), where no metro's filings of 2016-2018
    # are the peers of a senior ML engineer any more: the country's total pay is.
    db = tmp_path / "test-dated.duckdb"
    store = Store.open(db)
    for year in (2016, 2017, 2018):
        _peers(store, tmp_path, [(SEATTLE, "base", 100_000.0 + year, "")] * 2, year)
    newer = tmp_path / "test-newer.csv"
    newer.write_text(
        "year,title,role,level,country,pay_component,amount_usd\n"
        "2025,Data Scientist,data_scientist,senior,US,total,150000\n",
        encoding="utf-8",
    )
    ingest_file(store, "csv", newer)
    store.close()
    args = ("offer", "--base", "185000", "--equity", "400000", "--role", "ml_engineer",
            "--level", "senior", "--metro", "seattle")  # fmt: skip
    market = json.loads(ok("--db", db, *args, "--format", "json"))["market"]
    assert (market["pay_component"], market["n"]) == ("base", 6)
    assert market["peers"] == {"metro": SEATTLE} and "widened" not in market
    assert "base pay only" in market["note"]
    assert market["dated"].startswith("the peers' pay is of 2016-2018, in those years' dollars")
    assert market["fallbacks"] == [
        f"metro {SEATTLE}: 0 peer record(s) of total pay, fewer than 5; 6 peers of base pay "
        "alone (csv, 2016-2018)",
        "country US: 0 peer record(s) of total pay, fewer than 5; 6 peers of base pay alone "
        "(csv, 2016-2018)",
    ]
    assert f"note: {market['dated']}" in ok("--db", db, *args)
