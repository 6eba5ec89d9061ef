"""An offer set against base-only peers (H-1B filings) checked by hand: its base alone is
ranked among the same peers too, like for like, beside its total's percentile."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

from tests.test_cli import ok, run

# A staff ML engineer's offer in the US: the store holds too few peers of total pay for
# staff (surveys seldom report it), so the offer is set against filings' base pay.
STAFF = ("--role", "ml_engineer", "--level", "staff", "--country", "US")
OFFER = ("--base", "260000", "--bonus-pct", "20", "--equity", "1.2M")


def hand_percentile(value: float, peers: list[float]) -> float:
    """Share of peers paid less, a tie counted half, to one decimal half up."""
    below = sum(1 for p in peers if p < value) + Fraction(sum(1 for p in peers if p == value), 2)
    return float(round(Fraction(below * 100, len(peers)) * 10 + Fraction(1, 2)) // 1) / 10


def base_peers(db: Path, years: list[int]) -> list[float]:
    """The peers' base pay, read from the store by hand: public, unflagged, of the years the
    answer names."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT amount_usd FROM records WHERE role = 'ml_engineer' AND level = 'staff' "
            "AND country = 'US' AND pay_component = 'base' AND amount_usd IS NOT NULL "
            "AND coalesce(len(flags), 0) = 0 AND source <> 'submission' "
            "AND year IN (SELECT unnest(?))",
            [years],
        ).fetchall()
    finally:
        con.close()
    return [float(r[0]) for r in rows]


def test_an_offer_among_base_only_peers_also_ranks_its_base_alone(real_db: Path) -> None:
    market = json.loads(ok("--db", real_db, "offer", *OFFER, *STAFF, "--format", "json"))["market"]
    assert market["pay_component"] == "base"
    peers = base_peers(real_db, market["years"])
    assert len(peers) == market["n"]
    # Its 612,000 a year against base pay alone had been the only rank said: percentile 100.
    assert market["percentile"] == hand_percentile(612_000, peers) == 100.0
    assert market["base_percentile"] == hand_percentile(260_000, peers) < 100
    said = f"its base alone, like for like, pays more than {market['base_percentile']:g}%"
    assert said in market["note"]
    assert f"note: {market['note']}" in ok("--db", real_db, "offer", *OFFER, *STAFF)


def test_a_base_only_offer_has_no_second_rank(real_db: Path) -> None:
    answer = ok("--db", real_db, "offer", "--base", "260000", *STAFF, "--format", "json")
    market = json.loads(answer)["market"]
    assert market["pay_component"] == "base" and "base_percentile" not in market


# Amounts typed with their currency's code first, as many write them ("EUR 85,000").
CODE_FIRST = ("EUR 85,000", "USD 120000", "chf 95k")


@pytest.mark.parametrize("typed", CODE_FIRST)
def test_an_amount_led_by_its_currency_code_asks_for_the_currency_option(
    typed: str, tmp_path: Path
) -> None:
    # It had been "'EUR 85,000' is not an amount (write 185000, ...)", where "85,000 EUR"
    # is told to give the currency with --currency.
    done = run("--db", tmp_path / "none.duckdb", "offer", "--base", typed)
    assert done.returncode == 2
    assert f"{typed!r} is not an amount: give the currency with --currency" in done.stderr
