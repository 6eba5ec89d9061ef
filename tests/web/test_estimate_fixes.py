"""POST /api/v1/estimate and /estimate: a model training said in place of "run `paygrade
train`", a missing model's own error page, the field at fault named, one header a warning."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.estimate.modelfile import FORMAT, MARKER, ModelFile, load_newest, save, training
from paygrade.web import create_app
from tests.web.html import Page

GOOGLE = {"role": "ml_engineer", "level": "senior", "company": "Google", "pay_component": "base"}


def under_way(folder: Path) -> str:
    """What a page or the API says of this process training into ``folder``."""
    started = json.loads((folder / MARKER).read_text())["started"]
    return (
        f"a model is being trained (since {started}); "
        "estimates answer once it is saved, in a few minutes"
    )


def post(client: TestClient, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/estimate", json=body)


def test_a_model_of_another_version_says_the_training_under_way(
    web_db: Path, tmp_path: Path
) -> None:
    # A fixture model file of an older format, replaced by `paygrade train --if-stale &`:
    # the API, the page and its empty form said "run `paygrade train`" meanwhile.
    save(ModelFile(version="20261201T000000Z", trained_on="fixture", format=FORMAT - 1), tmp_path)
    with TestClient(create_app(Settings(db=web_db, models=tmp_path))) as app, training(tmp_path):
        got = post(app, {"role": "ml_engineer"})
        page = app.get("/estimate?role=ml_engineer")
        empty = app.get("/estimate")
        coming = under_way(tmp_path)
    assert (got.status_code, got.headers["retry-after"]) == (503, "60")
    assert got.json()["detail"] == f"the model was saved by another version of paygrade: {coming}"
    assert page.status_code == 503 and page.headers["retry-after"] == "60"
    assert "<h1>No estimate yet</h1>" in page.text
    (error,) = Page(page.text).by_testid("error")
    assert error.text == got.json()["detail"]
    (said,) = Page(empty.text).by_testid("estimate-no-model")
    assert coming in said.text
    for text in (got.text, page.text, empty.text):
        assert "paygrade train" not in text and f"process {os.getpid()}" not in text


def test_a_model_of_older_data_says_the_training_under_way(
    web_db: Path, web_models: Path, tmp_path: Path
) -> None:
    # The real small model, saved again as if it had learned from older data.
    model = load_newest(web_models)
    older = ModelFile(model.version, "older0data", model.models, model.metrics, model.newest_year)
    save(older, tmp_path)
    with TestClient(create_app(Settings(db=web_db, models=tmp_path))) as app, training(tmp_path):
        got = post(app, GOOGLE)
        page = app.get("/estimate", params=GOOGLE)
        coming = under_way(tmp_path)
    assert got.status_code == 200, got.text
    (warning,) = [w for w in got.headers.get_list("x-paygrade-warning") if "older0data" in w]
    assert warning.endswith(f": {coming}") and "paygrade train" not in warning
    (note,) = Page(page.text).by_testid("estimate-warning")
    assert note.text == warning


def test_no_model_is_a_page_of_its_own(client: TestClient, tmp_path: Path) -> None:
    # It was titled "The data is not available" and said "go back and change the question":
    # the question was fine, the server had no model.
    got = client.get("/estimate?role=ml_engineer")
    assert got.status_code == 503
    page = Page(got.text)
    (title,) = [e for e in page.elements if e.tag == "h1"]
    assert title.text == "No estimate yet"
    assert "change the question" not in got.text
    (error,) = page.by_testid("error")
    assert error.text == (
        "no model yet: this site's operator has not trained one (operator: run `paygrade train`)"
    )
    # Data that is not there keeps its own title and advice.
    with TestClient(create_app(Settings(db=tmp_path / "none.duckdb"))) as no_store:
        absent = no_store.get("/explore")
    assert absent.status_code == 503
    assert "<h1>The data is not available</h1>" in absent.text
    assert "change the question" in absent.text


@pytest.mark.parametrize(
    ("body", "field", "detail"),
    [
        # A JSON number echoed as sent (it was "got -1.0", and "got 1000000000.0").
        ({"years_experience": -1}, "years_experience",
         "years of experience are 0 to 60, not -1"),
        ({"years_experience": 1e9}, "years_experience",
         "years of experience are 0 to 60, not 1000000000"),
        ({"role": "wizard"}, "role", "role 'wizard' is not one of "),
        ({"remote": "hybird"}, "remote", "remote must be 0, 50 or 100 (or in-person, hybrid, "
         "remote), got 'hybird' (did you mean hybrid?)"),
        ({"remote": 30}, "remote",
         "remote must be 0, 50 or 100 (or in-person, hybrid, remote), got 30"),
        ({"country": "California"}, "country",
         "California is a US state, not a country: give state CA"),
        # Another company's level: whose it is, and what to give instead (92ae7a3).
        ({"level": "L5", "company": "Nowhere Inc"}, "level", "level 'L5' is a company's level "),
    ],
)  # fmt: skip
def test_a_refused_value_names_its_field(
    client: TestClient, body: dict[str, Any], field: str, detail: str
) -> None:
    # "10+" (refused by the body's schema) named its field in `errors`; the profile's own
    # checks named none, so a client could not mark the input at fault.
    got = post(client, {"role": "ml_engineer", **body})
    assert got.status_code == 422
    said = got.json()["detail"]
    assert said.startswith(detail) if detail.endswith(" ") else said == detail  # " ": its start
    assert got.json()["errors"] == {field: said}


def test_a_refusal_of_no_one_field_names_none(client: TestClient) -> None:
    got = post(client, {"role": " "})
    assert got.status_code == 422 and "errors" not in got.json()
    assert got.json()["detail"].startswith("describe the profile: give at least one field")


def test_places_given_apart_name_the_wider_place(estimating: TestClient) -> None:
    got = post(estimating, {"role": "ml_engineer", "metro": "Seattle", "state": "TX"})
    assert got.status_code == 422
    assert got.json()["detail"].endswith(" is in state WA, not TX: give one place")
    assert got.json()["errors"] == {"state": got.json()["detail"]}


def test_each_warning_is_a_header_of_its_own(estimating: TestClient) -> None:
    # Joined with "; ", two warnings could not be told apart: each holds "; " itself.
    got = post(estimating, {**GOOGLE, "company": "Gogle", "pay_component": "total"})
    assert got.status_code == 200, got.text
    warnings = got.headers.get_list("x-paygrade-warning")
    assert "no record has company 'Gogle'; did you mean Google?" in warnings
    assert (
        "total pay's records hold no company: it cannot move this estimate; base pay's do: "
        "pay_component base" in warnings
    )
    assert len(warnings) == len(set(warnings)) >= 2
