"""`paygrade mcp` mends from a fresh audit of the tools against the commands they mirror (a
real `paygrade mcp` process on a published copy of the real store, as tests/test_mcp.py
drives it)."""

from __future__ import annotations

from typing import Any

from mcp import Client

from paygrade.normalize.vocab_typed import typed_value
from paygrade.records import LEVELS, ROLES
from tests import test_mcp
from tests.test_mcp import RawSession, answered, tool_call, tool_errors

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


def _described(talking: Any) -> dict[str, dict[str, str]]:
    """tool -> argument (an estimate profile's field as ``profile.FIELD``) -> its
    description, as a session's ``tools/list`` gives them."""

    async def talk(client: Client) -> Any:
        return await client.list_tools()

    said: dict[str, dict[str, str]] = {}
    for tool in talking(talk).tools:
        properties = tool.input_schema.get("properties", {})
        said[tool.name] = {name: p.get("description", "") for name, p in properties.items()}
        profile = properties.get("profile", {}).get("properties", {})
        for name, field in profile.items():
            said[tool.name][f"profile.{name}"] = field.get("description", "")
    return said


# The words each role and level description gives as typed ones, each read by the tools.
TYPED = {"role": ("SWE", "DS"), "level": ("Staff Engineer", "Sr. Staff")}


def test_every_role_and_level_argument_names_each_value_the_tools_read(talking: Any) -> None:
    # Levels had been described "entry, mid, senior, ..." and roles "e.g. ml_engineer":
    # an assistant was left to guess staff, principal, data_engineer, ... and the words
    # (SWE, Staff Engineer) every tool now reads.
    said = _described(talking)
    vocabularies = {"role": ROLES, "level": LEVELS}
    arguments = [
        (tool, argument, field)
        for tool, described in said.items()
        for argument in described
        if (field := argument.removeprefix("profile.")) in vocabularies
    ]

    assert {(tool, arg) for tool, arg, _ in arguments} >= {
        ("compare", "role"), ("compare", "level"), ("ladder", "level"), ("offer", "role"),
        ("local_prices", "role"), ("estimate", "profile.role"), ("estimate", "profile.level"),
    }  # fmt: skip
    for tool, argument, field in arguments:
        description = said[tool][argument]
        missing = [v for v in (*vocabularies[field], *TYPED[field]) if v not in description]
        assert missing == [], (tool, argument, description)
    assert all(typed_value(field, word) for field, words in TYPED.items() for word in words)


def test_every_estimate_profile_field_and_country_is_described(talking: Any) -> None:
    # The profile's text fields had no description at all (`estimate --help` says each),
    # and a country was "ISO code, e.g. US" where every tool reads "Germany" too.
    said = _described(talking)

    profile = {name: text for name, text in said["estimate"].items() if "." in name}
    assert len(profile) == 14
    assert [name for name, text in profile.items() if not text] == []
    for tool in ("compare", "offer", "ladder"):
        assert "or name, e.g. US or Germany" in said[tool]["country"], tool


def test_fields_joined_by_a_comma_in_by_are_told_to_be_listed(talking: Any) -> None:
    # `--by metro,level` and the API's by=metro,level are two fields; the tool's list item
    # "metro,level" had been "unknown field 'metro,level' (did you mean metro?)".
    said = tool_errors(
        talking,
        ("stats", {"by": ["metro,level"]}),
        ("stats", {"by": ["year", "role, level"]}),
        ("stats", {"by": ["metro,salary"]}),  # no field: the library's words stand
    )

    assert said[:2] == [
        """stats: by.0: 'metro,level' is 2 fields: give each as its own item, ["metro", "level"]""",
        """stats: by.1: 'role, level' is 2 fields: give each as its own item, ["role", "level"]""",
    ]
    assert said[2].startswith("stats: unknown field 'metro,salary'")


def test_an_estimate_profile_text_too_long_is_said_as_every_tool_says_it(talking: Any) -> None:
    # It had been the library's "estimate: role is 201 characters long: at most 200",
    # where the API says "role: is 201 ..." and every tool "company: name: is 201 ...".
    said = tool_errors(
        talking,
        ("estimate", {"profile": {"role": "x" * 201}}),
        ("estimate", {"profile": {"title": "Engineer " * 1000}}),
        ("company", {"name": "x" * 201}),
    )

    assert said == [
        "estimate: profile.role: is 201 characters long: at most 200",
        "estimate: profile.title: is 9,000 characters long: at most 200",
        "company: name: is 201 characters long: at most 200",
    ]
