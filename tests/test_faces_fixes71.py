"""The same question to the CLI and to MCP (a real `paygrade mcp` on a published copy of the
real store, as tests/test_mcp.py drives it) gets the same answer: the order of an offer's
faults, a list where one value is wanted (and one value where a list is), NaN, and what
local-prices tells its reader to ask."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mcp import Client

from tests import test_mcp
from tests.conftest import run_each

# test_mcp's fixtures, here by name: a published copy of the real store, one session on it
# through the SDK's client.
mcp_db = test_mcp.mcp_db
talking = test_mcp.talking

# An offer whose faults are of the offer (the cliff, which the MCP tool's schema refuses
# itself) and of each of its profile's inputs: the years, a metro and a country.
OFFER = {
    "base": 185000,
    "cliff_months": 13,
    "role": "ml_engineer",
    "years_experience": 99,
    "metro": "Atlantis",
    "country": "Germny",
}
OFFER_OPTIONS = (
    "offer", "--base", "185000", "--cliff-months", "13", "--role", "ml_engineer",
    "--years", "99", "--metro", "Atlantis", "--country", "Germny",
)  # fmt: skip
# Each fault's words, by the input it is about.
SAID = {
    "cliff_months": "the cliff is 0 to 12 months",
    "years_experience": "years of experience are 0 to 60",
    "metro": "no record has metro 'Atlantis'",
    "country": "no country is called 'Germny'",
}


def _order(text: str) -> list[str]:
    """The inputs ``text`` says a fault of, in the order it says them."""
    found = {key: text.find(words) for key, words in SAID.items()}
    assert -1 not in found.values(), (found, text)
    return sorted(found, key=found.__getitem__)


def _call(talking: Any, tool: str, arguments: dict[str, Any]) -> Any:
    async def talk(client: Client) -> Any:
        return await client.call_tool(tool, arguments)

    return talking(talk)


def test_an_offers_faults_are_said_in_one_order_by_the_cli_and_mcp(
    real_db: Path, talking: Any
) -> None:
    # The CLI said the years before the places (the form's order), MCP the metro and the
    # country first and the years last (its keys' order) once its schema refused the cliff.
    (cli,) = run_each(("--db", real_db, *OFFER_OPTIONS, "--format", "json"))
    tool = _call(talking, "offer", OFFER)

    assert cli.returncode == 1 and tool.is_error
    said = tool.content[0].text
    assert _order(cli.stderr) == _order(said)
    assert _order(said) == ["cliff_months", "years_experience", "metro", "country"]
    # Each led by its argument, in the same order.
    keys = re.findall(r"(?:^offer: |; )(\w+): ", said)
    assert keys == ["cliff_months", "years_experience", "metro", "country"]


def test_a_list_where_one_value_is_wanted_is_said_to_be_one(talking: Any) -> None:
    # It was pydantic's "input should be a valid string", which a list of one valid value
    # does not make plain.
    level = _call(talking, "compare", {"role": "ml_engineer", "country": "US", "level": ["senior"]})
    role = _call(talking, "ladder", {"role": ["ml_engineer", "data_scientist"]})
    title = _call(talking, "estimate", {"profile": {"title": 5}})

    assert level.is_error and role.is_error and title.is_error
    assert level.content[0].text == (
        "compare: level: input should be one value, not an array: give 'senior' alone"
    )
    assert role.content[0].text == "ladder: role: input should be one value, not an array of 2"
    assert title.content[0].text == "estimate: profile.title: input should be text, not a number"


def test_one_value_where_a_list_is_wanted_is_said_so(talking: Any) -> None:
    # It was pydantic's "input should be a valid list".
    by = _call(talking, "stats", {"by": "level"})
    metros = _call(talking, "local_prices", {"metros": "Seattle-Tacoma-Bellevue, WA"})

    assert by.is_error and metros.is_error
    assert by.content[0].text == "stats: by: input should be an array, not text: 'level'"
    assert metros.content[0].text == (
        "local_prices: metros: input should be an array, not text: 'Seattle-Tacoma-Bellevue, WA'"
    )


def test_a_remote_share_of_nan_is_said_as_any_number_of_nan(real_db: Path) -> None:
    # The profile check said "remote: input should be a finite number, got 'nan'" where
    # the years of experience, and every skin's schema, say "not NaN".
    (remote,) = run_each(("--db", real_db, "estimate", "--role", "ml_engineer", "--remote", "nan"))

    assert remote.returncode == 1
    assert remote.stderr == "error: remote: input should be a finite number, not NaN\n"


def test_local_prices_names_the_stats_question_in_the_words_of_its_face(
    real_db: Path, talking: Any
) -> None:
    # The MCP tool's warning named `paygrade stats --where state=...`, a command a client
    # of the tool has none of; the CLI names it still.
    (cli,) = run_each(("--db", real_db, "local-prices", "--format", "json"))
    tool = _call(talking, "local_prices", {})

    told = [c.text for c in tool.content[1:] if "that name no metro" in c.text]
    assert len(told) == 1, [c.text for c in tool.content[1:]]
    assert "paygrade" not in told[0]
    asked = re.search(r'`stats` with "where": (\{"state": \[[^]]*\]\}) counts them', told[0])
    assert asked is not None, told[0]
    assert "`paygrade stats --where state=" in cli.stderr
    # The question named is one the tool answers, for the states named.
    states = re.findall(r'"([A-Z]{2})"', asked[1])
    answer = _call(talking, "stats", {"by": ["state"], "where": {"state": states}})
    assert not answer.is_error, answer.content[0].text
    assert states and all(f'"state": "{state}"' in answer.content[0].text for state in states)
