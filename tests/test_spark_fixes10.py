"""Fixes of the scale-out path's audit: what reads a foreign Parquet folder, and how its
answers are written (no bare NaN, which is no JSON)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from paygrade.formats import render_stats
from paygrade.mcp_server import answer


def _strict(text: str) -> Any:
    """``text`` read as JSON is: Python's reader takes NaN and Infinity, which are none."""

    def refused(constant: str) -> Any:
        raise ValueError(f"{constant} is no JSON")

    return json.loads(text, parse_constant=refused)


# A stats answer as an engine could hand one over (hand-written, not product data): a
# group keyed by a NaN number of years, a mean of infinity.
ANSWER = {
    "by": ["years_experience"],
    "groups": [{"key": {"years_experience": float("nan")}, "n": 2, "mean": math.inf}],
}


@pytest.mark.parametrize(
    "write",
    [lambda: render_stats(ANSWER, "json"), lambda: answer(ANSWER).content[0].text],
    ids=["cli", "mcp"],
)
def test_no_json_writer_prints_a_bare_nan(write: Any) -> None:
    # `paygrade stats --format json` had printed "years_experience": NaN (and the MCP
    # server the same text): a strict JSON reader refused the whole answer.
    (group,) = _strict(write())["groups"]
    assert group == {"key": {"years_experience": None}, "n": 2, "mean": None}
