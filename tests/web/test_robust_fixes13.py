"""Carried robustness gaps of the web skins: a ladder refusal without ``errors``, a
page's JSON that raised on a number JSON cannot hold."""

from __future__ import annotations

import math

from fastapi.testclient import TestClient

from paygrade.web.jsonbody import SLICE, json_bytes, page_json, pydantic_json


def test_a_level_no_path_starts_from_names_level_in_errors(client: TestClient) -> None:
    # `level=executive` is a level, but no path starts there: the 422 came without
    # ``errors`` ("the path starts from one of: ..."), where `level=wizard` named `level`.
    refused = client.get("/api/v1/ladder", params={"level": "executive"})
    assert refused.status_code == 422
    said = refused.json()["detail"]
    assert refused.json()["errors"] == {"level": said}
    assert said.startswith("level 'executive' ")
    assert "entry, mid, senior, staff, principal" in said


# An answer as a page could hand one over (hand-written fixture, not product data): a
# median no record gave (NaN) and an interval open at the top (infinity).
NOT_FINITE_FIXTURE = {
    "by": ["level"],
    "groups": [{"key": {"level": "mid"}, "n": 0, "p50": math.nan, "ci": (1.0, math.inf)}],
}


def test_a_pages_json_writes_a_number_json_cannot_hold_as_the_api_does() -> None:
    # ``?format=json`` raised "Out of range float values are not JSON compliant" (a 500)
    # where the JSON API, of the same answer, wrote null.
    assert page_json(NOT_FINITE_FIXTURE) == pydantic_json(NOT_FINITE_FIXTURE)
    assert b'"p50":null,"ci":[1.0,null]' in page_json(NOT_FINITE_FIXTURE)
    # Written a slice at a time, as a long page answer is, the same.
    long = {"groups": NOT_FINITE_FIXTURE["groups"] * (SLICE + 1)}
    assert json_bytes(long, page_json) == pydantic_json(long)
