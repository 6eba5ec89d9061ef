"""The claims checker's mends of a fifteenth round: a text's contradictions pair only claims
that can make one (a list of 4,320 figures had been 9.3 million pairs, minutes of a core).
Texts are hand-written fixture sentences and made-up lists of figures."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from paygrade.claims import extract_claims
from paygrade.claims.contradictions import contradictions

# The module, which ``paygrade.claims`` hides behind a function of its name.
contradictions_module = sys.modules["paygrade.claims.contradictions"]


def _list_of(count: int, start: int = 90_000) -> str:
    """A list of ``count`` different figures pasted as one sentence: "$90,000, $91,000, ..."."""
    return ", ".join(f"${pay:,}" for pay in range(start, start + 1000 * count, 1000))


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    """Every call of the contradictions module's ``name``, by its arguments."""
    calls: list[Any] = []
    original: Callable[..., Any] = getattr(contradictions_module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(contradictions_module, name, counted)
    return calls


def test_figures_naming_no_level_are_never_set_in_level_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every central figure was paired with every other of its group: 300 figures were
    # 44,850 calls of _same_group, 4,320 figures 9.3 million, though none names a level.
    calls = _counting(monkeypatch, "_same_group")
    claims = extract_claims(_list_of(300))
    assert len(claims) == 300
    assert contradictions(claims) == []
    assert calls == []


def test_only_two_levels_of_one_measure_are_set_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "Senior ML engineers earn $120,000. Senior ML engineers earn $125,000. "
        "Senior data scientists earn $90,000. Junior ML engineers earn $150,000 base. "
        "Junior ML engineers earn $150,000."
    )
    calls = _counting(monkeypatch, "_same_group")
    found = contradictions(extract_claims(text))
    assert [(c["kind"], c["claims"]) for c in found] == [
        ("level_order", [0, 4]),
        ("level_order", [1, 4]),
    ]
    # The ML engineers' four figures were six pairs, each asking _same_group: two seniors
    # (one level) and a base pay against a total (another measure) among them.
    assert sorted((a.id, b.id) for a, b, *_ in calls) == [(0, 4), (1, 4)]


def test_one_figure_said_alike_of_one_subject_is_not_compared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "$150,000" and "$150K" are two statements (their words differ), one figure, one
    # statistic, one subject: a restatement, which conflicts() was asked about pair by pair.
    calls = _counting(monkeypatch, "conflicts")
    said = ["$150,000", "$150K", "$150k", "150,000 USD", "USD 150,000", "$150 thousand"]
    claims = extract_claims(" ".join(f"ML engineers earn {pay}." for pay in said))
    assert {(c.low, c.statistic) for c in claims} == {(150_000.0, "typical")}
    assert contradictions(claims) == []
    assert calls == []
    # Of another statistic, it is still a contradiction.
    claims = extract_claims("ML engineers earn an average of $150,000 and a median of $150K.")
    assert [c["kind"] for c in contradictions(claims)] == ["same_figure"]


def test_an_average_is_set_against_ranges_of_its_own_level_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        "Senior ML engineers earn $100,000-$120,000. Junior ML engineers earn $60,000-$70,000. "
        "The average senior ML engineer earns $200,000."
    )
    calls = _counting(monkeypatch, "_same_group")
    found = contradictions(extract_claims(text))
    assert [(c["kind"], c["claims"]) for c in found] == [("average_outside_range", [0, 2])]
    # Five calls had been made: the junior range against the average, and in level order
    # each pair of the three (two of one level; none of two levels in the wrong order).
    assert [(a.id, b.id) for a, b, *_ in calls] == [(0, 2)]
