"""One mistake in one set of words, second round: the submissions API's ``detail`` whichever
check refused, a year not whole, and the CLI's numbers echoed as typed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.web import create_app
from tests.test_submissions import GOOD


@pytest.fixture(scope="module")
def queue_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app whose store does not exist: taking submissions needs none."""
    db = tmp_path_factory.mktemp("queue") / "none.duckdb"
    settings = Settings(db=db, submissions_per_hour=100)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


# ---------------------------------------------------------------- the submissions API's detail


@pytest.mark.parametrize(
    "sent",
    [
        {"year": 1989},  # past the schema's bound: its check refuses it
        {"year": 2999},  # past next year: the submission's own check refuses it
        {"years_experience": 61},  # the schema's
        {"level": "wizard"},  # the submission's own
        {"year": 2999, "level": "wizard"},  # two of its own, each said
    ],
)
def test_the_submissions_api_says_each_field_alike_whichever_check_refused_it(
    queue_only: TestClient, sent: dict[str, Any]
) -> None:
    # The year 2999 was "bad submission: year: the year is 1990 to 2027, not 2999" where
    # 1989 was "year: the year is 1990 to 2027, not 1989".
    got = queue_only.post("/api/v1/submissions", json={**GOOD, **sent})
    assert got.status_code == 422
    errors = got.json()["errors"]
    assert set(errors) == set(sent)
    assert got.json()["detail"] == "; ".join(f"{name}: {said}" for name, said in errors.items())
