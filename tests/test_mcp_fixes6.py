"""`paygrade mcp` mends: a cancelled tool call's query is interrupted. A real `paygrade mcp`
process, driven as tests/test_mcp.py drives it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from paygrade.mcp_server import TOOL_GROUPS
from paygrade.stats import stats
from paygrade.store import Store
from tests import test_mcp
from tests.conftest import ROOT
from tests.test_mcp import RawSession, initialized, piped, tool_call
from tests.test_mcp_fixes import request

# test_mcp's fixture, here by name: a published copy of the real store.
mcp_db = test_mcp.mcp_db

# A fixture: `paygrade` whose stats by year first runs a query of some seconds on the call's
# connection (3.6 billion rows, ~12 s), noting in the file named first how it ended.
SLOW = """
import sys
from pathlib import Path
import duckdb
import paygrade.stats
noted = Path(sys.argv.pop(1))
library = paygrade.stats.warned_stats
def warned_stats(store, by, *args, **kwargs):
    if by == ["year"]:
        noted.write_text("started")
        try:
            store.con.execute(
                "SELECT sum(a.range * b.range) FROM range(60000) a, range(60000) b").fetchall()
        except duckdb.InterruptException:
            noted.write_text("interrupted")
            raise
        noted.write_text("finished")
    return library(store, by, *args, **kwargs)
paygrade.stats.warned_stats = warned_stats
from paygrade.cli import main
sys.exit(main(sys.argv[1:]))
"""


def started(noted: Path) -> bool:
    """Whether the fixture's slow call has begun (waiting at most a minute for it)."""
    for _ in range(600):
        if noted.exists():
            return True
        time.sleep(0.1)
    return False


def test_a_cancelled_call_has_its_query_interrupted_and_the_next_is_answered(
    mcp_db: Path, tmp_path: Path
) -> None:
    # Its query ran on after the cancel: stats by company, title and metro held a core ~4 s
    # more, and the next call took 19.3 s where it takes 9.3 s alone.
    slow, noted = tmp_path / "slow_paygrade.py", tmp_path / "noted"
    slow.write_text(SLOW)
    session = RawSession(mcp_db, (sys.executable, str(slow), str(noted)), stderr=subprocess.PIPE)
    try:
        initialized(session)
        session.send(json.dumps(tool_call(2, "stats", {"by": ["year"]})))
        assert started(noted)
        cancel = {"requestId": 2, "reason": "the user moved on"}
        session.send(
            json.dumps({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": cancel})
        )
        session.send(json.dumps(tool_call(3, "stats", {"by": ["level"]})))
        after = session.answer(timeout=120)
    finally:
        session.process.stdin.close()  # type: ignore[union-attr]
        session.process.wait(timeout=120)
        said = session.process.stderr.read()  # type: ignore[union-attr]
        session.process.stderr.close()  # type: ignore[union-attr]
        session.process.stdout.close()  # type: ignore[union-attr]
    store = Store.open(mcp_db, read_only=True)
    try:
        library = stats(store, ["level"])
    finally:
        store.close()
    assert noted.read_text() == "interrupted"
    assert after["id"] == 3 and after["result"]["structuredContent"] == json.loads(
        json.dumps(library)
    )
    assert session.lines.empty()  # the cancelled call is not answered
    assert (session.process.returncode, said) == (0, "")


line_session, one_line_session = test_mcp.line_session, test_mcp.one_line_session


def test_a_raw_control_character_is_a_parse_error_under_its_request_id(
    line_session: RawSession,
) -> None:
    # It was -32700 with id null, though the id could be read: the client waited on it.
    call = '{"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "company", '
    line_session.send(call + '"arguments": {"name": "Goo\tgle"}}}')
    line_session.send('{"jsonrpc": "2.0", "id": "six", "method": "ping", "params": {"_x": "\x01"}}')
    refused = [line_session.answer(), line_session.answer()]
    assert [(r["id"], r["error"]["code"], r["error"]["message"]) for r in refused] == [
        (5, -32700, "Parse error"),
        ("six", -32700, "Parse error"),
    ]
    said = "the line is not JSON: a string holds the control character"
    assert refused[0]["error"]["data"] == f"{said} U+0009 at column 109: send it escaped, \\t"
    assert refused[1]["error"]["data"] == f"{said} U+0001 at column 69: send it escaped, \\u0001"
    # Not JSON for another fault too: said as it was, with no id to read.
    line_session.send('{"jsonrpc": "2.0", "id": 7, "method": "ping", "params": {"_x": "\x01"}')
    unread = line_session.answer()
    assert (unread["id"], unread["error"]["code"]) == (None, -32700)
    line_session.send(json.dumps({"jsonrpc": "2.0", "id": 8, "method": "ping"}))
    assert line_session.answer() == {"jsonrpc": "2.0", "id": 8, "result": {}}


def test_the_docs_say_how_many_groups_the_stats_tool_gives_unless_asked() -> None:
    # docs/cli.md said the tool returns "exactly the JSON of `paygrade stats --format json`",
    # which gives every group (28,000 by company); the tool gives 100 unless asked.
    cli = (ROOT / "docs" / "cli.md").read_text()
    bullet = " ".join(cli[cli.index("* `stats`: `by`") : cli.index("* `compare`:")].split())
    assert f"`limit` (default {TOOL_GROUPS}:" in bullet
    assert f"the JSON of `paygrade stats --format json --limit {TOOL_GROUPS}`" in bullet
    assert "`paygrade stats --format json`;" not in bullet


def test_the_sdks_newer_methods_are_methods_not_found_in_the_documented_words(
    mcp_db: Path,
) -> None:
    # server/discover was -32601 with data "server/discover", subscriptions/listen -32602
    # "params.notifications is required" with {} and -32601 "subscriptions/listen" with its
    # params right: the SDK serves neither after an initialize.
    listen = {"notifications": {}}
    asked = [
        ("server/discover", None),
        ("server/discover", {}),
        ("subscriptions/listen", {}),
        ("subscriptions/listen", listen),
    ]
    lines = [request(id, method, params) for id, (method, params) in enumerate(asked, 2)]
    done = piped(mcp_db, *lines, request(6, "tools/list"))
    answers = {a["id"]: a for a in map(json.loads, done.stdout.splitlines())}
    methods = "initialize, ping, tools/list, tools/call"
    assert [(answers[id]["error"]["code"], answers[id]["error"]["data"]) for id in range(2, 6)] == [
        (-32601, f"no method '{method}' here: the methods are {methods}") for method, _ in asked
    ]
    assert answers[6]["result"]["tools"]
    assert (done.returncode, done.stderr) == (0, "")
