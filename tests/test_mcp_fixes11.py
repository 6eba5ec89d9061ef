"""`paygrade mcp` refuses at its start a store `serve` refuses, in `serve`'s words: a store
cut short had started, listed its tools and answered each call "cannot be read"; one with
bytes changed inside had started and answered `stats` from it, without a word."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from tests.conftest import damaged_copy
from tests.test_mcp import INITIALIZE, in_session
from tests.test_store_fixes10 import (
    PAYGRADE,
    newer_store,
    paygrade_for,
    records_written_over,
    small_store,
)
from tests.web.conftest import free_port


def mcp_started(db: Path, seconds: float = 60) -> subprocess.CompletedProcess[str]:
    """`paygrade --db DB mcp` sent a client's handshake and a `stats` call, its input then
    closed (stopped after ``seconds``), no PAYGRADE_ setting given."""
    messages = [
        INITIALIZE,
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
         "params": {"name": "stats", "arguments": {"by": ["level"]}}},
    ]  # fmt: skip
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    return subprocess.run(
        ["timeout", str(seconds), str(PAYGRADE), "--db", str(db), "mcp"],
        input="".join(json.dumps(message) + "\n" for message in messages),
        capture_output=True,
        text=True,
        env=environment,
        timeout=seconds + 30,
        check=False,
    )


# Each a damaged store in a folder, made from the small store or (``cut``) the real one.
def newer(folder: Path, real_db: Path) -> Path:
    return newer_store(folder)[0]


def missing(folder: Path, real_db: Path) -> Path:
    return folder / "none.duckdb"


def written_over(folder: Path, real_db: Path) -> Path:
    return records_written_over(small_store(folder))


def cut(folder: Path, real_db: Path) -> Path:
    """The real store cut to half (``damaged_copy``): it opens, and is published (the small
    store cut short is refused as it is published, by both commands alike)."""
    return damaged_copy(real_db, folder)


@pytest.mark.parametrize("store", [cut, written_over, newer, missing])
def test_mcp_refuses_at_start_a_store_serve_refuses_in_its_words(
    tmp_path: Path, real_db: Path, store: Callable[[Path, Path], Path]
) -> None:
    db = store(tmp_path, real_db)
    # Stopped if it serves after all; the start alone took 20 s beside other tests.
    served = paygrade_for("--db", db, "serve", "--port", free_port(), seconds=120)
    assert served.returncode == 1 and served.stderr.count("\n") == 1, served.stderr
    started = mcp_started(db)
    # No handshake answered: one line on stderr, the one `serve` says, and status 1.
    assert (started.returncode, started.stdout, started.stderr) == (1, "", served.stderr)


def test_mcp_starts_on_a_whole_store(tmp_path: Path) -> None:
    started = mcp_started(small_store(tmp_path))
    answers = [json.loads(line) for line in started.stdout.splitlines()]
    assert (started.returncode, [a["id"] for a in answers]) == (0, [1, 2]), started.stderr
    assert answers[1]["result"]["isError"] is False
    assert answers[1]["result"]["structuredContent"]["by"] == ["level"]


def test_a_records_page_past_the_last_is_said_beside_its_empty_page(tmp_path: Path) -> None:
    # It had been a page of no rows without a word, as if no record matched.
    async def talk(client: Client) -> list[Any]:
        asked = {"per_page": 1}
        return [await client.call_tool("records", asked | {"page": p}) for p in (1, 1_000_000)]

    first, past = in_session(small_store(tmp_path), talk)
    pages, total = past.structured_content["pages"], past.structured_content["total"]
    assert (first.is_error, len(first.content), past.is_error, pages > 1) == (False, 1, False, True)
    assert past.structured_content["rows"] == []
    assert [c.text for c in past.content[1:]] == [
        f"warning: page 1000000 of {pages:,}: the answer has {pages:,} pages ({total:,} records)"
    ]
