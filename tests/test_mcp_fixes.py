"""`paygrade mcp` mends: no prompts or resources offered, a tool's crash in the CLI's words,
a wrong-typed value said by its kind, every method's bad params said, schemas that say what
the server enforces. A real `paygrade mcp` process, driven as tests/test_mcp.py drives it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from inspect import cleandoc
from pathlib import Path
from typing import Any

import anyio
from mcp import Client
from mcp.shared.message import SessionMessage
from mcp_types import ErrorData, JSONRPCError

from paygrade.estimate.data import FEATURES
from paygrade.estimate.profile import LONGEST
from paygrade.filters import MAX_VALUES
from paygrade.mcp_lines import Noting, Unanswered
from tests import test_mcp
from tests.test_mcp import (
    INITIALIZE,
    TOOLS,
    RawSession,
    Talk,
    answered,
    piped,
    server_environment,
    tool_call,
)

# test_mcp's fixtures, here by name: a published copy of the real store, and one session of
# `paygrade mcp` on it for the module, its handshake done, for the tests that read only the
# answers to their requests (a process and a handshake each, ``piped``, had been ~3 s each;
# those of a session's own start, end, exit status or stderr still pipe one of their own).
mcp_db = test_mcp.mcp_db
one_line_session = test_mcp.one_line_session
talking = test_mcp.talking  # a session through the SDK's client, likewise
line_session = test_mcp.line_session


def request(id: int, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"jsonrpc": "2.0", "id": id, "method": method}
    return message if params is None else {**message, "params": params}


def answers_of(done: subprocess.CompletedProcess[str]) -> dict[Any, Any]:
    return {a["id"]: a for a in map(json.loads, done.stdout.splitlines())}


def answers_in(session: RawSession, *requests: dict[str, Any]) -> dict[Any, Any]:
    """The answer to each of ``requests`` sent in ``session`` (``line_session``), by id."""
    return {a["id"]: a for a in answered(session, *requests)}


def test_the_server_offers_tools_only_and_a_prompt_asked_for_is_method_not_found(
    mcp_db: Path,
) -> None:
    # It offered prompts and resources, having none: prompts/get was error code 0 and 119
    # lines of traceback on stderr; prompts/get and resources/read with {} -32602, data "".
    done = piped(
        mcp_db,
        request(2, "prompts/get", {"name": "salary"}),
        request(3, "prompts/get", {}),
        request(4, "resources/read", {}),
        request(5, "resources/list"),
        request(6, "prompts/list"),
    )
    answers = answers_of(done)
    assert answers[1]["result"]["capabilities"] == {"tools": {"listChanged": False}}
    said = {id: (answers[id]["error"]["code"], answers[id]["error"]["data"]) for id in range(2, 7)}
    methods = "initialize, ping, tools/list, tools/call"
    assert said[2] == (-32601, f"no method 'prompts/get' here: the methods are {methods}")
    assert said[4] == (-32601, f"no method 'resources/read' here: the methods are {methods}")
    assert {code for code, _ in said.values()} == {-32601}
    assert (done.returncode, done.stderr) == (0, "")


# A fixture: `paygrade` with library calls made to fail as no check foresees (DuckDB out of
# memory, a bug, a full disk on a spill file, DuckDB's full disk on a WAL).
FAULTS = """
import errno, sys
import duckdb
import paygrade.companies, paygrade.quality, paygrade.stats
def raiser(exc):
    def fail(*args, **kwargs):
        raise exc
    return fail
paygrade.stats.warned_stats = raiser(duckdb.OutOfMemoryException(
    "Out of Memory Error: failed to allocate data of size 64.0 MiB (1.0 GiB/1.0 GiB used)"))
paygrade.quality.quality_report = raiser(RuntimeError("a fixture's bug"))
paygrade.quality.loaded_sources = raiser(
    OSError(errno.ENOSPC, "No space left on device", "/fixture/spill.tmp"))
paygrade.companies.company_profile = raiser(duckdb.IOException(
    'Failed to commit: Could not write file "/fixture/s.duckdb.wal": No space left on device'))
from paygrade.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_tool_that_fails_unexpectedly_says_so_in_the_clis_words_in_one_line(
    mcp_db: Path, tmp_path: Path
) -> None:
    # It was "Error executing tool stats", the cause only in 350 lines of traceback on stderr.
    faulty = tmp_path / "faulty_paygrade.py"
    faulty.write_text(FAULTS)
    lines = [INITIALIZE, {"jsonrpc": "2.0", "method": "notifications/initialized"}]
    calls = [("stats", {}), ("quality", {}), ("sources", {}), ("company", {"name": "Google"})]
    lines += [tool_call(i, name, arguments) for i, (name, arguments) in enumerate(calls, 2)]
    done = subprocess.run(
        [sys.executable, str(faulty), "--db", str(mcp_db), "mcp"],
        input="".join(json.dumps(line) + "\n" for line in lines),
        capture_output=True, text=True, env=server_environment(), timeout=300,
    )  # fmt: skip
    answers = answers_of(done)
    texts = [answers[i]["result"]["content"][0]["text"] for i in range(2, 6)]
    assert all(answers[i]["result"]["isError"] for i in range(2, 6))
    assert texts == [
        "stats: internal error (OutOfMemoryException): Out of Memory Error: failed to allocate "
        "data of size 64.0 MiB (1.0 GiB/1.0 GiB used)",
        "quality: internal error (RuntimeError): a fixture's bug",
        "sources: cannot write /fixture/spill.tmp: No space left on device",
        "company: cannot write /fixture/s.duckdb.wal: No space left on device",
    ]
    # The server's keeper reads one line a failure, and no traceback.
    assert sorted(done.stderr.splitlines()) == sorted(f"error: {text}" for text in texts)
    # The words the CLI says of the same failure.
    cli = subprocess.run(
        [sys.executable, str(faulty), "--db", str(mcp_db), "stats"],
        capture_output=True, text=True, env=server_environment(), timeout=120,
    )  # fmt: skip
    assert cli.stderr == f"error: {texts[0].removeprefix('stats: ')}\n"


def test_a_value_of_the_wrong_type_is_said_by_its_kind_not_echoed(
    line_session: RawSession,
) -> None:
    # A list of 20,000 companies given as one value was said back whole: 200,095 characters.
    nested = [["Google"] * 20_000]
    answers = answers_in(
        line_session,
        tool_call(2, "stats", {"where": {"company": nested}}),
        tool_call(3, "estimate", {"profile": {"role": {"name": "ml_engineer"}}}),
        tool_call(4, "stats", {"where": {"remote": [True]}}),
    )
    texts = [answers[i]["result"]["content"][0]["text"] for i in (2, 3, 4)]
    kinds = "input should be a valid string, a valid integer or a valid number"
    assert texts == [
        f"stats: where.company.0: {kinds}, not an array",
        "estimate: profile.role: input should be text, not an object",  # the field's own type
        f"stats: where.remote.0: {kinds}, not true",  # a scalar is still said as given
    ]


def test_bad_params_of_any_method_say_what_is_wrong(line_session: RawSession) -> None:
    # Only tools/call and initialize said it: tools/list {"cursor": 5} was -32602, data "".
    answers = answers_in(
        line_session,
        request(2, "tools/list", {"cursor": 5}),
        request(3, "ping", {"_meta": 5}),
        request(4, "tools/list", {"cursor": "x"}),  # a cursor, even one no listing gave
    )
    said = [(answers[i]["error"]["code"], answers[i]["error"]["data"]) for i in (2, 3)]
    assert said == [
        (-32602, "params.cursor must be a string"),
        (-32602, "params._meta must be an object"),
    ]
    assert {t["name"] for t in answers[4]["result"]["tools"]} == TOOLS


def test_an_error_of_the_sdks_that_says_nothing_is_said_on_its_way_out() -> None:
    # Whatever else the SDK answers -32602 with data "" (params the protocol refuses), or
    # code 0 (a handler's crash, JSON-RPC's -32603), says what it is.
    async def sent() -> list[Any]:
        send, receive = anyio.create_memory_object_stream[SessionMessage](2)
        async with Noting(send, Unanswered()) as noting, receive:
            for error in [
                ErrorData(code=-32602, message="Invalid request parameters", data=""),
                ErrorData(code=0, message="Unknown prompt:\n salary"),
            ]:
                await noting.send(SessionMessage(JSONRPCError(jsonrpc="2.0", id=7, error=error)))
            return [receive.receive_nowait().message for _ in range(2)]

    messages = anyio.run(sent)
    assert all(isinstance(m, JSONRPCError) for m in messages)
    unsaid, crashed = (m.error for m in messages)
    assert (
        unsaid.data == "the params are not what this method takes (see it in the MCP specification)"
    )
    assert (crashed.code, crashed.message, crashed.data) == (
        -32603,
        "Internal error",
        "Unknown prompt: salary",
    )


def test_the_schemas_say_what_the_server_enforces(talking: Callable[[Talk], Any]) -> None:
    async def talk(client: Client) -> Any:
        return await client.list_tools()

    tools = {tool.name: tool for tool in talking(talk).tools}
    # Every tool refuses an argument it does not take: its schema says so.
    assert {name: t.input_schema.get("additionalProperties") for name, t in tools.items()} == {
        name: False for name in TOOLS
    }
    metros = tools["local_prices"].input_schema["properties"]["metros"]
    assert metros["maxItems"] == MAX_VALUES  # the filter's bound, which the tool enforces
    profile = tools["estimate"].input_schema["properties"]["profile"]
    assert tuple(profile["properties"]) == FEATURES and profile["additionalProperties"] is False
    assert profile["properties"]["company"]["maxLength"] == LONGEST
    for name, tool in tools.items():  # as written, each line had the source's indent
        described = tool.description or ""
        assert described == cleandoc(described) and "``" not in described, name
        assert not any(line.startswith(" ") for line in described.splitlines()), name


def test_an_unknown_tool_and_a_profiles_pay_component_are_said_where_they_go(
    line_session: RawSession,
) -> None:
    # "Unknown tool: stat" was led by no tool's name; a profile's pay_component was "unknown
    # profile field", not pointed to the argument.
    answers = answers_in(
        line_session,
        tool_call(2, "stat", {}),
        tool_call(3, "estimate", {"profile": {"role": "ml_engineer", "pay_component": "base"}}),
    )
    unknown, misplaced = (answers[i]["result"] for i in (2, 3))
    assert unknown["isError"] and misplaced["isError"]
    text = unknown["content"][0]["text"]
    assert text.startswith("stat: no such tool (did you mean stats?); the tools are ")
    assert set(text.split("the tools are ")[1].split(", ")) == TOOLS
    assert misplaced["content"][0]["text"] == (
        "estimate: profile.pay_component: give it as the pay_component argument, beside "
        'profile: {"profile": {...}, "pay_component": "base"}'
    )


def test_more_metros_than_the_schema_takes_are_refused_in_its_words(
    line_session: RawSession,
) -> None:
    count = MAX_VALUES + 1
    answers = answers_in(
        line_session, tool_call(2, "local_prices", {"metros": ["Seattle"] * count})
    )
    (text,) = [c["text"] for c in answers[2]["result"]["content"]]
    assert text == f"local_prices: metros: has {count} values: at most {MAX_VALUES}"


def test_a_blank_metro_names_the_tools_own_argument(line_session: RawSession) -> None:
    # "empty value for metro": the filters' words, of an argument this tool does not have.
    answers = answers_in(line_session, tool_call(2, "local_prices", {"metros": ["Seattle", "  "]}))
    (text,) = [c["text"] for c in answers[2]["result"]["content"]]
    assert text == "local_prices: metros.1: is empty: give a metro's name, or no metros"


def test_an_estimate_profile_is_typed_as_the_api_takes_it(line_session: RawSession) -> None:
    # The API refuses "5" as years and 12345 as a title; the tool answered both, so one
    # profile had an answer on one surface and a refusal on the other.
    # True and a list were "input should be a valid string, a valid integer or a valid
    # number": advice the next refusal contradicted.
    profiles = [
        {"role": "ml_engineer", "years_experience": "5"},
        {"role": "ml_engineer", "year": "2024"},
        {"title": 12345, "country": "US"},
        {"role": "ml_engineer", "years_experience": True},
        {"title": ["ML Engineer"]},
    ]
    calls = (tool_call(i, "estimate", {"profile": p}) for i, p in enumerate(profiles, 2))
    said = {id: a["result"] for id, a in answers_in(line_session, *calls).items()}
    assert [said[i]["content"][0]["text"] for i in (2, 3, 4, 5, 6)] == [
        "estimate: profile.years_experience: input should be a number, not text: '5'",
        "estimate: profile.year: input should be a number, not text: '2024'",
        "estimate: profile.title: input should be text, not a number",
        "estimate: profile.years_experience: input should be a number, not true or false",
        # A list where one value is wanted, as the API's body says it (test_faces_fixes71).
        "estimate: profile.title: input should be one value, not an array: give 'ML Engineer' "
        "alone",
    ]
    assert all(said[i]["isError"] for i in (2, 3, 4, 5, 6))
