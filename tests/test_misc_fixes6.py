"""Fixes of this stop's miscellany: test servers' ports under pytest-xdist, ..."""

from __future__ import annotations

import pytest

from tests.web.conftest import free_port, worker_ports


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
