"""Order statistics from folded steps: lists and arrays agree with each other and with
NumPy over the unfolded records, and the statistics do not depend on which is used, nor
on whether the groups' own queries run alongside the steps query."""

from __future__ import annotations

import threading
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paygrade.engines import PAY_SUM_UNITS, QUANTILES, Plan, arrays, duckdb_sql, order
from paygrade.engines.arrays import ArraySteps
from paygrade.engines.duckdb_sql import DuckDBEngine
from paygrade.engines.order import ListSteps
from paygrade.stats import stats
from paygrade.store import Store
from tests.conftest import opened_copy
from tests.test_engines import QUERIES, _ibis_on_duckdb, _ids

# Groups of (pay, (count, firsts)) steps: few distinct pays, repeated, as real pay is;
# some a whole 1/10,000 dollar and a half (0.00125: a tie that DuckDB rounds up).
GROUPS = st.lists(
    st.dictionaries(
        st.integers(0, 40).map(lambda k: 1_000.0 * k + 0.5 * (k % 3) + 0.00125 * (k % 2)),
        st.integers(1, 6).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))),
        min_size=1,
        max_size=8,
    ),
    min_size=1,
    max_size=6,
)
Columns = tuple[list[int], list[float], list[int], list[int]]


def _steps(groups: list[dict[float, tuple[int, int]]]) -> Columns:
    rows = [
        (g * 7 + 3, pay, n, f)
        for g, steps in enumerate(groups)
        for pay, (n, f) in sorted(steps.items())
    ]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]


def _in_duckdb(pays: list[float]) -> list[int]:
    """Each pay in whole 1/PAY_SUM_UNITS dollars as the SQL renderings round it."""
    return [
        int(duckdb.execute(f"SELECT round(?::DOUBLE * {PAY_SUM_UNITS})", [p]).fetchall()[0][0])
        for p in pays
    ]


@settings(max_examples=200, deadline=None)
@given(GROUPS)
def test_lists_and_arrays_give_numpys_quantiles_of_the_unfolded_records(
    groups: list[dict[float, tuple[int, int]]],
) -> None:
    ids, pays, counts, firsts = _steps(groups)
    listed = ListSteps(ids, pays, counts, firsts)
    arrayed = ArraySteps(*map(np.array, (ids, pays, counts, firsts)))
    qs = list(QUANTILES.values())
    unfolded = [np.repeat(sorted(g), [g[p][0] for p in sorted(g)]) for g in groups]
    expected = [np.quantile(values, qs).tolist() for values in unfolded]
    assert listed.ids == arrayed.ids == sorted(set(ids))
    assert listed.sizes == arrayed.sizes == [len(v) for v in unfolded]
    # Lists and arrays bit for bit (the same operations in the same order); numpy's
    # lerp rounds differently in the last bit (published pay is rounded to cents).
    assert listed.quantiles(qs) == arrayed.quantiles(qs)
    assert np.allclose(listed.quantiles(qs), expected, rtol=1e-12, atol=0)
    every = [(g, p) for g, values in enumerate(unfolded) for p in range(len(values))]
    positions = [p for _, p in every]
    members = [g for g, _ in every]
    sorted_values = [v for values in unfolded for v in values.tolist()]
    assert listed.at(members, positions) == arrayed.at(members, positions) == sorted_values
    # The counts and the exact pay sums the groups' rows carry, as SQL would count them.
    assert listed.firsts() == arrayed.firsts() == [sum(f for _, f in g.values()) for g in groups]
    rounded = [dict(zip(g, _in_duckdb(list(g)), strict=True)) for g in groups]
    summed = [
        sum(r[p] * n for p, (n, _) in g.items()) for g, r in zip(groups, rounded, strict=True)
    ]
    assert listed.pay_sums() == arrayed.pay_sums() == summed


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-1e9, 1e9, allow_nan=False), min_size=1, max_size=30))
def test_a_pay_is_rounded_to_units_as_duckdb_rounds_it(pays: list[float]) -> None:
    ties = [(2 * k + 1) / (2 * PAY_SUM_UNITS) for k in range(-3, 4)]  # 0.00005 and kin
    assert [order.units(p) for p in pays + ties] == _in_duckdb(pays + ties)


def test_pay_sums_past_int64_are_summed_in_python_integers() -> None:
    # 10^7 records of a $10^12 pay: 10^23 units, past what NumPy's int64 holds.
    columns = ([1, 1, 2], [1e12, 3.00005, 1e12], [10**7, 3, 1], [1, 1, 1])
    expected = [10**23 + 3 * 30_001, 10**16]
    assert ArraySteps(*map(np.array, columns)).pay_sums() == expected
    assert ListSteps(*map(list, columns)).pay_sums() == expected  # type: ignore[arg-type]


def test_no_steps_are_no_groups() -> None:
    listed, arrayed = ListSteps([], [], [], []), ArraySteps(*(np.array([]) for _ in range(4)))
    assert listed.ids == arrayed.ids == []
    assert listed.quantiles([0.5]) == arrayed.quantiles([0.5]) == []
    assert listed.firsts() == arrayed.firsts() == listed.pay_sums() == arrayed.pay_sums() == []


@pytest.mark.parametrize("query", QUERIES, ids=_ids)
def test_stats_are_the_same_read_as_lists_or_as_arrays(
    real_store: Store,
    query: tuple[list[str], dict[str, list[Any]], dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    by, where, options = query
    at_hand = stats(real_store, by, where, **options)  # this process has NumPy: arrays early
    monkeypatch.setattr(order, "arrays_at_hand", lambda: False)  # as a process without it
    monkeypatch.setattr(order, "LISTS_UP_TO", 10**12)
    as_lists = stats(real_store, by, where, **options)
    monkeypatch.setattr(order, "LISTS_UP_TO", -1)
    as_arrays = stats(real_store, by, where, **options)
    assert as_arrays == as_lists == at_hand
    assert as_lists["groups"] or "no_match" in as_lists


def test_the_size_of_an_answer_chooses_lists_or_arrays(
    real_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen: list[str] = []
    for module, name in ((order, "ListSteps"), (arrays, "ArraySteps")):
        made = getattr(module, name)
        monkeypatch.setattr(
            module, name, lambda *a, _made=made: chosen.append(_made.__name__) or _made(*a)
        )
    stats(real_store, ["level"], {"role": ["ml_engineer"]})  # a few thousand cells
    stats(real_store, ["level"])  # every cell of the store
    # A process that has NumPy already reads any answer as arrays, without waiting for
    # the groups' counts to bound its size; one without it, by that size.
    assert chosen == ["ArraySteps", "ArraySteps"]
    monkeypatch.setattr(order, "arrays_at_hand", lambda: False)
    chosen.clear()
    stats(real_store, ["level"], {"role": ["ml_engineer"]})
    stats(real_store, ["level"])
    assert chosen == ["ListSteps", "ArraySteps"]


@pytest.mark.parametrize("query", QUERIES, ids=_ids)
def test_the_groups_queries_alongside_the_steps_give_the_same_answer(
    real_db: Path, query: tuple[list[str], dict[str, list[Any]], dict[str, Any]]
) -> None:
    by, where, options = query
    store = Store.open(real_db, read_only=True)
    try:
        answers = []
        for alongside in (False, True):
            engine = DuckDBEngine(store.con, alongside=alongside)
            try:
                answers.append(stats(store, by, where, **options, engine=engine))
            finally:
                engine.close()
        assert answers[0] == answers[1]
        assert stats(store, by, where, **options) == answers[0]  # read-only: alongside
    finally:
        store.close()


def test_a_failure_alongside_is_raised_to_the_caller(
    real_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: object) -> None:
        raise RuntimeError("the provenance query failed")

    monkeypatch.setattr(duckdb_sql, "_provenance", failing)
    engine = DuckDBEngine(real_store.con, alongside=True)
    try:
        with pytest.raises(RuntimeError, match="the provenance query failed"):
            engine.aggregate(Plan(("level",)))
    finally:
        engine.close()
    assert engine._side is None  # closed with the engine


def test_a_store_open_for_writing_answers_from_its_own_transaction(
    real_db: Path, tmp_path: Path
) -> None:
    # A second cursor would not see what this one has not committed: a writable store
    # runs every query on its own cursor.
    with opened_copy(real_db, tmp_path) as store:
        before = stats(store, ["source"])
        store.con.execute("BEGIN TRANSACTION")
        store.con.execute("DELETE FROM records WHERE source = 'so_survey'")
        during = stats(store, ["source"])
        store.con.execute("ROLLBACK")
    assert "so_survey" in before["sources"]
    assert "so_survey" not in during["sources"]
    assert "so_survey" not in {g["key"]["source"] for g in during["groups"]}


def test_closing_part_way_interrupts_the_query_alongside(real_store: Store) -> None:
    # What a Ctrl-C in the steps query leaves: the groups' queries still running.
    engine = DuckDBEngine(real_store.con, alongside=True)
    endless = "SELECT count(*) FROM range(1000000000000) a WHERE a.range % 7 = 3"
    started = engine._start(lambda con: con.execute(endless).fetchall())
    assert started.running()
    closing = threading.Thread(target=engine.close, daemon=True)
    closing.start()
    closing.join(timeout=60)  # a liveness bound: without the interrupt, close() never returns
    assert not closing.is_alive()
    with pytest.raises(duckdb.InterruptException):
        started.result()


def test_each_groups_pay_is_summed_exactly_on_both_renderings(real_store: Store) -> None:
    # The mean's sum in whole 1/10,000 dollars, as Python adds the records' pays: exact, so
    # no order of adding can move a cent (doubles added in parallel did, now and then).
    held: dict[str | None, int] = {}
    for metro, pay in real_store.con.execute(
        "SELECT metro, amount_usd FROM records "
        "WHERE amount_usd IS NOT NULL AND coalesce(len(flags), 0) = 0"
    ).fetchall():
        held[metro] = held.get(metro, 0) + round(pay * PAY_SUM_UNITS)
    engine = DuckDBEngine(real_store.con)
    try:
        summed = {row["metro"]: row["pay_sum"] for row in engine.aggregate(Plan(("metro",)))}
    finally:
        engine.close()
    ibis = _ibis_on_duckdb(real_store)
    by_ibis = {row["metro"]: row["pay_sum"] for row in ibis.aggregate(Plan(("metro",)))}
    assert summed == by_ibis == held
    assert len(held) > 300


def test_every_published_mean_is_its_records_exact_mean_to_the_cent(real_store: Store) -> None:
    # Over the whole real store, by the finest common grouping: the mean a user reads is
    # the records' exact mean (pays to 1/10,000 dollar), rounded half to even.
    counted: dict[tuple[Any, ...], list[Decimal]] = {}
    for *key, pay in real_store.con.execute(
        "SELECT metro, level, source, amount_usd FROM records "
        "WHERE amount_usd IS NOT NULL AND coalesce(len(flags), 0) = 0"
    ).fetchall():
        counted.setdefault(tuple(key), []).append(Decimal(round(pay * PAY_SUM_UNITS)))
    groups = stats(real_store, ["metro", "level", "source"])["groups"]
    shown = [g for g in groups if not g["suppressed"]]
    assert len(shown) > 400
    for group in shown:
        pays = counted[(group["key"]["metro"], group["key"]["level"], group["key"]["source"])]
        exact = (sum(pays) / len(pays) / PAY_SUM_UNITS).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
        assert group["mean"] == float(exact), group["key"]


@pytest.mark.parametrize("alongside", [False, True])
def test_groups_whose_keys_hash_alike_are_hashed_again(
    real_store: Store, monkeypatch: pytest.MonkeyPatch, alongside: bool
) -> None:
    # Groups meet their steps by a hash of their key: two keys with one hash (never
    # seen: 64 bits) would merge two groups, so the answer is asked again with a new seed.
    by = ("level", "metro")
    engine = DuckDBEngine(real_store.con, alongside=alongside)
    expected = stats(real_store, list(by), engine=engine)
    hashed = duckdb_sql._group_id
    seeds: list[int] = []

    def colliding(fields: tuple[str, ...], seed: int) -> str:
        seeds.append(seed)
        return "42::UBIGINT" if seed == 0 else hashed(fields, seed)  # every key alike

    monkeypatch.setattr(duckdb_sql, "_group_id", colliding)
    try:
        assert stats(real_store, list(by), engine=engine) == expected
    finally:
        engine.close()
    assert seeds == [0, 1]
    assert len(expected["groups"]) > 100
