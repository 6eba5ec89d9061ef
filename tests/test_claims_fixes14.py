"""The claims checker's mends of a fourteenth round: a long text's figures are read in time
growing with the text, not with its square. Texts are hand-written fixture sentences."""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest

from paygrade.claims import figures

figures_module = sys.modules["paygrade.claims.figures"]


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
