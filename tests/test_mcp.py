"""`paygrade mcp`: a real MCP client session (the SDK's stdio client) against the command,
on a published copy of the real store."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Awaitable, Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

import paygrade.cli
from paygrade.claims.html import html_to_text
from paygrade.filters import MAX_VALUES
from paygrade.mcp_server import QUERY_TOOLS, TOOL_GROUPS, answer
from paygrade.offers import MAX_UNITS
from paygrade.stats import stats
from paygrade.store import Store
from paygrade.store.snapshot import publish_file
from tests.conftest import FIXTURES, ROOT, copy_of, ok_each, published_damaged, run_each
from tests.test_claims_html import PAGE
from tests.test_cli import PAYGRADE, ok
from tests.test_submissions import write_lock_held

TOOLS = {
    "stats",
    "compare",
    "companies",
    "company",
    "sources",
    "quality",
    "records",
    "local_prices",
    "check_claims",
    "report_outline",
    "offer",
    "ladder",
    "estimate",
}


@pytest.fixture(scope="module")
def mcp_db(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("mcp") / "mcp.duckdb"
    shutil.copyfile(real_db, db)
    publish_file(db)
    return db


def server_environment() -> dict[str, str]:
    """This process's environment less paygrade's settings (``--db`` names the store)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}


def in_session(db: Path, talk: Callable[[Client], Awaitable[Any]]) -> Any:
    """Start `paygrade --db DB mcp`, run ``talk`` with a connected client, stop it."""

    async def session() -> Any:
        # The SDK passes the server only PATH, HOME and the like: without PYTHONPATH the
        # command under test was the installed paygrade, not this checkout's.
        params = StdioServerParameters(
            command=str(PAYGRADE), args=["--db", str(db), "mcp"], env=server_environment()
        )
        async with Client(params, read_timeout_seconds=120) as client:
            return await talk(client)

    return anyio.run(session)


Talk = Callable[[Client], Awaitable[Any]]


@pytest.fixture(scope="module")
def talking(mcp_db: Path) -> Iterator[Callable[[Talk], Any]]:
    """One `paygrade --db MCP_DB mcp` session, as an assistant holds one, for the tests that
    ask its tools questions: a process and a handshake per test made this module one of
    the slowest of the suite. ``talking(talk)`` runs ``talk`` with its connected client.
    Tests of a session's own start and end (its handshake, its store) start one each
    (``in_session``, ``RawSession``, ``piped``)."""
    params = StdioServerParameters(
        command=str(PAYGRADE), args=["--db", str(mcp_db), "mcp"], env=server_environment()
    )
    with anyio.from_thread.start_blocking_portal() as portal:
        connected = Client(params, read_timeout_seconds=120)
        with portal.wrap_async_context_manager(connected) as client:
            yield lambda talk: portal.call(talk, client)


SEATTLE = "Seattle-Tacoma-Bellevue, WA"
ARTICLE = FIXTURES / "fixture-article-table.md"
# The CLI's answers that tools are held to, each a reading command of MCP_DB (which no test
# here writes to), asked once for the module in one process (``run_each``): a `paygrade`
# process per test for its one command had been a second or two of each of six tests.
CLI_ASKED = {
    "stats by level": ("stats", "--by", "level", "--where", "role=ml_engineer", "--format", "json"),
    "stats by company": ("stats", "--by", "company", "--limit", "100", "--format", "json"),
    "stats by levle": ("stats", "--by", "levle"),
    "local prices": ("local-prices", "--metro", SEATTLE, "--format", "json"),
    "quality": ("quality", "--format", "json"),
    "check claims": ("check-claims", ARTICLE, "--format", "json"),
}


@pytest.fixture(scope="module")
def cli_said(mcp_db: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """What `paygrade --db MCP_DB ...` answers to each of CLI_ASKED, by its name."""
    done = run_each(*(("--db", mcp_db, *asked) for asked in CLI_ASKED.values()))
    return dict(zip(CLI_ASKED, done, strict=True))


def cli_ok(cli_said: dict[str, subprocess.CompletedProcess[str]], name: str) -> str:
    """The standard output of CLI_ASKED[name], which succeeded without a word on stderr
    (as ``tests.test_cli.ok`` asserts of its own process)."""
    done = cli_said[name]
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout


def tool_errors(talking: Callable[[Talk], Any], *calls: tuple[str, dict[str, Any]]) -> list[str]:
    """Each call's tool error text (each must be one), in one session (``talking``)."""

    async def talk(client: Client) -> list[Any]:
        return [await client.call_tool(name, arguments) for name, arguments in calls]

    results = talking(talk)
    assert all(result.is_error for result in results)
    return [result.content[0].text for result in results]


def test_a_session_lists_the_tools_and_stats_is_the_library_answer(
    mcp_db: Path, talking: Callable[[Talk], Any], cli_said: dict[str, Any]
) -> None:
    async def talk(client: Client) -> Any:
        listed = await client.list_tools()
        called = await client.call_tool(
            "stats", {"by": ["level"], "where": {"role": ["ml_engineer"]}}
        )
        return listed, called

    listed, called = talking(talk)
    assert {tool.name for tool in listed.tools} == TOOLS
    schema = next(t.input_schema for t in listed.tools if t.name == "stats")
    assert schema["properties"]["by"]["type"] == "array"
    assert schema["properties"]["where"]["type"] == "object"
    # The tools promise the API's bounds (offer's base, cliff and limits had none).
    offer = next(t.input_schema for t in listed.tools if t.name == "offer")["properties"]
    assert (offer["base"]["exclusiveMinimum"], offer["base"]["maximum"]) == (0, MAX_UNITS)
    assert offer["cliff_months"]["anyOf"][0]["maximum"] == 12
    limit = schema["properties"]["limit"]
    assert (limit["maximum"], limit["default"]) == (100_000, TOOL_GROUPS)
    store = Store.open(mcp_db, read_only=True)
    try:
        library = stats(store, ["level"], {"role": ["ml_engineer"]})
    finally:
        store.close()
    assert not called.is_error
    assert called.structured_content == json.loads(json.dumps(library))
    cli = cli_ok(cli_said, "stats by level")
    assert called.content[0].text + "\n" == cli  # exactly `paygrade stats --format json`


def test_stats_gives_an_assistant_the_largest_groups_and_counts_the_rest(
    mcp_db: Path, talking: Callable[[Talk], Any], cli_said: dict[str, Any]
) -> None:
    # Grouped by company, the answer was every one of 28,000 groups: 3.7 MB of JSON.
    async def talk(client: Client) -> Any:
        return await client.call_tool("stats", {"by": ["company"]})

    called = talking(talk)
    store = Store.open(mcp_db, read_only=True)
    try:
        every = len(stats(store, ["company"])["groups"])
    finally:
        store.close()
    shown = called.structured_content
    assert len(shown["groups"]) == TOOL_GROUPS < every
    assert shown["groups_omitted"] == every - TOOL_GROUPS
    cli = cli_ok(cli_said, "stats by company")
    assert called.content[0].text + "\n" == cli


def test_a_bad_field_is_a_tool_error_with_the_cli_message(
    talking: Callable[[Talk], Any], cli_said: dict[str, Any]
) -> None:
    async def talk(client: Client) -> Any:
        return [
            await client.call_tool("stats", {"by": ["levle"]}),
            await client.call_tool("stats", {"where": {"salary": ["1"]}}),
            await client.call_tool("stats", {"where": {"level": ["wizard"]}}),
            await client.call_tool("compare", {"role": "ml_engineer"}),
            await client.call_tool("records", {"page": 0}),
            # A number past 2**53 overflowed the query ("Error executing tool stats").
            await client.call_tool("stats", {"where": {"year": [1e300]}}),
            await client.call_tool("sources", {}),  # the session is still alive
        ]

    *errors, alive = talking(talk)
    cli = cli_said["stats by levle"].stderr.removeprefix("error: ").strip()
    assert cli.startswith("unknown field 'levle' (did you mean level?)")
    assert all(result.is_error for result in errors)
    assert cli in errors[0].content[0].text
    assert "unknown field 'salary'" in errors[1].content[0].text
    assert "level 'wizard' is not one of" in errors[2].content[0].text
    assert "give either a metro or a country" in errors[3].content[0].text
    assert "page" in errors[4].content[0].text
    assert "year needs a number of at most 15 digits" in errors[5].content[0].text
    assert not alive.is_error and alive.structured_content["result"][0]["source"]


def test_a_damaged_store_is_a_tool_error_that_says_so(real_db: Path, tmp_path: Path) -> None:
    served = copy_of(real_db, tmp_path)

    async def talk(client: Client) -> Any:
        # Damaged once served: a store damaged at the start is refused (test_mcp_fixes11).
        published_damaged(served, tmp_path)
        return await client.call_tool("stats", {"by": ["level"]})

    got = in_session(served, talk)
    assert got.is_error  # it had been "Error executing tool stats: IO Error: ..."
    assert got.content[0].text.startswith("stats: the store cannot be read: its file is damaged")


def test_an_argument_a_tool_does_not_take_is_refused_not_dropped(
    talking: Callable[[Talk], Any],
) -> None:
    # The SDK dropped unknown arguments: `limit: 2` to records answered 50 rows as asked.
    async def talk(client: Client) -> Any:
        return [
            await client.call_tool("records", {"limit": 2}),
            await client.call_tool("estimate", {"role": "ml_engineer"}),
            await client.call_tool("stats", {"role": ["ml_engineer"]}),
            await client.call_tool("offer", {"base": "abc"}),
            await client.call_tool("records", {"per_page": 2}),
        ]

    *refused, taken = talking(talk)
    assert all(result.is_error for result in refused)
    texts = [result.content[0].text for result in refused]
    assert texts[0] == (
        "records takes no argument 'limit'; it takes where, page, per_page, include_flagged,"
        " distinct_rows"
    )
    assert 'give it in profile, {"profile": {"role": ...}}' in texts[1]
    assert 'give it in where, {"where": {"role": [...]}}' in texts[2]
    # A wrong type is one line naming the argument, without pydantic's links.
    assert texts[3] == "offer: base: input should be a number, not text: 'abc'"
    assert "pydantic" not in texts[3] and "\n" not in texts[3]
    assert not taken.is_error and len(taken.structured_content["rows"]) == 2


def test_a_blank_argument_is_refused_as_the_api_refuses_a_blank_parameter(
    talking: Callable[[Talk], Any],
) -> None:
    # `company: ""` answered the ladder of every company, `search: ""` listed them all.
    async def talk(client: Client) -> Any:
        return [
            await client.call_tool("ladder", {"company": ""}),
            await client.call_tool("companies", {"search": " "}),
            await client.call_tool("compare", {"role": "ml_engineer", "metro": ""}),
            await client.call_tool("offer", {"base": 150000, "metro": ""}),
            await client.call_tool("offer", {"base": 150000}),
            await client.list_tools(),
        ]

    *refused, offer, plain, listed = talking(talk)
    assert [(r.is_error, r.content[0].text) for r in refused] == [
        (True, "ladder: empty value for company"),
        (True, "companies: empty value for search"),
        (True, "compare: empty value for metro"),
    ]
    # An offer follows the API's JSON body, where a blank metro is none (the offer form's).
    assert not offer.is_error and offer.structured_content == plain.structured_content
    # Every tool is either refused blank or one whose API twin reads a body.
    bodies = {"offer", "estimate", "check_claims", "report_outline"}
    assert {tool.name for tool in listed.tools} == QUERY_TOOLS | bodies


def test_compare_records_and_sources_answer_like_the_library(
    mcp_db: Path, talking: Callable[[Talk], Any]
) -> None:
    async def talk(client: Client) -> Any:
        return [
            await client.call_tool("compare", {"role": "ml_engineer", "country": "US"}),
            await client.call_tool("records", {"where": {"company": ["google"]}, "per_page": 2}),
            await client.call_tool("sources", {}),
            await client.call_tool("companies", {"search": "google", "limit": 3}),
            await client.call_tool("company", {"name": "GOOGLE LLC"}),
            await client.call_tool("company", {"name": "Gogle"}),
        ]

    compared, listed, loaded, found, profile, misspelt = talking(talk)
    asked = [
        ("compare", "--role", "ml_engineer", "--country", "US"),
        ("sources",),
        ("companies", "--search", "google", "--limit", "3"),
        ("company", "Google"),
    ]
    by_cli = [
        json.loads(said)
        for said in ok_each(*[("--db", mcp_db, *args, "--format", "json") for args in asked])
    ]
    assert compared.structured_content == by_cli[0]
    assert listed.structured_content["where"] == {"company": ["Google"]}
    assert len(listed.structured_content["rows"]) == 2
    assert loaded.structured_content == {"result": by_cli[1]}
    assert found.structured_content == {"result": by_cli[2]}
    assert profile.structured_content == by_cli[3]
    assert misspelt.is_error
    assert misspelt.content[0].text.endswith("no record has company 'Gogle'; did you mean Google?")


def test_the_tools_answer_while_an_ingest_holds_the_store(mcp_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "busy.duckdb"
    shutil.copyfile(mcp_db, db)
    publish_file(db)

    async def talk(client: Client) -> Any:
        return await client.call_tool("stats", {"by": ["pay_component"]})

    with write_lock_held(db):
        os.utime(db)  # the ingest has changed the store since it was last published
        called = in_session(db, talk)
    assert not called.is_error and called.structured_content["groups"]


def test_answer_keeps_the_cli_json() -> None:
    result = {"by": [], "groups": [{"key": {}, "n": 3, "p50": 1.5}]}
    assert answer(result).content[0].text == json.dumps(result, indent=2)
    assert answer([1, 2]).structured_content == {"result": [1, 2]}


def test_local_prices_is_a_tool_with_the_cli_answer(
    talking: Callable[[Talk], Any], cli_said: dict[str, Any]
) -> None:
    async def talk(client: Client) -> Any:
        return await client.call_tool("local_prices", {"metros": [SEATTLE]})

    called = talking(talk)
    assert not called.is_error
    done = cli_said["local prices"]
    assert done.returncode == 0
    assert called.structured_content == json.loads(done.stdout)
    # Each with what stats warns of the same question (tests/test_audit_fixes3.py), the
    # question that counts its records named as the tool asks it (test_faces_fixes71.py).
    told = [text.text.split("): ")[0] for text in called.content[1:]]
    assert told and told == [line.split("): ")[0] for line in done.stderr.splitlines()]


def test_quality_is_a_tool_with_the_cli_answer(
    talking: Callable[[Talk], Any], cli_said: dict[str, Any]
) -> None:
    async def talk(client: Client) -> Any:
        return await client.call_tool("quality", {})

    called = talking(talk)
    assert not called.is_error
    cli = cli_ok(cli_said, "quality")
    assert called.content[0].text + "\n" == cli  # exactly `paygrade quality --format json`
    assert called.structured_content == json.loads(cli)


# The CLI's other inputs, by their MCP names (the CLI flag is the name with dashes).
EVERY_TERM = {
    "base": 150000, "bonus": 20000, "shares": 1200, "price": 180, "cliff_months": 6,
    "vest_every": "quarterly", "sign_on_year2": 10000, "refresher": 50000, "growth_pct": 5,
    "currency": "EUR",
}  # fmt: skip


async def ladder_tool_and_antarctica(client: Client) -> Any:
    """The ladder tool as listed, and its answer for a country no record is of."""
    (tool,) = [t for t in (await client.list_tools()).tools if t.name == "ladder"]
    return tool, await client.call_tool("ladder", {"country": "AQ"})


def test_offer_and_ladder_are_tools_with_the_cli_answers(
    mcp_db: Path, talking: Callable[[Talk], Any]
) -> None:
    seattle = "Seattle-Tacoma-Bellevue, WA"
    terms = {"base": 185000, "bonus_pct": 15, "sign_on": 50000, "equity": 400000}
    profile = {"vesting": "amazon", "role": "ml_engineer", "level": "senior", "metro": seattle}

    async def talk(client: Client) -> Any:
        offered = await client.call_tool("offer", {**terms, **profile})
        laddered = await client.call_tool("ladder", {"company": "Meta", "years": 3})
        bad = await client.call_tool("offer", {"base": 1, "vesting": "50,40"})
        every = await client.call_tool("offer", {**EVERY_TERM, **profile, "years_experience": 6})
        both = await client.call_tool("offer", {"base": 185000, "bonus": 5, "bonus_pct": 5})
        wizard = await client.call_tool("offer", {**terms, **profile, "level": "wizard"})
        ladder = await ladder_tool_and_antarctica(client)
        return offered, laddered, bad, every, both, wizard, ladder

    offered, laddered, bad, every, both, wizard, (tool, antarctica) = talking(talk)
    # An offer's error names its arguments, as a rejected argument's does ("offer: base: ...");
    # a level outside the vocabulary was the filters' error, naming none.
    said = "offer: "
    assert both.is_error and both.content[0].text.startswith(f"{said}bonus_pct, bonus: give ")
    assert wizard.is_error and wizard.content[0].text.startswith(f"{said}level: level 'wizard'")
    # The tool said nothing of countries; "AQ", a country of no record, was answered.
    assert "compare like with like" in tool.description
    assert "compare like with like" in tool.input_schema["properties"]["country"]["description"]
    assert antarctica.is_error and antarctica.content[0].text.endswith("no record has country 'AQ'")
    names = {"growth_pct": "growth"}  # the one CLI flag not named like its MCP argument
    every_flags = [
        f"--{names.get(k, k).replace('_', '-')}={v}" for k, v in {**EVERY_TERM, **profile}.items()
    ]
    flags = [f"--{k.replace('_', '-')}={v}" for k, v in {**terms, **profile}.items()]
    *offers, ladder_done = run_each(
        ("--db", mcp_db, "offer", *every_flags, "--years=6", "--format", "json"),
        ("--db", mcp_db, "offer", *flags, "--format", "json"),
        ("--db", mcp_db, "ladder", "--company", "Meta", "--years", "3", "--format", "json"),
    )
    assert [(done.returncode, done.stderr) for done in offers] == [(0, "")] * 2
    by_every, by_terms, by_ladder = (json.loads(done.stdout) for done in (*offers, ladder_done))
    # What the tool warns of beside its answer, the CLI says on stderr beside its JSON,
    # each naming its own way to ask ("role", "--role").
    warned = "".join(f"{c.text}\n" for c in laddered.content[1:])
    assert warned.startswith("warning: ") and warned.endswith(": ask with role\n")
    warned = warned.replace(": ask with role\n", ": ask with --role\n")
    assert (ladder_done.returncode, ladder_done.stderr) == (0, warned)
    assert every.structured_content == by_every
    assert "years_experience 5-7" in every.structured_content["market"]["fallbacks"][0]
    assert every.structured_content["market"]["compared_in_usd"]["usd_per_unit"] > 0
    assert offered.structured_content == by_terms
    assert laddered.structured_content == by_ladder
    assert bad.is_error and "sum to 90, not 100" in bad.content[0].text


def test_check_claims_and_report_outline_are_tools(
    talking: Callable[[Talk], Any], cli_said: dict[str, Any]
) -> None:
    async def talk(client: Client) -> Any:
        checked = await client.call_tool("check_claims", {"text": ARTICLE.read_text("utf-8")})
        page = await client.call_tool("check_claims", {"text": PAGE})
        markup = await client.call_tool("check_claims", {"text": "<p></p>"})
        return checked, await client.call_tool("report_outline", {}), page, markup

    checked, outline, page, markup = talking(talk)
    # Markup alone was an answer of no claims; the CLI refuses it, and so does the tool.
    assert markup.is_error and "holds no text to check" in markup.content[0].text
    # A web page is read as its text, as the CLI reads a saved one.
    assert page.structured_content["checked_text"] == html_to_text(PAGE)
    assert "999,999" not in json.dumps(page.structured_content["claims"])
    assert not checked.is_error and not outline.is_error
    cli = cli_ok(cli_said, "check claims")
    assert checked.structured_content == json.loads(cli)
    sections = outline.structured_content["sections"]
    assert sections[0]["id"] == "overview" and "charts" not in sections[1]


def test_estimate_is_a_tool_with_the_cli_answer(
    mcp_db: Path, talking: Callable[[Talk], Any], web_models: Path
) -> None:
    # The session's model of the real store, in the folder beside this copy of it (where
    # `paygrade train` would save it): both the tool and the CLI read it from there.
    shutil.copytree(web_models, mcp_db.parent / "models", dirs_exist_ok=True)
    profile = {"role": "ml_engineer", "level": "senior", "country": "US"}

    async def talk(client: Client) -> Any:
        good = await client.call_tool("estimate", {"profile": profile})
        bad = await client.call_tool("estimate", {"profile": {"level": "wizard"}})
        typo = {**profile, "company": "Gogle"}
        misspelt = await client.call_tool("estimate", {"profile": typo, "pay_component": "base"})
        later = await client.call_tool("estimate", {"profile": {**profile, "year": 2027}})
        return good, bad, misspelt, later

    good, bad, misspelt, later = talking(talk)
    cli = ok(
        "--db", mcp_db, "estimate", "--role", "ml_engineer", "--level", "senior",
        "--country", "US", "--format", "json",
    )  # fmt: skip
    assert not good.is_error and good.content[0].text + "\n" == cli
    assert len(good.content) == 1  # nothing to warn of
    assert bad.is_error and "level 'wizard' is not one of" in bad.content[0].text
    # A value no record holds is a warning after the JSON (it was estimated without a word).
    assert not misspelt.is_error and set(misspelt.structured_content) == set(json.loads(cli))
    warnings = [c.text for c in misspelt.content[1:]]
    assert "warning: no record has company 'Gogle'; did you mean Google?" in warnings
    # A year past the records is said as the CLI says it.
    assert any(
        c.text.startswith("warning: total pay's records are of ") and "2027 is answered" in c.text
        for c in later.content[1:]
    )


def test_estimate_warns_of_what_the_model_cannot_weigh(
    mcp_db: Path, talking: Callable[[Talk], Any], web_models: Path
) -> None:
    # As the CLI and the page say it: a company cannot move total pay (the surveys name
    # none), and a title no training record holds is answered as a blank one.
    shutil.copytree(web_models, mcp_db.parent / "models", dirs_exist_ok=True)
    profile = {"role": "ml_engineer", "level": "senior", "company": "Google"}

    async def talk(client: Client) -> Any:
        surveyed = await client.call_tool("estimate", {"profile": profile})
        titled = {**profile, "title": "Chief Vibes Officer"}
        unlearned = await client.call_tool("estimate", {"profile": titled, "pay_component": "base"})
        return surveyed, unlearned

    surveyed, unlearned = talking(talk)
    assert not surveyed.is_error and [c.text for c in surveyed.content[1:]] == [
        "warning: total pay's records hold no company: it cannot move this estimate; "
        "base pay's do: pay_component base"
    ]
    assert not unlearned.is_error and any(
        c.text.startswith("warning: never seen: title (no training record holds it")
        for c in unlearned.content[1:]
    )


class RawSession:
    """`paygrade --db DB mcp` spoken to line by line, as a client that errs would: the
    SDK's client sends only well-formed messages."""

    def __init__(self, db: Path, paygrade: Sequence[str] = (str(PAYGRADE),), **popen: Any) -> None:
        # ``paygrade``: the command, a fixture's script run as paygrade too; ``popen``:
        # more of Popen's arguments (stderr=subprocess.PIPE).
        command = [*paygrade, "--db", str(db), "mcp"]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=server_environment(),
            **popen,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.put(line)

    def send(self, line: str) -> None:
        self.process.stdin.write(line + "\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]

    def answer(self, timeout: float = 60) -> Any:
        """The next line the server writes, as JSON; fails if none comes in time."""
        try:
            return json.loads(self.lines.get(timeout=timeout))
        except queue.Empty:
            raise AssertionError(f"no answer in {timeout} s") from None


@pytest.fixture
def raw_session(mcp_db: Path) -> Iterator[RawSession]:
    session = RawSession(mcp_db)
    yield session
    session.process.stdin.close()  # type: ignore[union-attr]
    session.process.wait(timeout=30)
    session.process.stdout.close()  # type: ignore[union-attr]


INITIALIZE = {
    "jsonrpc": "2.0", "id": 1, "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {},
               "clientInfo": {"name": "raw", "version": "1"}},
}  # fmt: skip


def test_a_line_that_is_no_message_gets_a_json_rpc_error_and_the_session_goes_on(
    raw_session: RawSession,
) -> None:
    # The SDK dropped each of these without a word: the client waited for ever.
    raw_session.send('{"jsonrpc": "2.0", "id": 1, "method": "initialize"')
    unparsed = raw_session.answer()
    assert unparsed["id"] is None and unparsed["error"]["code"] == -32700
    assert unparsed["error"]["message"] == "Parse error"
    assert unparsed["error"]["data"].startswith("the line is not JSON: EOF while parsing")
    raw_session.send("")  # a blank line is no message: nothing to answer
    raw_session.send(json.dumps(INITIALIZE))
    assert raw_session.answer()["result"]["serverInfo"]["name"] == "paygrade"
    raw_session.send(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))
    # JSON, but no request: the id where one can be read, null where not.
    raw_session.send(json.dumps({"jsonrpc": "2.0", "id": 7, "method": 5}))
    invalid = raw_session.answer()
    assert invalid["id"] == 7 and invalid["error"]["code"] == -32600
    assert invalid["error"]["message"] == "Invalid Request"
    assert invalid["error"]["data"] == (
        "not a JSON-RPC 2.0 message: method: input should be a valid string"
    )
    raw_session.send(json.dumps([{"jsonrpc": "2.0", "id": 8, "method": "ping"}]))
    batch = raw_session.answer()
    assert batch["id"] is None and batch["error"]["code"] == -32600
    assert "not an array (batches are not taken)" in batch["error"]["data"]
    raw_session.send(json.dumps({"jsonrpc": "2.0", "id": 9, "method": "tools/list"}))
    listed = raw_session.answer()
    assert listed["id"] == 9 and {t["name"] for t in listed["result"]["tools"]} == TOOLS
    assert raw_session.process.poll() is None


def test_a_request_nested_past_pythons_stack_is_a_parse_error_and_the_session_goes_on(
    raw_session: RawSession,
) -> None:
    raw_session.send(json.dumps(INITIALIZE))
    assert raw_session.answer()["id"] == 1
    raw_session.send(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))
    # 1,000 nested arrays in a request's arguments: json.loads raised RecursionError while
    # the line's id was looked for, which ended the server ("internal error
    # (ExceptionGroup)", status 70) and left this request and every later one unanswered.
    nested = "[" * 1000 + "]" * 1000
    call = '{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": '
    raw_session.send(call + '{"name": "stats", "arguments": {"by": ' + nested + "}}}")
    refused = raw_session.answer()
    assert refused["error"]["code"] == -32700
    assert refused["error"]["data"] == (
        "the line is not readable JSON: it is nested too deeply to read"
    )
    raw_session.send(json.dumps({"jsonrpc": "2.0", "id": 8, "method": "tools/list"}))
    assert raw_session.answer()["id"] == 8
    assert raw_session.process.poll() is None


def test_every_tool_is_documented() -> None:
    # The session above holds the server to TOOLS; the README's command table and
    # docs/cli.md must name each of them (estimate once went missing from the README).
    readme = next(
        line for line in (ROOT / "README.md").read_text().splitlines() if "`paygrade mcp`" in line
    )
    cli = (ROOT / "docs" / "cli.md").read_text()
    # The command's own help named five tools of eleven.
    helped = " ".join((paygrade.cli.mcp.__doc__ or "").split())
    for tool in sorted(TOOLS):
        assert f"`{tool}`" in readme, tool
        assert f"* `{tool}`:" in cli, tool
        assert re.search(rf"\b{tool}\b", helped), tool


def piped(db: Path, *requests: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    """`paygrade --db DB mcp` given the handshake and ``requests`` as a script would pipe
    them (`printf ... | paygrade mcp`): stdin ends right after the last line."""
    initialized = {"jsonrpc": "2.0", "method": "notifications/initialized"}
    lines = [json.dumps(m) for m in (INITIALIZE, initialized, *requests)]
    return subprocess.run(
        [str(PAYGRADE), "--db", str(db), "mcp"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=server_environment(),
        timeout=300,
    )


def tool_call(id: int, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    params = {"name": name, "arguments": arguments}
    return {"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params}


def initialized(session: RawSession) -> None:
    """The handshake done: initialize answered, then the client's notification."""
    session.send(json.dumps(INITIALIZE))
    session.answer()
    session.send(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))


@pytest.fixture(scope="module")
def one_line_session(mcp_db: Path) -> Iterator[RawSession]:
    session = RawSession(mcp_db)
    initialized(session)
    yield session
    session.process.stdin.close()  # type: ignore[union-attr]
    session.process.wait(timeout=30)
    session.process.stdout.close()  # type: ignore[union-attr]


@pytest.fixture
def line_session(one_line_session: RawSession) -> RawSession:
    """One `paygrade mcp` for the module, its handshake done, for the tests that send lines
    as a client writes them (NaN, null, a bad id or key: what the SDK's client will not
    send) after the handshake, and read the answers: a process per test made them the
    module's slowest. Tests of a session's start and end start their own
    (``raw_session``)."""
    assert one_line_session.process.poll() is None, "the module's session has ended"
    assert one_line_session.lines.empty(), "an earlier test left an answer unread"
    return one_line_session


def answered(session: RawSession, *requests: dict[str, Any]) -> list[Any]:
    """Each of ``requests`` sent as one line, then the server's answer to each (one line
    each, in the order it wrote them)."""
    for request in requests:
        session.send(json.dumps(request))
    return [session.answer() for _ in requests]


def test_requests_read_before_the_input_ends_are_all_answered(mcp_db: Path) -> None:
    # The SDK cancelled the tool calls still running when stdin closed: only the
    # handshake was answered, and the exit status was 0.
    calls = [
        tool_call(2, "sources", {}),
        tool_call(3, "company", {"name": "Google"}),
        tool_call(4, "stats", {"by": ["level"]}),
        tool_call(5, "stats", {"by": ["levle"]}),
    ]
    done = piped(mcp_db, *calls)
    assert done.returncode == 0, done.stderr
    answers = {a["id"]: a for a in map(json.loads, done.stdout.splitlines())}
    assert sorted(answers) == [1, 2, 3, 4, 5]
    assert answers[3]["result"]["structuredContent"]["company"] == "Google"
    assert answers[4]["result"]["structuredContent"]["groups"]
    assert answers[5]["result"]["isError"]


@pytest.mark.parametrize("id", [1.5, True, None, [1], {"a": 1}])
def test_a_request_whose_id_is_no_string_or_integer_is_an_invalid_request(
    line_session: RawSession, id: Any
) -> None:
    # Read as a notification (which has no answer), it was answered with nothing.
    line_session.send(json.dumps({"jsonrpc": "2.0", "id": id, "method": "tools/list"}))
    refused = line_session.answer(timeout=30)
    assert refused["id"] is None and refused["error"]["code"] == -32600
    assert refused["error"]["data"] == (
        "not a JSON-RPC 2.0 message: id: a request's id is a string or an integer, "
        f"not {json.dumps(id)}"
    )
    line_session.send(json.dumps({"jsonrpc": "2.0", "id": 2, "method": "ping"}))
    assert line_session.answer() == {"jsonrpc": "2.0", "id": 2, "result": {}}


def test_an_argument_of_the_wrong_type_is_refused_not_converted(
    talking: Callable[[Talk], Any],
) -> None:
    # Pydantic's lax mode took "yes" for true, "5" for 5 and true for remote 1.
    async def talk(client: Client) -> Any:
        return [
            await client.call_tool("stats", {"real": "yes"}),
            await client.call_tool("stats", {"min_n": "5"}),
            await client.call_tool("stats", {"where": {"remote": [True]}}),
            await client.call_tool("stats", {"min_n": 5.5}),
            await client.call_tool("offer", {"base": 150000}),  # a whole number is a number
            # JSON Schema's integer takes 5.0, as a client keeping numbers as doubles sends.
            await client.call_tool("stats", {"by": ["level"], "min_n": 5.0}),
        ]

    *refused, taken, decimal = talking(talk)
    assert [r.content[0].text for r in refused] == [
        "stats: real: input should be a valid boolean",
        "stats: min_n: input should be a number, not text: '5'",
        "stats: where.remote.0: input should be a valid string, a valid integer or a valid "
        "number, not true",
        "stats: min_n: must be a whole number, got 5.5",
    ]
    assert all(r.is_error for r in refused) and not taken.is_error
    assert not decimal.is_error and decimal.structured_content["groups"]


def test_the_companies_limit_reaches_every_company_and_no_further(
    talking: Callable[[Talk], Any],
) -> None:
    # Capped at 20,000 (the listing has no pages), some 7,000 companies were out of reach.
    async def talk(client: Client) -> Any:
        every = await client.call_tool("companies", {"limit": 100_000})
        huge = await client.call_tool("companies", {"limit": 100_001})
        return every, huge

    every, huge = talking(talk)
    assert not every.is_error and len(json.loads(every.content[0].text)) > 20_000
    assert huge.is_error
    assert huge.content[0].text == "companies: limit: must be 100,000 or less, not 100001"


def test_tool_call_params_that_are_wrong_say_what_is_wrong(line_session: RawSession) -> None:
    # The SDK's -32602 said only "Invalid request parameters", with data "".
    for id, params in [(2, {"arguments": {}}), (3, {"name": "stats", "arguments": []})]:
        line_session.send(json.dumps({**tool_call(id, "", {}), "params": params}))
    answers = [line_session.answer(), line_session.answer()]
    assert [(a["id"], a["error"]["code"], a["error"]["data"]) for a in answers] == [
        (2, -32602, "params.name is required"),
        (3, -32602, "params.arguments must be an object"),
    ]


def test_an_offer_no_peer_places_is_warned_of_as_the_cli_says_it(line_session: RawSession) -> None:
    # The CLI says it on stderr beside its JSON; the tool had said it only inside the JSON.
    placed = {"base": 185000, "role": "ml_engineer", "country": "US"}
    done = answered(
        line_session,
        tool_call(2, "offer", {**placed, "level": "staff", "country": "LU"}),
        tool_call(3, "offer", placed),
    )
    texts = {a["id"]: [c["text"] for c in a["result"]["content"]] for a in done}
    unplaced, found = texts[2], texts[3]  # answered as each ends, in either order
    market = json.loads(unplaced[0])["market"]
    assert market["percentile"] is None and market["n"] == 0
    assert unplaced[1:] == [f"warning: market: {market['note']} (n = 0)"]
    assert len(found) == 1 and json.loads(found[0])["market"]["percentile"] is not None


def test_companies_say_what_they_did_not_find_as_the_cli_does(line_session: RawSession) -> None:
    # A search finding none answered [] alone (the CLI says the nearest names on stderr);
    # a filter value no record holds answered [] without a word, where stats says it.
    done = answered(
        line_session,
        tool_call(2, "companies", {"search": "gogle"}),
        tool_call(3, "companies", {"where": {"company": ["Gogle"]}}),
        tool_call(4, "companies", {"search": "google", "limit": 1}),
        # Each value held, together none: as the CLI's stderr and the API's header say it.
        tool_call(5, "companies", {"where": {"role": ["ml_engineer"], "company": ["Amazon"]}}),
    )
    answers = {a["id"]: a["result"] for a in done}
    together = [c["text"] for c in answers[5]["content"]]
    assert together[0] == "[]" and together[1].startswith(
        "warning: no record matches all of these filters together (without role: "
    )
    searched = [c["text"] for c in answers[2]["content"]]
    assert searched == ["[]", "warning: no company matches 'gogle'; did you mean Google?"]
    # A value no record holds: the empty answer, and why, as the CLI and the API say it
    # (it had been an error, no answer).
    unheld = [c["text"] for c in answers[3]["content"]]
    assert unheld == ["[]", "warning: no record has company 'Gogle'; did you mean Google?"]
    assert not answers[3].get("isError")
    found = answers[4]["content"]
    assert json.loads(found[0]["text"])[0]["company"] == "Google"
    # Other companies match too ("Alphabet" is Google's): the list cut to 1 says so.
    assert re.fullmatch(
        r"warning: showing 1 of \d+ companies, .*raise limit for more", found[1]["text"]
    )


def test_an_empty_value_list_and_a_field_grouped_twice_are_said_as_such(
    line_session: RawSession,
) -> None:
    # {"role": []} read as "no record matches all of these filters together", and a field
    # grouped twice answered with the CLI's words, "a field appears twice in --by".
    done = answered(
        line_session,
        tool_call(2, "stats", {"where": {"role": []}}),
        tool_call(3, "stats", {"by": ["level", "level"]}),
    )
    answers = {a["id"]: a["result"] for a in done}
    empty, twice = (answers[i]["content"][0]["text"] for i in (2, 3))
    assert answers[2]["isError"] and empty == "stats: where.role: has 0 values: at least 1"
    assert answers[3]["isError"] and twice.endswith("a field to group by is named twice: level")


# Per tool: a bad value and a bad number (an unknown argument is refused before the call).
BAD_CALLS: dict[str, list[dict[str, Any]]] = {
    "stats": [{"where": {"role": ["ml_enginer"]}}, {"min_n": "x"}],
    "compare": [{"role": "ml_engineer", "country": "ZZ"}, {"role": "ml_engineer", "level": 5}],
    "companies": [{"where": {"level": ["senor"]}}, {"limit": 0}],
    "company": [{"name": "Gogle"}, {"name": 5}],
    "records": [{"where": {"country": ["Germny"]}}, {"page": 1e20}],
    "local_prices": [{"role": "ml_enginer"}, {"metros": [5]}],
    "offer": [{"base": 1, "vest_every": "monthy"}, {"base": "x"}],
    "ladder": [{"level": "senor"}, {"years": "x"}],
    "check_claims": [{"text": " \n\t "}, {"text": 5}],
    "estimate": [
        {"profile": {"role": "ml_enginer"}},
        {"profile": {"years_experience": "x"}},
        {"profile": {"role": "ml_engineer"}, "pay_component": "totl"},
        # The API refuses a year not whole; the tool answered it as 2022 without a word.
        {"profile": {"role": "ml_engineer", "year": 2022.5}},
    ],
}


def test_every_tool_error_is_one_line_led_by_the_tools_name(line_session: RawSession) -> None:
    # A library's refusal read "Error executing tool stats: role 'ml_enginer' ...", beside
    # "stats: min_n: input should be ..." and "stats takes no argument ...": one form now.
    # Page 1e20 was echoed back whole (1e300 as 300 digits); only spaces were checked as a
    # text of no claims, where the API refuses them.
    calls = [(name, {"bogus": 1}) for name in sorted(TOOLS)]
    calls += [(name, arguments) for name, bad in BAD_CALLS.items() for arguments in bad]
    done = answered(line_session, *(tool_call(i, *call) for i, call in enumerate(calls, 2)))
    answers = {a["id"]: a["result"] for a in done if a["id"]}
    said = {}
    for i, (name, arguments) in enumerate(calls, 2):
        (text,) = [c["text"] for c in answers[i]["content"]]
        assert answers[i]["isError"] and "\n" not in text, (name, arguments, text)
        assert text.startswith((f"{name}: ", f"{name} takes no argument 'bogus'")), text
        said[name, json.dumps(arguments)] = text
    assert said["stats", '{"where": {"role": ["ml_enginer"]}}'].endswith(
        "(did you mean ml_engineer?)"
    )
    assert said["estimate", '{"profile": {"role": "ml_enginer"}}'].endswith(
        "(did you mean ml_engineer?)"
    )
    assert said["estimate", '{"profile": {"role": "ml_engineer"}, "pay_component": "totl"}'] == (
        "estimate: pay_component: 'totl' is not one of total, base (did you mean total?)"
    )
    assert said["estimate", '{"profile": {"role": "ml_engineer", "year": 2022.5}}'] == (
        "estimate: year must be a whole number, got 2022.5"
    )
    assert said["records", '{"page": 1e+20}'] == (
        "records: page: must be 1,000,000 or less, not 100000000000000000000"
    )
    assert said["check_claims", '{"text": " \\n\\t "}'] == "check_claims: text: has only spaces"
    assert said["records", '{"where": {"country": ["Germny"]}}'].startswith(
        "records: no country is called 'Germny'; did you mean Germany?"
    )


def test_a_question_of_flagged_records_says_how_the_tool_counts_them(
    line_session: RawSession,
) -> None:
    # It named the CLI's --include-flagged, an option no tool call has.
    done = answered(
        line_session, tool_call(2, "stats", {"where": {"company": ["Paramount Group Management"]}})
    )
    (answer,) = [a for a in done if a.get("id") == 2]
    said = json.loads(answer["result"]["content"][0]["text"])["no_match"]["message"]
    assert said.endswith('left out ("include_flagged": true counts it)')


def test_an_argument_sent_null_is_one_not_sent(
    mcp_db: Path, line_session: RawSession, web_models: Path
) -> None:
    # "sign_on": null was "offer: sign_on: input should be a valid number", a profile's
    # "years_experience": null "... not null", where the API and the CLI read it as not given.
    shutil.copytree(web_models, mcp_db.parent / "models", dirs_exist_ok=True)
    profile = {"role": "ml_engineer"}
    nulled = {**profile, "years_experience": None}
    done = answered(
        line_session,
        tool_call(2, "offer", {"base": 100000, "sign_on": None, "vesting": None, "bonus": None}),
        tool_call(3, "offer", {"base": 100000}),
        tool_call(4, "offer", {"base": None}),
        tool_call(5, "estimate", {"profile": nulled, "pay_component": None}),
        tool_call(6, "estimate", {"profile": profile}),
        tool_call(7, "offer", {"base": 100000, "bonsu": None}),
    )
    answers = {a["id"]: a["result"] for a in done}
    texts = {i: answers[i]["content"][0]["text"] for i in range(2, 8)}
    assert not answers[2]["isError"] and texts[2] == texts[3]
    assert answers[4]["isError"] and texts[4] == "offer: base: is required"
    assert not answers[5]["isError"] and texts[5] == texts[6]
    # An argument the tool does not take is refused, null or not (it was dropped unsaid).
    assert answers[7]["isError"] and texts[7].startswith("offer takes no argument 'bonsu'")


def test_companies_without_a_limit_give_the_first_hundred(talking: Callable[[Talk], Any]) -> None:
    # Unbounded, the 27,000 companies were one 11 MB line, past any assistant's context;
    # the API gives 100 unless asked for more.
    async def talk(client: Client) -> Any:
        return await client.call_tool("companies", {})

    answer = talking(talk)
    assert not answer.is_error and len(json.loads(answer.content[0].text)) == 100


def test_a_text_argument_past_any_name_is_refused_without_being_echoed(
    talking: Callable[[Talk], Any],
) -> None:
    # A 200,000-character name was looked up and said back whole in the error.
    long = "A" * 200_000
    calls = [
        ("company", {"name": long}),
        ("ladder", {"company": long}),
        ("compare", {"role": "ml_engineer", "metro": long}),
        ("local_prices", {"metros": [long]}),
        ("records", {"where": {"company": [long]}}),
    ]

    async def talk(client: Client) -> Any:
        return [await client.call_tool(name, arguments) for name, arguments in calls]

    answers = talking(talk)
    said = [a.content[0].text for a in answers]
    assert all(a.is_error for a in answers) and all(len(text) < 300 for text in said)
    assert all("characters long: at most 200" in text for text in said), said


def test_a_filter_of_more_values_than_any_question_needs_is_refused(
    talking: Callable[[Talk], Any],
) -> None:
    # 300 companies took 8 s of the server, each spelt against every held one.
    async def talk(client: Client) -> Any:
        where = {"company": [f"Fixture {i}" for i in range(MAX_VALUES + 1)]}
        return await client.call_tool("stats", {"where": where})

    answer = talking(talk)
    assert answer.is_error and answer.content[0].text == (
        f"stats: where.company: has {MAX_VALUES + 1} values: at most {MAX_VALUES}"
    )


def test_a_number_sent_nan_or_infinite_is_said_to_be_no_finite_number(
    line_session: RawSession,
) -> None:
    # NaN (JSON that Python's json writes) had been "input should be less than or equal to
    # 60", as if it were a number too large; the API and the CLI say it is not finite.
    done = answered(
        line_session,
        tool_call(2, "ladder", {"years": float("nan")}),
        tool_call(3, "offer", {"base": 150000, "years_experience": float("inf")}),
        # A profile's number: "must be between 0 and 60, got nan".
        tool_call(4, "estimate", {"profile": {"years_experience": float("nan")}}),
    )
    answers = {a["id"]: a for a in done}
    texts = [answers[i]["result"]["content"][0]["text"] for i in (2, 3, 4)]
    assert texts[:2] == [
        "ladder: years: input should be a finite number, not NaN",
        "offer: years_experience: input should be a finite number, not Infinity",
    ]
    assert (
        texts[2] == "estimate: profile.years_experience: input should be a finite number, not NaN"
    )


def test_a_key_given_twice_is_refused_not_its_first_value_dropped(
    line_session: RawSession,
) -> None:
    # The offer was answered at the second base, the stats at the second role, and a
    # "name" given twice ran the second tool: the first values dropped without a word.
    lines = [
        '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"offer",'
        '"arguments":{"base":100000,"base":200000}}}',
        '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"stats",'
        '"arguments":{"where":{"role":["ml_engineer"],"role":["data_scientist"]}}}}',
        '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"company",'
        '"name":"sources","arguments":{}}}',
        '{"jsonrpc":"2.0","id":5,"id":6,"method":"tools/list"}',
    ]
    for line in lines:
        line_session.send(line)
    answers = [line_session.answer() for _ in lines]
    assert [(a["id"], a["error"]["code"], a["error"]["data"]) for a in answers] == [
        (2, -32600, "the line gives 'base' twice: give each key once"),
        (3, -32600, "the line gives 'role' twice: give each key once"),
        (4, -32600, "the line gives 'name' twice: give each key once"),
        (None, -32600, "the line gives 'id' twice: give each key once"),
    ]
    line_session.send(json.dumps(tool_call(7, "sources", {})))
    assert line_session.answer()["id"] == 7  # the session goes on


def test_a_line_that_is_not_utf8_is_a_parse_error_not_read_as_other_text(
    line_session: RawSession,
) -> None:
    # Read with its bytes replaced, "Caf\xe9" was the company "Caf\ufffd" ("no record has
    # company 'Caf'; did you mean CA?") and a claim's \x80 a claim of no figure.
    line = b'{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"company",' \
        b'"arguments":{"name":"Caf\xe9"}}}\n'  # fmt: skip
    line_session.process.stdin.buffer.write(line)  # type: ignore[union-attr]
    line_session.process.stdin.flush()  # type: ignore[union-attr]
    answer = line_session.answer()
    at = line.index(0xE9) + 1
    assert (answer["id"], answer["error"]["code"], answer["error"]["data"]) == (
        2, -32700, f"the line is not UTF-8 (byte 0xe9 at byte {at}): send it as UTF-8",
    )  # fmt: skip
    line_session.send(json.dumps(tool_call(3, "sources", {})))
    assert line_session.answer()["id"] == 3  # the session goes on


def test_a_byte_order_mark_a_notification_with_an_id_and_deep_nesting_are_said_so(
    line_session: RawSession,
) -> None:
    # A line led by a BOM was "not JSON" (the API reads such a body); a notification sent
    # with an id was "no method 'notifications/initialized' here"; JSON nested 300 deep was
    # "not JSON: recursion limit exceeded".
    line_session.send("\ufeff" + json.dumps({"jsonrpc": "2.0", "id": 2, "method": "ping"}))
    assert line_session.answer() == {"jsonrpc": "2.0", "id": 2, "result": {}}
    noticed = {"jsonrpc": "2.0", "id": 3, "method": "notifications/initialized"}
    deep = json.dumps(tool_call(4, "stats", {"by": []})).replace("[]", "[" * 300 + "]" * 300)
    answers = answered(line_session, noticed)
    line_session.send(deep)
    answers.append(line_session.answer())
    assert [(a["id"], a["error"]["code"], a["error"]["data"]) for a in answers] == [
        (3, -32600, "notifications/initialized is a notification: send it without an id"),
        (None, -32700, "the line is not readable JSON: it is nested too deeply to read"),
    ]
    line_session.send(json.dumps(tool_call(5, "sources", {})))
    assert line_session.answer()["id"] == 5  # the session goes on


def test_a_client_that_stops_reading_ends_the_server_quietly(mcp_db: Path) -> None:
    initialized = {"jsonrpc": "2.0", "method": "notifications/initialized"}
    requests = [INITIALIZE, initialized, tool_call(2, "sources", {}), tool_call(3, "sources", {})]
    server = subprocess.Popen(
        [str(PAYGRADE), "--db", str(mcp_db), "mcp"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=server_environment(),
    )  # fmt: skip
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(b"".join(json.dumps(r).encode() + b"\n" for r in requests))
    server.stdin.flush()
    server.stdout.readline()  # the handshake's answer, then the client goes away
    server.stdout.close()
    server.stdin.close()
    server.wait(timeout=120)
    assert server.stderr is not None
    stderr = server.stderr.read()
    server.stderr.close()
    # It was "error: internal error (ExceptionGroup): unhandled errors in a TaskGroup (1
    # sub-exception)", status 70: a client going away is routine for a server.
    assert (server.returncode, stderr) == (0, b"")


def test_the_servers_output_on_a_full_disk_is_said_as_any_command_says_it(
    mcp_db: Path,
) -> None:
    # "internal error (ExceptionGroup): unhandled errors in a TaskGroup", status 70, where
    # `paygrade stats > /dev/full` says the machine's refusal, 74.
    initialized = {"jsonrpc": "2.0", "method": "notifications/initialized"}
    requests = [INITIALIZE, initialized, tool_call(2, "sources", {})]
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [str(PAYGRADE), "--db", str(mcp_db), "mcp"],
            input=b"".join(json.dumps(r).encode() + b"\n" for r in requests),
            stdout=full, stderr=subprocess.PIPE, env=server_environment(), timeout=120,
            check=False,
        )  # fmt: skip
    assert (done.returncode, done.stderr.decode()) == (
        74, "error: cannot write the output: No space left on device\n",
    )  # fmt: skip


def test_a_request_before_initialize_or_an_initialize_of_no_params_says_so(
    raw_session: RawSession,
) -> None:
    # Both were -32602 "Invalid request parameters" with data "": the params blamed for the
    # order, and nothing said of what initialize lacked.
    raw_session.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}))
    raw_session.send(json.dumps({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {}}))
    answers = [raw_session.answer(), raw_session.answer()]
    assert [(a["id"], a["error"]["code"], a["error"]["data"]) for a in answers] == [
        (1, -32600, "tools/list before initialize: send initialize first"),
        (2, -32602, "params.protocolVersion is required; params.capabilities is required; "
                    "params.clientInfo is required"),
    ]  # fmt: skip
    raw_session.send(json.dumps(INITIALIZE))
    assert raw_session.answer()["result"]["serverInfo"]["name"] == "paygrade"


def test_ctrl_c_stops_the_server_at_once(raw_session: RawSession) -> None:
    import signal

    raw_session.send(json.dumps(INITIALIZE))
    raw_session.answer()  # up and reading stdin
    raw_session.process.send_signal(signal.SIGINT)
    # Its thread reading stdin held the process until stdin closed: Ctrl-C did nothing.
    assert raw_session.process.wait(timeout=10) == 130


def test_half_a_character_is_answered_under_its_request_id(line_session: RawSession) -> None:
    # A JavaScript client's string cut inside an emoji ("\ud83d" alone) is JSON the SDK's
    # reader refuses: its -32700 had no id, and the client waited for its answer.
    line = (
        '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"check_claims",'
        '"arguments":{"text":"ML engineers earn $150k \\ud83d"}}}'
    )
    line_session.send(line)
    answer = line_session.answer()
    assert (answer["id"], answer["error"]["code"], answer["error"]["data"]) == (
        7, -32602, "params.arguments.text holds half a character (the escape \\ud83d): "
        "send whole characters",
    )  # fmt: skip
    whole = line.replace("\\ud83d", "\\ud83d\\ude00").replace('"id":7', '"id":8')
    line_session.send(whole)
    assert line_session.answer()["id"] == 8  # a whole emoji is read; the session goes on
