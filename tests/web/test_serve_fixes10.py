"""`paygrade serve` operated by a self-hoster: SIGTERM at any moment of its start."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import _held_for_writing, ok, started
from tests.web.conftest import free_port


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    db = tmp_path / "small.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    return db


def test_sigterm_before_the_server_serves_is_ctrl_c_s_interrupted(small_db: Path) -> None:
    # A service manager stopping a server still starting (loading, or waiting for a first
    # ingest to publish) had killed it: status 143 (-15 here), not a word.
    for published in small_db.parent.glob("small.published*"):  # none yet: serve waits
        published.unlink()
    with _held_for_writing(small_db, 120):
        serving = started("--db", small_db, "serve", "--port", free_port())
        time.sleep(1)  # loading the CLI, or waiting for the writer: either is "before serving"
        serving.send_signal(signal.SIGTERM)
        _, said = serving.communicate(timeout=60)
    assert (serving.returncode, said) == (130, "error: interrupted\n")


def test_sigterm_right_after_the_serving_line_stops_it_quietly(small_db: Path) -> None:
    # The app is built after the "serving" line, before uvicorn's handler is in place: a
    # SIGTERM then had killed it (143); a server stopped on request ends with 0.
    serving = started("--db", small_db, "serve", "--port", free_port())
    assert serving.stderr is not None
    line = serving.stderr.readline()
    serving.send_signal(signal.SIGTERM)
    _, rest = serving.communicate(timeout=60)
    assert line.startswith("paygrade: serving ")
    assert (serving.returncode, rest) == (0, "")
