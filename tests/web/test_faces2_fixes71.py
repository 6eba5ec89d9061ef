"""The JSON API holds a role, a level and an article to the bounds the CLI and the MCP tools
hold them to, in their words (tests/test_faces2_fixes71.py asks those); it says a missing
place in the library's words, names the metro at fault of /api/v1/local-prices as of
/api/v1/compare."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from paygrade.compare import place
from paygrade.records import BadFilter
from paygrade.store import Store

LONG = "x" * 300
BOUND = "is 300 characters long: at most 200"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/compare", {"role": LONG, "country": "US"}),
        ("/api/v1/compare", {"role": "ml_engineer", "level": LONG, "country": "US"}),
        ("/api/v1/local-prices", {"role": LONG}),
        ("/api/v1/ladder", {"role": LONG}),
        ("/charts/compare.svg", {"role": LONG, "country": "US"}),
    ],
)
def test_a_role_or_level_is_held_to_the_bound_of_every_face(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    # The API had allowed 40 characters ("role: is 300 characters long: at most 40") where
    # MCP and the CLI allow 200.
    (name,) = [key for key, value in params.items() if value == LONG]
    refused = client.get(path, params=params)
    assert refused.status_code == 422
    assert refused.json()["errors"] == {name: BOUND}
    # Within 200 it is read, as the CLI and MCP read it: a role no one has.
    within = client.get(path, params={**params, name: "x" * 41})
    assert within.status_code == 422 and "characters long" not in within.json()["detail"]


def test_an_offers_role_is_held_to_the_same_bound(client: TestClient) -> None:
    offer = {"base": 185_000, "role": "w" * 201}
    refused = client.post("/api/v1/offers/evaluate", json={"offers": [offer]})
    assert refused.json()["errors"] == {"offers.0.role": "is 201 characters long: at most 200"}


def test_an_article_too_long_is_said_in_mcps_words(client: TestClient) -> None:
    # It had been "... check a longer article in parts, or with `paygrade check-claims
    # FILE`": a CLI command told to an API user.
    refused = client.post("/api/v1/claims/check", json={"text": "y" * 60_000})
    assert refused.status_code == 413
    assert refused.json() == {"detail": "text: is 60,000 characters long: at most 50,000"}


def test_a_comparison_of_no_place_is_said_in_the_librarys_words(
    client: TestClient, real_store: Store
) -> None:
    # The route and the chart said "give either metro or country" themselves, the library
    # (and so MCP) "give either a metro or a country".
    with pytest.raises(BadFilter) as library:
        place(real_store, metro=None, country=None)
    for path in ("/api/v1/compare", "/charts/compare.svg"):
        refused = client.get(path, params={"role": "ml_engineer"})
        assert (refused.status_code, refused.json()["detail"]) == (422, str(library.value))
    assert str(library.value) == "give either a metro or a country"


def test_local_prices_names_the_metro_no_area_is_called_as_compare(client: TestClient) -> None:
    # local-prices had said "no record has metro 'Atlantis'" with no ``errors`` naming it.
    prices = client.get("/api/v1/local-prices", params={"metro": "Atlantis"})
    compared = client.get("/api/v1/compare", params={"role": "ml_engineer", "metro": "Atlantis"})
    assert prices.status_code == compared.status_code == 422
    assert prices.json() == compared.json()
    assert list(prices.json()["errors"]) == ["metro"]
