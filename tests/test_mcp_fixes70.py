"""`paygrade mcp` mends from a fresh audit of the tools against the commands they mirror (a
real `paygrade mcp` process on a published copy of the real store, as tests/test_mcp.py
drives it)."""

from __future__ import annotations

from tests import test_mcp
from tests.test_mcp import RawSession, answered, tool_call

# test_mcp's fixtures, here by name: a published copy of the real store, one session on it
# through the SDK's client, one written to line by line.
mcp_db = test_mcp.mcp_db
talking = test_mcp.talking
one_line_session = test_mcp.one_line_session
line_session = test_mcp.line_session


def test_an_estimate_profile_number_sent_nan_is_said_as_every_tool_says_it(
    line_session: RawSession,
) -> None:
    # Each had been the library's "years of experience: input should be a finite number,
    # got nan", naming no argument, where `ladder`'s years and `offer`'s years_experience
    # are "...: input should be a finite number, not NaN", as the API's body says it.
    done = answered(
        line_session,
        tool_call(2, "estimate", {"profile": {"years_experience": float("nan")}}),
        tool_call(3, "estimate", {"profile": {"role": "ml_engineer", "year": float("inf")}}),
        tool_call(4, "estimate", {"profile": {"remote": float("-inf")}}),
    )
    answers = {a["id"]: a["result"] for a in done}

    assert [answers[i]["isError"] for i in (2, 3, 4)] == [True] * 3
    assert [answers[i]["content"][0]["text"] for i in (2, 3, 4)] == [
        "estimate: profile.years_experience: input should be a finite number, not NaN",
        "estimate: profile.year: input should be a finite number, not Infinity",
        "estimate: profile.remote: input should be a finite number, not -Infinity",
    ]
