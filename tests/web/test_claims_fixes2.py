"""POST /api/v1/claims/check and the /claims page after a second audit: a text holding NUL
is refused as the CLI refuses it; a figure past any double is listed, in valid JSON."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.web.html import Page
from tests.web.test_claims_page import claims_token

URL = "/api/v1/claims/check"
BINARY = "cannot read the text: it is binary data, not text (it holds NUL characters)"


def test_the_api_refuses_a_text_holding_nul(client: TestClient) -> None:
    # It had been checked, "\u0000" and all (200), where the CLI refuses NUL bytes.
    answer = client.post(URL, json={"text": "ML engineers earn $150,000.\u0000"})
    assert answer.status_code == 422
    assert answer.json()["detail"] == BINARY


def test_the_page_refuses_a_text_holding_nul(client: TestClient) -> None:
    token = claims_token(client)
    text = "ML engineers earn $150,000.\x00"
    answer = client.post("/claims", data={"text": text, "csrf_token": token})
    assert answer.status_code == 422
    (error,) = [
        e for e in Page(answer.text).elements if e.attrs.get("data-testid") == "claims-error"
    ]
    assert error.text.strip() == BINARY[:1].upper() + BINARY[1:]
    as_json = client.post("/claims?format=json", data={"text": text, "csrf_token": token})
    assert as_json.status_code == 422 and as_json.json()["detail"].endswith(BINARY[1:])


def test_the_api_lists_a_figure_past_any_double_in_valid_json(client: TestClient) -> None:
    # "$1e400" had been dropped without a word: {"claims": []}.
    answer = client.post(URL, json={"text": "ML engineers earn $1e400."})
    assert answer.status_code == 200
    json.loads(answer.text, parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))
    (claim,) = answer.json()["claims"]
    assert (claim["text"], claim["verdict"]) == ("$1e400", "no_data")
    assert "is not a plausible salary" in claim["explanation"]
