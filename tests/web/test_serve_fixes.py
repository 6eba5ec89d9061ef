"""Answers to errors no route handles (a damaged store's 503, an unforeseen 500) carry the
security headers every answer promises, and a damaged store costs the log one line."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from fastapi.testclient import TestClient

import paygrade.evidence
from paygrade.config import Secret, Settings
from paygrade.ingest import ingest_file
from paygrade.store import Store
from paygrade.web import create_app
from paygrade.web.security import HEADERS
from tests.conftest import FIXTURES, copy_of, served_damaged

# What DuckDB says on reading a block a cut-short file lacks (the file name is made up).
LOST_BLOCK = (
    'IO Error: Could not read enough bytes from file "/srv/fixture/store.duckdb": '
    "attempted to read 262144 bytes from location 35926016"
)


@pytest.fixture
def small_client(tmp_path: Path) -> Iterator[TestClient]:
    """An app over a published store of the hand-written fixture file alone."""
    built = Store.open(tmp_path / "built.duckdb")
    ingest_file(built, "csv", FIXTURES / "fixture-canonical-small.csv")
    built.close()
    settings = Settings(db=copy_of(tmp_path / "built.duckdb", tmp_path))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def failing(error: Exception) -> Any:
    def fail(*_args: Any, **_kwargs: Any) -> Any:
        raise error

    return fail


def assert_security_headers(headers: Mapping[str, str]) -> None:
    for name, value in HEADERS.items():
        assert headers.get(name) == value, name


@pytest.mark.parametrize("path", ["/api/v1/records", "/records"])
def test_a_damaged_store_answer_carries_the_security_headers(
    small_client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    path: str,
) -> None:
    monkeypatch.setattr(paygrade.evidence, "_page", failing(duckdb.IOException(LOST_BLOCK)))
    with caplog.at_level(logging.WARNING, logger="paygrade.web"):
        got = small_client.get(path, params={"where": "source:csv"})
    assert got.status_code == 503
    assert "its file is damaged" in got.text and "/srv/fixture" not in got.text
    assert_security_headers(got.headers)
    said = [r for r in caplog.records if r.name == "paygrade.web"]
    assert [r.getMessage().startswith("503: the store cannot be read") for r in said] == [True]
    assert said[0].exc_info is None  # one line, no traceback


@pytest.mark.parametrize("path", ["/api/v1/records", "/records"])
def test_an_internal_error_answer_carries_the_security_headers(
    small_client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    path: str,
) -> None:
    monkeypatch.setattr(paygrade.evidence, "_page", failing(RuntimeError("fixture failure")))
    with caplog.at_level(logging.ERROR, logger="paygrade.web"):
        got = small_client.get(path, params={"where": "source:csv"})
    assert got.status_code == 500
    assert "internal error" in got.text and "fixture failure" not in got.text
    assert_security_headers(got.headers)
    # An error no one foresaw keeps its traceback, in the server's log alone.
    said = [r for r in caplog.records if r.name == "paygrade.web"]
    assert len(said) == 1 and said[0].exc_info is not None


def test_a_served_damaged_store_answers_with_headers_and_logs_one_line(
    real_db: Path, tmp_path: Path
) -> None:
    damaged = served_damaged(real_db, tmp_path)
    try:
        answers = [
            httpx.get(f"{damaged.url}/api/v1/stats", params={"by": "level"}, timeout=30)
            for _ in range(2)
        ]
    finally:
        damaged.stop()
    for got in answers:
        assert got.status_code == 503
        assert_security_headers(got.headers)
    # It had been ~100 lines of traceback a request.
    assert "Traceback" not in damaged.log
    assert damaged.log.count("503: the store cannot be read") == len(answers)


def test_a_bad_path_parameter_is_named_as_a_query_parameter_is(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "none.duckdb", admin_token=Secret("a" * 32))
    admin = {"Authorization": "Bearer " + "a" * 32}
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        got = client.post("/api/v1/submissions/abc/approve", headers=admin)
        # In the shared reader's words, as a query number and `paygrade submissions approve
        # abc` say it: they had been pydantic's "input should be a valid integer, unable to
        # parse string as an integer", and "1_0" (Python's int reads it) id 10.
        said = {
            typed: client.post(f"/api/v1/submissions/{typed}/{action}", headers=admin).json()
            for typed, action in (("1_0", "reject"), ("1.50", "withdraw"))
        }
    assert got.status_code == 422
    assert got.json()["detail"] == (
        "submission_id: 'abc' is not a number (write 1200, 1,200 or 12.5; a dot marks decimals)"
    )
    assert list(got.json()["errors"]) == ["submission_id"]
    assert said["1_0"]["errors"]["submission_id"].startswith("'1_0' is not a number")
    assert said["1.50"]["detail"] == "submission_id: must be a whole number, got 1.50"
