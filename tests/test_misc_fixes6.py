"""Fixes of this stop's miscellany: an offer's peer sets tried, said once each; test
servers' ports under pytest-xdist."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.offers import Profile, market_position
from paygrade.store import Store
from tests.test_market_fixes6 import BOSTON, SEATTLE, _peers
from tests.web.conftest import free_port, worker_ports


def test_a_place_tried_for_total_then_base_pay_is_one_fallback(
    store: Store, tmp_path: Path
) -> None:
    # Seattle was listed for total pay, then again after the country for base pay:
    # "metro Seattle...: 2 peer record(s) of base pay, fewer than 5".
    _peers(store, tmp_path, [(SEATTLE, "base", 100_000.0, "")] * 2)
    _peers(store, tmp_path, [(BOSTON, "base", 120_000.0, "")] * 6, 2023)
    market = market_position(store, 350_000, Profile("ml_engineer", "senior", SEATTLE))
    assert (market["pay_component"], market["peers"], market["n"]) == (
        "base", {"country": "US"}, 8
    )  # fmt: skip
    assert market["fallbacks"] == [
        f"metro {SEATTLE}: 0 peer record(s) of total pay and 2 of base pay, fewer than 5 of each",
        "country US: 0 peer record(s) of total pay, fewer than 5; 8 peers of base pay alone "
        "(csv, 2023-2024)",
    ]


def test_no_set_large_enough_says_each_set_once_with_both_counts(
    store: Store, tmp_path: Path
) -> None:
    _peers(store, tmp_path, [(SEATTLE, "total", 200_000.0, "6"), (SEATTLE, "base", 1e5, "")])
    market = market_position(store, 350_000, Profile("ml_engineer", "senior", SEATTLE, years=6))
    assert market["percentile"] is None and market["n"] == 1  # the first set with peers
    assert market["fallbacks"] == [
        f"metro {SEATTLE}, years_experience 5-7: 1 peer record(s) of total pay and 0 of base "
        "pay, fewer than 5 of each",
        "country US, years_experience 5-7: 1 peer record(s) of total pay and 0 of base pay, "
        "fewer than 5 of each",
        f"metro {SEATTLE}: 1 peer record(s) of total pay and 1 of base pay, fewer than 5 of each",
        "country US: 1 peer record(s) of total pay and 1 of base pay, fewer than 5 of each",
    ]


@pytest.mark.parametrize(
    ("worker", "workers", "ports"),
    [
        ("", 1, range(18460, 18480)),  # not under xdist: the whole range
        ("gw0", 1, range(18460, 18480)),
        ("gw0", 2, range(18460, 18470)),
        ("gw1", 2, range(18460 + 10, 18480)),
        ("gw0", 3, range(18460, 18466)),
        ("gw2", 3, range(18472, 18480)),  # the last share takes the ports left over
    ],
)
def test_each_xdist_worker_takes_its_own_share_of_the_port_range(
    worker: str, workers: int, ports: range
) -> None:
    # Both workers of `pytest -n 2` took the first free port of the whole range, and
    # could start their servers on the same one.
    assert worker_ports("18460-18479", worker, workers) == ports


def test_shares_of_the_port_range_do_not_overlap_and_cover_it() -> None:
    shares = [worker_ports("18300-18319", f"gw{i}", 3) for i in range(3)]
    assert [port for share in shares for port in share] == list(range(18300, 18320))


def test_any_port_is_not_split_and_a_too_small_range_is_refused() -> None:
    assert worker_ports("0-0", "gw1", 2) == range(0, 1)
    with pytest.raises(RuntimeError, match="fewer ports than 3 workers"):
        worker_ports("18460-18461", "gw2", 3)


def test_a_second_worker_takes_a_port_of_its_share(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESTS_PORT_RANGE", "18460-18479")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    assert free_port() in range(18470, 18480)
