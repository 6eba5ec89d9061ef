"""The quality report where a private source's count of quarantined rows is not told
(1-9 rows of approved submissions: ``quality._told`` gives None): said, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import paygrade.quality
from paygrade.config import Settings
from paygrade.formats import render_quality
from paygrade.ingest import ingest_file
from paygrade.quality import quality_report
from paygrade.store import Store
from paygrade.web import create_app
from tests.conftest import FIXTURES, copy_of
from tests.web.html import Page


def _not_told(source: str, n: int) -> int | None:
    return None


@pytest.fixture
def untold(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store of one fixture file whose counts the report does not tell, as it does not
    tell a private source's counts of 1-9."""
    assert ingest_file(store, "csv", FIXTURES / "fixture-canonical-small.csv").status == "ok"
    monkeypatch.setattr(paygrade.quality, "_told", _not_told)
    return store


def test_the_command_says_a_count_not_told(untold: Store) -> None:
    # `paygrade quality` had stopped with "internal error (TypeError)", status 70.
    (source,) = quality_report(untold)["sources"]
    assert source["checks"]["quarantined"] is None
    text = render_quality(quality_report(untold), "text")
    assert "csv: " in text and ", fewer than 10 quarantined\n" in text


def test_the_page_says_a_count_not_told(untold: Store, tmp_path: Path) -> None:
    # The /quality page had answered 500.
    db = untold.path
    untold.close()
    served = copy_of(db, tmp_path)
    with TestClient(create_app(Settings(db=served)), raise_server_exceptions=False) as client:
        answer = client.get("/quality")
    assert answer.status_code == 200
    (said,) = Page(answer.text).by_testid("quality-quarantined")
    assert said.text.startswith("fewer than 10 rows kept out with a reason")
