"""Order statistics from folded steps: lists and arrays agree with each other and with
NumPy over the unfolded records, and the statistics do not depend on which is used."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paygrade.engines import QUANTILES, arrays, order
from paygrade.engines.arrays import ArraySteps
from paygrade.engines.order import ListSteps
from paygrade.stats import stats
from paygrade.store import Store
from tests.test_engines import QUERIES, _ids

# Groups of (pay, count) steps: few distinct pays, repeated, as real pay is.
GROUPS = st.lists(
    st.dictionaries(
        st.integers(0, 40).map(lambda k: 1_000.0 * k + 0.5 * (k % 3)),
        st.integers(1, 6),
        min_size=1,
        max_size=8,
    ),
    min_size=1,
    max_size=6,
)


def _steps(groups: list[dict[float, int]]) -> tuple[list[int], list[float], list[int]]:
    rows = [
        (g * 7 + 3, pay, n) for g, steps in enumerate(groups) for pay, n in sorted(steps.items())
    ]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


@settings(max_examples=200, deadline=None)
@given(GROUPS)
def test_lists_and_arrays_give_numpys_quantiles_of_the_unfolded_records(
    groups: list[dict[float, int]],
) -> None:
    ids, pays, counts = _steps(groups)
    listed = ListSteps(ids, pays, counts)
    arrayed = ArraySteps(np.array(ids), np.array(pays), np.array(counts))
    qs = list(QUANTILES.values())
    unfolded = [np.repeat(sorted(g), [g[p] for p in sorted(g)]) for g in groups]
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


def test_no_steps_are_no_groups() -> None:
    listed, arrayed = ListSteps([], [], []), ArraySteps(*(np.array([]) for _ in range(3)))
    assert listed.ids == arrayed.ids == []
    assert listed.quantiles([0.5]) == arrayed.quantiles([0.5]) == []


@pytest.mark.parametrize("query", QUERIES, ids=_ids)
def test_stats_are_the_same_read_as_lists_or_as_arrays(
    real_store: Store,
    query: tuple[list[str], dict[str, list[Any]], dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    by, where, options = query
    monkeypatch.setattr(order, "LISTS_UP_TO", 10**12)
    as_lists = stats(real_store, by, where, **options)
    monkeypatch.setattr(order, "LISTS_UP_TO", -1)
    as_arrays = stats(real_store, by, where, **options)
    assert as_arrays == as_lists
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
    assert chosen == ["ListSteps", "ArraySteps"]
