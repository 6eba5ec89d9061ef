"""The JSON API answers a question as the CLI and the MCP tools do (tests/test_faces_fixes71.py
asks those): the order of an offer's faults, a list where one value is wanted, NaN, and what
/api/v1/local-prices tells its reader to ask."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.conftest import run_each
from tests.test_faces_fixes71 import OFFER, OFFER_OPTIONS

# The faults of the CLI and MCP test's offer (the cliff, which the body's schema refuses
# itself, and each of its profile's inputs), in the order every face says them.
IN_ORDER = ["cliff_months", "years_experience", "metro", "country"]


def test_an_offers_faults_are_said_in_the_order_the_cli_says_them(
    client: TestClient, real_db: Path
) -> None:
    # The CLI (and the Offer check page) said the years before the places; the API the
    # metro and the country first, the years last (``KEY_ORDER``), once its body's schema
    # refused the cliff.
    refused = client.post("/api/v1/offers/evaluate", json={"offers": [OFFER]})
    (cli,) = run_each(("--db", real_db, *OFFER_OPTIONS, "--format", "json"))

    assert refused.status_code == 422 and cli.returncode == 1
    body = refused.json()
    assert list(body["errors"]) == [f"offers.0.{key}" for key in IN_ORDER]
    assert re.findall(r"offers\.0\.(\w+): ", body["detail"]) == IN_ORDER
    # Each fault in the CLI's words, in the CLI's order.
    said = [cli.stderr.find(words) for words in body["errors"].values()]
    assert -1 not in said and said == sorted(said), (said, cli.stderr)


def test_the_library_finds_the_faults_in_the_same_order_without_the_schema(
    client: TestClient,
) -> None:
    # No fault the schema refuses: the library's own (``offers.offered``) had said a country
    # it cannot read before a metro no record holds, where the form's order is the metro first.
    offer = {**OFFER, "cliff_months": 12}
    refused = client.post("/api/v1/offers/evaluate", json={"offers": [offer]})

    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == [f"offers.0.{key}" for key in IN_ORDER[1:]]


def test_a_list_where_one_value_is_wanted_is_said_to_be_one(client: TestClient) -> None:
    # It was pydantic's "input should be a valid string", as MCP's tools had said it too.
    role = client.post("/api/v1/estimate", json={"role": ["ml_engineer"]})
    metro = client.post(
        "/api/v1/offers/evaluate", json={"offers": [{"base": 185000, "role": "x", "metro": 5}]}
    )
    offers = client.post("/api/v1/offers/evaluate", json={"offers": "x"})

    assert role.status_code == metro.status_code == offers.status_code == 422
    said = "input should be one value, not an array: give 'ml_engineer' alone"
    assert role.json() == {"detail": f"role: {said}", "errors": {"role": said}}
    assert metro.json()["errors"]["offers.0.metro"] == "input should be text, not a number"
    assert offers.json()["errors"] == {"offers": "input should be an array, not text: 'x'"}


def test_a_remote_share_of_nan_is_said_as_the_years_of_nan_are(client: TestClient) -> None:
    # "remote: input should be a finite number, got nan" beside the years' "not NaN".
    sent = [
        b'{"role": "ml_engineer", "%s": NaN}' % field for field in (b"remote", b"years_experience")
    ]
    remote, years = (
        client.post("/api/v1/estimate", content=body, headers={"content-type": "application/json"})
        for body in sent
    )

    assert remote.status_code == years.status_code == 422
    assert remote.json()["detail"] == "remote: input should be a finite number, not NaN"
    assert years.json()["detail"] == "years_experience: input should be a finite number, not NaN"


def test_local_prices_names_the_apis_own_stats_question(client: TestClient) -> None:
    # Its warning named `paygrade stats --where state=...`, a command an API user has none
    # of: it names the API's question now, one the API answers for the states named.
    answer = client.get("/api/v1/local-prices")
    told = [w for w in answer.headers.get_list("x-paygrade-warning") if "name no metro" in w]

    assert answer.status_code == 200 and len(told) == 1
    assert "paygrade" not in told[0]
    asked = re.search(r"`GET /api/v1/stats\?(where=state:([A-Z,]+))` counts them", told[0])
    assert asked is not None, told[0]
    counted = client.get(f"/api/v1/stats?by=state&{asked[1]}")
    assert counted.status_code == 200
    held = {group["key"]["state"] for group in counted.json()["groups"]}
    assert held == set(asked[2].split(","))
