"""Mends: `info` beside a training says a newer model is coming, and each unreadable model
in its own words; MCP checks a line's bytes before its JSON; `ingest` of a mirrored file
given by name points to the data folder; a setting's bound is said 1,000,000, not 1e+06;
/healthz answers 503 for a damaged store, as every other route does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from paygrade import formats
from paygrade.config import BadSetting, Settings
from paygrade.estimate.modelfile import MARKER, ModelFile, model_state, save
from tests.conftest import FIXTURES, served_damaged
from tests.test_cli import ok, run
from tests.test_mcp import INITIALIZE, server_environment
from tests.web.conftest import Server

# This brief's ports (other engineers' servers run beside these tests).

# The data version a fixture model says it learned from; model_state is asked with it.
FIXTURE_VERSION = "fixture00001"


@pytest.fixture
def models(tmp_path: Path) -> Path:
    """A models folder holding one fixture model (no estimators: ``info`` reads its facts),
    current for FIXTURE_VERSION."""
    folder = tmp_path / "models"
    save(ModelFile(version="20260101T000000Z", trained_on=FIXTURE_VERSION), folder)
    return folder


@pytest.fixture
def ended_pid() -> int:
    """The id of a process that has ended and been reaped."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def marked(folder: Path, pid: int) -> None:
    """A training marker, as ``paygrade train`` writes it, naming ``pid``."""
    (folder / MARKER).write_text(json.dumps({"pid": pid, "started": "17:50 UTC"}))


def info_line(folder: Path, current: str = FIXTURE_VERSION) -> str:
    return formats._model_line(model_state(folder, current))


def test_info_beside_a_current_model_says_a_newer_one_is_being_trained(models: Path) -> None:
    # It said "estimates answer once it is saved, in a few minutes" while `estimate`
    # answered at once from the current model.
    marked(models, os.getpid())
    line = info_line(models)
    assert line == (
        f"model: 20260101T000000Z in {models}, trained on the data as it is; a newer model "
        f"is being trained (since 17:50 UTC, process {os.getpid()}); this one answers until "
        "it is saved"
    )
    # An older model answers too (warning of its data): no "run `paygrade train`" meanwhile.
    older = info_line(models, current="otherdata001")
    assert "trained on older data (fixture00001); a newer model is being trained" in older
    assert "run `paygrade train`" not in older


def test_info_beside_a_current_model_says_a_stopped_training_without_no_model_words(
    models: Path, ended_pid: int
) -> None:
    # It said "stopped without saving a model: run `paygrade train`" beside a current model.
    marked(models, ended_pid)
    assert info_line(models) == (
        f"model: 20260101T000000Z in {models}, trained on the data as it is; the training "
        f"started at 17:50 UTC (process {ended_pid}) stopped without saving a newer model"
    )


def test_info_without_a_model_still_says_the_training_makes_the_first(
    tmp_path: Path, ended_pid: int
) -> None:
    marked(tmp_path, os.getpid())
    assert "estimates answer once it is saved" in info_line(tmp_path)
    marked(tmp_path, ended_pid)
    assert info_line(tmp_path).endswith("stopped without saving a model: run `paygrade train`")


def test_info_says_a_file_that_is_no_model_as_estimate_does(tmp_path: Path) -> None:
    # A garbage file, no facts beside it: info said "its file is not the bytes it was
    # saved as", estimate "its file is not a model paygrade saved (damaged or cut short)".
    (tmp_path / "estimator-20260101T000000Z.pkl").write_bytes(b"fixture: no pickle\x00" * 25)
    assert info_line(tmp_path) == (
        f"model: 20260101T000000Z in {tmp_path} cannot be read (its file is not a model "
        "paygrade saved (damaged or cut short)): run `paygrade train`"
    )


def test_info_says_a_model_cut_short_as_not_the_bytes_saved(models: Path) -> None:
    path = models / "estimator-20260101T000000Z.pkl"
    path.write_bytes(path.read_bytes()[:-1])
    assert info_line(models) == (
        f"model: 20260101T000000Z in {models} cannot be read (its file is not the bytes it "
        "was saved as): run `paygrade train`"
    )


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    db = tmp_path / "small.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    return db


def test_mcp_says_a_line_of_bare_bytes_is_not_utf8(small_db: Path) -> None:
    # A line of bytes alone had been "the line is not JSON: expected value ...".
    done = subprocess.run(
        [str(Path(sys.executable).parent / "paygrade"), "--db", str(small_db), "mcp"],
        input=json.dumps(INITIALIZE).encode() + b"\n\xe9\n",
        capture_output=True,
        timeout=120,
        env=server_environment(),
    )
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert answers[0]["id"] == 1 and "result" in answers[0]
    refused = answers[1]
    assert (refused["id"], refused["error"]["code"], refused["error"]["data"]) == (
        None, -32700, "the line is not UTF-8 (byte 0xe9 at byte 1): send it as UTF-8",
    )  # fmt: skip


def test_ingest_of_a_mirrored_file_named_elsewhere_points_to_the_data_folder(
    tmp_path: Path, data_dir: Path
) -> None:
    # docs/cli.md's example, run outside the data folder, said "no such file" and no more.
    assert (data_dir / "h1b-lca-fy2024q1-fulltime.parquet").is_file()
    done = run(
        "--data-dir", data_dir, "--db", tmp_path / "s.duckdb",
        "ingest", "h1b_2024", "h1b-lca-fy2024q1-fulltime.parquet", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr == (
        f"error: {tmp_path.resolve()}/h1b-lca-fy2024q1-fulltime.parquet: no such file (it is "
        "in the data folder: `paygrade ingest h1b_2024`)\n"
    )
    # A name that is no source's mirrored file is just not there.
    other = run("--data-dir", data_dir, "ingest", "h1b_2024", "elsewhere.parquet", cwd=tmp_path)
    assert other.stderr == f"error: {tmp_path.resolve()}/elsewhere.parquet: no such file\n"


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("cache_size", 1_000_001, "bad setting cache_size: must be between 0 and 1,000,000"),
        ("claims_per_minute", 0, "bad setting claims_per_minute: must be between 1 and 100,000"),
        ("port", 80_000, "bad setting port: must be between 1 and 65535"),
    ],
)
def test_a_bound_is_said_as_a_person_writes_it(name: str, value: int, said: str) -> None:
    # "must be between 0 and 1e+06".
    with pytest.raises(BadSetting) as caught:
        Settings(db=Path("x.duckdb"), **{name: value})
    assert str(caught.value) == said


def test_healthz_of_a_damaged_store_is_a_503_as_every_route(real_db: Path, tmp_path: Path) -> None:
    # It answered 200 {"status": "ok"} while every route reading records answered 503.
    server = served_damaged(real_db, tmp_path)
    try:
        health = httpx.get(f"{server.url}/healthz", timeout=30)
        stats = httpx.get(f"{server.url}/api/v1/stats", params={"by": "level"}, timeout=30)
        schema = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    finally:
        server.stop()
    assert (health.status_code, stats.status_code) == (503, 503)
    said = health.json()["detail"]
    assert said.startswith("the store cannot be read: its file is damaged (cut short: ")
    # A restored store is read once published again, as `serve` does at its start.
    assert said.endswith(
        "restore it from a backup and restart `paygrade serve`, or remove it and run "
        "`paygrade ingest --all`"
    )
    answers = schema["paths"]["/healthz"]["get"]["responses"]
    assert "damaged" in answers["503"]["description"]
    # The route that read records logged its 503; the health check, polled, logs none.
    assert "Traceback" not in server.log
    assert server.log.count("503: the store cannot be read") == 1


def test_healthz_of_a_whole_store_is_ok(small_db: Path) -> None:
    server = Server(small_db)
    try:
        health = httpx.get(f"{server.url}/healthz", timeout=30)
    finally:
        server.stop()
    assert health.status_code == 200 and health.json()["status"] == "ok"
