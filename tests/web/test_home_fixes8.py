"""The home page's figures count only the sources their captions name. On a store with
approved submissions, "Base salary from H-1B filings" counted them ({'h1b': 752,
'h1b_2024': 448, 'submission': 12}), as did "salary surveys, US respondents".

The submissions here are hand-written test fixtures (title "Machine Learning Engineer
Fixture", a pay no one earns), approved into a copy of the real store."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.sources import REGISTRY, RecordSource
from paygrade.store import Store
from paygrade.store.snapshot import publish_file
from paygrade.submissions import approve, submit
from paygrade.web import create_app
from paygrade.web.pages.home import FIGURES
from tests.web.test_page_fixes import own_copy

# A senior US ML engineer at a leading company: each figure's question would count them.
FIXTURE_SUBMISSION: dict[str, Any] = {
    "title": "Machine Learning Engineer",
    "company": "Google",
    "level": "senior",
    "years_experience": 8,
    "city": "Mountain View",
    "state": "CA",
    "country": "US",
    "bonus": 10_000,
    "stock_per_year": 20_000,
    "year": 2024,
}
FIXTURE_COUNT = 12
# What each kind of evidence a caption names.
NAMED = {"H-1B filings": "filing", "salary surveys": "survey"}


@pytest.fixture(scope="module")
def with_submissions(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = own_copy(web_db, tmp_path_factory.mktemp("home-fixes8"))
    settings = Settings(db=db, submissions_per_hour=1_000)
    ids = [
        submit(settings, {**FIXTURE_SUBMISSION, "base": 201_000 + i}, client=f"fixture{i}")["id"]
        for i in range(FIXTURE_COUNT)
    ]
    with closing(Store.open(db)) as store:
        for number in ids:
            approve(store, settings, number)
    publish_file(db)
    return db


def figures(db: Path) -> list[dict[str, Any]]:
    with TestClient(create_app(Settings(db=db))) as client:
        got = client.get("/?format=json")
    assert got.status_code == 200, got.text[:300]
    found: list[dict[str, Any]] = got.json()["figures"]
    return found


def evidence_named(caption: str) -> str:
    (kind,) = [kind for words, kind in NAMED.items() if words in caption]
    return kind


def test_the_store_holds_the_approved_submissions(with_submissions: Path) -> None:
    with closing(Store.open(with_submissions, read_only=True)) as store:
        (count,) = store.con.execute(
            "SELECT count(*) FROM records WHERE source = 'submission' AND pay_component = 'base'"
        ).fetchone()
    assert count >= FIXTURE_COUNT


def test_each_figure_counts_only_the_sources_its_caption_names(with_submissions: Path) -> None:
    for figure in figures(with_submissions):
        kind = evidence_named(figure["caption"])
        counted = figure["summary"]["sources"]
        assert counted and "submission" not in counted, (figure["id"], counted)
        assert {REGISTRY[name].evidence for name in counted} == {kind}, (figure["id"], counted)


def test_the_figures_are_those_of_the_store_without_the_submissions(
    with_submissions: Path, web_db: Path
) -> None:
    alike = [f["groups"] for f in figures(web_db)]
    assert [f["groups"] for f in figures(with_submissions)] == alike


def test_every_caption_names_one_kind_of_evidence_and_asks_for_it() -> None:
    for key, _, caption, _, where in FIGURES:
        kind = evidence_named(caption)
        asked = {
            source.evidence
            for name in where["source"]
            if isinstance(source := REGISTRY[name], RecordSource)
        }
        assert asked == {kind}, key
