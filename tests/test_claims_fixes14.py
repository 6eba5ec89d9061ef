"""The claims checker's mends of a fourteenth round: a long text's figures are read in time
growing with the text, not with its square; a cancelled MCP call stops reading its text;
"starting salaries" are entry-level pay. Texts are hand-written fixture sentences."""

from __future__ import annotations

import re
import sys
from typing import Any

import anyio
import pytest

from paygrade.claims import extract as extract_module
from paygrade.claims import extract_claims, figures
from paygrade.claims.contradictions import contradictions
from paygrade.mcp_cancelling import CallCancelled, cancellable, running_call

# The modules, which ``paygrade.claims`` hides behind functions of their names.
figures_module = sys.modules["paygrade.claims.figures"]
contradictions_module = sys.modules["paygrade.claims.contradictions"]


class _Counted:
    """A pattern whose searches count the characters they are given to search."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.searched = pattern, 0

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        self.searched += min(endpos, len(text)) - pos
        return self.pattern.search(text, pos, endpos)


def test_the_words_before_each_figure_are_searched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each figure's "monthly salary of" was searched for from the text's start: 4,000
    # figures searched 24 million characters (8.6 s), 16,000 figures 384 million.
    counted = _Counted(figures_module.PERIOD_BEFORE)
    monkeypatch.setattr(figures_module, "PERIOD_BEFORE", counted)
    text = "$1 " * 4000
    assert len(figures(text, every=True)) == 4000
    assert counted.searched <= len(text)


def test_a_change_reached_over_years_is_searched_in_its_own_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counted = _Counted(figures_module.REACHED)
    monkeypatch.setattr(figures_module, "REACHED", counted)
    text = "$150,000 over four years, " * 1000
    assert len(figures(text)) == 1000
    assert counted.searched <= len(text)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("In 2024, a monthly salary of: $15,000", "month"),
        ("the hourly rate = $95", "hour"),
        ("A monthly $1, then $150,000", "year"),  # another figure between: not its words
        ("Weekly_pay $2,000", "year"),  # no word of the pattern's
    ],
)
def test_the_period_said_before_a_figure_reads_as_before(text: str, period: str) -> None:
    assert figures(text, every=True)[-1].period == period


def _cancelled_after_one(
    monkeypatch: pytest.MonkeyPatch, name: str, module: Any = extract_module
) -> list[object]:
    """Calls of ``module``'s ``name``, the client cancelling the call at the first."""
    called: list[object] = []
    original = getattr(module, name)

    def first_cancels(*args: Any, **kwargs: Any) -> Any:
        called.append(args[0])
        running_call().interrupt()  # as the event loop does on notifications/cancelled
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, first_cancels)
    return called


async def _extracted(text: str) -> list[Any]:
    # In a worker thread, as the MCP SDK runs a tool's library call.
    return await anyio.to_thread.run_sync(extract_claims, text)


def test_a_cancelled_call_reads_no_further_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    # A cancelled check_claims read the rest of its text all the same, holding a core
    # (16,000 figures: 73.6 s); only a DuckDB query was interrupted.
    read = _cancelled_after_one(monkeypatch, "_segment_claims")
    text = "ML engineers earn $150,000. Data scientists earn $140,000. Seniors earn $200,000."
    with pytest.raises(CallCancelled):
        anyio.run(cancellable, _extracted(text))
    assert len(read) == 1


def test_a_cancelled_call_reads_no_further_figure_of_a_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = _cancelled_after_one(monkeypatch, "_claim")
    text = ", ".join(f"${pay:,}" for pay in range(100_000, 200_000, 1000))  # one sentence
    with pytest.raises(CallCancelled):
        anyio.run(cancellable, _extracted(text))
    assert len(made) == 1


def test_a_call_not_cancelled_reads_every_claim() -> None:
    text = "ML engineers earn $150,000. Data scientists earn $140,000."
    assert len(anyio.run(cancellable, _extracted(text))) == 2


def test_a_cancelled_call_stops_setting_claims_against_each_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 4,320 figures of one group were 9 million pairs: over a minute, after the text is read.
    # Those of two levels are pairs still (a list naming none is no longer paired: fixes15).
    claims = extract_claims(
        " ".join(
            f"Junior ML engineers earn ${300_000 + pay:,}. Senior ML engineers earn ${pay:,}."
            for pay in range(100_000, 150_000, 1000)
        )
    )
    compared = _cancelled_after_one(monkeypatch, "_same_group", contradictions_module)

    async def contradicted() -> list[dict[str, Any]]:
        return await anyio.to_thread.run_sync(contradictions, claims)

    with pytest.raises(CallCancelled):
        anyio.run(cancellable, contradicted())
    assert len(compared) < len(claims)


@pytest.mark.parametrize(
    "text",
    [
        "Starting salaries for ML engineers hover around $110,000.",
        "The starting salary for ML engineers is $110,000.",
        "Starting pay for ML engineers is about $110,000.",
        "The entry salary of an ML engineer is $110,000.",
        "Entry salaries for ML engineers: $110,000",
    ],
)
def test_starting_salaries_are_entry_level_pay(text: str) -> None:
    # They were checked against every level (below the data).
    [claim] = extract_claims(text)
    assert (claim.subject["role"], claim.subject["level"]) == ("ml_engineer", "entry")


def test_new_hires_stay_of_any_level() -> None:
    [claim] = extract_claims("New hires at Google earn $180,000 as ML engineers.")
    assert claim.subject["level"] is None
