"""One mistake in one set of words, sixth round: a model of older data said to a site's
visitor as the operator's to train, and a bare "$" of a place that writes its own currency
with "$" said to be read as US dollars."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.estimate.modelfile import ModelFile, load_newest, save
from paygrade.estimate.service import stale
from paygrade.store import Store
from paygrade.web import create_app
from tests.web.html import Page

# ---------------------------------------------------------------- a model of older data

OPERATORS = "run `paygrade train` for estimates from the newest data"
VISITORS = (
    "this site's operator has not trained a new one "
    "(operator: run `paygrade train` for estimates from the newest data)"
)
GOOGLE = {"role": "ml_engineer", "level": "senior", "company": "Google", "pay_component": "base"}


def test_a_model_of_older_data_is_the_operators_to_train_said_to_a_visitor(
    store: Store, tmp_path: Path
) -> None:
    # A fixture model with no estimator, dated by other data than the (empty) store holds.
    save(ModelFile(version="20261201T000000Z", trained_on="fixture0data"), tmp_path)
    model = load_newest(tmp_path)
    told = stale(store, model)
    assert told is not None and told.endswith(f": {OPERATORS}")  # the CLI's, unchanged
    public = stale(store, model, public=True)
    assert public == told.removesuffix(OPERATORS) + VISITORS


def test_the_page_and_the_api_tell_a_visitor_the_operator_has_not_trained(
    web_db: Path, web_models: Path, tmp_path: Path
) -> None:
    # Both ended "run `paygrade train` for estimates from the newest data", an order to a
    # visitor who cannot, where a model never trained is said as the operator's to train.
    model = load_newest(web_models)
    older = ModelFile(model.version, "older0data", model.models, model.metrics, model.newest_year)
    save(older, tmp_path)
    with TestClient(create_app(Settings(db=web_db, models=tmp_path))) as app:
        got = app.post("/api/v1/estimate", json=GOOGLE)
        page = app.get("/estimate", params=GOOGLE)
    assert got.status_code == 200, got.text
    (warning,) = [w for w in got.headers.get_list("x-paygrade-warning") if "older0data" in w]
    assert warning.startswith(f"the model {model.version} was trained on data version older0data")
    assert warning.endswith(f": {VISITORS}"), warning
    (note,) = Page(page.text).by_testid("estimate-warning")
    assert note.text == warning
