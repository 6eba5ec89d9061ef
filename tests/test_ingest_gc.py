"""The cycle collector is paused while a file is ingested or rebuilt, and left as it was:
its passes over the lookups' and the gazetteer's many small objects freed nothing and
cost about an eighth of an ingest (benchmarks/ingest.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import paygrade.ingest
from paygrade.ingest import ingest_file
from paygrade.rebuild import rebuild
from paygrade.store import Store
from tests.conftest import FIXTURES


@pytest.fixture
def collecting() -> Iterator[list[bool]]:
    """Whether the collector was on each time the lookups were registered."""
    seen: list[bool] = []
    real = paygrade.ingest.register_lookups

    def spying(*args: Any, **kwargs: Any) -> None:
        seen.append(gc.isenabled())
        real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paygrade.ingest, "register_lookups", spying)
        yield seen


def test_an_ingest_pauses_the_collector_and_turns_it_back_on(
    tmp_path: Path, collecting: list[bool]
) -> None:
    store = Store.open(tmp_path / "gc.duckdb")
    try:
        assert gc.isenabled()
        ingest_file(store, "csv", FIXTURES / "fixture-canonical-small.csv")
        assert collecting == [False]
        assert gc.isenabled()
        rebuild(store)
        assert collecting == [False, False]
        assert gc.isenabled()
    finally:
        store.close()


def test_a_collector_switched_off_before_is_left_off(
    tmp_path: Path, collecting: list[bool]
) -> None:
    store = Store.open(tmp_path / "gc.duckdb")
    gc.disable()
    try:
        ingest_file(store, "csv", FIXTURES / "fixture-canonical-small.csv")
        assert collecting == [False] and not gc.isenabled()
    finally:
        gc.enable()
        store.close()
